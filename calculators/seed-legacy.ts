// Reproductions of seed formulas, kept only so tests and reports can show what the seed documents
// compute (sizing-model.md G32, G38). Never used for sizing: the corrected model is size-plan.ts.
import { Q, q } from './rational.ts';

/** Hikvision/Dahua "MB per hour": kbps / 8 × 3600 / 1024 (mixes SI and binary units). */
export function hikMBperHour(kbps: Q): Q {
  return kbps.div(8n).mul(3600n).div(1024n);
}

export interface Seed003CostInputs {
  readonly nodes: bigint;
  /** hot + warm TB: the seed's caller passes both into its "warm" parameter (E45). */
  readonly warmTb: Q;
  readonly coldTb: Q;
  /** 30 as written ($/TB charged monthly), or 30/36 when the one-off HDD price is amortised. */
  readonly warmUsdPerTbMonth: Q;
}

/** seed 003 `estimate_monthly_cost`, with the caller's TB supplied (the code's own TB are ≈ 0, E41). */
export function seed003MonthlyCost(i: Seed003CostInputs): Q {
  const server = q(i.nodes * 5000n, 36n);
  const warm = i.warmTb.mul(i.warmUsdPerTbMonth);
  const power = q(i.nodes * 200n).mul(q(12, 100)).mul(24n * 30n).div(1000n);
  const cold = i.coldTb.mul(4n);
  return server.add(warm).add(power).add(q(500n)).add(cold).add(q(3000n));
}
