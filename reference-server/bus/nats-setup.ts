// Connecting to NATS and declaring the streams. Failures at start become catalog errors that name
// the URL (exit 2): a cluster that cannot reach its bus must not pretend to run.
import { connect, DiscardPolicy, nanos, RetentionPolicy, StorageType, type JetStreamManager, type NatsConnection, type StreamConfig } from 'nats';
import { EmberError } from '../../protocol/errors.ts';
import { backoffMs, type BusOptions } from './options.ts';
import { STREAM_OF } from './subjects.ts';
import type { BusFamily } from './types.ts';

const TELEMETRY_MAX_AGE_MS = 60_000;
const ALERT_MAX_AGE_MS = 7 * 86_400_000;

export function streamConfigs(opts: BusOptions): Record<BusFamily, Partial<StreamConfig> & { name: string; subjects: string[] }> {
  const telemetry = (family: BusFamily): Partial<StreamConfig> & { name: string; subjects: string[] } => ({
    name: STREAM_OF[family].stream,
    subjects: [STREAM_OF[family].wildcard],
    // Telemetry is at-most-once and only kept briefly for inspection/replay: memory, 60 s, bounded.
    storage: StorageType.Memory,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(TELEMETRY_MAX_AGE_MS),
    max_msgs: 1_000_000,
    num_replicas: 1,
  });
  return {
    sensor: telemetry('sensor'),
    detection: telemetry('detection'),
    alert: {
      name: STREAM_OF.alert.stream,
      subjects: [STREAM_OF.alert.wildcard],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(ALERT_MAX_AGE_MS),
      duplicate_window: nanos(opts.dedupWindowMs),
      num_replicas: 1,
    },
  };
}

export async function connectNats(opts: BusOptions, url: string): Promise<NatsConnection> {
  let reconnectAttempt = 0;
  try {
    const nc = await connect({
      servers: url,
      name: `emberload-${opts.nodeId}-${process.pid}`,
      timeout: opts.connectTimeoutMs,
      maxReconnectAttempts: -1,
      // The client calls this before every reconnect attempt; the status loop resets the counter.
      reconnectDelayHandler: () => backoffMs(reconnectAttempt++, opts.reconnectBaseMs, opts.reconnectMaxMs),
      pingInterval: opts.pingIntervalMs,
      maxPingOut: 2,
    });
    void (async () => {
      for await (const s of nc.status()) if (s.type === 'reconnect') reconnectAttempt = 0;
    })();
    return nc;
  } catch (err) {
    throw new EmberError('EMBER_ERR_BUS_NATS_UNREACHABLE', url, [{ path: '--nats-url', rule: `must name a reachable NATS server (${err instanceof Error ? err.message : String(err)})`, received: url }], { cause: err });
  }
}

export async function ensureStreams(nc: NatsConnection, opts: BusOptions, url: string): Promise<JetStreamManager> {
  let jsm: JetStreamManager;
  try {
    jsm = await nc.jetstreamManager({ timeout: opts.connectTimeoutMs });
  } catch (err) {
    throw new EmberError('EMBER_ERR_BUS_JETSTREAM_UNAVAILABLE', url, [{ path: '--nats-url', rule: 'must be a NATS server started with -js', received: url }], { cause: err });
  }
  for (const cfg of Object.values(streamConfigs(opts))) {
    try {
      // add is idempotent for an identical config, so two nodes starting together agree.
      await jsm.streams.add(cfg);
    } catch (addErr) {
      try {
        await jsm.streams.update(cfg.name, cfg);
      } catch (updErr) {
        throw new EmberError('EMBER_ERR_BUS_STREAM_SETUP', cfg.name, [{ path: `stream ${cfg.name}`, rule: `must be creatable or updatable (${updErr instanceof Error ? updErr.message : String(updErr)})`, received: addErr instanceof Error ? addErr.message : String(addErr) }], { cause: updErr });
      }
    }
  }
  return jsm;
}
