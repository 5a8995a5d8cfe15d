// The bus contract between the roles of a scaled-out server (ingest-sensors, camera-worker, fusion,
// api). Two implementations honour it: in-process (the default, zero setup) and NATS JetStream.
// Payloads are plain JSON so they cross a process boundary unchanged; the in-process bus clones
// nothing, so subscribers must treat messages as read-only (the types say so).
import type { Alert } from '../../protocol/alert.ts';

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/** One decoded device packet, as the ingest role hands it to fusion. */
export interface SensorEvent {
  readonly locId: string;
  readonly kind: 'frame' | 'sensor';
  /** When the ingest process read the packet (epoch ms). */
  readonly receivedMs: number;
  /** The device's own `TS=` (epoch µs) when the packet carried one. */
  readonly sentUs?: number;
  /** Fusion inputs decoded from the packet (thermalMaxC, smokePct, flameAnalogPct, …). */
  readonly fields: { readonly [k: string]: JsonValue };
}

/** One vision result from a camera worker. */
export interface DetectionEvent {
  readonly cameraId: string;
  /** The location the camera watches, when configured (routes the detection to that location's fusion). */
  readonly locId?: string;
  readonly score: number;
  /** When the frame was captured/received (epoch ms). */
  readonly frameMs: number;
  readonly fields?: { readonly [k: string]: JsonValue };
}

export type AlertEventType = 'alert-opened' | 'alert-updated' | 'alert-closed';

export interface AlertEvent {
  readonly type: AlertEventType;
  readonly alert: Alert;
}

export interface BusPayloads {
  readonly sensor: SensorEvent;
  readonly detection: DetectionEvent;
  readonly alert: AlertEvent;
}
export type BusFamily = keyof BusPayloads;
export const BUS_FAMILIES: readonly BusFamily[] = ['sensor', 'detection', 'alert'];

/** What a subscriber receives: the payload plus where and when it was published. */
export interface BusMessage<F extends BusFamily> {
  readonly family: F;
  readonly subject: string;
  readonly data: BusPayloads[F];
  /** Node id of the publisher (`--node-id`). */
  readonly fromNode: string;
  /** Publisher's wall clock at publish (epoch ms, fractional); consume − this = bus latency. */
  readonly publishedMs: number;
}

export type BusHandler<F extends BusFamily> = (msg: BusMessage<F>) => void;

export interface BusSubscription {
  unsubscribe(): void;
  /** Resolves once the subscription receives everything published after this point. */
  readonly ready: Promise<void>;
}

export interface SubscribeOptions {
  /**
   * Telemetry only: whose events to receive, a node id or `'*'` for every node. Defaults to this
   * bus's own node (fusion state per location lives on the node its device is connected to).
   */
  readonly fromNode?: string;
  /**
   * Alerts only: a durable consumer name. The subscriber then resumes where it stopped after a
   * restart (every stored alert is delivered at least once and acknowledged after the handler);
   * without it, delivery starts at subscribe time.
   */
  readonly durable?: string;
  /** Where a durable that does not exist yet starts: now (default) or the start of the stream (store rebuild). */
  readonly durableFrom?: 'now' | 'stream-start';
}

export interface AlertPublishResult {
  /** False when the bus already stored an alert with the same dedup id within the window. */
  readonly stored: boolean;
  readonly dedupId: string;
  /** Stream sequence (NATS) or a local counter (in-process); 0 when shed. */
  readonly seq: number;
  /** True when the bus could not take the alert at all (lost connection and full buffer). */
  readonly shed: boolean;
}

export type BusState = 'ok' | 'degraded' | 'down';

export interface BusHealth {
  readonly kind: 'inproc' | 'nats';
  readonly state: BusState;
  readonly connected: boolean;
  /** Messages held while the connection is lost (bounded by `bufferLimit`). */
  readonly bufferedCount: number;
  readonly bufferLimit: number;
  /** Messages dropped because the buffer was full, by family (counters, never reset). */
  readonly shedTotal: Readonly<Record<BusFamily, number>>;
  readonly publishedTotal: Readonly<Record<BusFamily, number>>;
  readonly duplicateAlertsTotal: number;
  readonly reconnectsTotal: number;
  readonly lastError?: string;
  /** URL of the NATS server (nats bus only). */
  readonly url?: string;
}

export interface Bus {
  readonly kind: 'inproc' | 'nats';
  readonly nodeId: string;
  /** Fire-and-forget: at-most-once telemetry; held in the bounded buffer while disconnected. */
  publishSensor(ev: SensorEvent): void;
  publishDetection(ev: DetectionEvent): void;
  /** Durable, deduplicated by `dedupIdOf(alert)` within the duplicate window. */
  publishAlert(ev: AlertEvent): Promise<AlertPublishResult>;
  subscribe<F extends BusFamily>(family: F, handler: BusHandler<F>, options?: SubscribeOptions): BusSubscription;
  /** Resolves once everything published so far has reached the bus (or was shed). */
  flush(): Promise<void>;
  health(): BusHealth;
  close(): Promise<void>;
}
