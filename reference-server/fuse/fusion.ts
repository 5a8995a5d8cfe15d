// Fusion with time. Each location keeps the freshest reading of every source; a reading counts
// while it is younger than `windowMs`, so a flame sensor line and a thermal frame that arrive in
// separate packets correlate (the original fuses each packet alone, so Flame+Thermal and
// Vision+Sensor can never fire there). Pure apart from the injected clock and id generator:
// tests drive time by hand. Alert changes go to `onChanges` (the store commits them, then the
// live stream publishes them) and are also returned for direct callers.
import type { FusionConfig } from '../config-schema.ts';
import { AlertTracker, type AlertChange, type ProposedAlert } from './alert-tracker.ts';
import { FloodDetector } from './flood.ts';
import { evaluateRules, type RuleResult, type WindowEvidence } from './rules.ts';

interface Reading<T> {
  value: T;
  atMs: number;
}

interface LocationState {
  thermal: Reading<{ maxC: number; hotCellCount: number }> | null;
  smoke: Reading<number | null> | null;
  flame: Reading<{ pct: number | null; digital: number | null }> | null;
  vision: Reading<{ score: number; cameraId: string }> | null;
  gas: Reading<number> | null;
  lastSeenMs: number;
  /** Value of the engine's order counter when this entry last moved to the back. */
  orderSeq: number;
}

export interface FusionDeps {
  readonly clock: () => number;
  readonly newId: () => string;
  readonly onChanges?: (changes: readonly AlertChange[]) => void;
}

export interface FusionOutcome {
  readonly result: RuleResult;
  readonly changes: readonly AlertChange[];
}

export interface ThermalInput {
  readonly locId: string;
  readonly maxC: number;
  readonly hotCellCount: number;
  readonly atMs?: number;
  readonly sentUs?: number | null;
}
export interface SensorInput {
  readonly locId: string;
  readonly smokePct: number | null;
  readonly flamePct: number | null;
  readonly flameDigital: number | null;
  readonly gasPpm?: number | null;
  readonly atMs?: number;
  readonly sentUs?: number | null;
}
export interface VisionInput {
  readonly locId: string;
  readonly cameraId: string;
  readonly score: number;
  readonly atMs: number;
}

export interface LocationSnapshot {
  readonly locId: string;
  readonly lastSeenMs: number;
  readonly thermalMaxC: number | null;
  readonly hotCellCount: number | null;
  readonly smokePct: number | null;
  readonly flamePct: number | null;
  readonly flameDigital: number | null;
  readonly visionScore: number | null;
}

const NO_CHANGES: readonly AlertChange[] = [];

export class FusionEngine {
  private readonly locations = new Map<string, LocationState>();
  private orderSeq = 0;
  private readonly tracker: AlertTracker;
  private readonly flood: FloodDetector;

  constructor(
    private readonly cfg: FusionConfig,
    private readonly deps: FusionDeps,
  ) {
    this.tracker = new AlertTracker(cfg, deps.newId);
    this.flood = new FloodDetector(cfg);
  }

  get debounceActive(): boolean {
    return this.flood.active;
  }
  get openAlertCount(): number {
    return this.tracker.openCount;
  }
  openAlerts(): ProposedAlert[] {
    return this.tracker.openAlerts();
  }

  private state(locId: string, nowMs: number): LocationState {
    let s = this.locations.get(locId);
    if (s) {
      // LRU in O(1): the Map's insertion order is the recency order. A touched location moves to the
      // back once it has drifted a quarter of the way to the front (counted in inserts/moves), so an
      // active location never reaches the front, and most packets pay no Map re-insertion.
      if (this.orderSeq - s.orderSeq > this.cfg.maxLocations / 4) {
        this.locations.delete(locId);
        this.locations.set(locId, s);
        s.orderSeq = ++this.orderSeq;
      }
      s.lastSeenMs = nowMs;
      return s;
    }
    s = { thermal: null, smoke: null, flame: null, vision: null, gas: null, lastSeenMs: nowMs, orderSeq: ++this.orderSeq };
    this.locations.set(locId, s);
    // Bounded memory under garbage loc_ids: forget the least recently seen location.
    if (this.locations.size > this.cfg.maxLocations) this.locations.delete(this.locations.keys().next().value as string);
    return s;
  }

  ingestThermal(input: ThermalInput): FusionOutcome {
    const now = this.deps.clock();
    const s = this.state(input.locId, now);
    // Readings are updated in place: no allocation per packet on the hot path.
    const at = input.atMs ?? now;
    if (s.thermal) (s.thermal.value.maxC = input.maxC), (s.thermal.value.hotCellCount = input.hotCellCount), (s.thermal.atMs = at);
    else s.thermal = { value: { maxC: input.maxC, hotCellCount: input.hotCellCount }, atMs: at };
    return this.evaluate(input.locId, s, now, at, input.sentUs ?? null, null);
  }

