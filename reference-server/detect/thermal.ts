// Thermal hot-cell detection with a PER-DEVICE temperature offset.
// The original keeps one class-global `_offset` written by whichever device last sent an EEPROM1
// reply or a valid frame tail, and resets it on every new connection, so one device's calibration
// shifts every other device's temperatures. Here each location keeps its own offset
// (EEPROM1 reply > valid embedded tail > configured calibration offset); see docs/server.md.
import type { SensorPacket } from '../../protocol/sensor-packets.ts';
import type { ThermalConfig } from '../config-schema.ts';

type FramePacket = Extract<SensorPacket, { kind: 'frame' }>;

export type OffsetSource = 'eeprom' | 'tail' | 'config';

export interface ThermalReading {
  readonly locId: string;
  /** Grid maximum in °C after the device's offset (raw integers for legacy forms, as the original). */
  readonly maxC: number;
  /** Cells ≥ the hot threshold (row-major count; the original lists them, we count them). */
  readonly hotCellCount: number;
  readonly offsetC: number;
  readonly offsetSource: OffsetSource;
}

export class ThermalDetector {
  private readonly eepromOffsets = new Map<string, number>();
  private readonly tailOffsets = new Map<string, number>();

  constructor(
    private readonly config: ThermalConfig,
    private readonly hotThresholdC: number,
    private readonly maxDevices = 100_000,
  ) {}

  /** An EEPROM1 reply: its word-0 offset (null = out of ±100 °C, rejected) applies to that device only. */
  setEepromOffset(locId: string, offsetC: number | null): void {
    if (offsetC === null) return;
    remember(this.eepromOffsets, locId, offsetC, this.maxDevices);
  }

  offsetFor(locId: string): { offsetC: number; source: OffsetSource } {
    const e = this.eepromOffsets.get(locId);
    if (e !== undefined) return { offsetC: e, source: 'eeprom' };
    const t = this.config.useEmbeddedTailOffset ? this.tailOffsets.get(locId) : undefined;
    if (t !== undefined) return { offsetC: t, source: 'tail' };
    return { offsetC: this.config.calibrationOffsetC, source: 'config' };
  }

  /**
   * Analyse a decoded frame (decoded with offset 0). The offset is applied here, so the decoder's
   * reusable value buffer is read, never kept. Legacy forms stay raw integers, compared with the
   * same °C thresholds exactly like the original (so they nearly always look critical).
   */
  analyse(frame: FramePacket): ThermalReading {
    if (frame.form !== 'hex3336') {
      return { locId: frame.locId, maxC: frame.maxValue, hotCellCount: countAtLeast(frame.values, this.hotThresholdC), offsetC: 0, offsetSource: 'config' };
    }
    if (frame.tailOffsetC !== null && this.config.useEmbeddedTailOffset) remember(this.tailOffsets, frame.locId, frame.tailOffsetC, this.maxDevices);
    const { offsetC, source } = this.offsetFor(frame.locId);
    const maxC = frame.maxValue + offsetC;
    // Only scan the grid when the maximum says there is something to find.
    const hotCellCount = maxC >= this.hotThresholdC ? countAtLeast(frame.values, this.hotThresholdC - offsetC) : 0;
    return { locId: frame.locId, maxC, hotCellCount, offsetC, offsetSource: source };
  }
}

function countAtLeast(values: Float64Array, threshold: number): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if ((values[i] as number) >= threshold) n++;
  return n;
}

function remember(map: Map<string, number>, key: string, value: number, cap: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > cap) map.delete(map.keys().next().value as string);
}
