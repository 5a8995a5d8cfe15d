// Table-driven tests of the k6 threshold grammar, the definition validator and the evaluator.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseExpression, parseMetricKey } from '../../scenarios/thresholds/expression.ts';
import { parseThresholds } from '../../scenarios/thresholds/definitions.ts';
import { tagUniverse } from '../../scenarios/thresholds/metric-catalog.ts';
import { ContinuousEvaluator, overallVerdict } from '../../scenarios/thresholds/evaluate.ts';
import { MetricRegistry } from '../../scenarios/metrics/registry.ts';
import { SampleTrend } from '../../scenarios/metrics/trend.ts';
import { EmberError } from '../../protocol/errors.ts';

const universe = tagUniverse({ cameras: 10, nodes: 1 });

const GOOD: Array<[string, string, string, number]> = [
  ['p(95)<25', 'p(95)', '<', 25],
  ['p(99.9)<=3.5', 'p(99.9)', '<=', 3.5],
  ['rate<0.005', 'rate', '<', 0.005],
  ['avg < 10', 'avg', '<', 10],
  ['min>=1', 'min', '>=', 1],
  ['max>100', 'max', '>', 100],
  ['med==5', 'med', '==', 5],
  ['count===0', 'count', '==', 0],
  ['value!=2', 'value', '!=', 2],
  ['p(0)>-1', 'p(0)', '>', -1],
];
for (const [text, agg, op, limit] of GOOD) {
  test(`expression ${text} parses`, () => {
    const r = parseExpression(text);
    assert.ok(r.ok, JSON.stringify(r));
    if (!r.ok) return;
    assert.is(r.value.aggregationText, agg);
    assert.is(r.value.operator, op);
    assert.is(r.value.limit, limit);
  });
}

const BAD: Array<[string, RegExp]> = [
  ['p(95)<', /number/],
  ['p(95)', /operator/],
  ['<25', /aggregation/],
  ['p(101)<2', /between 0 and 100/],
  ['p95<2', /unknown aggregation/],
  ['avg<abc', /number/],
  ['avg<<3', /malformed operator|number/],
  ['', /operator/],
];
for (const [text, rule] of BAD) {
  test(`expression ${JSON.stringify(text)} is rejected with a rule`, () => {
    const r = parseExpression(text);
    assert.not.ok(r.ok);
    if (!r.ok) assert.match(r.rule, rule);
  });
}

test('metric keys with tags parse; malformed keys are rejected', () => {
  assert.equal(parseMetricKey('sensor_processing_ms{kind:frame}'), { ok: true, name: 'sensor_processing_ms', tags: { kind: 'frame' } });
  assert.equal(parseMetricKey('processed_fps{camera:cam07, node:node1}'), { ok: true, name: 'processed_fps', tags: { camera: 'cam07', node: 'node1' } });
  for (const k of ['x{a:b', 'x{a}', '{a:b}', 'x{a:b}y', 'x{a:b,a:c}']) assert.not.ok(parseMetricKey(k).ok, k);
});

function problemsOf(input: unknown): Array<{ path: string; rule: string }> {
  try {
    parseThresholds(input, universe);
  } catch (err) {
    assert.instance(err, EmberError);
    assert.is((err as EmberError).code, 'EMBER_ERR_SCENARIO_THRESHOLD_INVALID');
    assert.is((err as EmberError).exitCode, 2);
    return (err as EmberError).problems.map((p) => ({ path: p.path, rule: p.rule }));
  }
  return [];
}

test('valid definitions in both k6 forms produce specs', () => {
  const specs = parseThresholds(
    { 'sensor_processing_ms{kind:frame}': ['p(95)<25', { threshold: 'p(99)<50', abortOnFail: true, delayAbortEval: '10s' }], sensor_packet_loss: 'rate<0.005', 'processed_fps{camera:cam07}': ['med>=15'] },
    universe,
  );
  assert.is(specs.length, 4);
  assert.is(specs[1]?.abortOnFail, true);
  assert.is(specs[1]?.delayAbortEvalMs, 10_000);
  assert.equal(specs[3]?.tags, { camera: 'cam07' });
});

