// One role process (`emberload serve --role <role> --bus nats --nats-url …`). Builds the normal
// server (app.ts) with the role's wiring and listens only on what the role serves. Prints ONE JSON
// line when ready: {"event":"listening","role":…,"nodeId":…,"tcp"?:…,"http":…,"pid":…}.
// SIGTERM/SIGINT: drain, publish what is pending, close the bus, exit 0.
import { EXIT_OK } from '../../protocol/exit-codes.ts';
import { buildServer, type ServerPlugin } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger, type LogLevel, type Logger } from '../log.ts';
import { createBus } from '../bus/create-bus.ts';
import { resolveBusOptions } from '../bus/options.ts';
import { BUS_FAMILIES, type Bus } from '../bus/types.ts';
import { zeroCounts } from '../bus/counters.ts';
import { cameraIngestPlugin } from '../ingest/cameras/camera-plugin.ts';
import { attachAlertMirror } from './alert-mirror.ts';
import { registerClusterCameraRoute } from './camera-stats.ts';
import { BusForwardingFusion } from './bus-forwarding-fusion.ts';
import { attachFusionBridge } from './fusion-bridge.ts';
import { parseShard, shardOf, type Role } from './roles.ts';
import type { ScaleOutOptions } from './serve-options.ts';

const SHUTDOWN_DEADLINE_MS = 8_000;

/** GET /cluster/health: this role's bus health; 503 when the bus is not connected (balancers drain it). */
function healthPlugin(role: Role, bus: Bus, extra: () => Record<string, unknown>): ServerPlugin {
  return ({ http, config, metrics }) => {
    http.get('/cluster/health', async (_req, reply) => {
      const health = bus.health();
      return reply.code(health.connected ? 200 : 503).send({ role, nodeId: config.nodeId, pid: process.pid, state: health.state, bus: health, ...extra() });
    });
    // The bus keeps plain counters (no prom-client in the hot path); copy their growth into
    // emberload_bus_published_total{subject=<family>} and emberload_bus_shed_total{reason} once a second.
    const seen = { published: zeroCounts(), shed: zeroCounts() };
    const sync = (): void => {
      const h = bus.health();
      for (const family of BUS_FAMILIES) {
        for (let n = h.publishedTotal[family] - seen.published[family]; n > 0; n--) metrics.busPublished(family);
        for (let n = h.shedTotal[family] - seen.shed[family]; n > 0; n--) metrics.busShed(`buffer-full-${family}`);
        seen.published[family] = h.publishedTotal[family];
        seen.shed[family] = h.shedTotal[family];
      }
    };
    const timer = setInterval(sync, 1_000);
    timer.unref();
    return { close: () => clearInterval(timer) };
  };
}

function rolePlugins(role: Role, bus: Bus, o: ScaleOutOptions, log: Logger): ServerPlugin[] {
  switch (role) {
    case 'fusion': {
      let stats: Record<string, unknown> = {};
      const bridgePlugin: ServerPlugin = async ({ fusion, alerts }) => {
        const bridge = attachFusionBridge(bus, fusion, { onAlertPublished: (r) => r.shed && log.warn('alert shed by the bus', { dedupId: r.dedupId }) });
        stats = bridge.stats as unknown as Record<string, unknown>;
        const unsubscribe = alerts.subscribe((ev) => bridge.publish(ev));
        await bridge.ready;
        return {
          close: async () => {
            unsubscribe();
            bridge.close();
            await bridge.settled();
          },
        };
      };
      return [bridgePlugin, healthPlugin(role, bus, () => ({ fusion: stats }))];
    }
    case 'api': {
      let stats: Record<string, unknown> = {};
      const mirrorPlugin: ServerPlugin = async ({ alerts, config, http }) => {
        const workers = (o['camera-workers'] ?? '').split(',').filter((u) => u !== '');
        if (workers.length > 0) registerClusterCameraRoute(http, workers);
        const mirror = attachAlertMirror(bus, alerts, o['alert-durable'] ?? `api-${config.nodeId}`);
        stats = mirror.stats as unknown as Record<string, unknown>;
        await mirror.ready;
        return { close: () => mirror.close() };
      };
      return [mirrorPlugin, healthPlugin(role, bus, () => ({ mirror: stats }))];
    }
    case 'camera-worker':
      return [cameraIngestPlugin(), healthPlugin(role, bus, () => ({}))];
    default:
      return [healthPlugin(role, bus, () => ({}))];
  }
}

export async function runRole(o: ScaleOutOptions): Promise<number> {
  const role = o.role as Role;
  const base = loadConfig(o.config, { tcpPort: o['tcp-port'], httpPort: o['http-port'], wsPort: o['ws-port'], host: o.host, dataDir: o['data-dir'], nodeId: o['node-id'] });
  const shard = o['camera-shard'] === undefined ? undefined : parseShard(o['camera-shard']);
  // Only camera workers run cameras; a worker takes its shard of config.streams.
  const config = { ...base, streams: role === 'camera-worker' ? (shard ? shardOf(base.streams, shard) : base.streams) : [] };
  const log = createLogger(o['log-level'] as LogLevel);
  const busOpts = resolveBusOptions({ kind: o.bus, natsUrl: o['nats-url'], nodeId: config.nodeId }, (f) => (f === 'natsUrl' ? '--nats-url' : f === 'nodeId' ? '--node-id' : f === 'kind' ? '--bus' : `bus.${f}`));
  const { bus } = await createBus(busOpts);
  const forwards = role === 'ingest-sensors' || role === 'camera-worker';
  let server;
  try {
    server = await buildServer({
      config,
      log,
      plugins: rolePlugins(role, bus, o, log),
      ...(forwards && { createFusion: (cfg, deps) => new BusForwardingFusion(cfg, deps, bus) }),
    });
  } catch (err) {
    await bus.close();
    throw err;
  }
  const ports: { tcp?: number; http: number } = { http: 0 };
  try {
    if (role === 'ingest-sensors') ports.tcp = await server.tcp.listen(config.tcpPort, config.host);
    await server.http.listen({ port: config.httpPort, host: config.host });
    const addr = server.http.server.address();
    ports.http = typeof addr === 'object' && addr ? addr.port : config.httpPort;
  } catch (err) {
    await server.close();
    await bus.close();
    throw err;
  }
  server.setReady(true);
  process.stdout.write(`${JSON.stringify({ event: 'listening', role, nodeId: config.nodeId, ...ports, pid: process.pid })}\n`);
  log.info('role ready', { role, nodeId: config.nodeId, ...ports, cameras: config.streams.length, bus: bus.kind });
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info('draining', { signal, role });
      // A drain that cannot finish (a lost bus, a stuck decoder) must not leave the process behind.
      setTimeout(() => {
        log.error('shutdown did not finish in time; exiting', { role, afterMs: SHUTDOWN_DEADLINE_MS });
        process.exit(1);
      }, SHUTDOWN_DEADLINE_MS).unref();
      server
        .close()
        .then(() => bus.close())
        .then(
          () => {
            // The supervisor's IPC channel would keep the event loop (and the process) alive.
            if (process.connected) process.disconnect();
            resolve(EXIT_OK);
          },
          (err: unknown) => {
            log.error('shutdown failed', { error: (err as Error).message });
            resolve(1);
          },
        );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    // Started by a supervisor (IPC channel): leave with it, never linger as an orphan holding ports.
    if (process.connected) process.once('disconnect', () => stop('supervisor gone'));
  });
}
