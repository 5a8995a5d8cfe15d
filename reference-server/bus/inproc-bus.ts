// The embedded default: publish calls subscribers synchronously in this process. Same contract as
// the NATS bus (subjects, dedup window, health) so a single process and a cluster fuse identically.
import { EmberError } from '../../protocol/errors.ts';
import { snapshotCounts, zeroCounts } from './counters.ts';
import { DedupWindow } from './dedup-window.ts';
import { nowEpochMs } from './envelope.ts';
import type { BusOptions } from './options.ts';
import { alertSubject, dedupIdOf, detectionSubject, sensorSubject } from './subjects.ts';
import type { AlertEvent, AlertPublishResult, Bus, BusFamily, BusHandler, BusHealth, BusMessage, BusPayloads, BusSubscription, DetectionEvent, SensorEvent } from './types.ts';

export class InprocBus implements Bus {
  readonly kind = 'inproc' as const;
  readonly nodeId: string;
  readonly #opts: BusOptions;
  readonly #handlers: { [F in BusFamily]: Set<BusHandler<F>> } = { sensor: new Set(), detection: new Set(), alert: new Set() };
  readonly #dedup: DedupWindow;
  readonly #published = zeroCounts();
  #duplicates = 0;
  #alertSeq = 0;
  #closed = false;
  #lastError: string | undefined;

  constructor(opts: BusOptions) {
    this.#opts = opts;
    this.nodeId = opts.nodeId;
    this.#dedup = new DedupWindow(opts.dedupWindowMs);
  }

  publishSensor(ev: SensorEvent): void {
    this.#deliver('sensor', sensorSubject(this.nodeId, ev.locId), ev);
  }

  publishDetection(ev: DetectionEvent): void {
    this.#deliver('detection', detectionSubject(this.nodeId, ev.cameraId), ev);
  }

  async publishAlert(ev: AlertEvent): Promise<AlertPublishResult> {
    const dedupId = dedupIdOf(ev, this.#opts.alertBucketMs);
    this.#assertOpen();
    if (this.#dedup.checkAndRecord(dedupId, Date.now())) {
      this.#duplicates++;
      return { stored: false, dedupId, seq: 0, shed: false };
    }
    this.#deliver('alert', alertSubject(ev.alert.locId, ev.alert.cause), ev);
    return { stored: true, dedupId, seq: ++this.#alertSeq, shed: false };
  }

  subscribe<F extends BusFamily>(family: F, handler: BusHandler<F>): BusSubscription {
    const set = this.#handlers[family] as Set<BusHandler<F>>;
    set.add(handler);
    return { unsubscribe: () => set.delete(handler), ready: Promise.resolve() };
  }

  async flush(): Promise<void> {}

  health(): BusHealth {
    return {
      kind: 'inproc',
      state: this.#closed ? 'down' : 'ok',
      connected: !this.#closed,
      bufferedCount: 0,
      bufferLimit: this.#opts.bufferLimit,
      shedTotal: snapshotCounts(zeroCounts()),
      publishedTotal: snapshotCounts(this.#published),
      duplicateAlertsTotal: this.#duplicates,
      reconnectsTotal: 0,
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const set of Object.values(this.#handlers)) set.clear();
  }

  #assertOpen(): void {
    if (this.#closed) throw new EmberError('EMBER_ERR_BUS_CLOSED', `in-process bus of node ${this.nodeId}`);
  }

  #deliver<F extends BusFamily>(family: F, subject: string, data: BusPayloads[F]): void {
    this.#assertOpen();
    this.#published[family]++;
    const set = this.#handlers[family] as Set<BusHandler<F>>;
    if (set.size === 0) return;
    const msg: BusMessage<F> = { family, subject, data, fromNode: this.nodeId, publishedMs: nowEpochMs() };
    for (const h of set) {
      // One failing subscriber must not starve the others nor fail the publisher (as on NATS).
      try {
        h(msg);
      } catch (err) {
        this.#lastError = `subscriber of ${subject} threw: ${err instanceof Error ? err.message : String(err)}`;
      }
    }
  }
}