const BAD_DEFS: Array<[string, unknown, RegExp]> = [
  ['unknown metric', { sensor_procesing_ms: ['p(95)<25'] }, /unknown metric/],
  ['tag typo in key (k6 #1526)', { 'sensor_processing_ms{knd:frame}': ['p(95)<25'] }, /unknown tag key/],
  ['tag typo in value', { 'processed_fps{camera:cam7}': ['med>=15'] }, /unknown value for tag camera/],
  ['camera beyond the run', { 'processed_fps{camera:cam11}': ['med>=15'] }, /unknown value for tag camera/],
  ['aggregation of another kind', { crashes: ['p(95)<1'] }, /is a counter/],
  ['rate on a trend', { alert_e2e_ms: ['rate<1'] }, /is a trend/],
  ['bad expression', { alert_e2e_ms: ['p(95)<'] }, /number/],
  ['bad delayAbortEval', { alert_e2e_ms: [{ threshold: 'p(95)<1', delayAbortEval: 'soon' }] }, /duration/],
  ['unknown object key', { alert_e2e_ms: [{ threshold: 'p(95)<1', abortOnFial: true }] }, /unknown key/],
  ['non-string', { alert_e2e_ms: [42] }, /expression string/],
];
for (const [name, input, rule] of BAD_DEFS) {
  test(`definition rejected: ${name}`, () => {
    const problems = problemsOf(input);
    assert.is(problems.length, 1, JSON.stringify(problems));
    assert.match(problems[0]?.rule ?? '', rule);
  });
}

test('every problem of a definition is reported at once', () => {
  const problems = problemsOf({ nope: ['p(95)<1'], alert_e2e_ms: ['p(95)<', 'avg<abc'], 'crashes{node:node9}': ['count==0'] });
  assert.is(problems.length, 4, JSON.stringify(problems));
});

test('evaluation: pass, fail, no data is not-applicable (never a pass), counters and rates', () => {
  const specs = parseThresholds({ alert_e2e_ms: ['p(95)<150', 'max<=100'], sensor_packet_loss: ['rate<0.005'], crashes: ['count==0'], vision_detection_ms: ['p(95)<10'] }, universe);
  const reg = new MetricRegistry();
  const t = new SampleTrend();
  for (let i = 1; i <= 100; i++) t.add(i);
  reg.set('alert_e2e_ms', {}, { kind: 'trend', trend: t });
  reg.set('sensor_packet_loss', {}, { kind: 'rate', passes: 1, total: 1000 });
  reg.set('crashes', {}, { kind: 'counter', count: 0 });
  const ev = new ContinuousEvaluator(specs, new Map());
  const verdicts = ev.final(reg, 60);
  assert.equal(verdicts.map((v) => v.verdict), ['pass', 'pass', 'pass', 'pass', 'not-applicable']);
  assert.ok(Math.abs((verdicts[0]?.observed ?? 0) - 95.05) < 1e-9);
  assert.match(verdicts[4]?.note ?? '', /no data/);
  assert.is(overallVerdict(verdicts, false), 'pass');
  reg.set('crashes', {}, { kind: 'counter', count: 1 });
  const v2 = ev.final(reg, 60);
  assert.is(v2[3]?.verdict, 'fail');
  assert.is(overallVerdict(v2, false), 'fail');
});

test('continuous evaluation: abortOnFail honours delayAbortEval and records the first failure', () => {
  const specs = parseThresholds({ crashes: [{ threshold: 'count==0', abortOnFail: true, delayAbortEval: '10s' }] }, universe);
  const reg = new MetricRegistry();
  reg.set('crashes', {}, { kind: 'counter', count: 0 });
  const ev = new ContinuousEvaluator(specs, new Map());
  assert.is(ev.tick(reg, 2), undefined);
  reg.set('crashes', {}, { kind: 'counter', count: 1 });
  assert.is(ev.tick(reg, 4), undefined, 'inside delayAbortEval: no abort yet');
  assert.ok(ev.tick(reg, 10));
  reg.set('crashes', {}, { kind: 'counter', count: 0 });
  const final = ev.final(reg, 12);
  assert.is(final[0]?.verdict, 'pass');
  assert.is(final[0]?.firstFailedAtS, 4);
});

test('a not-applicable reason given by the runner wins over data', () => {
  const specs = parseThresholds({ node_cpu_imbalance_ratio: ['value<=0.2'] }, universe);
  const reg = new MetricRegistry();
  reg.set('node_cpu_imbalance_ratio', {}, { kind: 'gauge', value: 0.5 });
  const ev = new ContinuousEvaluator(specs, new Map([[0, 'target has one node']]));
  const [v] = ev.final(reg, 10);
  assert.is(v?.verdict, 'not-applicable');
  assert.is(v?.note, 'target has one node');
  assert.is(overallVerdict(ev.final(reg, 10), false), 'not-applicable');
});

test.run();
