// User scenario files (JSON or YAML), validated whole: every problem is listed at once with its path,
// the rule and the value received, and nothing starts until the file is clean. Thresholds are then
// validated by the runner against the run's tag universe (camera ids exist only once `load` is known).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { EmberError, type Problem } from '../protocol/errors.ts';
import { parseDurationMs } from '../protocol/units.ts';
import type { IncidentKind } from '../protocol/alert.ts';
import { parseThresholds } from './thresholds/definitions.ts';
import { tagUniverse } from './thresholds/metric-catalog.ts';
import { FAULT_STEP_KINDS, type FaultKind, type FaultStep, type ScenarioSpec, type Stage } from './scenario-types.ts';
import { DEFAULT_VIEWERS } from './phases/phase-definition.ts';

const INCIDENT_KINDS: readonly IncidentKind[] = ['hot-spot', 'smoke', 'flame', 'combined', 'vision-fire'];
const TOP_KEYS = ['name', 'load', 'viewers', 'duration', 'stages', 'incidents', 'faults', 'thresholds', 'seed', 'notes', 'clusterNodes'];

export function readScenarioFile(path: string): ScenarioSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EmberError('EMBER_ERR_SCENARIO_FILE_UNREADABLE', path, [{ path, rule: 'must be a readable file', received: (err as Error).message }]);
  }
  let value: unknown;
  try {
    value = /\.json$/i.test(path) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new EmberError('EMBER_ERR_SCENARIO_FILE_UNREADABLE', path, [{ path, rule: 'must be valid JSON or YAML', received: (err as Error).message }]);
  }
  return parseScenario(value, basename(path).replace(/\.(json|ya?ml)$/i, ''));
}

