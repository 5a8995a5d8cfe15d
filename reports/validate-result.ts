// Deeper checks than protocol's parseRunResult, for the parts the renderers walk (series, incidents,
// faults, load, environment), so a hand-edited or half-written result.json gives one clear error
// listing every problem instead of a crash halfway through rendering. Pure.
import { EmberError, type Problem } from '../protocol/errors.ts';
import type { RunResult } from '../protocol/run-result.ts';

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export function resultProblems(r: RunResult): Problem[] {
  const problems: Problem[] = [];
  const need = (ok: boolean, path: string, rule: string, received: unknown): void => {
    if (!ok) problems.push({ path, rule, received });
  };
  (r.series as unknown[]).forEach((s, i) => {
    const path = `series[${i}]`;
    if (!isObj(s)) return need(false, path, 'must be an object', s);
    need(typeof s['name'] === 'string', `${path}.name`, 'must be a string', s['name']);
    need(typeof s['unit'] === 'string', `${path}.unit`, 'must be a string', s['unit']);
    need(isObj(s['tags']), `${path}.tags`, 'must be an object of strings', s['tags']);
    const pts = s['points'];
    if (!Array.isArray(pts)) return need(false, `${path}.points`, 'must be an array of [offsetS, value] pairs', pts);
    const bad = pts.findIndex((p) => !Array.isArray(p) || p.length !== 2 || !isNum(p[0]) || !isNum(p[1]));
    need(bad === -1, `${path}.points[${bad}]`, 'must be a pair of finite numbers [offsetS, value]', pts[bad]);
  });
  (r.metrics as unknown[]).forEach((m, i) => {
    if (isObj(m)) need(isObj(m['tags']), `metrics[${i}].tags`, 'must be an object of strings', m['tags']);
  });
  (r.thresholds as unknown[]).forEach((t, i) => {
    if (!isObj(t)) return;
    need(isObj(t['tags']), `thresholds[${i}].tags`, 'must be an object of strings', t['tags']);
    need(typeof t['expression'] === 'string', `thresholds[${i}].expression`, 'must be a string', t['expression']);
    need(t['observed'] === null || isNum(t['observed']), `thresholds[${i}].observed`, 'must be a number or null', t['observed']);
    need(isNum(t['limit']), `thresholds[${i}].limit`, 'must be a number', t['limit']);
  });
  (r.incidents as unknown[]).forEach((x, i) => {
    need(isObj(x) && typeof x['id'] === 'string' && isNum(x['injectedAtMs']), `incidents[${i}]`, 'must be an object with string id and numeric injectedAtMs', x);
  });
  (r.faults as unknown[]).forEach((f, i) => {
    need(isObj(f) && typeof f['kind'] === 'string' && isNum(f['atS']) && isObj(f['lost']), `faults[${i}]`, 'must be an object with kind, atS and lost', f);
  });
  const load = r.load as unknown;
  need(isObj(load) && Array.isArray(load['stages']), 'load.stages', 'must be an array', isObj(load) ? load['stages'] : load);
  const env = r.environment as unknown;
  need(isObj(env) && typeof env['hostname'] === 'string', 'environment.hostname', 'must be a string', isObj(env) ? env['hostname'] : env);
  return problems;
}

/** Throws EMBER_ERR_REPORT_RESULT_INVALID listing every problem; returns the result otherwise. */
export function validateForReport(r: RunResult, source: string): RunResult {
  const problems = resultProblems(r);
  if (problems.length > 0) throw new EmberError('EMBER_ERR_REPORT_RESULT_INVALID', `${source}: ${problems.length} problem(s)`, problems);
  return r;
}
