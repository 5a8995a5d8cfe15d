// Dedup and debounce of alerts: at most one open alert per (location, cause). A cause that keeps
// firing updates its open alert (re-announced at most every `updateIntervalMs`), never opens a
// second one; an alert with no new evidence for `quietCloseMs` closes. While the flood trigger is
// on, a cause must keep firing for `debounceMs` before its alert opens. Pure: time is passed in.
import type { AlertCause, AlertLevel, DetectionSource } from '../../protocol/alert.ts';
import type { FusionConfig } from '../config-schema.ts';

/** An alert as fusion proposes it; `committedMs` is added by the store once it is durable. */
export interface ProposedAlert {
  readonly id: string;
  readonly locId: string;
  readonly cause: AlertCause;
  level: AlertLevel;
  reason: string;
  confidence: number;
  sources: readonly DetectionSource[];
  readonly firstSeenMs: number;
  lastSeenMs: number;
  updateCount: number;
  sourceSentUs?: number;
  cameraId?: string;
  thermalMaxC?: number;
  closedMs?: number;
}

export type AlertChangeType = 'alert-opened' | 'alert-updated' | 'alert-closed';
export interface AlertChange {
  readonly type: AlertChangeType;
  readonly alert: Readonly<ProposedAlert>;
}

export interface FiringDetails {
  readonly level: AlertLevel;
  readonly reason: string;
  readonly confidence: number;
  readonly sources: readonly DetectionSource[];
  readonly evidenceAtMs: number;
  readonly sourceSentUs: number | null;
  readonly cameraId: string | null;
  readonly thermalMaxC: number | null;
}

interface Tracked {
  alert: ProposedAlert;
  lastAnnouncedMs: number;
}

const key = (locId: string, cause: AlertCause): string => `${cause}\u0000${locId}`;

export class AlertTracker {
  private readonly open = new Map<string, Tracked>();
  private readonly pendingSince = new Map<string, number>();

  constructor(
    private readonly cfg: FusionConfig,
    private readonly newId: () => string,
  ) {}

  get openCount(): number {
    return this.open.size;
  }

  openAlerts(): ProposedAlert[] {
    return [...this.open.values()].map((t) => t.alert);
  }

  /** A cause fired at `nowMs`. Returns the change to publish, or null (deduplicated / debouncing). */
  fire(locId: string, cause: AlertCause, d: FiringDetails, nowMs: number, debounce: boolean): AlertChange | null {
    const k = key(locId, cause);
    const tracked = this.open.get(k);
    if (tracked) {
      const a = tracked.alert;
      const escalated = rank(d.level) > rank(a.level);
      a.lastSeenMs = nowMs;
      a.updateCount++;
      a.reason = d.reason;
      a.confidence = Math.max(a.confidence, Math.min(1, d.confidence));
      a.sources = d.sources;
      if (escalated) a.level = d.level;
      if (d.thermalMaxC !== null) a.thermalMaxC = Math.max(a.thermalMaxC ?? -Infinity, d.thermalMaxC);
      if (escalated || nowMs - tracked.lastAnnouncedMs >= this.cfg.updateIntervalMs) {
        tracked.lastAnnouncedMs = nowMs;
        return { type: 'alert-updated', alert: { ...a } };
      }
      return null;
    }
    if (debounce && this.cfg.debounceMs > 0) {
      const since = this.pendingSince.get(k);
      if (since === undefined) {
        this.pendingSince.set(k, nowMs);
        return null;
      }
      if (nowMs - since < this.cfg.debounceMs) return null;
    }
    this.pendingSince.delete(k);
    const alert: ProposedAlert = {
      id: this.newId(),
      locId,
      cause,
      level: d.level,
      reason: d.reason,
      confidence: Math.min(1, d.confidence),
      sources: d.sources,
      firstSeenMs: Math.min(d.evidenceAtMs, nowMs),
      lastSeenMs: nowMs,
      updateCount: 0,
    };
    if (d.sourceSentUs !== null) alert.sourceSentUs = d.sourceSentUs;
    if (d.cameraId !== null) alert.cameraId = d.cameraId;
    if (d.thermalMaxC !== null) alert.thermalMaxC = d.thermalMaxC;
    this.open.set(k, { alert, lastAnnouncedMs: nowMs });
    return { type: 'alert-opened', alert: { ...alert } };
  }

  /** Close every alert quiet for `quietCloseMs`; forget stale debounce entries. */
  closeQuiet(nowMs: number): AlertChange[] {
    const out: AlertChange[] = [];
    for (const [k, t] of this.open) {
      if (nowMs - t.alert.lastSeenMs >= this.cfg.quietCloseMs) {
        this.open.delete(k);
        t.alert.closedMs = nowMs;
        out.push({ type: 'alert-closed', alert: { ...t.alert } });
      }
    }
    for (const [k, since] of this.pendingSince) if (nowMs - since > this.cfg.windowMs + this.cfg.debounceMs) this.pendingSince.delete(k);
    return out;
  }
}

function rank(level: AlertLevel): number {
  return level === 'critical' ? 2 : level === 'warning' ? 1 : 0;
}
