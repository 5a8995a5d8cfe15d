// Per-family counters shared by both bus implementations, so their health() looks the same.
import type { BusFamily } from './types.ts';

export type FamilyCounts = Record<BusFamily, number>;

export function zeroCounts(): FamilyCounts {
  return { sensor: 0, detection: 0, alert: 0 };
}

export function snapshotCounts(c: FamilyCounts): Readonly<FamilyCounts> {
  return Object.freeze({ ...c });
}
