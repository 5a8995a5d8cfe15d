// Ordinary least squares by the normal equations, in exact rationals. simple-statistics only fits one
// regressor; cores = a + b·cameras + c·sensors needs two, so we solve (XᵀX)β = Xᵀy exactly. Inputs
// are read through their decimal text (0.022 → 22/1000), so G43's intercept 11/1000 comes out exact.
import { Q, ZERO, ONE, sumQ } from './rational.ts';

export interface OlsFit {
  /** Coefficients in column order: intercept first. */
  readonly beta: readonly Q[];
  readonly r2: Q;
  readonly points: number;
  readonly residualSumSquares: Q;
  /** (XᵀX)⁻¹, exact; used for prediction intervals. */
  readonly xtxInverse: readonly (readonly Q[])[];
}

/** Solve A·x = b exactly by Gauss–Jordan; undefined when A is singular. */
export function solveExact(a: readonly (readonly Q[])[], b: readonly Q[]): Q[] | undefined {
  const inv = invertExact(a);
  if (!inv) return undefined;
  return inv.map((row) => sumQ(row.map((v, j) => v.mul(b[j] as Q))));
}

export function invertExact(a: readonly (readonly Q[])[]): Q[][] | undefined {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? ONE : ZERO))]);
  for (let col = 0; col < n; col++) {
    const pivot = m.findIndex((row, i) => i >= col && !(row[col] as Q).isZero());
    if (pivot === -1) return undefined;
    [m[col], m[pivot]] = [m[pivot] as Q[], m[col] as Q[]];
    const prow = m[col] as Q[];
    const p = prow[col] as Q;
    for (let j = 0; j < 2 * n; j++) prow[j] = (prow[j] as Q).div(p);
    for (let i = 0; i < n; i++) {
      if (i === col) continue;
      const row = m[i] as Q[];
      const f = row[col] as Q;
      if (f.isZero()) continue;
      for (let j = 0; j < 2 * n; j++) row[j] = (row[j] as Q).sub(f.mul(prow[j] as Q));
    }
  }
  return m.map((row) => row.slice(n));
}

/** Fit y = β0 + Σ βk·xk. `rows` are the regressors without the intercept column. */
export function olsFit(rows: readonly (readonly Q[])[], y: readonly Q[]): OlsFit | undefined {
  const x = rows.map((r) => [ONE, ...r]);
  const p = x[0]?.length ?? 0;
  if (x.length < p || p === 0) return undefined;
  const xtx = Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => sumQ(x.map((r) => (r[i] as Q).mul(r[j] as Q)))));
  const xty = Array.from({ length: p }, (_, i) => sumQ(x.map((r, k) => (r[i] as Q).mul(y[k] as Q))));
  const xtxInverse = invertExact(xtx);
  if (!xtxInverse) return undefined;
  const beta = xtxInverse.map((row) => sumQ(row.map((v, j) => v.mul(xty[j] as Q))));
  const predict = (r: readonly Q[]) => sumQ(r.map((v, j) => v.mul(beta[j] as Q)));
  const mean = sumQ(y).div(BigInt(y.length));
  const residualSumSquares = sumQ(x.map((r, k) => (y[k] as Q).sub(predict(r)).pow(2)));
  const totalSumSquares = sumQ(y.map((v) => v.sub(mean).pow(2)));
  const r2 = totalSumSquares.isZero() ? ONE : ONE.sub(residualSumSquares.div(totalSumSquares));
  return { beta, r2, points: y.length, residualSumSquares, xtxInverse };
}

// One-sided 95 % Student-t quantiles by degrees of freedom (standard table); above 30 df the 30-df
// value is used, which is slightly conservative (∞ df → 1.645).
const T95_ONE_SIDED = [6.314, 2.92, 2.353, 2.132, 2.015, 1.943, 1.895, 1.86, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746, 1.74, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697];

export function t95OneSided(df: number): number | undefined {
  if (df < 1) return undefined;
  return T95_ONE_SIDED[Math.min(df, 30) - 1];
}

/**
 * Upper one-sided 95 % prediction bound at x0 (regressors without intercept):
 * ŷ0 + t · s · √(1 + x0ᵀ(XᵀX)⁻¹x0). Irrational, so a float; undefined with no residual degrees of freedom.
 */
export function upperPredictionBound(fit: OlsFit, x0: readonly Q[]): number | undefined {
  const v = [ONE, ...x0];
  const df = fit.points - v.length;
  const t = t95OneSided(df);
  if (t === undefined) return undefined;
  const yhat = sumQ(v.map((xi, j) => xi.mul(fit.beta[j] as Q)));
  const s2 = fit.residualSumSquares.div(BigInt(df));
  const lever = sumQ(v.map((xi, i) => sumQ(v.map((xj, j) => xi.mul((fit.xtxInverse[i] as readonly Q[])[j] as Q).mul(xj)))));
  return yhat.toNumber() + t * Math.sqrt(s2.mul(ONE.add(lever)).toNumber());
}
