// The output of sizing: exact values (Q) everywhere; formatting happens in format-*.ts.
import type { Q } from './rational.ts';
import type { NodeCount } from './nodes.ts';
import type { RaidLayout } from './storage.ts';
import type { Assumption, KeepClass } from './plan-types.ts';

export type Verdict = 'PASS' | 'WARN' | 'FAIL' | 'UNKNOWN';
export type CheckUnit = 'cores' | 'bytes' | 'bps' | 'bytes/s' | 'ports' | 'hosts' | 'cameras' | 'bytes/yr' | 'hours';

export interface Check {
  readonly resource: string;
  readonly scope: string;
  readonly unit: CheckUnit;
  readonly required: Q;
  /** null when the plan gives no capacity for this resource (verdict UNKNOWN). */
  readonly provisioned: Q | null;
  readonly utilisation: Q | null;
  readonly target: Q | null;
  readonly verdict: Verdict;
  readonly note: string;
}

export interface CamsPerNodeTerm {
  readonly resource: string;
  readonly camerasAtTarget: bigint;
  readonly camerasAtHardLimit: bigint;
}

export interface TierResult {
  readonly name: string;
  readonly fromDay: Q;
  readonly toDay: Q;
  readonly keep: KeepClass;
  readonly copyFromIngest: boolean;
  readonly mediaKind: 'in-node' | 'raid' | 'object';
  readonly dataBytes: Q;
  /** Bytes per second entering this tier in steady state (ingest for day 0, migration otherwise). */
  readonly writeBytesPerS: Q;
  readonly raid?: RaidLayout;
  /** in-node: usable bytes over all nodes (null when the plan gives no disks). */
  readonly inNodeUsableBytes?: Q | null;
  readonly objectBilledBytes?: Q;
  readonly capexUsd: Q;
  readonly monthlyUsd: Q;
}

export interface LinkResult {
  readonly link: string;
  readonly trafficBps: Q;
  readonly capacityBps: Q | null;
  readonly utilisation: Q | null;
  readonly verdict: Verdict;
}

export interface CostResult {
  readonly capexTotalUsd: Q;
  readonly capexMonthlyUsd: Q;
  readonly energyMonthlyUsd: Q;
  readonly objectMonthlyUsd: Q;
  readonly fixedMonthlyUsd: Q;
  readonly monthlyUsd: Q;
  readonly annualUsd: Q;
  readonly tcoUsd: Q;
  readonly lines: ReadonlyArray<{ readonly name: string; readonly monthlyUsd: Q }>;
}

export interface GrowthYear {
  readonly year: number;
  readonly cameras: bigint;
  readonly sensors: bigint;
  readonly activeNodes: bigint;
  readonly standbyNodes: bigint;
  readonly tierBytes: readonly Q[];
  readonly monthlyUsd: Q;
  readonly worstVerdict: Verdict;
}

export interface SizingResult {
  readonly plan: string;
  readonly seedRef?: string;
  readonly cameras: bigint;
  readonly sensors: bigint;
  readonly dailyBytes: Q;
  readonly camsPerNode: bigint;
  readonly bindingConstraint: string;
  readonly camsPerNodeTerms: readonly CamsPerNodeTerm[];
  readonly nodes: NodeCount;
  readonly perNodeLoad: { readonly cameras: bigint; readonly sensors: bigint; readonly busyCores: Q | null; readonly ramBytes: Q | null };
  readonly checks: readonly Check[];
  readonly tiers: readonly TierResult[];
  readonly links: readonly LinkResult[];
  readonly switches: bigint | null;
  readonly subnetPrefixNeeded: number;
  readonly cost: CostResult;
  readonly growth: readonly GrowthYear[];
  readonly assumptions: readonly Assumption[];
  readonly warnings: readonly string[];
  readonly overall: Verdict;
}
