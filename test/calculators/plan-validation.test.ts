// Plan validation: every problem reported at once with its field path, rule and value (exit 2).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EmberError } from '../../protocol/errors.ts';
import { parsePlan } from '../../calculators/plan-parse.ts';
import { sizePlan } from '../../calculators/size-plan.ts';

import { ISSUE_PLAN } from './plan-fixtures.ts';

function problemsOf(plan: unknown): Array<{ path: string; rule: string; received: unknown }> {
  try {
    parsePlan(plan, 'test');
  } catch (err) {
    assert.instance(err, EmberError);
    const e = err as EmberError;
    assert.is(e.code, 'EMBER_ERR_CALC_PLAN_INVALID');
    assert.is(e.exitCode, 2);
    return [...e.problems];
  }
  throw new Error('plan was accepted');
}

test('the issue plan shape parses and sizes to 5 + 1 nodes and $16,347.95/month', () => {
  const r = sizePlan(parsePlan(ISSUE_PLAN));
  assert.equal([r.nodes.active, r.nodes.standby], [5n, 1n]);
  assert.is(r.cost.monthlyUsd.toFixed(2), '16347.95');
});

test('bad input: unknown unit, negative count, duty out of order, tier gap and overlap, small RAID group — all at once', () => {
  const bad = structuredClone(ISSUE_PLAN) as Record<string, unknown> & typeof ISSUE_PLAN;
  (bad.cameras[0] as Record<string, unknown>)['bitrate'] = '4 Mbits';
  (bad.cameras[0] as Record<string, unknown>)['count'] = -5;
  (bad.cameras[0] as Record<string, unknown>)['duty'] = { continuous: '0.5', motion: '0.6', events: '0.7' };
  (bad.tiers[1] as Record<string, unknown>)['fromDay'] = 5; // gap after hot [0,3)
  (bad.tiers[2] as Record<string, unknown>)['fromDay'] = 20; // overlaps warm [5,30)
  (bad.tiers[1]!.media as Record<string, unknown>)['groupSize'] = 2; // RAID6 needs ≥ 3
  const problems = problemsOf(bad);
  const paths = problems.map((p) => p.path);
  for (const want of ['cameras[0].bitrate', 'cameras[0].count', 'cameras[0].duty.motion', 'cameras[0].duty.events', 'tiers[1].fromDay', 'tiers[2].fromDay', 'tiers[1].media.groupSize']) {
    assert.ok(paths.includes(want), `missing ${want} in ${paths.join(', ')}`);
  }
  const unit = problems.find((p) => p.path === 'cameras[0].bitrate');
  assert.is(unit?.received, '4 Mbits');
  assert.match(unit?.rule ?? '', 'Mbps');
  assert.match(problems.find((p) => p.path === 'tiers[1].fromDay')?.rule ?? '', 'gap');
  assert.match(problems.find((p) => p.path === 'tiers[2].fromDay')?.rule ?? '', 'overlaps');
  assert.match(problems.find((p) => p.path === 'tiers[1].media.groupSize')?.rule ?? '', 'parity + 1');
});

test('overlapping tiers are accepted when marked copyFromIngest', () => {
  const copy = structuredClone(ISSUE_PLAN);
  (copy.tiers[2] as Record<string, unknown>)['fromDay'] = 0;
  (copy.tiers[2] as Record<string, unknown>)['copyFromIngest'] = true;
  const r = sizePlan(parsePlan(copy));
  assert.is(r.tiers[2]?.dataBytes.toString(), '3153600000000000');
});

test('missing sections and wrong types name their paths', () => {
  const paths = problemsOf({ cameras: [], tiers: 'x', node: {}, redundancy: { policy: 'nope' } }).map((p) => p.path);
  for (const want of ['cameras', 'tiers', 'node', 'redundancy.policy', 'cost']) assert.ok(paths.includes(want), `missing ${want} in ${paths.join(', ')}`);
});

test('mirror groups must be even; parity must be 0–3 or "mirror"; fill target ≤ 100 %', () => {
  const bad = structuredClone(ISSUE_PLAN);
  bad.tiers[1]!.media = { kind: 'raid', disk: '10 TB', groupSize: 3, parity: 'mirror', fillTarget: '120%', capexPerTBUsd: 30 } as never;
  (bad.tiers[0] as Record<string, unknown>)['media'] = { kind: 'in-node', disk: '2 TB', groupSize: 2, parity: 7 };
  const paths = problemsOf(bad).map((p) => p.path);
  for (const want of ['tiers[1].media.groupSize', 'tiers[1].media.fillTarget', 'tiers[0].media.parity']) assert.ok(paths.includes(want), `missing ${want} in ${paths.join(', ')}`);
});

test('spread redundancy loads every node; N+k keeps standby idle', () => {
  const spread = sizePlan(parsePlan({ ...ISSUE_PLAN, redundancy: { policy: 'spread', failuresTolerated: 1 } }));
  assert.equal([spread.nodes.active, spread.nodes.total, spread.perNodeLoad.cameras], [5n, 6n, 34n]); // ceil(200/6)
  assert.ok(spread.nodes.survivable);
  const nk = sizePlan(parsePlan({ ...ISSUE_PLAN, redundancy: { policy: 'N+k', k: 2 } }));
  assert.equal([nk.nodes.active, nk.nodes.total, nk.perNodeLoad.cameras], [5n, 7n, 40n]);
});

test.run();
