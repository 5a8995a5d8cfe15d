// buildServer(options) wires the whole reference server and listens on NOTHING: tests drive the
// HTTP API with fastify's inject() and can enqueue lines directly; main.ts is the only file that
// opens ports and handles signals.
//
// Plug-ins (how the camera path and the scale-out bus attach without editing this file much):
//
//   const camera: ServerPlugin = async ({ config, metrics, fusion, http, log, alerts }) => {
//     http.get('/api/cameras', async () => ...);            // register routes here (before ready)
//     // per scored frame: fusion.ingestVision({ locId, cameraId, score, atMs });
//     //                   metrics.cameraFrameProcessed(streamId); metrics.visionLatency(streamId, s) ...
//     return { close: async () => { ...stop workers... } };  // called on shutdown, in reverse order
//   };
//   await buildServer({ config, plugins: [camera] });
//
// A plug-in gets the validated config (config.streams for cameras), the metrics facade, the
// fusion engine, the fastify instance, the logger and the alert hub (subscribe to committed alerts).
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config-schema.ts';
import type { ServerContext } from './context.ts';
import { AlertHub } from './alerts/alert-hub.ts';
import { BaselineManager } from './detect/baseline.ts';
import { ThermalDetector } from './detect/thermal.ts';
import { FusionEngine, type FusionDeps } from './fuse/fusion.ts';
import { registerAlertRoutes } from './http/routes-alerts.ts';
import { registerDeviceRoutes } from './http/routes-devices.ts';
import { registerHealthRoutes } from './http/routes-health.ts';
import { TokenAuth } from './ingest/auth.ts';
import { DeviceRegistry } from './ingest/device-registry.ts';
import { TcpIngest } from './ingest/tcp-listener.ts';
import { WsIngest } from './ingest/ws-ingest.ts';
import { createLogger, type Logger } from './log.ts';
import { ServerMetrics } from './metrics.ts';
import { AlertStore } from './store/alert-store.ts';

export interface ServerPluginContext {
  readonly config: ServerConfig;
  readonly metrics: ServerMetrics;
  readonly fusion: FusionEngine;
  readonly http: FastifyInstance;
  readonly log: Logger;
  readonly alerts: AlertHub;
}
export interface ServerPluginHandle {
  close(): void | Promise<void>;
}
export type ServerPlugin = (ctx: ServerPluginContext) => ServerPluginHandle | Promise<ServerPluginHandle>;

export interface BuildServerOptions {
  readonly config: ServerConfig;
  readonly log?: Logger;
  /** Epoch-ms clock for fusion (tests may pass their own). */
  readonly clock?: () => number;
  readonly plugins?: readonly ServerPlugin[];
  /**
   * Scale-out injection point (reference-server/cluster/): a role that only ingests passes a
   * FusionEngine subclass that forwards fusion inputs to the event bus instead of fusing locally.
   */
  readonly createFusion?: (cfg: ServerConfig['fusion'], deps: FusionDeps) => FusionEngine;
}

export interface BuiltServer {
  readonly http: FastifyInstance;
  readonly tcp: TcpIngest;
  readonly ws: WsIngest;
  readonly ctx: ServerContext;
  setReady(ready: boolean): void;
  /** Graceful: stop intake, process what is queued, commit, close the store. Idempotent. */
  close(): Promise<void>;
}

const HOUSEKEEPING_MS = 1_000;
const DEVICE_FLUSH_MS = 5_000;

export async function buildServer(options: BuildServerOptions): Promise<BuiltServer> {
  const { config } = options;
  const log = options.log ?? createLogger('warn');
  const clock = options.clock ?? Date.now;
  const store = AlertStore.open(config.dataDir, config.nodeId);
  const leftOpen = store.closeLeftOpen(clock());
  if (leftOpen > 0) log.info('closed alerts left open by a previous run', { count: leftOpen });
  const metrics = new ServerMetrics(config.maxLocationLabels);
  let fusion: FusionEngine | null = null;
  const alerts = new AlertHub(store, metrics, clock, log, () => fusion?.openAlertCount ?? 0);
  const fusionDeps: FusionDeps = { clock, newId: randomUUID, onChanges: (c) => alerts.enqueue(c) };
  fusion = options.createFusion?.(config.fusion, fusionDeps) ?? new FusionEngine(config.fusion, fusionDeps);
  const thermal = new ThermalDetector(config.thermal, config.fusion.tempThresholdC, config.fusion.maxLocations);
  const baseline = new BaselineManager(config.thermal, Math.min(config.fusion.maxLocations, 10_000));
  const devices = new DeviceRegistry(config.fusion.maxLocations);
  const tcp = new TcpIngest({ ingest: config.ingest, security: config.security, metrics, log, processor: { thermal, baseline, fusion, devices, auth: new TokenAuth(config.security) } });
  const ws = new WsIngest(metrics, log);
  const http = Fastify({ logger: false, forceCloseConnections: true });
  let ready = false;
  const ctx: ServerContext = { config, metrics, fusion, store, alerts, tcp, devices, baseline, log, isReady: () => ready };
  registerHealthRoutes(http, ctx);
  const stopAlertRoutes = registerAlertRoutes(http, ctx);
  registerDeviceRoutes(http, ctx);
  // Registration point for /api/cameras and other plug-in routes: plug-ins run here, before ready.
  const handles: ServerPluginHandle[] = [];
  try {
    for (const plugin of options.plugins ?? []) handles.push(await plugin({ config, metrics, fusion, http, log, alerts }));
  } catch (err) {
    // A plug-in that cannot start must not leave the store open or earlier plug-ins running.
    for (const h of handles.reverse()) await Promise.resolve(h.close()).catch(() => {});
    stopAlertRoutes();
    store.close();
    throw err;
  }

  const fusionRef = fusion;
  const housekeeping = setInterval(() => {
    fusionRef.tick();
    alerts.flushDeferred();
    metrics.floodDebounceActive = fusionRef.debounceActive;
    metrics.alertsOpen = fusionRef.openAlertCount;
  }, HOUSEKEEPING_MS);
  const deviceFlush = setInterval(() => {
    try {
      store.saveDevices(devices.takeDirty());
    } catch (err) {
      log.error('device registry flush failed', { error: (err as Error).message });
    }
  }, DEVICE_FLUSH_MS);
  housekeeping.unref();
  deviceFlush.unref();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      ready = false;
      clearInterval(housekeeping);
      clearInterval(deviceFlush);
      await tcp.close();
      await ws.close();
      for (const h of handles.reverse()) {
        try {
          await h.close();
        } catch (err) {
          log.error('plug-in close failed', { error: (err as Error).message });
        }
      }
      alerts.flushDeferred();
      alerts.flush();
      stopAlertRoutes();
      await http.close();
      store.saveDevices(devices.takeDirty());
      store.close();
    })());

  return { http, tcp, ws, ctx, setReady: (r) => void (ready = r), close };
}
