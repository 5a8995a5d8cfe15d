// The original SensorFusion.fuse() rules (reference §4), applied to the evidence a location has
// gathered within the correlation window instead of to one packet alone. Pure: same evidence →
// same result. The `alarm_reason` strings are the original's exact formats.
import type { AlertCause, AlertLevel, DetectionSource } from '../../protocol/alert.ts';
import type { FusionConfig } from '../config-schema.ts';

/** The freshest reading of each source at one location, each already filtered to the window. */
export interface WindowEvidence {
  readonly thermalMaxC: number | null;
  readonly hotCellCount: number;
  readonly smokePct: number | null;
  readonly flamePct: number | null;
  readonly flameDigital: number | null;
  readonly visionScore: number | null;
  readonly gasPpm: number | null;
}

export interface Firing {
  readonly cause: AlertCause;
  readonly level: AlertLevel;
  readonly reason: string;
}

export interface RuleResult {
  /** The original's `alarm` flag. */
  readonly alarm: boolean;
  /** Uncapped, exactly as the original adds it up. */
  readonly confidence: number;
  readonly sources: readonly DetectionSource[];
  /** Every cause that fires; alarms first, then single-source detections the original does not alarm on. */
  readonly firings: readonly Firing[];
}

/**
 * Level policy (the original has none): critical when the original's confidence for the cause is
 * 1.0 (critical temperature; flame + thermal = 0.4 + 0.3 + 0.3), warning for any other alarm, info for
 * a single-source detection (thermal ≥ 40 °C or vision ≥ 0.7 alone) that the original shows but never alarms on.
 */
export const LEVEL_OF: Readonly<Record<AlertCause, AlertLevel>> = {
  'critical-temperature': 'critical',
  'flame-thermal': 'critical',
  smoke: 'warning',
  gas: 'warning',
  'vision-sensor': 'warning',
  thermal: 'info',
  vision: 'info',
};

const f1 = (v: number): string => v.toFixed(1);
const firing = (cause: AlertCause, reason: string): Firing => ({ cause, level: LEVEL_OF[cause], reason });

export function evaluateRules(ev: WindowEvidence, cfg: FusionConfig): RuleResult {
  const sources: DetectionSource[] = [];
  const firings: Firing[] = [];
  let confidence = 0;
  let alarm = false;

  // 1. thermal maximum ≥ temp threshold → source, +0.4
  const thermal = ev.thermalMaxC !== null && ev.thermalMaxC >= cfg.tempThresholdC;
  if (thermal) {
    sources.push('thermal');
    confidence += 0.4;
  }
  // 2. smoke ≥ threshold → alarm, +0.5
  const smoke = ev.smokePct !== null && ev.smokePct >= cfg.smokePct;
  if (smoke) {
    sources.push('smoke');
    confidence += 0.5;
    alarm = true;
    firings.push(firing('smoke', `Smoke threshold exceeded: ${f1(ev.smokePct as number)}% >= ${f1(cfg.smokePct)}%`));
  }
  // 3. flame (analog ≥ threshold or digital = 1) → +0.3; with thermal → alarm, +0.3
  const flame = (ev.flamePct !== null && ev.flamePct >= cfg.flamePct) || ev.flameDigital === 1;
  if (flame) {
    sources.push('flame');
    confidence += 0.3;
    if (thermal) {
      alarm = true;
      confidence += 0.3;
      firings.push(firing('flame-thermal', `Flame + Thermal correlation: Flame=${f1(ev.flamePct ?? 0)}%, Thermal=${f1(ev.thermalMaxC as number)}°C`));
    }
  }
  // 4. vision ≥ 0.7 → +0.4; with any sensor source → alarm
  const vision = ev.visionScore !== null && ev.visionScore >= cfg.visionScore;
  if (vision) {
    sources.push('vision');
    confidence += 0.4;
    if (flame || thermal || smoke) {
      alarm = true;
      firings.push(firing('vision-sensor', `Vision + Sensor correlation: Vision=${(ev.visionScore as number).toFixed(2)}`));
    }
  }
  // 5. gas ≥ threshold → alarm, +0.5 (never fed on the TCP path, as in the original)
  if (ev.gasPpm !== null && ev.gasPpm >= cfg.gasPpm) {
    sources.push('gas');
    confidence += 0.5;
    alarm = true;
    firings.push(firing('gas', `Hazardous gas detected: ${f1(ev.gasPpm)}ppm >= ${cfg.gasPpm}ppm`));
  }
  // 6. thermal maximum ≥ critical → alarm, confidence = 1.0
  const critical = ev.thermalMaxC !== null && ev.thermalMaxC >= cfg.criticalTempC;
  if (critical) {
    alarm = true;
    confidence = 1.0;
    firings.push(firing('critical-temperature', `Critical temperature: ${f1(ev.thermalMaxC as number)}°C >= ${f1(cfg.criticalTempC)}°C`));
  }
  // Our single-source detections (no original reason string exists for these).
  if (thermal && !critical && !(flame && thermal)) firings.push(firing('thermal', `Thermal hot spot: ${f1(ev.thermalMaxC as number)}°C >= ${f1(cfg.tempThresholdC)}°C (${ev.hotCellCount} hot cells)`));
  if (vision && !(flame || thermal || smoke)) firings.push(firing('vision', `Vision fire score: ${(ev.visionScore as number).toFixed(2)} >= ${cfg.visionScore.toFixed(2)}`));
  return { alarm, confidence, sources, firings };
}
