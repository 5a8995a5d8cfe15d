// What the server knows about each device (by loc_id): counters in memory on the hot path,
// written to the store in one transaction every few seconds and at shutdown (a device row is
// bookkeeping, not an acknowledgement, so it does not need a commit per packet).
import type { DeviceRecord } from '../store/alert-store.ts';

interface DeviceState {
  clientIp: string | null;
  serial: string | null;
  firstSeenMs: number;
  lastSeenMs: number;
  packets: number;
  frames: number;
  sensorLines: number;
  eepromOffsetC: number | null;
  dirty: boolean;
}

export type PacketKind = 'frame' | 'sensor' | 'eeprom' | 'serialno' | 'locid';

export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceState>();

  constructor(private readonly maxDevices: number) {}

  private device(locId: string, clientIp: string, nowMs: number): DeviceState {
    let d = this.devices.get(locId);
    if (!d) {
      if (this.devices.size >= this.maxDevices) this.devices.delete(this.devices.keys().next().value as string);
      d = { clientIp, serial: null, firstSeenMs: nowMs, lastSeenMs: nowMs, packets: 0, frames: 0, sensorLines: 0, eepromOffsetC: null, dirty: true };
      this.devices.set(locId, d);
    }
    return d;
  }

  seen(locId: string, clientIp: string, kind: PacketKind, nowMs: number): void {
    const d = this.device(locId, clientIp, nowMs);
    d.clientIp = clientIp;
    d.lastSeenMs = nowMs;
    d.packets++;
    if (kind === 'frame') d.frames++;
    else if (kind === 'sensor') d.sensorLines++;
    d.dirty = true;
  }

  serial(locId: string, clientIp: string, serial: string, nowMs: number): void {
    this.device(locId, clientIp, nowMs).serial = serial;
  }

  eepromOffset(locId: string, clientIp: string, offsetC: number | null, nowMs: number): void {
    if (offsetC !== null) this.device(locId, clientIp, nowMs).eepromOffsetC = offsetC;
  }

  get size(): number {
    return this.devices.size;
  }

  /** Records changed since the last call (marks them clean). */
  takeDirty(): DeviceRecord[] {
    const out: DeviceRecord[] = [];
    for (const [locId, d] of this.devices) {
      if (!d.dirty) continue;
      d.dirty = false;
      out.push({ locId, clientIp: d.clientIp, serial: d.serial, firstSeenMs: d.firstSeenMs, lastSeenMs: d.lastSeenMs, packets: d.packets, frames: d.frames, sensorLines: d.sensorLines, eepromOffsetC: d.eepromOffsetC });
    }
    return out;
  }

  packetsOf(locId: string): number {
    return this.devices.get(locId)?.packets ?? 0;
  }
}
