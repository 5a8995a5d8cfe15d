// Between fusion and the outside world: alert changes proposed by fusion are committed to the
// store in one transaction per synchronous processing batch (group commit, scheduled as a
// microtask so a batch of packets pays one fsync), and only then published to live subscribers
// (SSE clients, plug-ins). A change that failed to commit is never published.
// Openings and closings commit at once (they carry the alert latency); `alert-updated` changes are
// held and committed together once per housekeeping tick (flushDeferred), so many open alerts
// being refreshed cost one fsync per second instead of one per packet batch. Order is kept: any
// held updates are committed ahead of the next opening/closing.
import type { Alert, AlertStreamEvent } from '../../protocol/alert.ts';
import type { AlertChange } from '../fuse/alert-tracker.ts';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from '../metrics.ts';
import type { AlertStore } from '../store/alert-store.ts';

export type AlertListener = (event: AlertStreamEvent) => void;

export class AlertHub {
  private pending: AlertChange[] = [];
  private deferred: AlertChange[] = [];
  private scheduled = false;
  private readonly listeners = new Set<AlertListener>();
  commitFailures = 0;

  constructor(
    private readonly store: AlertStore,
    private readonly metrics: ServerMetrics,
    private readonly clock: () => number,
    private readonly log: Logger,
    private readonly openCount: () => number,
  ) {}

  /** Fusion's onChanges sink. */
  enqueue(changes: readonly AlertChange[]): void {
    let urgent = false;
    for (const c of changes) {
      if (c.type === 'alert-updated') {
        this.deferred.push(c);
        continue;
      }
      if (this.deferred.length > 0) {
        for (const d of this.deferred) this.pending.push(d);
        this.deferred = [];
      }
      this.pending.push(c);
      urgent = true;
    }
    if (urgent && !this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Commit held `alert-updated` changes (called once per housekeeping tick and at shutdown). */
  flushDeferred(): void {
    if (this.deferred.length === 0) return;
    for (const d of this.deferred) this.pending.push(d);
    this.deferred = [];
    this.flush();
  }

  /** Commit everything pending, then publish it. Safe to call any time (e.g. at shutdown). */
  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const started = performance.now();
    let committed: Alert[];
    try {
      committed = this.store.commit(batch, this.clock());
    } catch (err) {
      this.commitFailures += batch.length;
      this.log.error('alert commit failed; changes not acknowledged', { count: batch.length, error: (err as Error).message });
      return;
    }
    this.metrics.alertCommit.observe((performance.now() - started) / 1000);
    this.metrics.alertsOpen = this.openCount();
    batch.forEach((change, i) => {
      const alert = committed[i] as Alert;
      if (change.type === 'alert-opened') this.metrics.alertOpened(alert.level, alert.cause);
      this.publish({ type: change.type, alert });
    });
  }

  publish(event: AlertStreamEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.log.warn('alert listener threw', { error: (err as Error).message });
      }
    }
  }

  subscribe(listener: AlertListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }
}
