// The NATS JetStream bus. Telemetry (sensor events, detections) goes out as core publishes
// (at-most-once, lowest latency) into memory streams; alerts go through JetStream with a
// deterministic Nats-Msg-Id so the duplicate window stores an alert raised by two nodes once.
// While the connection is lost everything is held in bounded buffers (oldest shed, counted) and
// replayed on reconnect; health turns 'degraded' meanwhile.
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager, type NatsConnection, type Subscription } from 'nats';
import { EmberError } from '../../protocol/errors.ts';
import { BoundedQueue } from './bounded-queue.ts';
import { snapshotCounts, zeroCounts } from './counters.ts';
import { decodeEnvelope, encodeEnvelope, nowEpochMs } from './envelope.ts';
import { connectNats, ensureStreams } from './nats-setup.ts';
import type { BusOptions } from './options.ts';
import { alertSubject, dedupIdOf, detectionSubject, sensorSubject, STREAM_OF, telemetryFilter } from './subjects.ts';
import type { AlertEvent, AlertPublishResult, Bus, BusFamily, BusHandler, BusHealth, BusSubscription, DetectionEvent, SensorEvent, SubscribeOptions } from './types.ts';

interface HeldTelemetry {
  readonly family: 'sensor' | 'detection';
  readonly subject: string;
  readonly bytes: Uint8Array;
}

interface HeldAlert {
  readonly subject: string;
  readonly bytes: Uint8Array;
  readonly dedupId: string;
  readonly resolve: (r: AlertPublishResult) => void;
}

const ALERT_RETRY_MS = 250;
const CLOSE_DRAIN_MS = 2_000;

export class NatsBus implements Bus {
  readonly kind = 'nats' as const;
  readonly nodeId: string;
  readonly url: string;
  readonly #opts: BusOptions;
  readonly #nc: NatsConnection;
  readonly #js: JetStreamClient;
  readonly #jsm: JetStreamManager;
  readonly #telemetry: BoundedQueue<HeldTelemetry>;
  readonly #alerts: BoundedQueue<HeldAlert>;
  readonly #published = zeroCounts();
  readonly #shed = zeroCounts();
  readonly #inflight = new Set<Promise<void>>();
  readonly #stops = new Set<() => void>();
  #connected = true;
  #closed = false;
  #duplicates = 0;
  #reconnects = 0;
  #lastError: string | undefined;
  #retryTimer: NodeJS.Timeout | undefined;
  /** Set when a publish found no stream (a replaced or wiped server): declare the streams again. */
  #streamsStale = false;

  /** Connects, declares the streams and returns a ready bus; throws EMBER_ERR_BUS_* naming the URL. */
  static async open(opts: BusOptions): Promise<NatsBus> {
    const url = opts.natsUrl ?? 'nats://127.0.0.1:4222';
    const nc = await connectNats(opts, url);
    try {
      const jsm = await ensureStreams(nc, opts, url);
      return new NatsBus(opts, url, nc, jsm);
    } catch (err) {
      await nc.close().catch(() => undefined);
      throw err;
    }
  }

  private constructor(opts: BusOptions, url: string, nc: NatsConnection, jsm: JetStreamManager) {
    this.#opts = opts;
    this.nodeId = opts.nodeId;
    this.url = url;
    this.#nc = nc;
    this.#jsm = jsm;
    this.#js = nc.jetstream({ timeout: opts.connectTimeoutMs });
    this.#telemetry = new BoundedQueue(opts.bufferLimit);
    this.#alerts = new BoundedQueue(opts.alertBufferLimit);
    void this.#watchStatus();
  }

  publishSensor(ev: SensorEvent): void {
    this.#publishTelemetry('sensor', sensorSubject(this.nodeId, ev.locId), ev);
  }

  publishDetection(ev: DetectionEvent): void {
    this.#publishTelemetry('detection', detectionSubject(this.nodeId, ev.cameraId), ev);
  }

