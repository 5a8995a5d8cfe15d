// Run-to-run spread of every compare figure over repeated runs of one build:
//   npx tsx ci/measure-spread.ts runs/<a> runs/<b> runs/<c> ...
// Prints, per figure, min/mean/max, the spread (max − min) / mean and the worst pairwise change
// |b − a| / a, next to the default tolerance and whether a pair of these runs would already trip it.
// This is the measurement behind the default tolerances (docs/ci.md).
import { pathToFileURL } from 'node:url';
import type { RunResult } from '../protocol/run-result.ts';
import { comparableFigures } from '../reports/compare/comparable-metrics.ts';
import { compareRuns } from '../reports/compare/compare-runs.ts';
import { DEFAULT_TOLERANCES } from '../reports/compare/tolerance.ts';
import { loadRunResult } from '../reports/cli.ts';
import { formatNumber } from '../reports/format.ts';

export interface SpreadRow {
  readonly key: string;
  readonly unit: string;
  readonly values: readonly number[];
  readonly mean: number;
  /** (max − min) / mean. */
  readonly spreadRel: number;
  /** Largest |b − a| / |a| over ordered pairs: what a single-baseline compare could see. */
  readonly worstPairRel: number;
}

export function measureSpread(runs: readonly RunResult[]): SpreadRow[] {
  const byKey = new Map<string, { unit: string; values: number[] }>();
  for (const r of runs) for (const f of comparableFigures(r)) {
    const e = byKey.get(f.key) ?? { unit: f.unit, values: [] };
    e.values.push(f.value);
    byKey.set(f.key, e);
  }
  const rows: SpreadRow[] = [];
  for (const [key, { unit, values }] of byKey) {
    if (values.length < 2) continue;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    let worst = 0;
    for (const a of values) for (const b of values) if (a !== 0) worst = Math.max(worst, Math.abs(b - a) / Math.abs(a));
    rows.push({ key, unit, values, mean, spreadRel: mean === 0 ? 0 : (Math.max(...values) - Math.min(...values)) / Math.abs(mean), worstPairRel: worst });
  }
  return rows.sort((x, y) => y.worstPairRel - x.worstPairRel);
}

/** Verdicts of every ordered pair (baseline i, candidate j) with the default tolerances. */
export function pairwiseVerdicts(runs: readonly RunResult[]): Array<{ baseline: string; candidate: string; regressed: string[]; improved: string[] }> {
  const out: Array<{ baseline: string; candidate: string; regressed: string[]; improved: string[] }> = [];
  for (const b of runs) for (const c of runs) {
    if (b === c) continue;
    const cmp = compareRuns([b], [c]);
    out.push({ baseline: b.runId, candidate: c.runId, regressed: cmp.rows.filter((r) => r.verdict === 'regressed').map((r) => r.key), improved: cmp.rows.filter((r) => r.verdict === 'improved').map((r) => r.key) });
  }
  return out;
}

const isEntry = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntry) {
  const runs = process.argv.slice(2).map(loadRunResult);
  process.stdout.write(`runs: ${runs.map((r) => `${r.runId} (${r.environment.gitCommit?.slice(0, 8) ?? '?'})`).join(', ')}\n\n`);
  process.stdout.write('| figure | unit | values | spread (max−min)/mean | worst pair Δ |\n|---|---|---|---|---|\n');
  for (const r of measureSpread(runs)) {
    process.stdout.write(`| ${r.key} | ${r.unit} | ${r.values.map(formatNumber).join(', ')} | ${formatNumber(r.spreadRel * 100)} % | ${formatNumber(r.worstPairRel * 100)} % |\n`);
  }
  const pairs = pairwiseVerdicts(runs);
  const noisy = pairs.filter((p) => p.regressed.length > 0 || p.improved.length > 0);
  process.stdout.write(`\npairwise compares with default tolerances (${Object.entries(DEFAULT_TOLERANCES).map(([k, v]) => `${k} ±${v.relative * 100}%`).join(', ')}): ${pairs.length - noisy.length}/${pairs.length} quiet\n`);
  for (const p of noisy) process.stdout.write(`  ${p.baseline} → ${p.candidate}: regressed [${p.regressed.join(', ')}] improved [${p.improved.join(', ')}]\n`);
}
