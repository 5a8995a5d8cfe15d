// A calibration profile: per-unit costs fitted from measured runs (sizing-model.md §3.4), in a JSON
// shape that keeps exact rationals as "n/d" strings. Sizing uses it instead of rule-of-thumb constants.
import { EmberError, type Problem } from '../protocol/errors.ts';
import { Q, q, ZERO } from './rational.ts';
import { isObj } from './plan-reader.ts';
import type { ComputeCosts } from './plan-types.ts';

export const PROFILE_SCHEMA = 'emberload.calibration/v1';

export interface LinearModel {
  /** value = intercept + perCamera·cameras + perSensor·sensors */
  readonly intercept: Q;
  readonly perCamera: Q;
  readonly perSensor: Q;
  readonly r2: Q;
  readonly points: number;
  /** Upper one-sided 95 % prediction bound at the largest measured load (float; irrational). */
  readonly upper95AtMaxLoad: number | null;
}

export interface CalibrationProfile {
  readonly schema: typeof PROFILE_SCHEMA;
  readonly id: string;
  readonly runs: readonly string[];
  readonly cpuCores: LinearModel;
  readonly rssBytes: LinearModel;
  /** Marginal core-seconds per decoded frame (cpu slope per camera / camera fps). */
  readonly coreSecPerFrame: Q | null;
  /** Marginal core-seconds per sensor packet (cpu slope per sensor / sensor Hz). */
  readonly coreSecPerSensorPacket: Q | null;
  readonly wireBytesPerPacket: Q | null;
  /** Which load dimensions varied across the runs; a slope is only measured for those. */
  readonly varied: { readonly cameras: boolean; readonly sensors: boolean };
  /** Applied to slopes when sizing: 6/5 with fewer than 5 runs (sizing-model.md §3.4), else 1. */
  readonly slopeMargin: Q;
  readonly notes: readonly string[];
}

/**
 * Compute costs for sizing from a profile. A dimension the runs did not vary has no measured slope:
 * its per-unit costs come from the plan (`fallback`) instead of silently becoming 0.
 */
export function computeCostsFromProfile(p: CalibrationProfile, fallback: ComputeCosts): ComputeCosts {
  const m = p.slopeMargin;
  const cam = p.varied.cameras;
  const sen = p.varied.sensors;
  const pick = (measured: boolean, value: Q, planValue: Q | undefined): Q | undefined => (measured ? maxZero(value).mul(m) : planValue);
  const fromPlan = [...(cam ? [] : ['per-camera costs']), ...(sen ? [] : ['per-sensor costs'])];
  const out = {
    baseCores: maxZero(p.cpuCores.intercept),
    coresPerCamera: pick(cam, p.cpuCores.perCamera, fallback.coresPerCamera),
    coresPerSensor: pick(sen, p.cpuCores.perSensor, fallback.coresPerSensor),
    ramBaseBytes: maxZero(p.rssBytes.intercept),
    ramPerCameraBytes: pick(cam, p.rssBytes.perCamera, fallback.ramPerCameraBytes),
    ramPerSensorBytes: pick(sen, p.rssBytes.perSensor, fallback.ramPerSensorBytes),
  };
  const defined = Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined)) as Partial<typeof out>;
  return {
    ...defined,
    source: 'measured',
    ref:
      `calibration ${p.id} from ${p.runs.length} run(s); CPU R² ${p.cpuCores.r2.toFixed(4)}, slope margin ${p.slopeMargin.toString()}` +
      (fromPlan.length > 0 ? `; ${fromPlan.join(' and ')} not measured by these runs: taken from the plan (${fallback.ref})` : ''),
  } as ComputeCosts;
}

function maxZero(v: Q): Q {
  return v.lt(ZERO) ? ZERO : v;
}

const s = (v: Q | null) => (v === null ? null : v.toString());

export function profileToJson(p: CalibrationProfile): unknown {
  const model = (m: LinearModel) => ({
    intercept: m.intercept.toString(),
    perCamera: m.perCamera.toString(),
    perSensor: m.perSensor.toString(),
    r2: m.r2.toString(),
    r2Display: m.r2.toFixed(4),
    points: m.points,
    upper95AtMaxLoad: m.upper95AtMaxLoad,
  });
  return {
    schema: p.schema,
    id: p.id,
    runs: p.runs,
    cpuCores: model(p.cpuCores),
    rssBytes: model(p.rssBytes),
    coreSecPerFrame: s(p.coreSecPerFrame),
    coreSecPerSensorPacket: s(p.coreSecPerSensorPacket),
    wireBytesPerPacket: s(p.wireBytesPerPacket),
    varied: p.varied,
    slopeMargin: p.slopeMargin.toString(),
    notes: p.notes,
  };
}

