// sizing-model.md §4.3 golden cases (storage), exact.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { q } from '../../calculators/rational.ts';
import { bandBytes, bytesPerDay, daysForCapacity, raidGroupUsable, raidLayout } from '../../calculators/storage.ts';
import { parsePlan } from '../../calculators/plan-parse.ts';
import { sizePlan } from '../../calculators/size-plan.ts';

const TB = 10n ** 12n;
const daily200 = bytesPerDay(200n, q(4_000_000), q(1));

test('G10 age bands hot [0,3), warm [3,30), cold [30,365): sum = 365 × G02', () => {
  const hot = bandBytes(daily200, q(0), q(3), q(1));
  const warm = bandBytes(daily200, q(3), q(30), q(1));
  const cold = bandBytes(daily200, q(30), q(365), q(1));
  assert.is(hot.toString(), '25920000000000');
  assert.is(warm.toString(), '233280000000000');
  assert.is(cold.toString(), '2894400000000000');
  assert.ok(hot.add(warm).add(cold).eq(daily200.mul(365n)));
});

test('G11 cold with transcode 0.7 = 2,026,080,000,000,000 B', () => {
  assert.is(bandBytes(daily200, q(30), q(365), q(7, 10)).toString(), '2026080000000000');
});

test('G12 overlapping windows (copyFromIngest) 3/7/30/365 d through the plan model', () => {
  const tiers = [3, 7, 30, 365].map((d, i) => ({ name: `w${d}`, fromDay: 0, toDay: d, copyFromIngest: i > 0, media: { kind: 'object', pricePerTBMonthUsd: 1 } }));
  const plan = parsePlan({ cameras: [{ id: 'c', count: 200, bitrate: '4 Mbps', fps: 15, resolution: '1920x1080', codec: 'h264', duty: { continuous: '1' } }], node: { maxCameras: 40, capexUsd: 0, watts: 0 }, redundancy: { policy: 'N+k', k: 0 }, tiers, cost: { amortMonths: 36, usdPerKWh: 0 } });
  const r = sizePlan(plan);
  assert.equal(r.tiers.map((t) => t.dataBytes.toString()), ['25920000000000', '60480000000000', '259200000000000', '3153600000000000']);
});

test('G13/G14 warm 233.28e12 B on 10 TB RAID6 at 90 % fill: group 10 → 4 groups; group 8 → 5 groups, 40 disks, 300e12, fill 1944/2500', () => {
  const warm = q(233_280n * 10n ** 9n);
  const g10 = raidLayout(warm, q(10n * TB), 10n, 2n, q(9, 10), 0n);
  assert.equal([g10.groups, g10.disks, g10.usableBytes.toString()], [4n, 40n, '320000000000000']);
  const g8 = raidLayout(warm, q(10n * TB), 8n, 2n, q(9, 10), 0n);
  assert.equal([g8.groups, g8.disks, g8.usableBytes.toString(), g8.actualFill.toString()], [5n, 40n, '300000000000000', '486/625']); // = 1944/2500 reduced
  assert.ok(g8.actualFill.eq(q(1944, 2500)));
  assert.is(g8.actualFill.mul(100n).toFixed(2), '77.76');
});

test('G15 raidUsable: RAID1 2×2 TB; RAID5 5×8 TB; RAID6 8×10 TB; RAID10 4×2 TB', () => {
  assert.is(raidGroupUsable(2n, 'mirror', q(2n * TB)).toString(), '2000000000000');
  assert.is(raidGroupUsable(5n, 1n, q(8n * TB)).toString(), '32000000000000');
  assert.is(raidGroupUsable(8n, 2n, q(10n * TB)).toString(), '60000000000000');
  assert.is(raidGroupUsable(4n, 'mirror', q(2n * TB)).toString(), '4000000000000');
});

test('G16 daysForCapacity(100 GB, 10 cams, 4 Mbps): duty 1 → 25/108 d; duty 5/648 → exactly 30 d', () => {
  const d1 = daysForCapacity(q(100n * 10n ** 9n), 10n, q(4_000_000), q(1));
  assert.is(d1.toString(), '25/108');
  assert.is(d1.mul(86_400n).toString(), '20000'); // 5 h 33 min 20 s
  assert.is(daysForCapacity(q(100n * 10n ** 9n), 10n, q(4_000_000), q(5, 648)).toString(), '30');
});

test('G17 hot-tier fit: 25.92e12 B vs 6 nodes × RAID1(2 × 2 TB) = 12e12 → FAIL, shortfall 13.92e12 B', () => {
  const plan = parsePlan({
    cameras: [{ id: 'c', count: 200, bitrate: '4 Mbps', fps: 15, resolution: '1920x1080', codec: 'h264', duty: { continuous: '1' } }],
    node: { maxCameras: 40, capexUsd: 5000, watts: 200 },
    redundancy: { policy: 'ratio', ratio: '20%' },
    tiers: [{ name: 'hot', fromDay: 0, toDay: 3, media: { kind: 'in-node', disk: '2 TB', groupSize: 2, parity: 'mirror', fillTarget: '100%' } }],
    cost: { amortMonths: 36, usdPerKWh: '0.12' },
  });
  const r = sizePlan(plan);
  const c = r.checks.find((x) => x.resource === 'storage');
  assert.ok(c);
  assert.is(c.required.toString(), '25920000000000');
  assert.is(c.provisioned?.toString(), '12000000000000');
  assert.is(c.verdict, 'FAIL');
  assert.is(c.required.sub(c.provisioned ?? q(0)).toString(), '13920000000000');
  assert.match(c.note, 'shortfall 13.92 TB');
});

test.run();
