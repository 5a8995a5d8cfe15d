// Ground truth vs what the server said: each injected incident is matched to the first alert-opened
// event at the same place (sensor locId, or camera) with a cause that detects its kind, raised
// between the injection and the end of the incident plus a grace period. Further openings for an
// already-matched incident with a cause already reported are duplicates (another detecting cause
// corroborates); openings matching no incident are false positives. Pure.
import { CAUSES_DETECTING, type Alert, type InjectedIncident } from '../../protocol/alert.ts';
import type { AlertAccuracy, IncidentOutcome } from '../../protocol/run-result.ts';
import type { ReceivedAlertEvent } from './alert-listener.ts';

export interface MatchOptions {
  /** How long after the incident ends an alert still counts as detecting it. */
  readonly graceMs: number;
  /** Alerts may carry firstSeenMs slightly before our injection stamp (clock read order). */
  readonly earlyToleranceMs: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { graceMs: 10_000, earlyToleranceMs: 1_000 };

export interface MatchResult {
  readonly outcomes: IncidentOutcome[];
  readonly accuracy: AlertAccuracy;
  /** injection → alert received on the stream (ms), one per detected incident. */
  readonly e2eMs: number[];
  /** injection → alert committed by the server (ms). */
  readonly commitMs: number[];
}

function cameraNumber(id: string | undefined): number | undefined {
  if (id === undefined) return undefined;
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

function samePlace(inc: InjectedIncident, alert: Alert): boolean {
  if (inc.locId !== undefined && alert.locId === inc.locId) return true;
  const ic = cameraNumber(inc.cameraId);
  return ic !== undefined && ic === cameraNumber(alert.cameraId);
}

export function matchIncidents(incidents: readonly InjectedIncident[], events: readonly ReceivedAlertEvent[], o: MatchOptions = DEFAULT_MATCH_OPTIONS): MatchResult {
  const opened = events.filter((e) => e.event.type === 'alert-opened') as Array<ReceivedAlertEvent & { event: { type: 'alert-opened'; alert: Alert } }>;
  const ordered = [...incidents].sort((a, b) => a.injectedAtMs - b.injectedAtMs);
  const matchedBy = new Map<string, { alert: Alert; receivedAtMs: number }>();
  const alertIncident = new Map<number, string>();
  let duplicates = 0;
  const causesByIncident = new Map<string, Set<string>>();
  let unmatched = 0;
  opened.forEach((ev, i) => {
    const alert = ev.event.alert;
    const candidates = ordered.filter(
      (inc) =>
        samePlace(inc, alert) &&
        CAUSES_DETECTING[inc.kind].includes(alert.cause) &&
        alert.firstSeenMs >= inc.injectedAtMs - o.earlyToleranceMs &&
        alert.firstSeenMs <= inc.injectedAtMs + inc.durationS * 1000 + o.graceMs,
    );
    const fresh = candidates.find((inc) => !matchedBy.has(inc.id));
    if (fresh) {
      matchedBy.set(fresh.id, { alert, receivedAtMs: ev.receivedAtMs });
      alertIncident.set(i, fresh.id);
    } else if (candidates.length > 0) {
      // The incident is already reported. Another cause (thermal, then critical-temperature as the
      // spot heats up) corroborates it; the same cause again means dedup reopened instead of updating.
      const first = matchedBy.get((candidates[0] as InjectedIncident).id);
      if (first && first.alert.id !== alert.id && first.alert.cause === alert.cause) duplicates++;
      else if (first && first.alert.cause !== alert.cause) {
        const causes = causesByIncident.get((candidates[0] as InjectedIncident).id) ?? new Set([first.alert.cause]);
        if (causes.has(alert.cause)) duplicates++;
        causes.add(alert.cause);
        causesByIncident.set((candidates[0] as InjectedIncident).id, causes);
      }
    } else unmatched++;
  });
  const e2eMs: number[] = [];
  const commitMs: number[] = [];
  const outcomes: IncidentOutcome[] = ordered.map((inc) => {
    const m = matchedBy.get(inc.id);
    const base = { id: inc.id, kind: inc.kind, injectedAtMs: inc.injectedAtMs, detected: m !== undefined, ...(inc.locId !== undefined ? { locId: inc.locId } : {}), ...(inc.cameraId !== undefined ? { cameraId: inc.cameraId } : {}) };
    if (!m) return base;
    const latencyMs = m.receivedAtMs - inc.injectedAtMs;
    e2eMs.push(latencyMs);
    commitMs.push(m.alert.committedMs - inc.injectedAtMs);
    return { ...base, alertId: m.alert.id, alertAtMs: m.receivedAtMs, latencyMs };
  });
  const matched = matchedBy.size;
  return {
    outcomes,
    e2eMs,
    commitMs,
    accuracy: {
      alertsSeen: opened.length,
      matched,
      unmatched,
      duplicates,
      recall: incidents.length === 0 ? null : matched / incidents.length,
      // Precision: share of openings that belong to a real incident (false positives are `unmatched`).
      precision: opened.length === 0 ? null : (opened.length - unmatched) / opened.length,
    },
  };
}
