// Thresholds as users and phases write them (k6 shape) → validated specs. Every problem in the whole
// record is collected (bad expression, unknown metric, aggregation the metric's kind lacks, unknown tag
// key or value) and thrown once, before anything starts.
import { EmberError, type Problem } from '../../protocol/errors.ts';
import { parseDurationMs } from '../../protocol/units.ts';
import { parseExpression, parseMetricKey, type ParsedExpression } from './expression.ts';
import { AGGREGATIONS_BY_KIND, METRIC_CATALOG, isRunMetricName, type TagKey, type TagUniverse } from './metric-catalog.ts';
import type { RunMetricName } from '../../protocol/run-result.ts';

export type ThresholdInput = string | { readonly threshold: string; readonly abortOnFail?: boolean; readonly delayAbortEval?: string };
export type ThresholdsInput = Readonly<Record<string, ThresholdInput | readonly ThresholdInput[]>>;

export interface ThresholdSpec {
  readonly metric: RunMetricName;
  readonly tags: Readonly<Record<string, string>>;
  readonly expression: string;
  readonly parsed: ParsedExpression;
  readonly abortOnFail: boolean;
  readonly delayAbortEvalMs: number;
}

export function parseThresholds(input: unknown, universe: TagUniverse, basePath = 'thresholds'): ThresholdSpec[] {
  const problems: Problem[] = [];
  const specs: ThresholdSpec[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new EmberError('EMBER_ERR_SCENARIO_THRESHOLD_INVALID', basePath, [{ path: basePath, rule: 'must be an object of metric → expressions', received: input }]);
  }
  for (const [key, raw] of Object.entries(input)) {
    const keyPath = `${basePath}.${key}`;
    const mk = parseMetricKey(key);
    if (!mk.ok) {
      problems.push({ path: keyPath, rule: mk.rule, received: key });
      continue;
    }
    if (!isRunMetricName(mk.name)) {
      problems.push({ path: keyPath, rule: `unknown metric (known: ${Object.keys(METRIC_CATALOG).join(', ')})`, received: mk.name });
      continue;
    }
    const entry = METRIC_CATALOG[mk.name];
    let tagsOk = true;
    for (const [tk, tv] of Object.entries(mk.tags)) {
      if (!(entry.tagKeys as readonly string[]).includes(tk)) {
        problems.push({ path: keyPath, rule: `unknown tag key for ${mk.name} (allowed: ${entry.tagKeys.join(', ') || 'none'})`, received: tk });
        tagsOk = false;
        continue;
      }
      const allowed = universe[tk as TagKey];
      if (!allowed.includes(tv)) {
        problems.push({ path: keyPath, rule: `unknown value for tag ${tk} in this run (allowed: ${allowed.length > 12 ? `${allowed.slice(0, 12).join(', ')}, …` : allowed.join(', ') || 'none'})`, received: tv });
        tagsOk = false;
      }
    }
    const list = Array.isArray(raw) ? (raw as readonly unknown[]) : [raw];
    if (list.length === 0) problems.push({ path: keyPath, rule: 'needs at least one expression', received: raw });
    list.forEach((item, i) => {
      const itemPath = Array.isArray(raw) ? `${keyPath}[${i}]` : keyPath;
      let text: unknown = item;
      let abortOnFail = false;
      let delayAbortEvalMs = 0;
      if (typeof item === 'object' && item !== null) {
        const o = item as Record<string, unknown>;
        for (const k of Object.keys(o)) {
          if (!['threshold', 'abortOnFail', 'delayAbortEval'].includes(k)) problems.push({ path: `${itemPath}.${k}`, rule: 'unknown key (threshold, abortOnFail, delayAbortEval)', received: o[k] });
        }
        text = o['threshold'];
        if (o['abortOnFail'] !== undefined) {
          if (typeof o['abortOnFail'] !== 'boolean') problems.push({ path: `${itemPath}.abortOnFail`, rule: 'must be true or false', received: o['abortOnFail'] });
          else abortOnFail = o['abortOnFail'];
        }
        if (o['delayAbortEval'] !== undefined) {
          const ms = typeof o['delayAbortEval'] === 'string' ? parseDurationMs(o['delayAbortEval']) : undefined;
          if (ms === undefined) problems.push({ path: `${itemPath}.delayAbortEval`, rule: 'must be a duration like 30s', received: o['delayAbortEval'] });
          else delayAbortEvalMs = ms;
        }
      }
      if (typeof text !== 'string') {
        problems.push({ path: itemPath, rule: 'must be an expression string or {threshold, abortOnFail?, delayAbortEval?}', received: item });
        return;
      }
      const pe = parseExpression(text);
      if (!pe.ok) {
        problems.push({ path: itemPath, rule: pe.rule, received: text });
        return;
      }
      if (!AGGREGATIONS_BY_KIND[entry.kind].includes(pe.value.aggregation.method)) {
        problems.push({ path: itemPath, rule: `${mk.name} is a ${entry.kind}; its aggregations are ${AGGREGATIONS_BY_KIND[entry.kind].map((a) => (a === 'p' ? 'p(N)' : a)).join(', ')}`, received: text });
        return;
      }
      if (tagsOk) specs.push({ metric: mk.name as RunMetricName, tags: mk.tags, expression: text, parsed: pe.value, abortOnFail, delayAbortEvalMs });
    });
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_SCENARIO_THRESHOLD_INVALID', `${problems.length} problem(s)`, problems);
  return specs;
}
