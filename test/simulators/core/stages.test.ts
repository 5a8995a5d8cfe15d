import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseStages, stageStateAt, totalStagesMs } from '../../../simulators/core/stages.ts';
import { EmberError } from '../../../protocol/errors.ts';

test('text grammar: ramp, hold, burst', () => {
  const stages = parseStages('ramp 0->100 over 30s, hold 10m, burst 2x for 60s', 100);
  assert.equal(stages, [
    { kind: 'ramp', fromDevices: 0, toDevices: 100, durationMs: 30_000 },
    { kind: 'hold', durationMs: 600_000 },
    { kind: 'burst', multiplier: 2, durationMs: 60_000 },
  ]);
  assert.is(totalStagesMs(stages), 690_000);
});

test('JSON form is accepted', () => {
  const s = parseStages('[{"kind":"hold","durationMs":1000,"devices":5}]', 10);
  assert.equal(s, [{ kind: 'hold', durationMs: 1000, devices: 5 }]);
});

test('state over time: ramp halfway = 50 devices, burst doubles rate, last state holds', () => {
  const stages = parseStages('ramp 0->100 over 30s, hold 10m, burst 2x for 60s', 100);
  assert.equal(stageStateAt(stages, 100, 15_000), { activeDevices: 50, rateMultiplier: 1, stageIndex: 0 });
  assert.equal(stageStateAt(stages, 100, 31_000), { activeDevices: 100, rateMultiplier: 1, stageIndex: 1 });
  assert.equal(stageStateAt(stages, 100, 640_000), { activeDevices: 100, rateMultiplier: 2, stageIndex: 2 });
  assert.equal(stageStateAt(stages, 100, 700_000), { activeDevices: 100, rateMultiplier: 1, stageIndex: -1 });
  assert.equal(stageStateAt([], 7, 0), { activeDevices: 7, rateMultiplier: 1, stageIndex: -1 });
});

test('every bad stage is reported at once with path, rule and value', () => {
  try {
    parseStages('ramp 0->500 over 30s, hold forever, jump 3', 100);
    assert.unreachable();
  } catch (err) {
    assert.instance(err, EmberError);
    const e = err as EmberError;
    assert.is(e.code, 'EMBER_ERR_SIM_STAGES_INVALID');
    const paths = e.problems.map((p) => p.path).sort();
    assert.equal(paths, ['stages[0].toDevices', 'stages[1]', 'stages[2]']);
    assert.is(e.problems.find((p) => p.path === 'stages[1]')?.received, 'forever');
  }
});

test.run();
