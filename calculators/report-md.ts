// The sizing report in Markdown (terminal output and --report): per-resource checks, tiers, links,
// nodes, cost, growth, assumptions with provenance and, for seed plans, "seed says / corrected".
import { display } from './rounding.ts';
import { checkCells } from './format-values.ts';
import { formatBitrate, formatBytesPerSecond, formatPercent, formatStorage, formatUsd } from './units.ts';
import { seedComparison } from './seed-comparisons.ts';
import type { Plan } from './plan-types.ts';
import type { SizingResult } from './size-types.ts';

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${head.map(esc).join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export function renderSizingMarkdown(r: SizingResult, plan: Plan, options: { calibrationId?: string } = {}): string {
  const out: string[] = [];
  out.push(`# Sizing: ${r.plan}`, '');
  out.push(`Overall: **${r.overall}** · ${r.cameras} cameras, ${r.sensors} sensors · ${formatStorage(r.dailyBytes)} recorded per day at full duty` + (options.calibrationId ? ` · calibration profile \`${options.calibrationId}\`` : ''), '');
  out.push('Rounding: things bought round up (ceil), cameras per node round down (floor), checks compare exact rationals, display is half-even. Storage in TB = 10¹² B with TiB = 2⁴⁰ B in brackets; network in SI bit/s.', '');

  out.push('## Per-resource checks', '');
  out.push(table(['resource', 'scope', 'required', 'provisioned', 'utilisation', 'target', 'verdict', 'note'], r.checks.map((c) => {
    const cells = checkCells(c);
    return [c.resource, c.scope, cells.required, cells.provisioned, cells.utilisation, cells.target, c.verdict, c.note];
  })), '');

  out.push('## Nodes', '');
  out.push(table(['item', 'value'], [
    ['cameras per node (at targets)', r.camsPerNode.toString()],
    ['binding constraint', r.bindingConstraint],
    ...r.camsPerNodeTerms.map((t) => [`  limit from ${t.resource}`, `${t.camerasAtTarget} at target, ${t.camerasAtHardLimit} at hard limit`]),
    ['active nodes', r.nodes.active.toString()],
    ['standby nodes', `${r.nodes.standby} (${describeRedundancy(plan)})`],
    ['total nodes', r.nodes.total.toString()],
    ['worst-node load', `${r.perNodeLoad.cameras} cameras, ${r.perNodeLoad.sensors} sensors`],
    ['survivability', `${r.nodes.survivable ? 'PASS' : 'FAIL'}: after ${r.nodes.failuresTolerated} failure(s), ${display(r.nodes.camerasPerSurvivorAfterFailures)} cameras per node ≤ ${r.nodes.hardLimitPerNode}`],
  ]), '');

  out.push('## Storage tiers', '');
  out.push(table(['tier', 'days', 'keep', 'media', 'data', 'write rate', 'layout', 'fill', 'monthly'], r.tiers.map((t) => [
    t.name,
    `${t.fromDay.toString()}–${t.toDay.toString()}${t.copyFromIngest ? ' (copy)' : ''}`,
    t.keep,
    t.mediaKind,
    formatStorage(t.dataBytes),
    formatBytesPerSecond(t.writeBytesPerS),
    t.raid ? `${t.raid.groups} group(s), ${t.raid.disks} disks (${t.raid.hotSpares} spare), raw ${formatStorage(t.raid.rawBytes)}, usable ${formatStorage(t.raid.usableBytes)}` : t.objectBilledBytes ? `billed ${formatStorage(t.objectBilledBytes)}` : t.inNodeUsableBytes ? `usable ${formatStorage(t.inNodeUsableBytes)} over all nodes` : 'no disks given',
    t.raid ? formatPercent(t.raid.actualFill) : '—',
    formatUsd(t.monthlyUsd),
  ])), '');

  out.push('## Network (each link on its own; never summed across links)', '');
  out.push(table(['link', 'traffic', 'capacity', 'utilisation', 'verdict'], r.links.map((l) => [l.link, formatBitrate(l.trafficBps), l.capacityBps ? formatBitrate(l.capacityBps) : '—', l.utilisation ? formatPercent(l.utilisation) : '—', l.verdict])), '');
  out.push(`Access switches: ${r.switches === null ? 'not sized (no network.switchPorts)' : r.switches.toString()} · IPv4 prefix needed${r.growth.length > 0 ? ' at the growth horizon' : ''}: /${r.subnetPrefixNeeded}`, '');

  out.push('## Cost', '');
  out.push(table(['line', 'monthly'], [...r.cost.lines.map((l) => [l.name, formatUsd(l.monthlyUsd)]), ['**monthly total**', `**${formatUsd(r.cost.monthlyUsd)}**`], ['annual (12 × monthly)', formatUsd(r.cost.annualUsd)], [`TCO over ${plan.cost.amortMonths} months`, formatUsd(r.cost.tcoUsd)], ['capex (one-off, total)', formatUsd(r.cost.capexTotalUsd)]]), '');
  out.push(`Monthly exact: ${r.cost.monthlyUsd.toString()} USD.`, '');

  if (r.growth.length > 0) {
    out.push('## Growth', '');
    out.push(table(['year', 'cameras', 'sensors', 'active + standby nodes', ...r.tiers.map((t) => `tier ${t.name}`), 'monthly', 'worst check'], r.growth.map((g) => [
      String(g.year), g.cameras.toString(), g.sensors.toString(), `${g.activeNodes} + ${g.standbyNodes}`, ...g.tierBytes.map(formatStorage), formatUsd(g.monthlyUsd), g.worstVerdict,
    ])), '');
  }

  const seed = seedComparison(r, plan);
  if (seed.length > 0) {
    out.push('## Seed says / corrected', '');
    out.push('The seed documents these numbers come from contain arithmetic and unit errors (audit: sizing-model.md §1.2). Corrected values are computed by this run of the calculator, not copied.', '');
    out.push(table(['item', 'seed says', 'corrected', 'why (audit ref)'], seed.map((s) => [s.item, s.seedSays, s.corrected, s.why])), '');
  }

  out.push('## Assumptions and provenance', '');
  out.push(table(['input', 'value', 'source', 'reference'], r.assumptions.map((a) => [a.name, a.value, a.source, a.ref])), '');
  if (plan.notes.length > 0) out.push('Plan notes:', '', ...plan.notes.map((n) => `- ${n}`), '');
  if (r.warnings.length > 0) out.push('## Warnings', '', ...r.warnings.map((w) => `- ${w}`), '');
  return `${out.join('\n')}\n`;
}

function describeRedundancy(plan: Plan): string {
  const red = plan.redundancy;
  if (red.policy === 'N+k') return `N+${red.k}`;
  if (red.policy === 'ratio') return `ratio ${formatPercent(red.ratio)} of active, rounded up`;
  return `spread, tolerating ${red.failuresTolerated} failure(s)`;
}
