// Calibration from RunResults: exact recovery of known per-unit costs, fit statistics, clear errors.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { linearRegression, rSquared } from 'simple-statistics';
import { EmberError } from '../../protocol/errors.ts';
import { calibrate } from '../../calculators/calibrate.ts';
import { parseProfile, profileToJson } from '../../calculators/calibration-profile.ts';
import { parsePlan } from '../../calculators/plan-parse.ts';
import { sizePlan } from '../../calculators/size-plan.ts';
import { makeRun } from './run-fixtures.ts';
import { ISSUE_PLAN } from './plan-fixtures.ts';

// cores = 0.05 + 0.004·cameras + 0.0001·sensors ; rss = 60 MB + 2 MB·camera + 10 kB·sensor (exact decimals)
const loads: Array<[number, number]> = [[0, 0], [5, 20], [10, 20], [20, 50], [30, 100]];
const exactRuns = loads.map(([c, s], i) =>
  makeRun({ runId: `r${i}`, cameras: c, sensors: s, cpuAvg: Number((0.05 + 0.004 * c + 0.0001 * s).toFixed(6)), rssMax: 60_000_000 + 2_000_000 * c + 10_000 * s, wireBytesPerPacket: 98 }),
);
const inputs = (runs: ReturnType<typeof makeRun>[]) => runs.map((result) => ({ source: `runs/${result.runId}/result.json`, result }));

test('exact per-unit costs are recovered with R² = 1', () => {
  const p = calibrate(inputs(exactRuns), 'exact');
  assert.equal([p.cpuCores.intercept.toString(), p.cpuCores.perCamera.toString(), p.cpuCores.perSensor.toString()], ['1/20', '1/250', '1/10000']);
  assert.is(p.cpuCores.r2.toString(), '1');
  assert.equal([p.rssBytes.intercept.toString(), p.rssBytes.perCamera.toString(), p.rssBytes.perSensor.toString()], ['60000000', '2000000', '10000']);
  assert.is(p.coreSecPerFrame?.toString(), '1/3750'); // 0.004 core per camera at 15 frames/s
  assert.is(p.coreSecPerSensorPacket?.toString(), '1/100000'); // 0.0001 core per sensor at 10 packets/s
  assert.is(p.wireBytesPerPacket?.toString(), '98');
  assert.is(p.slopeMargin.toString(), '1'); // perfect fit: the prediction bound equals the fit
});

test('noisy runs: R² < 1, the upper prediction bound lies above the fit, and one-regressor fits agree with simple-statistics', () => {
  const noise = [0.01, -0.008, 0.012, -0.015, 0.006, -0.004];
  const cams = [2, 5, 10, 15, 20, 30];
  const runs = cams.map((c, i) => makeRun({ runId: `n${i}`, cameras: c, sensors: 40, cpuAvg: Number((0.1 + 0.01 * c + (noise[i] ?? 0)).toFixed(6)), rssMax: 50_000_000 + 3_000_000 * c }));
  const p = calibrate(inputs(runs), 'noisy');
  assert.ok(p.cpuCores.r2.lt(1n) && p.cpuCores.r2.toNumber() > 0.95);
  assert.ok(p.notes.some((n) => n.includes('sensors did not vary')));
  const fitAtMax = p.cpuCores.intercept.add(p.cpuCores.perCamera.mul(30n)).toNumber();
  assert.ok((p.cpuCores.upper95AtMaxLoad ?? 0) > fitAtMax);
  assert.ok(p.slopeMargin.gt(1n));
  const pairs = runs.map((r, i) => [cams[i] as number, r.metrics[0]?.avg as number]);
  const ss = linearRegression(pairs);
  assert.ok(Math.abs(ss.m - p.cpuCores.perCamera.toNumber()) < 1e-12);
  assert.ok(Math.abs(ss.b - p.cpuCores.intercept.toNumber()) < 1e-12);
  assert.ok(Math.abs(rSquared(pairs, (x) => ss.b + ss.m * x) - p.cpuCores.r2.toNumber()) < 1e-12);
});

test('missing metrics are listed per run, and fewer than 3 runs is refused', () => {
  const runs = [makeRun({ runId: 'a', cameras: 5, sensors: 10, cpuAvg: 0.1, rssMax: 1e8, omit: ['cpu_cores'] }), makeRun({ runId: 'b', cameras: 10, sensors: 10, cpuAvg: 0.2, rssMax: 1e8, omit: ['frames_processed', 'sensor_packets_processed'] })];
  try {
    calibrate(inputs(runs), 'x');
    assert.unreachable('should refuse');
  } catch (err) {
    assert.instance(err, EmberError);
    const e = err as EmberError;
    assert.is(e.code, 'EMBER_ERR_CALC_RUNS_UNUSABLE');
    const text = e.problems.map((p) => `${p.path}: ${p.rule}`).join('\n');
    assert.match(text, 'run a) metrics: must include cpu_cores.avg');
    assert.match(text, 'run b) metrics: must include frames_processed.count, sensor_packets_processed.count');
    assert.match(text, 'need 3 or more runs');
  }
});

test('a profile round-trips through JSON and drives sizing with measured costs', () => {
  const p = parseProfile(JSON.parse(JSON.stringify(profileToJson(calibrate(inputs(exactRuns), 'exact')))), 'profile.json');
  assert.is(p.cpuCores.perCamera.toString(), '1/250');
  const plan = parsePlan({ ...ISSUE_PLAN, node: { ...ISSUE_PLAN.node, cores: 2, ram: '1 GiB' } });
  const r = sizePlan(plan, { calibration: p });
  const cpu = r.checks.find((c) => c.resource === 'CPU');
  // 40 cameras per node: 0.05 + 40 × 0.004 = 0.21 cores
  assert.is(cpu?.required.toString(), '21/100');
  assert.is(cpu?.verdict, 'PASS');
  assert.ok(r.assumptions.some((a) => a.source === 'measured' && a.ref.includes('calibration exact')));
  assert.throws(() => parseProfile({ schema: 'nope' }, 'bad.json'), (e: unknown) => e instanceof EmberError && e.code === 'EMBER_ERR_CALC_PROFILE_INVALID');
});

test('a dimension the runs did not vary falls back to the plan instead of costing 0', () => {
  const sensorOnly = [20, 50, 100, 200].map((n, i) => makeRun({ runId: `s${i}`, cameras: 0, sensors: n, cpuAvg: Number((0.04 + 0.0001 * n).toFixed(6)), rssMax: 1e8 + 1e5 * n }));
  const p = calibrate(inputs(sensorOnly), 'sensors-only');
  assert.equal(p.varied, { cameras: false, sensors: true });
  const plan = parsePlan({ ...ISSUE_PLAN, node: { ...ISSUE_PLAN.node, cores: 16 }, compute: { coresPerCamera: '0.2', ref: 'seed rule' } });
  const r = sizePlan(plan, { calibration: parseProfile(profileToJson(p), 'p.json') });
  const cpu = r.checks.find((c) => c.resource === 'CPU');
  assert.is(cpu?.required.toString(), '201/25'); // 0.04 measured base + 40 × 0.2 from the plan
  assert.match(cpu?.note ?? '', 'per-camera costs not measured by these runs: taken from the plan (seed rule)');
});

test.run();
