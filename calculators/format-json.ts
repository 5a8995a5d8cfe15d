// JSON output of a sizing: every quantity as {"exact": "n/d", "display": "…"} so machines get the
// exact value and people the rounded one (money to cents, half-even).
import type { Q } from './rational.ts';
import { display } from './rounding.ts';
import { formatByUnit } from './format-values.ts';
import { formatBitrate, formatPercent, formatStorage } from './units.ts';
import type { SizingResult } from './size-types.ts';

export interface ExactValue {
  readonly exact: string;
  readonly display: string;
}

export function money(v: Q): ExactValue {
  return { exact: v.toString(), display: display(v) };
}

function ev(v: Q, shown: string): ExactValue {
  return { exact: v.toString(), display: shown };
}

const opt = (v: Q | null | undefined, f: (x: Q) => ExactValue): ExactValue | null => (v === null || v === undefined ? null : f(v));

export function sizingToJson(r: SizingResult): unknown {
  return {
    plan: r.plan,
    seedRef: r.seedRef ?? null,
    overall: r.overall,
    cameras: r.cameras.toString(),
    sensors: r.sensors.toString(),
    dailyBytes: ev(r.dailyBytes, formatStorage(r.dailyBytes)),
    camerasPerNode: r.camsPerNode.toString(),
    bindingConstraint: r.bindingConstraint,
    camerasPerNodeTerms: r.camsPerNodeTerms.map((t) => ({ resource: t.resource, atTarget: t.camerasAtTarget.toString(), atHardLimit: t.camerasAtHardLimit.toString() })),
    nodes: {
      active: r.nodes.active.toString(),
      standby: r.nodes.standby.toString(),
      total: r.nodes.total.toString(),
      failuresTolerated: r.nodes.failuresTolerated.toString(),
      survivable: r.nodes.survivable,
      camerasPerSurvivor: ev(r.nodes.camerasPerSurvivorAfterFailures, display(r.nodes.camerasPerSurvivorAfterFailures)),
      hardLimitPerNode: r.nodes.hardLimitPerNode.toString(),
    },
    perNodeLoad: { cameras: r.perNodeLoad.cameras.toString(), sensors: r.perNodeLoad.sensors.toString() },
    checks: r.checks.map((c) => ({
      resource: c.resource,
      scope: c.scope,
      unit: c.unit,
      required: ev(c.required, formatByUnit(c.required, c.unit, c.resource)),
      provisioned: opt(c.provisioned, (v) => ev(v, formatByUnit(v, c.unit, c.resource))),
      utilisation: opt(c.utilisation, (v) => ev(v, formatPercent(v))),
      target: opt(c.target, (v) => ev(v, formatPercent(v))),
      verdict: c.verdict,
      note: c.note,
    })),
    tiers: r.tiers.map((t) => ({
      name: t.name,
      fromDay: t.fromDay.toString(),
      toDay: t.toDay.toString(),
      keep: t.keep,
      copyFromIngest: t.copyFromIngest,
      media: t.mediaKind,
      dataBytes: ev(t.dataBytes, formatStorage(t.dataBytes)),
      writeBytesPerS: ev(t.writeBytesPerS, display(t.writeBytesPerS.div(1_000_000n))),
      raid: t.raid
        ? {
            groups: t.raid.groups.toString(),
            disks: t.raid.disks.toString(),
            hotSpares: t.raid.hotSpares.toString(),
            rawBytes: ev(t.raid.rawBytes, formatStorage(t.raid.rawBytes)),
            usableBytes: ev(t.raid.usableBytes, formatStorage(t.raid.usableBytes)),
            actualFill: ev(t.raid.actualFill, formatPercent(t.raid.actualFill)),
          }
        : null,
      inNodeUsableBytes: opt(t.inNodeUsableBytes, (v) => ev(v, formatStorage(v))),
      objectBilledBytes: opt(t.objectBilledBytes, (v) => ev(v, formatStorage(v))),
      capexUsd: money(t.capexUsd),
      monthlyUsd: money(t.monthlyUsd),
    })),
    links: r.links.map((l) => ({
      link: l.link,
      trafficBps: ev(l.trafficBps, formatBitrate(l.trafficBps)),
      capacityBps: opt(l.capacityBps, (v) => ev(v, formatBitrate(v))),
      utilisation: opt(l.utilisation, (v) => ev(v, formatPercent(v))),
      verdict: l.verdict,
    })),
    switches: r.switches === null ? null : r.switches.toString(),
    subnetPrefixNeeded: r.subnetPrefixNeeded,
    cost: {
      capexTotalUsd: money(r.cost.capexTotalUsd),
      capexMonthlyUsd: money(r.cost.capexMonthlyUsd),
      energyMonthlyUsd: money(r.cost.energyMonthlyUsd),
      objectMonthlyUsd: money(r.cost.objectMonthlyUsd),
      fixedMonthlyUsd: money(r.cost.fixedMonthlyUsd),
      monthlyCostUsd: money(r.cost.monthlyUsd),
      annualCostUsd: money(r.cost.annualUsd),
      tcoUsd: money(r.cost.tcoUsd),
      lines: r.cost.lines.map((l) => ({ name: l.name, monthlyUsd: money(l.monthlyUsd) })),
    },
    growth: r.growth.map((g) => ({
      year: g.year,
      cameras: g.cameras.toString(),
      sensors: g.sensors.toString(),
      activeNodes: g.activeNodes.toString(),
      standbyNodes: g.standbyNodes.toString(),
      tierBytes: g.tierBytes.map((b) => ev(b, formatStorage(b))),
      monthlyCostUsd: money(g.monthlyUsd),
      worstVerdict: g.worstVerdict,
    })),
    assumptions: r.assumptions,
    warnings: r.warnings,
  };
}
