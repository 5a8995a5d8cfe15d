// When a figure's delta may decide the verdict, and when it is only shown. Each rule comes from
// measured run-to-run spread on a shared 2-core machine (docs/ci.md, "Choosing the tolerance"):
// - percentiles resting on few samples are sampling noise;
// - when the load generator itself ran late (the machine was contended), latencies and throughput
//   describe the machine, not the build; CPU per unit of work, RSS and drops are still judged;
// - end-to-end latencies measured through a client's event loop (HTTP API, alert stream, send→fused)
//   moved 3× between back-to-back runs, and so did P99 of a 1-minute run, so they are judged only
//   against ≥ 3 baseline repeats, where the t test measures their spread instead of guessing it;
// - the maximum (one sample) and the sender's own lateness are never judged unless asked.
import { findMetric, RUN_METRICS, type RunResult } from '../../protocol/run-result.ts';
import type { ComparableFigure } from './comparable-metrics.ts';
import type { Tolerance } from './tolerance.ts';

export const MIN_TAIL_SAMPLES = 5;
export const MIN_TREND_SAMPLES = 100;
/** Sender lateness P50 above this means the load generator did not get the CPU on time… */
export const CONTENDED_SENDER_P50_MS = 2;
/** …and so does a P95 above this (quiet runs measured ≤ 52 ms; every run with P95 ≥ 70 ms had inflated latencies). */
export const CONTENDED_SENDER_P95_MS = 60;
/** Baseline runs needed before noisy figures (end-to-end latency, P99) are judged. */
export const MIN_REPEATS = 3;

export interface Contended {
  readonly runId: string;
  readonly senderLatenessP50Ms: number;
  readonly senderLatenessP95Ms: number;
}

export function contendedRuns(runs: readonly RunResult[]): Contended[] {
  const out: Contended[] = [];
  for (const r of runs) {
    const m = findMetric(r, RUN_METRICS.sensorSendLatenessMs);
    const p50 = m?.med ?? 0;
    const p95 = m?.p95 ?? 0;
    if (p50 > CONTENDED_SENDER_P50_MS || p95 > CONTENDED_SENDER_P95_MS) out.push({ runId: r.runId, senderLatenessP50Ms: p50, senderLatenessP95Ms: p95 });
  }
  return out;
}

export function describeContended(c: Contended): string {
  return `sender lateness P50 ${c.senderLatenessP50Ms.toFixed(1)} ms, P95 ${c.senderLatenessP95Ms.toFixed(0)} ms in ${c.runId}`;
}

export interface PolicyContext {
  readonly baselineRuns: number;
  readonly contended: readonly Contended[];
}

/** The verdict a rule imposes, or undefined when the tolerance (and t test) decide. */
export function policyVerdict(figs: readonly ComparableFigure[], tolerance: Tolerance, ctx: PolicyContext): { verdict: 'not-comparable' | 'informational'; note: string } | undefined {
  const fig = figs[0];
  if (!fig) return undefined;
  const tail = Math.min(...figs.map((f) => f.tailSamples ?? Number.POSITIVE_INFINITY));
  const count = Math.min(...figs.map((f) => f.samples ?? Number.POSITIVE_INFINITY));
  if (count < MIN_TREND_SAMPLES) return { verdict: 'not-comparable', note: `too few samples to judge: ${count} samples (need ≥ ${MIN_TREND_SAMPLES})` };
  if (tail < MIN_TAIL_SAMPLES) return { verdict: 'not-comparable', note: `too few samples to judge: ${tail.toFixed(1)} samples beyond this percentile (need ≥ ${MIN_TAIL_SAMPLES})` };
  const timingSensitive = ['p50', 'p95', 'p99', 'max', 'throughput'].includes(fig.cls);
  if (timingSensitive && ctx.contended.length > 0) {
    return { verdict: 'not-comparable', note: `machine contended (${ctx.contended.map(describeContended).join('; ')})` };
  }
  if (fig.informational) return { verdict: 'informational', note: fig.informational };
  if (tolerance.judged === 'never') return { verdict: 'informational', note: `${fig.cls} is shown, not judged (pass --tolerance ${fig.cls}=<value> to judge it)` };
  if (ctx.baselineRuns < MIN_REPEATS) {
    if (fig.endToEnd) return { verdict: 'informational', note: `end-to-end latency: judged only against ≥ ${MIN_REPEATS} baseline repeats (it moves several-fold between runs on a shared machine)` };
    if (tolerance.judged === 'with-repeats') return { verdict: 'informational', note: `${fig.cls}: judged only against ≥ ${MIN_REPEATS} baseline repeats (pass --tolerance ${fig.cls}=<value> to judge it anyway)` };
  }
  return undefined;
}
