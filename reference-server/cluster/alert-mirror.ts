// The api role's wiring: every alert any node committed (the deduplicated EMBER_ALERT stream, read
// through a durable consumer so a restarted api resumes where it stopped) goes into this process's
// alert hub → its store → its /api/alerts and live stream. A second line of dedup on top of
// JetStream's: at most one open alert per (location, cause) cluster-wide, so an alert re-raised by
// the survivor after a failover (possibly in a new dedup time bucket) updates the open one.
import type { Alert } from '../../protocol/alert.ts';
import type { AlertChange, ProposedAlert } from '../fuse/alert-tracker.ts';
import type { AlertEvent, Bus, BusSubscription } from '../bus/types.ts';

export interface AlertMirrorStats {
  received: number;
  mergedOpens: number;
}

export interface AlertMirror {
  readonly stats: Readonly<AlertMirrorStats>;
  readonly ready: Promise<void>;
  close(): void;
}

function toProposed(a: Alert, id: string): ProposedAlert {
  return {
    id,
    locId: a.locId,
    cause: a.cause,
    level: a.level,
    reason: a.reason,
    confidence: a.confidence,
    sources: a.sources,
    firstSeenMs: a.firstSeenMs,
    lastSeenMs: a.lastSeenMs,
    updateCount: a.updateCount,
    ...(a.sourceSentUs !== undefined && { sourceSentUs: a.sourceSentUs }),
    ...(a.cameraId !== undefined && { cameraId: a.cameraId }),
    ...(a.thermalMaxC !== undefined && { thermalMaxC: a.thermalMaxC }),
  };
}

/** Pure merge step, exported for tests: maps one bus alert event to the change the api commits. */
export class OpenAlertMerger {
  readonly #openByKey = new Map<string, string>();
  readonly #canonicalOf = new Map<string, string>();
  merged = 0;

  apply(ev: AlertEvent, nowMs: number): AlertChange {
    const a = ev.alert;
    const key = `${a.cause}\u0000${a.locId}`;
    const open = this.#openByKey.get(key);
    let canonical = this.#canonicalOf.get(a.id) ?? open;
    if (ev.type === 'alert-opened' && open !== undefined && open !== a.id) this.merged++;
    if (canonical === undefined) {
      canonical = a.id;
      this.#openByKey.set(key, canonical);
    }
    this.#canonicalOf.set(a.id, canonical);
    if (ev.type === 'alert-closed') {
      this.#openByKey.delete(key);
      return { type: 'alert-closed', alert: { ...toProposed(a, canonical), closedMs: nowMs } };
    }
    this.#openByKey.set(key, canonical);
    const type = canonical === a.id && ev.type === 'alert-opened' ? 'alert-opened' : 'alert-updated';
    return { type, alert: toProposed(a, canonical) };
  }
}

export function attachAlertMirror(bus: Bus, sink: { enqueue(changes: readonly AlertChange[]): void }, durableName: string, clock: () => number = Date.now): AlertMirror {
  const merger = new OpenAlertMerger();
  const stats: AlertMirrorStats = { received: 0, mergedOpens: 0 };
  const sub: BusSubscription = bus.subscribe(
    'alert',
    (m) => {
      stats.received++;
      sink.enqueue([merger.apply(m.data, clock())]);
      stats.mergedOpens = merger.merged;
    },
    { durable: durableName },
  );
  return { stats, ready: sub.ready, close: () => sub.unsubscribe() };
}
