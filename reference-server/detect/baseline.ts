// Baseline manager, one baseline per location (the original's baseline_manager.py, wired in and
// with the missing reject). The first frame becomes the baseline; a frame whose mean absolute
// difference / 255 exceeds `baselineDiffRatio` starts a candidate; a candidate that persists for
// `baselineCandidatePersistMs` becomes ready; an operator approves (it replaces the baseline) or
// rejects it (nuisance: the baseline stays and the same change does not re-candidate until the
// scene returns to baseline). A ready candidate nobody decides on expires after
// `baselineCandidateTimeoutMs`. Pure: the caller passes time in.
import type { ThermalConfig } from '../config-schema.ts';

export type CandidateState = 'pending' | 'ready';

export interface BaselineCandidate {
  readonly locId: string;
  readonly sinceMs: number;
  readonly state: CandidateState;
  readonly diffRatio: number;
}

interface LocationBaseline {
  baseline: Float64Array;
  candidate: { frame: Float64Array; sinceMs: number; diffRatio: number; readyAtMs: number | null } | null;
  /** Set by reject: suppress candidates until the scene is back within the threshold. */
  suppressed: boolean;
}

export type BaselineEvent = { type: 'candidate-ready'; candidate: BaselineCandidate } | { type: 'candidate-expired'; locId: string };

export class BaselineManager {
  private readonly byLoc = new Map<string, LocationBaseline>();

  constructor(
    private readonly config: ThermalConfig,
    private readonly maxLocations = 10_000,
  ) {}

  /** Feed one frame (values are copied when kept). Returns an event when a candidate became ready or expired. */
  update(locId: string, values: Float64Array, nowMs: number): BaselineEvent | null {
    const entry = this.byLoc.get(locId);
    if (!entry) {
      this.byLoc.set(locId, { baseline: Float64Array.from(values), candidate: null, suppressed: false });
      if (this.byLoc.size > this.maxLocations) this.byLoc.delete(this.byLoc.keys().next().value as string);
      return null;
    }
    const diffRatio = meanAbsDiff(values, entry.baseline) / 255;
    if (diffRatio <= this.config.baselineDiffRatio) {
      entry.candidate = null;
      entry.suppressed = false;
      return null;
    }
    if (entry.suppressed) return null;
    const c = entry.candidate;
    if (!c) {
      entry.candidate = { frame: Float64Array.from(values), sinceMs: nowMs, diffRatio, readyAtMs: null };
      return null;
    }
    c.frame.set(values);
    c.diffRatio = diffRatio;
    if (c.readyAtMs === null && nowMs - c.sinceMs >= this.config.baselineCandidatePersistMs) {
      c.readyAtMs = nowMs;
      return { type: 'candidate-ready', candidate: toPublic(locId, c) };
    }
    if (c.readyAtMs !== null && nowMs - c.readyAtMs >= this.config.baselineCandidateTimeoutMs) {
      entry.candidate = null;
      entry.suppressed = true;
      return { type: 'candidate-expired', locId };
    }
    return null;
  }

  /** Replace the baseline with the ready candidate. False when there is no ready candidate. */
  approve(locId: string): boolean {
    const entry = this.byLoc.get(locId);
    if (!entry?.candidate || entry.candidate.readyAtMs === null) return false;
    entry.baseline = entry.candidate.frame;
    entry.candidate = null;
    return true;
  }

  /** Discard the candidate as a nuisance; the baseline stays. False when there is no candidate. */
  reject(locId: string): boolean {
    const entry = this.byLoc.get(locId);
    if (!entry?.candidate) return false;
    entry.candidate = null;
    entry.suppressed = true;
    return true;
  }

  candidates(): BaselineCandidate[] {
    const out: BaselineCandidate[] = [];
    for (const [locId, e] of this.byLoc) if (e.candidate) out.push(toPublic(locId, e.candidate));
    return out;
  }

  hasBaseline(locId: string): boolean {
    return this.byLoc.has(locId);
  }

  baselineMean(locId: string): number | null {
    const b = this.byLoc.get(locId)?.baseline;
    if (!b) return null;
    let s = 0;
    for (let i = 0; i < b.length; i++) s += b[i] as number;
    return s / b.length;
  }
}

function toPublic(locId: string, c: NonNullable<LocationBaseline['candidate']>): BaselineCandidate {
  return { locId, sinceMs: c.sinceMs, state: c.readyAtMs === null ? 'pending' : 'ready', diffRatio: c.diffRatio };
}

function meanAbsDiff(a: Float64Array, b: Float64Array): number {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs((a[i] as number) - (b[i] as number));
  return n === 0 ? 0 : s / n;
}
