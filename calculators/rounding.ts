// The rounding policy, stated once (sizing-model.md §3.1). Every rounding in calculators/ goes through
// one of these four names so that a reader can check which rule applies where:
//   things you buy or deploy (nodes, disks, RAID groups, cores, switches, cameras after growth) → ceil
//   capacity per node (cameras one node can take)                                              → floor
//   pass/fail checks                                                          → exact rationals, never rounded
//   display                                                               → half-even, 2 decimals by default
import type { Q } from './rational.ts';

/** Count of things to buy or deploy: never round down a requirement. */
export function buyCount(required: Q): bigint {
  return required.ceil();
}

/** How many units fit into one node's capacity: never promise a fraction that does not fit. */
export function perNodeCapacity(capacity: Q): bigint {
  return capacity.floor();
}

/** Display only: half-even to `digits` decimals. */
export function display(value: Q, digits = 2): string {
  return value.toFixed(digits);
}

/** Display with thousands separators ("16,347.95"). */
export function displayGrouped(value: Q, digits = 2): string {
  const s = display(value, digits);
  const [int = '', frac] = s.split('.');
  const neg = int.startsWith('-');
  const digitsOnly = neg ? int.slice(1) : int;
  const grouped = digitsOnly.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}
