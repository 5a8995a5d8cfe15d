// sizing-model.md §4.1–4.2 golden cases: exact values, no tolerance.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { q, Q } from '../../calculators/rational.ts';
import { bytesPerDay, raidGroupUsable } from '../../calculators/storage.ts';
import { formatStorage, parseQuantity, TIB } from '../../calculators/units.ts';
import { requiredCores } from '../../calculators/compute.ts';
import { buyCount } from '../../calculators/rounding.ts';
import { grownCount } from '../../calculators/growth.ts';
import { recordingNodes } from '../../calculators/nodes.ts';

const mbps = (n: number) => q(n * 1_000_000);
const val = (raw: string, kind: Parameters<typeof parseQuantity>[1]): Q => {
  const r = parseQuantity(raw, kind);
  if (!r.ok) throw new Error(`${raw}: ${r.rule}`);
  return r.value;
};

test('G01 bytesPerDay(1 cam, 4 Mbps, duty 1) = 43,200,000,000 B', () => {
  assert.is(bytesPerDay(1n, mbps(4), q(1)).toString(), '43200000000');
});

test('G02 200 cams: 8.64e12 B, "8.64 TB (7.86 TiB)", TiB exact 263671875/33554432', () => {
  const b = bytesPerDay(200n, mbps(4), q(1));
  assert.is(b.toString(), '8640000000000');
  assert.is(formatStorage(b), '8.64 TB (7.86 TiB)');
  assert.is(b.div(TIB).toString(), '263671875/33554432');
});

test('G03 raidUsable(24 × 8 TB, RAID6) = 176e12 B = 2685546875/16777216 TiB ≈ 160.07', () => {
  const u = raidGroupUsable(24n, 2n, val('8 TB', 'bytes'));
  assert.is(u.toString(), '176000000000000');
  assert.is(u.div(TIB).toString(), '2685546875/16777216');
  assert.is(u.div(TIB).toFixed(2), '160.07');
});

test('G04 float traps: 30; 3; 55; 432; 1,728; 230', () => {
  assert.is(requiredCores(q(21), val('0.7', 'ratio')), 30n);
  assert.is(buyCount(q(12).mul(val('0.2', 'ratio')).div(val('0.8', 'ratio'))), 3n);
  assert.is(buyCount(q(50).mul(val('1.1', 'number'))), 55n);
  assert.is(grownCount(250n, val('20%', 'ratio'), 3), 432n);
  assert.is(grownCount(1000n, val('20%', 'ratio'), 3), 1728n);
  assert.is(grownCount(200n, val('15%', 'ratio'), 1), 230n);
  // The float versions really are wrong, which is why none of them is used.
  assert.is(Math.ceil(21 / 0.7), 31);
  assert.is(Math.trunc(250 * 1.2 ** 3), 431);
});

test('G05 parse "4 Mbps", "2048 kbps", "1 GiB", "10 TB", "20%"', () => {
  assert.is(val('4 Mbps', 'bitrate').toString(), '4000000');
  assert.is(val('2048 kbps', 'bitrate').toString(), '2048000');
  assert.is(val('1 GiB', 'bytes').toString(), '1073741824');
  assert.is(val('10 TB', 'bytes').toString(), '10000000000000');
  assert.is(val('20%', 'ratio').toString(), '1/5');
  assert.is(val('0.12', 'usd').toString(), '3/25');
});

test('G06 recordingNodes(40/node, ratio 20 %) for 200/600/601/41/1', () => {
  const ratio = { policy: 'ratio' as const, ratio: q(1, 5) };
  const got = [200n, 600n, 601n, 41n, 1n].map((c) => {
    const n = recordingNodes(c, 40n, ratio);
    return [n.active, n.standby, n.total];
  });
  assert.equal(got, [[5n, 1n, 6n], [15n, 3n, 18n], [16n, 4n, 20n], [2n, 1n, 3n], [1n, 1n, 2n]]);
});

test('G07 N+1, 200 cams, 40/node, hard 40: 6 nodes, 200/5 = 40 ≤ 40 PASS; 201 cams → 6 active, 7 total', () => {
  const n = recordingNodes(200n, 40n, { policy: 'N+k', k: 1n }, 40n);
  assert.is(n.total, 6n);
  assert.is(n.camerasPerSurvivorAfterFailures.toString(), '40');
  assert.ok(n.survivable);
  const m = recordingNodes(201n, 40n, { policy: 'N+k', k: 1n }, 40n);
  assert.is(m.active, 6n);
  assert.is(m.total, 7n);
  assert.ok(m.survivable);
});

test('G09 project(250, 20 %) y3 → 432 cams, 11 + 3; project(1000, 20 %) y3 → 1,728 cams, 44 + 9', () => {
  const ratio = { policy: 'ratio' as const, ratio: q(1, 5) };
  const a = grownCount(250n, q(1, 5), 3);
  const b = grownCount(1000n, q(1, 5), 3);
  assert.is(a, 432n);
  assert.is(b, 1728n);
  const na = recordingNodes(a, 40n, ratio);
  const nb = recordingNodes(b, 40n, ratio);
  assert.equal([na.active, na.standby, nb.active, nb.standby], [11n, 3n, 44n, 9n]);
});

test.run();
