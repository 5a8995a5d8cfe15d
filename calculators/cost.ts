// Power and cost (sizing-model.md §3.3). One-off prices are amortised, never charged monthly (E45).
import { Q, q } from './rational.ts';

/** Energy cost of `watts` for `hours` at `usdPerKWh` (× PUE). */
export function energyUsd(watts: Q, hours: Q, usdPerKWh: Q, pue: Q = q(1n)): Q {
  return watts.mul(pue).mul(hours).mul(usdPerKWh).div(1000n);
}

/** One-off capex spread over `amortMonths`. */
export function amortisedMonthlyUsd(capexUsd: Q, amortMonths: bigint): Q {
  return capexUsd.div(amortMonths);
}

/** Object storage bill for billed bytes at $/TB-month (TB = 10¹² B). */
export function objectMonthlyUsd(billedBytes: Q, pricePerTBMonthUsd: Q): Q {
  return billedBytes.div(10n ** 12n).mul(pricePerTBMonthUsd);
}

/** Minutes of allowed downtime per month at `availability` for a month of `hours`. */
export function downtimeMinutesPerMonth(availability: Q, hours: Q): Q {
  return q(1n).sub(availability).mul(hours).mul(60n);
}
