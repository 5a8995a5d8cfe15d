// "Seed says / corrected" rows for the shipped seed plans (plans/*.json with a seedRef). The seed
// figures are quotes (sizing-model.md §1.2); every corrected figure is computed from this sizing run.
import { q, sumQ, type Q } from './rational.ts';
import { memoryBreakdown } from './compute.ts';
import { display, displayGrouped } from './rounding.ts';
import { formatBitrate, formatBytesPerSecond, formatRam, formatStorage, formatUsd, MIB, GIB } from './units.ts';
import type { Plan } from './plan-types.ts';
import type { SizingResult } from './size-types.ts';

export interface SeedRow {
  readonly item: string;
  readonly seedSays: string;
  readonly corrected: string;
  readonly why: string;
}

const tier = (r: SizingResult, name: string) => r.tiers.find((t) => t.name === name);
const link = (r: SizingResult, prefix: string) => r.links.find((l) => l.link.startsWith(prefix));
const check = (r: SizingResult, resource: string) => r.checks.find((c) => c.resource === resource);
const pps = (plan: Plan) => sumQ(plan.sensors.map((s) => s.ppsPerSensor.mul(s.count)));
const fullDutyWrite = (plan: Plan) => sumQ(plan.cameras.map((g) => g.bitrateBps.mul(g.count).div(8n)));
const mib = (xs: readonly number[]) => xs.map((x) => MIB.mul(BigInt(x)));

function memoryRow(partsMiB: readonly number[], ram: Q, seedSays: string, why: string): SeedRow {
  const m = memoryBreakdown(mib(partsMiB), ram);
  return { item: `memory headroom in ${formatRam(ram)}`, seedSays, corrected: `${display(m.usedBytes.div(MIB), 0)} MiB used, ${display(m.headroomBytes.div(MIB), 0)} MiB (${formatRam(m.headroomBytes)}) free`, why };
}

function common000(r: SizingResult, plan: Plan, seedPps: string, seedWrite: string, ppsWhy: string): SeedRow[] {
  const events = r.tiers[0];
  return [
    { item: 'sensor packet rate', seedSays: seedPps, corrected: `${displayGrouped(pps(plan), 0)} pps at the plan's ${plan.sensors[0]?.ppsPerSensor.toString() ?? '?'} pps/sensor (the 438 pps test figure is an aggregate of 20 clients)`, why: ppsWhy },
    { item: 'storage write', seedSays: seedWrite, corrected: `≤ ${formatBytesPerSecond(fullDutyWrite(plan))} even with every camera recording continuously; ${formatBytesPerSecond(events?.writeBytesPerS ?? q(0n))} average for event recording`, why: 'E13: 10× too high' },
    ...(events ? [{ item: `event recordings (${events.toDay.toString()} days)`, seedSays: 'ratio not stated', corrected: `${formatStorage(events.dataBytes)} at an events duty of ${plan.cameras[0]?.duty.events.toString() ?? '?'} of the day`, why: 'E12: make the event ratio an input' }] : []),
  ];
}