export function parseScenario(value: unknown, fallbackName: string): ScenarioSpec {
  const problems: Problem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EmberError('EMBER_ERR_SCENARIO_FILE_INVALID', 'not an object', [{ path: '(root)', rule: 'must be an object', received: value }]);
  }
  const v = value as Record<string, unknown>;
  for (const k of Object.keys(v)) if (!TOP_KEYS.includes(k)) problems.push({ path: k, rule: `unknown key (allowed: ${TOP_KEYS.join(', ')})`, received: v[k] });
  const int = (path: string, x: unknown, min: number, max: number, dflt?: number): number => {
    if (x === undefined && dflt !== undefined) return dflt;
    if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) {
      problems.push({ path, rule: `must be an integer ${min}…${max}`, received: x });
      return dflt ?? min;
    }
    return x;
  };
  const num = (path: string, x: unknown, min: number, dflt?: number): number => {
    if (x === undefined && dflt !== undefined) return dflt;
    if (typeof x !== 'number' || !Number.isFinite(x) || x < min) {
      problems.push({ path, rule: `must be a number ≥ ${min}`, received: x });
      return dflt ?? min;
    }
    return x;
  };
  const dur = (path: string, x: unknown): number => {
    const ms = typeof x === 'string' ? parseDurationMs(x) : typeof x === 'number' ? x * 1000 : undefined;
    if (ms === undefined || ms <= 0) {
      problems.push({ path, rule: 'must be a duration like 30s, 10m, 2h (or seconds as a number)', received: x });
      return 1000;
    }
    return ms;
  };
  const load = (typeof v['load'] === 'object' && v['load'] !== null ? v['load'] : {}) as Record<string, unknown>;
  if (v['load'] === undefined) problems.push({ path: 'load', rule: 'is required ({cameras, cameraFps, sensors, sensorHz})', received: undefined });
  const cameras = int('load.cameras', load['cameras'], 0, 1000, 0);
  const shape = {
    cameras,
    cameraFps: num('load.cameraFps', load['cameraFps'], 0, cameras > 0 ? undefined : 0),
    sensors: int('load.sensors', load['sensors'], 0, 100_000, 0),
    sensorHz: num('load.sensorHz', load['sensorHz'], 0, 10),
  };
  const vw = (typeof v['viewers'] === 'object' && v['viewers'] !== null ? v['viewers'] : {}) as Record<string, unknown>;
  const viewers = {
    users: int('viewers.users', vw['users'], 0, 100_000, v['viewers'] === undefined ? 0 : DEFAULT_VIEWERS.users),
    statsAllEveryS: num('viewers.statsAllEveryS', vw['statsAllEveryS'], 0.01, DEFAULT_VIEWERS.statsAllEveryS),
    alertsEveryS: num('viewers.alertsEveryS', vw['alertsEveryS'], 0.01, DEFAULT_VIEWERS.alertsEveryS),
    cameraStatsEveryS: num('viewers.cameraStatsEveryS', vw['cameraStatsEveryS'], 0.01, DEFAULT_VIEWERS.cameraStatsEveryS),
  };
  const stages: Stage[] = [];
  if (v['stages'] !== undefined && v['duration'] !== undefined) problems.push({ path: 'duration', rule: 'give either duration or stages, not both', received: v['duration'] });
  if (Array.isArray(v['stages'])) {
    let t = 0;
    (v['stages'] as unknown[]).forEach((s, i) => {
      const so = (typeof s === 'object' && s !== null ? s : {}) as Record<string, unknown>;
      const durationS = dur(`stages[${i}].duration`, so['duration']) / 1000;
      const name = typeof so['name'] === 'string' ? so['name'] : `stage${i + 1}`;
      stages.push({ name, startS: t, durationS, rateMultiplier: num(`stages[${i}].rateMultiplier`, so['rateMultiplier'], 0, 1) });
      t += durationS;
    });
    if (stages.length === 0) problems.push({ path: 'stages', rule: 'needs at least one stage', received: v['stages'] });
  } else if (v['stages'] !== undefined) problems.push({ path: 'stages', rule: 'must be an array of {name?, duration, rateMultiplier?}', received: v['stages'] });
  else if (v['duration'] !== undefined) stages.push({ name: 'soak', startS: 0, durationS: dur('duration', v['duration']) / 1000, rateMultiplier: 1 });
  else problems.push({ path: 'duration', rule: 'is required (or stages)', received: undefined });
  const durationS = stages.reduce((m, s) => Math.max(m, s.startS + s.durationS), 0);

  const incidents: Array<ScenarioSpec['incidents'][number]> = [];
  if (v['incidents'] !== undefined && !Array.isArray(v['incidents'])) problems.push({ path: 'incidents', rule: 'must be an array', received: v['incidents'] });
  ((Array.isArray(v['incidents']) ? v['incidents'] : []) as unknown[]).forEach((x, i) => {
    const p = `incidents[${i}]`;
    const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
    const kind = o['kind'] as IncidentKind;
    if (!INCIDENT_KINDS.includes(kind)) problems.push({ path: `${p}.kind`, rule: `must be one of ${INCIDENT_KINDS.join(', ')}`, received: o['kind'] });
    const atS = num(`${p}.atS`, o['atS'], 0);
    if (atS > durationS) problems.push({ path: `${p}.atS`, rule: `must be within the run (≤ ${durationS} s)`, received: o['atS'] });
    const inc = { id: typeof o['id'] === 'string' ? o['id'] : `inc${i + 1}`, kind, atS, durationS: num(`${p}.durationS`, o['durationS'], 0.1, 3) };
    if (kind === 'vision-fire') {
      const cam = int(`${p}.camera`, o['camera'], 1, Math.max(1, cameras));
      incidents.push({ ...inc, cameraId: String(cam) });
    } else incidents.push({ ...inc, deviceIndex: int(`${p}.device`, o['device'], 0, Math.max(0, shape.sensors - 1)) });
  });
  const faults: FaultStep[] = [];
  if (v['faults'] !== undefined && !Array.isArray(v['faults'])) problems.push({ path: 'faults', rule: 'must be an array', received: v['faults'] });
  ((Array.isArray(v['faults']) ? v['faults'] : []) as unknown[]).forEach((x, i) => {
    const p = `faults[${i}]`;
    const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
    if (!FAULT_STEP_KINDS.includes(o['kind'] as FaultKind)) problems.push({ path: `${p}.kind`, rule: `must be one of ${FAULT_STEP_KINDS.join(', ')}`, received: o['kind'] });
    const step: { -readonly [K in keyof FaultStep]: FaultStep[K] } = { kind: o['kind'] as FaultKind, atS: num(`${p}.atS`, o['atS'], 0) };
    if (o['durationS'] !== undefined) step.durationS = num(`${p}.durationS`, o['durationS'], 0.1);
    if (o['multiplier'] !== undefined) step.multiplier = num(`${p}.multiplier`, o['multiplier'], 1);
    if (o['camera'] !== undefined) step.camera = String(o['camera']);
    faults.push(step);
  });
  const seed = int('seed', v['seed'], 0, 2 ** 31 - 1, 1);
  const clusterNodes = int('clusterNodes', v['clusterNodes'], 0, 8, 0);
  if (v['thresholds'] === undefined) problems.push({ path: 'thresholds', rule: 'is required: a gate without thresholds judges nothing', received: undefined });
  else {
    try {
      parseThresholds(v['thresholds'], tagUniverse({ cameras, nodes: 1 }));
    } catch (err) {
      if (err instanceof EmberError) problems.push(...err.problems);
      else throw err;
    }
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_SCENARIO_FILE_INVALID', `${problems.length} problem(s)`, problems);
  const name = typeof v['name'] === 'string' ? v['name'] : fallbackName;
  return {
    name,
    phase: 'custom',
    profile: name,
    mode: stages.some((s) => s.rateMultiplier > 1) ? 'soak+stress' : 'soak',
    question: `custom scenario ${name}`,
    load: shape,
    viewers,
    stages,
    durationS,
    thresholds: v['thresholds'] as ScenarioSpec['thresholds'],
    thresholdRequires: {},
    incidents,
    faults,
    seed,
    notes: Array.isArray(v['notes']) ? (v['notes'] as unknown[]).map(String) : [],
    clusterNodes,
  };
}