export function parseProfile(value: unknown, source: string): CalibrationProfile {
  const problems: Problem[] = [];
  const need = (cond: boolean, path: string, rule: string, received: unknown) => {
    if (!cond) problems.push({ path, rule, received });
  };
  const rat = (o: Record<string, unknown>, key: string, path: string, nullable = false): Q | null => {
    const v = o[key];
    if (nullable && (v === null || v === undefined)) return null;
    const out = typeof v === 'string' ? Q.fromString(v) : undefined;
    need(out !== undefined, path, 'must be an exact rational string such as "89/350000"', v);
    return out ?? ZERO;
  };
  if (!isObj(value)) throw new EmberError('EMBER_ERR_CALC_PROFILE_INVALID', source, [{ path: '(root)', rule: 'must be a JSON object', received: value }]);
  need(value['schema'] === PROFILE_SCHEMA, 'schema', `must be "${PROFILE_SCHEMA}"`, value['schema']);
  const model = (key: string): LinearModel => {
    const o = value[key];
    if (!isObj(o)) {
      need(false, key, 'must be an object', o);
      return { intercept: ZERO, perCamera: ZERO, perSensor: ZERO, r2: ZERO, points: 0, upper95AtMaxLoad: null };
    }
    const u = o['upper95AtMaxLoad'];
    return {
      intercept: rat(o, 'intercept', `${key}.intercept`) ?? ZERO,
      perCamera: rat(o, 'perCamera', `${key}.perCamera`) ?? ZERO,
      perSensor: rat(o, 'perSensor', `${key}.perSensor`) ?? ZERO,
      r2: rat(o, 'r2', `${key}.r2`) ?? ZERO,
      points: typeof o['points'] === 'number' ? o['points'] : 0,
      upper95AtMaxLoad: typeof u === 'number' ? u : null,
    };
  };
  const cpuCores = model('cpuCores');
  const rssBytes = model('rssBytes');
  const runs = Array.isArray(value['runs']) ? value['runs'].filter((r): r is string => typeof r === 'string') : [];
  need(runs.length > 0, 'runs', 'must list the run ids the profile was fitted from', value['runs']);
  const profile: CalibrationProfile = {
    schema: PROFILE_SCHEMA,
    id: typeof value['id'] === 'string' ? value['id'] : '',
    runs,
    cpuCores,
    rssBytes,
    coreSecPerFrame: rat(value, 'coreSecPerFrame', 'coreSecPerFrame', true),
    coreSecPerSensorPacket: rat(value, 'coreSecPerSensorPacket', 'coreSecPerSensorPacket', true),
    wireBytesPerPacket: rat(value, 'wireBytesPerPacket', 'wireBytesPerPacket', true),
    varied: readVaried(value['varied'], cpuCores, (rule, received) => need(false, 'varied', rule, received)),
    slopeMargin: rat(value, 'slopeMargin', 'slopeMargin') ?? q(1n),
    notes: Array.isArray(value['notes']) ? value['notes'].filter((n): n is string => typeof n === 'string') : [],
  };
  need(profile.id !== '', 'id', 'must be a non-empty string', value['id']);
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CALC_PROFILE_INVALID', `${source}: ${problems.length} problem(s)`, problems);
  return profile;
}

function readVaried(v: unknown, cpu: LinearModel, problem: (rule: string, received: unknown) => void): CalibrationProfile['varied'] {
  if (isObj(v) && typeof v['cameras'] === 'boolean' && typeof v['sensors'] === 'boolean') return { cameras: v['cameras'], sensors: v['sensors'] };
  if (v !== undefined) problem('must be {"cameras": boolean, "sensors": boolean}', v);
  // Older profiles: a non-zero slope means the dimension was measured.
  return { cameras: !cpu.perCamera.isZero(), sensors: !cpu.perSensor.isZero() };
}
