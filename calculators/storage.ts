// Storage formulas (sizing-model.md §3.3): recorded bytes per camera-day, age-band tiers, RAID layout,
// object billing, the inverse "days for capacity", per-drive workload and rebuild time.
import { Q, q, ZERO } from './rational.ts';
import { buyCount } from './rounding.ts';
import { SECONDS_PER_DAY, SECONDS_PER_YEAR } from './units.ts';

/** Bytes recorded per day by `cameras` at `bitrateBps` for a fraction `duty` of the day. */
export function bytesPerDay(cameras: bigint, bitrateBps: Q, duty: Q): Q {
  return bitrateBps.mul(cameras).mul(duty).mul(SECONDS_PER_DAY).div(8n);
}

/** Bit rate from an average frame size (JVSG, Canon): frame bytes × fps × 8. */
export function bitrateFromFrameBytes(frameBytes: Q, fps: Q): Q {
  return frameBytes.mul(fps).mul(8n);
}

/** Bytes held by an age band [fromDay, toDay) after transcoding. */
export function bandBytes(dailyBytes: Q, fromDay: Q, toDay: Q, transcodeFactor: Q): Q {
  return dailyBytes.mul(toDay.sub(fromDay)).mul(transcodeFactor);
}

export type Parity = 0n | 1n | 2n | 3n | 'mirror';

/** Usable bytes of one RAID group: (g − p) × disk, or g/2 × disk for mirrors (RAID1/RAID10). */
export function raidGroupUsable(groupSize: bigint, parity: Parity, diskBytes: Q): Q {
  if (parity === 'mirror') return diskBytes.mul(q(groupSize, 2n));
  return diskBytes.mul(groupSize - parity);
}

export interface RaidLayout {
  readonly usableNeededBytes: Q;
  readonly perGroupUsableBytes: Q;
  readonly groups: bigint;
  readonly disks: bigint;
  readonly hotSpares: bigint;
  readonly rawBytes: Q;
  readonly usableBytes: Q;
  /** dataBytes / usable provisioned: must stay ≤ fillTarget (it does by construction). */
  readonly actualFill: Q;
}

/** Smallest RAID build holding `dataBytes` at `fillTarget`: groups are bought, so ceil. */
export function raidLayout(dataBytes: Q, diskBytes: Q, groupSize: bigint, parity: Parity, fillTarget: Q, hotSpares: bigint): RaidLayout {
  const usableNeededBytes = dataBytes.div(fillTarget);
  const perGroupUsableBytes = raidGroupUsable(groupSize, parity, diskBytes);
  const groups = buyCount(usableNeededBytes.div(perGroupUsableBytes));
  const disks = groups * groupSize + hotSpares;
  const usableBytes = perGroupUsableBytes.mul(groups);
  return {
    usableNeededBytes,
    perGroupUsableBytes,
    groups,
    disks,
    hotSpares,
    rawBytes: diskBytes.mul(disks),
    usableBytes,
    actualFill: usableBytes.isZero() ? ZERO : dataBytes.div(usableBytes),
  };
}

/** Object storage bills every replica. */
export function objectBilledBytes(dataBytes: Q, replication: Q): Q {
  return dataBytes.mul(replication);
}

/** Inverse sizing ("by size"): days of recording a capacity holds at a fill target. */
export function daysForCapacity(capacityBytes: Q, cameras: bigint, bitrateBps: Q, duty: Q, fillTarget: Q = q(1n)): Q {
  return capacityBytes.mul(fillTarget).div(bytesPerDay(cameras, bitrateBps, duty));
}

/** Data written per year to each drive of a RAID group (full-stripe writes: × g/(g−p), spread over g). */
export function perDriveWriteBytesPerYear(ingestBytesPerS: Q, groupSize: bigint, parity: Parity): Q {
  const amplification = parity === 'mirror' ? q(2n) : q(groupSize, groupSize - parity);
  return ingestBytesPerS.mul(SECONDS_PER_YEAR).mul(amplification).div(groupSize);
}

/** Sustained rate needed to rebuild one disk within `hours`. */
export function rebuildRateBytesPerS(diskBytes: Q, hours: Q): Q {
  return diskBytes.div(hours.mul(3600n));
}