  ingestSensor(input: SensorInput): FusionOutcome {
    const now = this.deps.clock();
    const at = input.atMs ?? now;
    const s = this.state(input.locId, now);
    if (s.smoke) (s.smoke.value = input.smokePct), (s.smoke.atMs = at);
    else s.smoke = { value: input.smokePct, atMs: at };
    if (s.flame) (s.flame.value.pct = input.flamePct), (s.flame.value.digital = input.flameDigital), (s.flame.atMs = at);
    else s.flame = { value: { pct: input.flamePct, digital: input.flameDigital }, atMs: at };
    if (input.gasPpm !== undefined && input.gasPpm !== null) s.gas = { value: input.gasPpm, atMs: at };
    return this.evaluate(input.locId, s, now, at, input.sentUs ?? null, null);
  }

  /** The camera path's entry point: one vision score for the camera's location. */
  ingestVision(input: VisionInput): FusionOutcome {
    const now = this.deps.clock();
    const s = this.state(input.locId, now);
    s.vision = { value: { score: input.score, cameraId: input.cameraId }, atMs: input.atMs };
    return this.evaluate(input.locId, s, now, input.atMs, null, input.cameraId);
  }

  /** Periodic housekeeping: close quiet alerts, let the flood trigger turn off. */
  tick(): readonly AlertChange[] {
    const now = this.deps.clock();
    this.flood.evaluate(now);
    const changes = this.tracker.closeQuiet(now);
    if (changes.length > 0) this.deps.onChanges?.(changes);
    return changes;
  }

  private fresh(atMs: number, now: number): boolean {
    return now - atMs <= this.cfg.windowMs;
  }

  private evaluate(locId: string, s: LocationState, now: number, evidenceAtMs: number, sentUs: number | null, cameraId: string | null): FusionOutcome {
    const ev: WindowEvidence = {
      thermalMaxC: s.thermal && this.fresh(s.thermal.atMs, now) ? s.thermal.value.maxC : null,
      hotCellCount: s.thermal && this.fresh(s.thermal.atMs, now) ? s.thermal.value.hotCellCount : 0,
      smokePct: s.smoke && this.fresh(s.smoke.atMs, now) ? s.smoke.value : null,
      flamePct: s.flame && this.fresh(s.flame.atMs, now) ? s.flame.value.pct : null,
      flameDigital: s.flame && this.fresh(s.flame.atMs, now) ? s.flame.value.digital : null,
      visionScore: s.vision && this.fresh(s.vision.atMs, now) ? s.vision.value.score : null,
      gasPpm: s.gas && this.fresh(s.gas.atMs, now) ? s.gas.value : null,
    };
    const result = evaluateRules(ev, this.cfg);
    if (result.firings.length === 0) return { result, changes: NO_CHANGES };
    const camera = cameraId ?? (s.vision && ev.visionScore !== null ? s.vision.value.cameraId : null);
    const changes: AlertChange[] = [];
    for (const f of result.firings) {
      const change = this.tracker.fire(
        locId,
        f.cause,
        { level: f.level, reason: f.reason, confidence: result.confidence, sources: result.sources, evidenceAtMs, sourceSentUs: sentUs, cameraId: f.cause.startsWith('vision') ? camera : null, thermalMaxC: ev.thermalMaxC },
        now,
        this.flood.active,
      );
      if (!change) continue;
      if (change.type === 'alert-opened') this.flood.recordOpen(now);
      changes.push(change);
    }
    if (changes.length > 0) this.deps.onChanges?.(changes);
    return { result, changes };
  }

  snapshot(locId: string): LocationSnapshot | null {
    const s = this.locations.get(locId);
    return s ? toSnapshot(locId, s) : null;
  }

  snapshots(limit = 10_000): LocationSnapshot[] {
    const out: LocationSnapshot[] = [];
    for (const [locId, s] of this.locations) {
      if (out.length >= limit) break;
      out.push(toSnapshot(locId, s));
    }
    return out;
  }
}

function toSnapshot(locId: string, s: LocationState): LocationSnapshot {
  return {
    locId,
    lastSeenMs: s.lastSeenMs,
    thermalMaxC: s.thermal?.value.maxC ?? null,
    hotCellCount: s.thermal?.value.hotCellCount ?? null,
    smokePct: s.smoke?.value ?? null,
    flamePct: s.flame?.value.pct ?? null,
    flameDigital: s.flame?.value.digital ?? null,
    visionScore: s.vision?.value.score ?? null,
  };
}
