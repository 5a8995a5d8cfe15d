// Property-based invariants of sizing-model.md §4.8 (fast-check, bounded run counts).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { Q, q } from '../../calculators/rational.ts';
import { bandBytes, bytesPerDay } from '../../calculators/storage.ts';
import { recordingNodes } from '../../calculators/nodes.ts';
import { parseQuantity, TIB } from '../../calculators/units.ts';
import { parsePlan } from '../../calculators/plan-parse.ts';
import { sizePlan } from '../../calculators/size-plan.ts';
import { EmberError } from '../../protocol/errors.ts';

const RUNS = { numRuns: 60 };

interface Knobs {
  cameras: number;
  bitrateKbps: number;
  dutyPermille: number;
  hotDays: number;
  warmDays: number;
  coldDays: number;
}

function planOf(k: Knobs): unknown {
  return {
    cameras: [{ id: 'c', count: k.cameras, bitrate: `${k.bitrateKbps} kbps`, fps: 15, resolution: '1920x1080', codec: 'h264', duty: { continuous: `${k.dutyPermille}/1000` } }],
    node: { maxCameras: 40, capexUsd: 5000, watts: 200, cores: 16, nic: '10 Gbps', diskWrite: '500 MB/s' },
    compute: { coresPerCamera: '0.2' },
    redundancy: { policy: 'ratio', ratio: '20%' },
    tiers: [
      { name: 'hot', fromDay: 0, toDay: k.hotDays, media: { kind: 'in-node', disk: '2 TB', groupSize: 2, parity: 'mirror' } },
      { name: 'warm', fromDay: k.hotDays, toDay: k.hotDays + k.warmDays, media: { kind: 'raid', disk: '10 TB', groupSize: 10, parity: 2, fillTarget: '90%', capexPerTBUsd: 30, hotSpares: 1 } },
      { name: 'cold', fromDay: k.hotDays + k.warmDays, toDay: k.hotDays + k.warmDays + k.coldDays, media: { kind: 'object', pricePerTBMonthUsd: 4, replication: 2 } },
    ],
    cost: { amortMonths: 36, usdPerKWh: '0.12', fixedMonthlyUsd: [{ name: 'ops', usd: 3000 }] },
  };
}

const knobs = fc.record({
  cameras: fc.integer({ min: 1, max: 1500 }),
  bitrateKbps: fc.integer({ min: 100, max: 20_000 }),
  dutyPermille: fc.integer({ min: 1, max: 1000 }),
  hotDays: fc.integer({ min: 1, max: 14 }),
  warmDays: fc.integer({ min: 1, max: 60 }),
  coldDays: fc.integer({ min: 1, max: 400 }),
});

const field = fc.constantFrom<keyof Knobs>('cameras', 'bitrateKbps', 'dutyPermille', 'hotDays', 'warmDays', 'coldDays');

test('monotonic: more cameras, bitrate, duty or retention never reduces nodes, bytes, disks or cost', () => {
  fc.assert(
    fc.property(knobs, field, fc.integer({ min: 1, max: 50 }), (k, f, inc) => {
      const bigger = { ...k, [f]: f === 'dutyPermille' ? Math.min(1000, k[f] + inc) : k[f] + inc };
      const a = sizePlan(parsePlan(planOf(k)));
      const b = sizePlan(parsePlan(planOf(bigger)));
      assert.ok(b.nodes.total >= a.nodes.total, 'nodes');
      assert.ok(b.cost.monthlyUsd.ge(a.cost.monthlyUsd), 'cost');
      assert.ok((b.tiers[1]?.raid?.disks ?? 0n) >= (a.tiers[1]?.raid?.disks ?? 0n), 'disks');
      const total = (r: typeof a) => r.tiers.reduce((s, t) => s.add(t.dataBytes), q(0));
      assert.ok(total(b).ge(total(a)), 'bytes');
      // Per-tier bytes only grow when the change does not move the band edges.
      if (f === 'cameras' || f === 'bitrateKbps' || f === 'dutyPermille') a.tiers.forEach((t, i) => assert.ok(b.tiers[i]!.dataBytes.ge(t.dataBytes), `tier ${t.name}`));
    }),
    RUNS,
  );
});

test('additivity: age bands that tile [0, D) sum to the bytes of [0, D)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 50_000 }), (widths, cams, kbps) => {
      const daily = bytesPerDay(BigInt(cams), q(kbps * 1000), q(1));
      let from = q(0);
      let sum = q(0);
      for (const w of widths) {
        const to = from.add(BigInt(w));
        sum = sum.add(bandBytes(daily, from, to, q(1)));
        from = to;
      }
      assert.ok(sum.eq(bandBytes(daily, q(0), from, q(1))));
    }),
    RUNS,
  );
});

test('survivability: removing the tolerated nodes leaves every survivor within the hard limit', () => {
  const policy = fc.oneof(
    fc.integer({ min: 1, max: 4 }).map((k) => ({ policy: 'N+k' as const, k: BigInt(k) })),
    fc.integer({ min: 1, max: 100 }).map((pct) => ({ policy: 'ratio' as const, ratio: q(pct, 100) })),
    fc.integer({ min: 1, max: 4 }).map((f) => ({ policy: 'spread' as const, failuresTolerated: BigInt(f) })),
  );
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 200 }), policy, (cams, perNode, red) => {
      const n = recordingNodes(BigInt(cams), BigInt(perNode), red, BigInt(perNode));
      assert.ok(n.survivable);
      const survivors = n.total - n.failuresTolerated;
      assert.ok(q(BigInt(cams), survivors).le(BigInt(perNode)));
      // and the layout is minimal: one active node fewer would overload at the target.
      if (n.active > 1n) assert.ok(q(BigInt(cams), n.active - 1n).gt(BigInt(perNode)));
    }),
    { numRuns: 300 },
  );
});

test('round trip: parse(format(x)) is stable and SI ↔ binary is exact', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 20n }), (n, d) => {
      const x = Q.of(n, d);
      assert.ok(Q.fromString(x.toString())?.eq(x));
      assert.ok(x.div(TIB).mul(TIB).eq(x));
      const c = x.ceil();
      const f = x.floor();
      assert.ok(q(c).ge(x) && q(c - 1n).lt(x) && q(f).le(x) && q(f + 1n).gt(x));
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 999 }), (whole, frac) => {
      const text = `${whole}.${String(frac).padStart(3, '0')} TB`;
      const r = parseQuantity(text, 'bytes');
      assert.ok(r.ok);
      if (r.ok) assert.is(r.value.div(10n ** 12n).toFixed(3), `${whole}.${String(frac).padStart(3, '0')}`);
    }),
    RUNS,
  );
});

test('duty ordering: a plan is rejected exactly when events ≤ motion ≤ continuous is broken', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (c, m, e) => {
      const plan = planOf({ cameras: 10, bitrateKbps: 4000, dutyPermille: 1000, hotDays: 3, warmDays: 27, coldDays: 335 }) as { cameras: Array<Record<string, unknown>> };
      plan.cameras[0]!['duty'] = { continuous: `${c}%`, motion: `${m}%`, events: `${e}%` };
      const ordered = e <= m && m <= c;
      let rejected = false;
      try {
        parsePlan(plan);
      } catch (err) {
        assert.instance(err, EmberError);
        rejected = true;
      }
      assert.is(rejected, !ordered);
    }),
    RUNS,
  );
});

test.run();
