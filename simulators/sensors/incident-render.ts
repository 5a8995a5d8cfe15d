// How scripted incidents change a device's packets (ground truth rendered into traffic):
//   hot-spot  a 3×3 block rises from ambient to HOT_SPOT_PEAK_C over HOT_SPOT_RISE_FRAMES frames
//             (≥ 60 °C from the third frame: the original's critical threshold)
//   smoke     ADC1 = 2048 (50 % smoke; the original alarms at ≥ 25 %, i.e. ADC1 ≥ 1024)
//   flame     MPY30 = 1 (digital flame) and ADC2 = 3600 (88 % analog flame)
//   combined  all three at once
import type { IncidentSpec } from '../../protocol/alert.ts';

export const HOT_SPOT_PEAK_C = 75;
export const HOT_SPOT_RISE_FRAMES = 3;
export const SMOKE_ADC1 = 2048;
export const FLAME_ADC2 = 3600;
export const AMBIENT_FOR_RISE_C = 26;

export function activeIncidents(list: readonly IncidentSpec[] | undefined, elapsedMs: number): IncidentSpec[] {
  if (list === undefined) return [];
  const out: IncidentSpec[] = [];
  for (const s of list) if (elapsedMs >= s.atS * 1000 && elapsedMs < (s.atS + s.durationS) * 1000) out.push(s);
  return out;
}

export function touchesFrame(kind: IncidentSpec['kind']): boolean {
  return kind === 'hot-spot' || kind === 'combined';
}

export function touchesSensor(kind: IncidentSpec['kind']): boolean {
  return kind === 'smoke' || kind === 'flame' || kind === 'combined';
}

/** Hot-spot temperature of the n-th frame (0-based) that carries the incident. */
export function hotSpotTempC(frameIndex: number): number {
  const fraction = Math.min(1, (frameIndex + 1) / HOT_SPOT_RISE_FRAMES);
  return AMBIENT_FOR_RISE_C + (HOT_SPOT_PEAK_C - AMBIENT_FOR_RISE_C) * fraction;
}

export interface SensorEffect {
  adc1: number;
  adc2: number;
  mpy30: number;
}

/** Apply active sensor-side incidents to the baseline readings (in place). */
export function applySensorIncidents(active: readonly IncidentSpec[], v: SensorEffect): boolean {
  let touched = false;
  for (const s of active) {
    if (s.kind === 'smoke' || s.kind === 'combined') {
      v.adc1 = SMOKE_ADC1;
      touched = true;
    }
    if (s.kind === 'flame' || s.kind === 'combined') {
      v.mpy30 = 1;
      v.adc2 = FLAME_ADC2;
      touched = true;
    }
  }
  return touched;
}
