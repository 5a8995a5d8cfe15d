// Node counts and redundancy (sizing-model.md §3.3): active = ceil(cameras / camsPerNode), standby by
// policy (N+k, ratio, spread), and a survivability check: after losing the tolerated number of nodes,
// no surviving node may exceed its hard camera limit.
import { Q, q } from './rational.ts';
import { buyCount } from './rounding.ts';

export type Redundancy =
  | { readonly policy: 'N+k'; readonly k: bigint }
  | { readonly policy: 'ratio'; readonly ratio: Q }
  | { readonly policy: 'spread'; readonly failuresTolerated: bigint };

export interface NodeCount {
  readonly active: bigint;
  readonly standby: bigint;
  readonly total: bigint;
  /** Node failures the layout is meant to survive. */
  readonly failuresTolerated: bigint;
  readonly survivable: boolean;
  /** Cameras per surviving node after the tolerated failures (exact), vs the hard limit. */
  readonly camerasPerSurvivorAfterFailures: Q;
  readonly hardLimitPerNode: bigint;
}

export function recordingNodes(cameras: bigint, camsPerNode: bigint, redundancy: Redundancy, hardLimitPerNode: bigint = camsPerNode): NodeCount {
  const active = cameras === 0n ? 0n : buyCount(q(cameras, camsPerNode));
  let standby: bigint;
  let failuresTolerated: bigint;
  switch (redundancy.policy) {
    case 'N+k':
      standby = redundancy.k;
      failuresTolerated = redundancy.k;
      break;
    case 'ratio':
      standby = buyCount(redundancy.ratio.mul(active));
      failuresTolerated = standby;
      break;
    case 'spread':
      standby = redundancy.failuresTolerated;
      failuresTolerated = redundancy.failuresTolerated;
      break;
  }
  const total = active + standby;
  const survivors = total - failuresTolerated;
  const perSurvivor = survivors > 0n ? q(cameras, survivors) : q(cameras);
  const survivable = survivors > 0n ? perSurvivor.le(hardLimitPerNode) : cameras === 0n;
  return { active, standby, total, failuresTolerated, survivable, camerasPerSurvivorAfterFailures: perSurvivor, hardLimitPerNode };
}
