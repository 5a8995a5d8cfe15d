// Calculator speed: how long one full sizing (with a 3-year growth rerun) and one calibration fit take,
// so architects can iterate on plans interactively. Method: wall time with performance.now() over
// repeated calls after a warm-up, median of the per-call times. No target is set by the brief; the
// ratio is printed against an interactive budget of 100 ms per call (emberload's own choice).
// Usage: npm run bench -- calculators   (ITER=200 to change the repetitions)
import { readFileSync, readdirSync } from 'node:fs';
import { parsePlan } from '../calculators/plan-parse.ts';
import { sizePlan } from '../calculators/size-plan.ts';
import { renderSizingMarkdown } from '../calculators/report-md.ts';
import { calibrate } from '../calculators/calibrate.ts';
import { makeRun } from '../test/calculators/run-fixtures.ts';

const ITER = Number(process.env['ITER'] ?? 200);
const BUDGET_MS = 100;

function medianMs(fn: () => void): number {
  for (let i = 0; i < 10; i++) fn();
  const times: number[] = [];
  const deadline = performance.now() + 15_000;
  for (let i = 0; i < ITER && performance.now() < deadline; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

const dir = new URL('../calculators/plans/', import.meta.url);
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const raw = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as unknown;
  const ms = medianMs(() => {
    const plan = parsePlan(raw, file);
    renderSizingMarkdown(sizePlan(plan), plan);
  });
  process.stdout.write(`size+report ${file.padEnd(32)} median ${ms.toFixed(3)} ms/call (parse + size + growth + Markdown; ${(ms / BUDGET_MS).toFixed(4)} × the 100 ms budget)\n`);
}

const runs = Array.from({ length: 30 }, (_, i) => makeRun({ runId: `b${i}`, cameras: 1 + (i % 10) * 3, sensors: 10 + Math.floor(i / 3) * 20, cpuAvg: 0.05 + 0.004 * (1 + (i % 10) * 3) + 0.0001 * (10 + Math.floor(i / 3) * 20) + ((i * 7919) % 13) / 10_000, rssMax: 6e7 + i * 1e6 }));
const inputs = runs.map((result) => ({ source: result.runId, result }));
const fitMs = medianMs(() => calibrate(inputs, 'bench'));
process.stdout.write(`calibrate 30 runs (2 regressors, exact normal equations) median ${fitMs.toFixed(3)} ms/call (${(fitMs / BUDGET_MS).toFixed(4)} × the 100 ms budget)\n`);