export function seedComparison(r: SizingResult, plan: Plan): SeedRow[] {
  switch (plan.seedRef) {
    case '003-200': {
      const hot = tier(r, 'hot');
      const warm = tier(r, 'warm');
      const cold = tier(r, 'cold');
      const rows: SeedRow[] = [
        { item: 'recording per day', seedSays: '8.4 TB (comment); 0.008 "TB" (code)', corrected: formatStorage(r.dailyBytes), why: 'E27: Mbps not ×10⁶, ÷1024³' },
        { item: 'hot tier', seedSays: '58.8 TB for 7 days on "24 TB usable" NVMe: fits', corrected: hot ? `${formatStorage(hot.dataBytes)} for days 0–3 vs ${hot.inNodeUsableBytes ? formatStorage(hot.inNodeUsableBytes) : '?'} usable (RAID1): ${check(r, 'storage')?.verdict ?? '?'}` : '—', why: 'E32, E33, E35' },
        { item: 'warm tier', seedSays: '252 TB; 315 TB raw; 4 × 8 × 10 TB = 256 TB', corrected: warm?.raid ? `${formatStorage(warm.dataBytes)} for days 3–30 → ${warm.raid.groups} RAID groups, ${warm.raid.disks} disks, raw ${formatStorage(warm.raid.rawBytes)}` : '—', why: 'E37–E39' },
        { item: 'cold tier', seedSays: '3 PB "compressed"', corrected: cold ? `${formatStorage(cold.dataBytes)} for days 30–365, uncompressed` : '—', why: 'E40' },
        { item: 'recording nodes', seedSays: '5 active + 1 standby', corrected: `${r.nodes.active} active + ${r.nodes.standby} standby (survivable: ${r.nodes.survivable ? 'yes' : 'no'})`, why: 'correct in the seed' },
        { item: 'write per node', seedSays: '80 MB/s sustained', corrected: formatBytesPerSecond(check(r, 'disk write')?.required ?? q(0n)), why: 'E25: bit/byte mix-up' },
        { item: 'write total', seedSays: '~100 MB/s × 6 = 600 MB/s', corrected: formatBytesPerSecond(hot?.writeBytesPerS ?? q(0n)), why: 'E30: standby writes nothing' },
        { item: 'camera ingress', seedSays: '800 Mbps on 1 Gbps "with 20 % headroom"', corrected: `${formatBitrate(link(r, 'cameras')?.trafficBps ?? q(0n))} with the code's own ×1.2 overhead (96 % of 1 GbE)`, why: 'E28' },
        { item: 'viewer/API uplink', seedSays: '150 Mbps', corrected: formatBitrate(link(r, 'recorders → viewers')?.trafficBps ?? q(0n)), why: 'E31: sum error or unstated +25 %' },
        { item: 'monthly cost', seedSays: '~$8,000–12,000 (code as written: $4,437.01)', corrected: `${formatUsd(r.cost.monthlyUsd)} (disks amortised, not charged monthly)`, why: 'E45, E46' },
        { item: 'IPv4 subnet', seedSays: '/24 for the camera VLAN', corrected: `/${r.subnetPrefixNeeded} at the growth horizon`, why: 'E50' },
      ];
      const seedYears = ['240 cameras, 7 nodes', '288 cameras, 8 nodes', '346 cameras, 9 nodes'];
      r.growth.slice(0, 3).forEach((g, i) => rows.push({ item: `year ${g.year}`, seedSays: seedYears[i] ?? '', corrected: `${g.cameras} cameras, ${g.activeNodes + g.standbyNodes} nodes (${g.activeNodes} + ${g.standbyNodes})`, why: 'E42–E44: standby omitted; int() truncation' }));
      return rows;
    }
    case '000-A':
      return [
        ...common000(r, plan, '8,760 pps (20 clients @ 438 pps)', '50 MB/s (events)', 'E01'),
        { item: 'network total', seedSays: '~41 Mbps', corrected: `cameras ${formatBitrate(link(r, 'cameras')?.trafficBps ?? q(0n))}; sensors ${formatBitrate(link(r, 'sensors')?.trafficBps ?? q(0n))} with 58 B headers (separate links)`, why: 'E14' },
        memoryRow([2048, 500, 300, 100, 50, 100], GIB.mul(8n), '4.5 GB headroom', 'E06'),
      ];
    case '000-B':
      return [
        ...common000(r, plan, '21,900 pps (50 clients @ 438 pps)', '125 MB/s (events)', 'E02'),
        { item: 'network total', seedSays: '~101 Mbps', corrected: `cameras ${formatBitrate(link(r, 'cameras')?.trafficBps ?? q(0n))}; sensors ${formatBitrate(link(r, 'sensors')?.trafficBps ?? q(0n))} with 58 B headers`, why: 'G24' },
        memoryRow([3072, 1024, 750, 250, 100, 2048], GIB.mul(32n), '26 GB headroom', 'E07'),
      ];
    case '000-C': {
      const events = r.tiers[0];
      return [
        ...common000(r, plan, '4,380 pps per node; 8,760 pps aggregate', '500 MB/s (distributed)', 'E05'),
        { item: 'sensor network', seedSays: '100 sensors @ 50 pps = 4 Mbps', corrected: `${formatBitrate(link(r, 'sensors')?.trafficBps ?? q(0n))} with 58 B headers (1.6 Mbps payload only)`, why: 'E15' },
        { item: 'camera access switches', seedSays: '4 × 24-port, 25 cameras each', corrected: `${r.switches?.toString() ?? '?'} × 24-port (23 camera ports + 1 uplink each)`, why: 'E17' },
        { item: 'NAS usable', seedSays: '160 TB from 24 × 8 TB RAID 6', corrected: events?.raid ? formatStorage(events.raid.usableBytes) : '—', why: 'E20: TiB labelled as TB' },
        { item: 'memory per camera node', seedSays: '80 GB / 128 GB', corrected: r.perNodeLoad.ramBytes ? `${formatRam(r.perNodeLoad.ramBytes)} from the seed's own per-part model` : 'not modelled', why: 'E10: measure it' },
        { item: 'capex', seedSays: '$118,500', corrected: formatUsd(r.cost.capexTotalUsd), why: 'correct in the seed' },
        { item: 'opex (energy + cooling + maintenance)', seedSays: '$14,128/yr', corrected: `${formatUsd(r.cost.energyMonthlyUsd.add(r.cost.fixedMonthlyUsd).mul(12n))}/yr`, why: 'correct in the seed' },
      ];
    }
    default:
      return [];
  }
}