  publishAlert(ev: AlertEvent): Promise<AlertPublishResult> {
    if (this.#closed) return Promise.reject(new EmberError('EMBER_ERR_BUS_CLOSED', `NATS bus of node ${this.nodeId}`));
    const dedupId = dedupIdOf(ev, this.#opts.alertBucketMs);
    const subject = alertSubject(ev.alert.locId, ev.alert.cause);
    const bytes = encodeEnvelope(this.nodeId, nowEpochMs(), ev);
    return new Promise((resolve) => {
      const held: HeldAlert = { subject, bytes, dedupId, resolve };
      if (this.#connected && this.#alerts.size === 0) this.#sendAlert(held);
      else this.#holdAlert(held);
    });
  }

  subscribe<F extends BusFamily>(family: F, handler: BusHandler<F>, options: SubscribeOptions = {}): BusSubscription {
    if (this.#closed) throw new EmberError('EMBER_ERR_BUS_CLOSED', `NATS bus of node ${this.nodeId}`);
    const deliver = (subject: string, bytes: Uint8Array): void => {
      const msg = decodeEnvelope(family, subject, bytes);
      if (!msg) {
        this.#lastError = `undecodable message on ${subject}`;
        return;
      }
      try {
        handler(msg);
      } catch (err) {
        this.#lastError = `subscriber of ${subject} threw: ${err instanceof Error ? err.message : String(err)}`;
      }
    };
    if (family !== 'alert') {
      const filter = telemetryFilter(family, options.fromNode ?? this.nodeId);
      const sub: Subscription = this.#nc.subscribe(filter, { callback: (err, m) => (err ? (this.#lastError = err.message) : deliver(m.subject, m.data)) });
      return { unsubscribe: () => sub.unsubscribe(), ready: this.#nc.flush() };
    }
    return this.#consumeAlerts(deliver, options);
  }

  async flush(): Promise<void> {
    while (this.#inflight.size > 0) await Promise.all([...this.#inflight]);
    if (this.#connected && !this.#closed) await this.#nc.flush();
  }

  health(): BusHealth {
    const buffered = this.#telemetry.size + this.#alerts.size;
    return {
      kind: 'nats',
      state: this.#closed ? 'down' : !this.#connected || buffered > 0 ? 'degraded' : 'ok',
      connected: this.#connected && !this.#closed,
      bufferedCount: buffered,
      bufferLimit: this.#opts.bufferLimit,
      shedTotal: snapshotCounts(this.#shed),
      publishedTotal: snapshotCounts(this.#published),
      duplicateAlertsTotal: this.#duplicates,
      reconnectsTotal: this.#reconnects,
      url: this.url,
      ...(this.#lastError === undefined ? {} : { lastError: this.#lastError }),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.flush().catch(() => undefined);
    this.#closed = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    for (const stop of this.#stops) stop();
    for (const held of this.#alerts.drain()) held.resolve({ stored: false, dedupId: held.dedupId, seq: 0, shed: true });
    // Drain waits for the server; with the connection lost (or the server gone) it would wait
    // forever, so a disconnected bus just closes, and a drain gets a bounded time.
    if (!this.#connected) {
      await this.#nc.close().catch(() => undefined);
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const drained = this.#nc.drain().then(
      () => true,
      () => false,
    );
    const timedOut = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), CLOSE_DRAIN_MS)));
    const ok = await Promise.race([drained, timedOut]);
    if (timer) clearTimeout(timer);
    if (!ok) await this.#nc.close().catch(() => undefined);
  }

  #publishTelemetry(family: 'sensor' | 'detection', subject: string, data: SensorEvent | DetectionEvent): void {
    if (this.#closed) throw new EmberError('EMBER_ERR_BUS_CLOSED', `NATS bus of node ${this.nodeId}`);
    const bytes = encodeEnvelope(this.nodeId, nowEpochMs(), data);
    if (this.#connected) {
      this.#nc.publish(subject, bytes);
      this.#published[family]++;
      return;
    }
    const evicted = this.#telemetry.push({ family, subject, bytes });
    if (evicted) this.#shed[evicted.family]++;
  }

  #sendAlert(held: HeldAlert): void {
    const p = this.#js
      .publish(held.subject, held.bytes, { msgID: held.dedupId, timeout: this.#opts.connectTimeoutMs })
      .then((ack) => {
        if (ack.duplicate) this.#duplicates++;
        else this.#published.alert++;
        held.resolve({ stored: !ack.duplicate, dedupId: held.dedupId, seq: ack.seq, shed: false });
      })
      .catch((err: unknown) => {
        // Not acknowledged: keep it and retry, so an alert is never lost silently.
        const text = err instanceof Error ? err.message : String(err);
        this.#lastError = `alert publish ${held.dedupId}: ${text}`;
        if (/503|no responders/i.test(text)) this.#streamsStale = true;
        this.#holdAlert(held);
      })
      .finally(() => this.#inflight.delete(p));
    this.#inflight.add(p);
  }

  #holdAlert(held: HeldAlert): void {
    if (this.#closed) {
      held.resolve({ stored: false, dedupId: held.dedupId, seq: 0, shed: true });
      return;
    }
    const evicted = this.#alerts.push(held);
    if (evicted) {
      this.#shed.alert++;
      evicted.resolve({ stored: false, dedupId: evicted.dedupId, seq: 0, shed: true });
    }
    this.#scheduleRetry();
  }

  #scheduleRetry(): void {
    if (this.#retryTimer || this.#closed) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#replay();
    }, ALERT_RETRY_MS);
    this.#retryTimer.unref();
  }

  /** Sends what was held, alerts first (they matter most), then telemetry oldest first. */
  #replay(): void {
    if (!this.#connected || this.#closed) {
      if (this.#alerts.size > 0) this.#scheduleRetry();
      return;
    }
    if (this.#streamsStale) {
      this.#streamsStale = false;
      ensureStreams(this.#nc, this.#opts, this.url).then(
        () => this.#replay(),
        (err: unknown) => {
          this.#streamsStale = true;
          this.#lastError = err instanceof Error ? err.message : String(err);
          this.#scheduleRetry();
        },
      );
      return;
    }
    for (const held of this.#alerts.drain()) this.#sendAlert(held);
    for (const t of this.#telemetry.drain()) {
      this.#nc.publish(t.subject, t.bytes);
      this.#published[t.family]++;
    }
  }

  async #watchStatus(): Promise<void> {
    for await (const s of this.#nc.status()) {
      if (s.type === 'disconnect' || s.type === 'staleConnection') {
        this.#connected = false;
        this.#lastError = `lost NATS connection to ${this.url}`;
      } else if (s.type === 'reconnect') {
        this.#connected = true;
        this.#reconnects++;
        // The server may be a new one without our streams (wiped store): declare them again first.
        this.#streamsStale = true;
        this.#replay();
      } else if (s.type === 'error') {
        this.#lastError = String(s.data);
      }
    }
    this.#connected = false;
  }

  #consumeAlerts(deliver: (subject: string, bytes: Uint8Array) => void, options: SubscribeOptions): BusSubscription {
    const stream = STREAM_OF.alert.stream;
    let messages: ConsumerMessages | undefined;
    let stopped = false;
    const stop = (): void => {
      stopped = true;
      void messages?.close();
      this.#stops.delete(stop);
    };
    this.#stops.add(stop);
    const ready = (async () => {
      let consumer;
      if (options.durable !== undefined) {
        // An existing durable resumes where it stopped; a new one starts now (or at the start of the
        // stream when asked), so a fresh api does not replay other runs' alerts from a shared server.
        const exists = await this.#jsm.consumers.info(stream, options.durable).then(() => true, () => false);
        if (!exists) {
          const start = options.durableFrom === 'stream-start' ? { deliver_policy: DeliverPolicy.All } : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date().toISOString() };
          await this.#jsm.consumers.add(stream, { durable_name: options.durable, ack_policy: AckPolicy.Explicit, filter_subject: STREAM_OF.alert.wildcard, ...start });
        }
        consumer = await this.#js.consumers.get(stream, options.durable);
      } else {
        // Start at subscribe time (server clock; same host) so nothing published after subscribe() is missed.
        consumer = await this.#js.consumers.get(stream, { filterSubjects: STREAM_OF.alert.wildcard, deliver_policy: DeliverPolicy.StartTime, opt_start_time: new Date().toISOString() });
      }
      if (stopped) return;
      messages = await consumer.consume();
      void (async () => {
        for await (const m of messages) {
          deliver(m.subject, m.data);
          // Ack on a later microtask: a subscriber that commits in a microtask it queued during
          // deliver (the api's AlertHub group commit) has committed before the stream forgets it.
          if (options.durable !== undefined) queueMicrotask(() => m.ack());
        }
      })().catch((err: unknown) => (this.#lastError = `alert consumer: ${err instanceof Error ? err.message : String(err)}`));
    })();
    ready.catch((err: unknown) => (this.#lastError = `alert consumer setup: ${err instanceof Error ? err.message : String(err)}`));
    return { unsubscribe: stop, ready };
  }
}
