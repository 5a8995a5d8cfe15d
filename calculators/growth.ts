// Growth: exact compounding, then ceil because cameras after growth are deployed (G04, G09).
import { Q, q } from './rational.ts';
import { buyCount } from './rounding.ts';

export function grownCount(base: bigint, ratePerYear: Q, years: number): bigint {
  return buyCount(q(base).mul(q(1n).add(ratePerYear).pow(years)));
}
