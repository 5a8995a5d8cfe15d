// The camera ingest as a server plug-in (app.ts `plugins`): builds it from the validated config's
// `streams[]`, mounts its routes, feeds fusion, saves a snapshot for every alert that vision opened
// or that names a camera, and stops every decoder on shutdown. Snapshots go to
// <dataDir>/snapshots unless the options name another directory.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AlertStreamEvent } from '../../../protocol/alert.ts';
import type { ServerPlugin } from '../../app.ts';
import { startCameraIngest, type CameraIngest } from './camera-ingest.ts';
import { registerCameraRoutes } from './camera-routes.ts';
import type { CameraMetricsSink, IngestLogger, VisionFusionSink } from './ingest-deps.ts';
import { DEFAULT_INGEST, type CameraIngestOptions } from './ingest-options.ts';
import { loadStreams } from './stream-config.ts';

export interface CameraPluginContext {
  readonly config: { readonly dataDir: string; readonly streams: readonly unknown[] };
  readonly metrics: CameraMetricsSink;
  readonly fusion: VisionFusionSink;
  readonly http: FastifyInstance;
  readonly log: IngestLogger;
  readonly alerts?: { subscribe(listener: (event: AlertStreamEvent) => void): () => void };
}

/** Starts the ingest and its routes; returns it with the function that stops both. */
export function attachCameraIngest(ctx: CameraPluginContext, options: CameraIngestOptions = DEFAULT_INGEST): { ingest: CameraIngest; close(): Promise<void> } {
  const streams = loadStreams(ctx.config.streams);
  const snapshots = { ...options.snapshots, dir: options.snapshots.dir ?? join(ctx.config.dataDir, 'snapshots') };
  const ingest = startCameraIngest({ streams, options: { ...options, snapshots }, metrics: ctx.metrics, fusion: ctx.fusion, log: ctx.log });
  registerCameraRoutes(ctx.http, ingest);
  // Alerts opened by a sensor packet while vision evidence is in the window carry the camera id.
  const unsubscribe = ctx.alerts?.subscribe((ev) => {
    if (ev.type === 'alert-opened' && ev.alert.cameraId !== undefined) void ingest.snapshotForAlert(ev.alert);
  });
  return {
    ingest,
    async close() {
      unsubscribe?.();
      await ingest.close();
    },
  };
}

/** `buildServer({ config, plugins: [cameraIngestPlugin()] })`. */
export function cameraIngestPlugin(options: CameraIngestOptions = DEFAULT_INGEST): ServerPlugin {
  return (ctx) => {
    const { close } = attachCameraIngest({ config: ctx.config, metrics: ctx.metrics, fusion: ctx.fusion, http: ctx.http, log: { info: (m) => ctx.log.info(m), warn: (m) => ctx.log.warn(m) }, alerts: ctx.alerts }, options);
    return { close };
  };
}
