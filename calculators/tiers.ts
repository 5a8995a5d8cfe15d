// Per-tier storage: bytes held by each age band (or full copy), its media layout and its cost.
import { Q, q, ZERO, sumQ } from './rational.ts';
import { bandBytes, bytesPerDay, objectBilledBytes, raidGroupUsable, raidLayout } from './storage.ts';
import { amortisedMonthlyUsd, objectMonthlyUsd } from './cost.ts';
import { SECONDS_PER_DAY, TB } from './units.ts';
import type { CameraGroup, Plan, Tier } from './plan-types.ts';
import type { TierResult } from './size-types.ts';

/** Bytes per day recorded for a tier's keep class over all camera groups, after transcoding. */
export function tierDailyBytes(cameras: readonly CameraGroup[], tier: Tier): Q {
  return sumQ(cameras.map((g) => bytesPerDay(g.count, g.bitrateBps, g.duty[tier.keep]))).mul(tier.transcodeFactor);
}

export function tierBytes(cameras: readonly CameraGroup[], tier: Tier): Q {
  const from = tier.copyFromIngest ? ZERO : tier.fromDay;
  return bandBytes(tierDailyBytes(cameras, tier), from, tier.toDay, q(1n));
}

export function sizeTier(plan: Plan, tier: Tier, totalNodes: bigint): TierResult {
  const dataBytes = tierBytes(plan.cameras, tier);
  const writeBytesPerS = tierDailyBytes(plan.cameras, tier).div(SECONDS_PER_DAY);
  const base = { name: tier.name, fromDay: tier.copyFromIngest ? ZERO : tier.fromDay, toDay: tier.toDay, keep: tier.keep, copyFromIngest: tier.copyFromIngest, mediaKind: tier.media.kind, dataBytes, writeBytesPerS };
  const m = tier.media;
  if (m.kind === 'raid') {
    const raid = raidLayout(dataBytes, m.diskBytes, m.groupSize, m.parity, m.fillTarget, m.hotSpares);
    // Disks are a one-off purchase priced per raw TB, amortised like the servers (E45).
    const capexUsd = raid.rawBytes.div(TB).mul(m.capexPerTBUsd);
    return { ...base, raid, capexUsd, monthlyUsd: amortisedMonthlyUsd(capexUsd, plan.cost.amortMonths) };
  }
  if (m.kind === 'object') {
    const billed = objectBilledBytes(dataBytes, m.replication);
    return { ...base, objectBilledBytes: billed, capexUsd: ZERO, monthlyUsd: objectMonthlyUsd(billed, m.pricePerTBMonthUsd) };
  }
  const perNode = m.diskBytes && m.groupSize !== undefined && m.parity !== undefined ? raidGroupUsable(m.groupSize, m.parity, m.diskBytes) : null;
  // In-node disks are part of the node's price; every node (standby too) carries them.
  return { ...base, inNodeUsableBytes: perNode === null ? null : perNode.mul(totalNodes), capexUsd: ZERO, monthlyUsd: ZERO };
}
