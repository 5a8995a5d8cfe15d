// Bus options: resolved once, every problem reported at once, then frozen.
import { EmberError, type Problem } from '../../protocol/errors.ts';

export interface BusOptions {
  readonly kind: 'inproc' | 'nats';
  readonly nodeId: string;
  /** e.g. nats://127.0.0.1:4222 (required for kind 'nats'). */
  readonly natsUrl?: string;
  /** Fall back to the in-process bus when NATS is unreachable at start; off unless asked for. */
  readonly fallbackToInproc: boolean;
  /** Telemetry (sensor + detection) held while disconnected; beyond it the oldest is shed. */
  readonly bufferLimit: number;
  /** Alerts held while disconnected; an alert shed past this bound is reported to its publisher. */
  readonly alertBufferLimit: number;
  /** JetStream duplicate window and the in-process equivalent. */
  readonly dedupWindowMs: number;
  /** Time bucket of the alert dedup id (first evidence time floored to this). */
  readonly alertBucketMs: number;
  readonly connectTimeoutMs: number;
  /** Reconnect backoff: base × 2^attempt, capped. */
  readonly reconnectBaseMs: number;
  readonly reconnectMaxMs: number;
  /** Client pings: a silent server is declared lost after interval × 2 (partition detection). */
  readonly pingIntervalMs: number;
}

export const BUS_DEFAULTS = {
  kind: 'inproc',
  nodeId: 'node-1',
  fallbackToInproc: false,
  bufferLimit: 50_000,
  alertBufferLimit: 5_000,
  dedupWindowMs: 120_000,
  alertBucketMs: 60_000,
  connectTimeoutMs: 3_000,
  reconnectBaseMs: 100,
  reconnectMaxMs: 5_000,
  pingIntervalMs: 2_000,
} as const satisfies Omit<BusOptions, 'natsUrl'>;

type BusInput = { readonly [K in keyof BusOptions]?: unknown };

function positiveInt(problems: Problem[], path: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) problems.push({ path, rule: 'must be an integer ≥ 1', received: v });
  return typeof v === 'number' ? v : fallback;
}

/** Validates bus settings as a whole; `pathOf` maps a field to the user's option or config name. */
export function resolveBusOptions(input: BusInput, pathOf: (field: keyof BusOptions) => string = (f) => `bus.${f}`): BusOptions {
  const problems: Problem[] = [];
  const kind = input.kind ?? BUS_DEFAULTS.kind;
  if (kind !== 'inproc' && kind !== 'nats') problems.push({ path: pathOf('kind'), rule: 'must be inproc or nats', received: kind });
  const nodeId = input.nodeId ?? BUS_DEFAULTS.nodeId;
  if (typeof nodeId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(nodeId)) problems.push({ path: pathOf('nodeId'), rule: 'must be 1–64 characters of A-Z a-z 0-9 _ -', received: nodeId });
  const natsUrl = input.natsUrl;
  if (kind === 'nats') {
    if (natsUrl === undefined) problems.push({ path: pathOf('natsUrl'), rule: 'is required when the bus is nats', received: natsUrl });
    else if (typeof natsUrl !== 'string' || !/^(nats|tls):\/\/[^\s/]+(:\d+)?\/?$|^[^\s:/]+:\d+$/.test(natsUrl)) problems.push({ path: pathOf('natsUrl'), rule: 'must look like nats://host:port', received: natsUrl });
  }
  const fallback = input.fallbackToInproc ?? BUS_DEFAULTS.fallbackToInproc;
  if (typeof fallback !== 'boolean') problems.push({ path: pathOf('fallbackToInproc'), rule: 'must be true or false', received: fallback });
  const opts: BusOptions = {
    kind: kind === 'nats' ? 'nats' : 'inproc',
    nodeId: String(nodeId),
    ...(typeof natsUrl === 'string' ? { natsUrl } : {}),
    fallbackToInproc: fallback === true,
    bufferLimit: positiveInt(problems, pathOf('bufferLimit'), input.bufferLimit, BUS_DEFAULTS.bufferLimit),
    alertBufferLimit: positiveInt(problems, pathOf('alertBufferLimit'), input.alertBufferLimit, BUS_DEFAULTS.alertBufferLimit),
    dedupWindowMs: positiveInt(problems, pathOf('dedupWindowMs'), input.dedupWindowMs, BUS_DEFAULTS.dedupWindowMs),
    alertBucketMs: positiveInt(problems, pathOf('alertBucketMs'), input.alertBucketMs, BUS_DEFAULTS.alertBucketMs),
    connectTimeoutMs: positiveInt(problems, pathOf('connectTimeoutMs'), input.connectTimeoutMs, BUS_DEFAULTS.connectTimeoutMs),
    reconnectBaseMs: positiveInt(problems, pathOf('reconnectBaseMs'), input.reconnectBaseMs, BUS_DEFAULTS.reconnectBaseMs),
    reconnectMaxMs: positiveInt(problems, pathOf('reconnectMaxMs'), input.reconnectMaxMs, BUS_DEFAULTS.reconnectMaxMs),
    pingIntervalMs: positiveInt(problems, pathOf('pingIntervalMs'), input.pingIntervalMs, BUS_DEFAULTS.pingIntervalMs),
  };
  if (opts.dedupWindowMs < opts.alertBucketMs) problems.push({ path: pathOf('dedupWindowMs'), rule: `must be ≥ alertBucketMs (${opts.alertBucketMs}) so a bucket's id is remembered for the whole bucket`, received: opts.dedupWindowMs });
  if (opts.reconnectMaxMs < opts.reconnectBaseMs) problems.push({ path: pathOf('reconnectMaxMs'), rule: `must be ≥ reconnectBaseMs (${opts.reconnectBaseMs})`, received: opts.reconnectMaxMs });
  if (problems.length > 0) throw new EmberError('EMBER_ERR_BUS_INVALID_OPTIONS', `${problems.length} problem(s)`, problems);
  return Object.freeze(opts);
}

/** Exponential backoff with a cap; attempt counts from 0. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
}
