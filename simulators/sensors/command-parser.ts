// Device side of the server → device commands. The original async server sends `PERIODIC_ON` with
// no newline and its scheduler may follow with `PERIOD_ON\n` at once, so a device can read
// `PERIODIC_ONPERIOD_ON\n`; commands may also arrive split across TCP segments. We therefore match
// known command words at the front of a small buffer instead of splitting on newlines.
import { CMD_EEPROM1, CMD_PERIOD_ON, CMD_PERIODIC_ON, CMD_REQUEST1 } from '../../protocol/sensor-packets.ts';

export type DeviceCommand = 'PERIODIC_ON' | 'PERIOD_ON' | 'EEPROM1' | 'REQUEST1';

// Longest first: PERIODIC_ON and PERIOD_ON share the prefix PERIOD.
const COMMANDS: readonly DeviceCommand[] = [CMD_PERIODIC_ON, CMD_REQUEST1.trim(), CMD_PERIOD_ON.trim(), CMD_EEPROM1.trim()] as DeviceCommand[];
const MAX_PENDING_CHARS = 256;

export class CommandParser {
  private pending = '';
  /** Bytes that matched no command (counted, then skipped up to the next newline). */
  unknown = 0;

  /** Feed received text; returns the complete commands found, in order. */
  push(chunk: string): DeviceCommand[] {
    this.pending += chunk;
    const out: DeviceCommand[] = [];
    for (;;) {
      // Separators between commands: newlines, CR, spaces (case as sent; v3 upper-cased, we accept lower too).
      let start = 0;
      while (start < this.pending.length && ' \r\n\t'.includes(this.pending[start] as string)) start++;
      this.pending = this.pending.slice(start);
      if (this.pending === '') break;
      const upper = this.pending.toUpperCase();
      const match = COMMANDS.find((c) => upper.startsWith(c));
      if (match) {
        out.push(match);
        this.pending = this.pending.slice(match.length);
        continue;
      }
      if (COMMANDS.some((c) => c.startsWith(upper))) break; // a command split across segments: wait
      const nl = this.pending.indexOf('\n');
      if (nl === -1 && this.pending.length < MAX_PENDING_CHARS) break; // maybe more of an unknown line
      const skip = nl === -1 ? this.pending.length : nl + 1;
      this.unknown += skip;
      this.pending = this.pending.slice(skip);
    }
    return out;
  }
}
