// The one call app.ts makes: builds the camera ingest from the server config's `streams[]`,
// mounts its routes, and stops every decoder when the server closes. Snapshots go to
// <dataDir>/snapshots unless the options name another directory.
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { startCameraIngest, type CameraIngest } from './camera-ingest.ts';
import { registerCameraRoutes } from './camera-routes.ts';
import type { CameraMetricsSink, IngestLogger, VisionFusionSink } from './ingest-deps.ts';
import { DEFAULT_INGEST, type CameraIngestOptions } from './ingest-options.ts';
import { loadStreams } from './stream-config.ts';

export interface CameraPluginContext {
  readonly config: { readonly dataDir: string; readonly streams: readonly unknown[] };
  readonly metrics: CameraMetricsSink;
  readonly fusion: VisionFusionSink;
  readonly log: IngestLogger;
}

export function registerCameraIngest(app: FastifyInstance, ctx: CameraPluginContext, options: CameraIngestOptions = DEFAULT_INGEST): CameraIngest {
  const streams = loadStreams(ctx.config.streams);
  const snapshots = { ...options.snapshots, dir: options.snapshots.dir ?? join(ctx.config.dataDir, 'snapshots') };
  const ingest = startCameraIngest({ streams, options: { ...options, snapshots }, metrics: ctx.metrics, fusion: ctx.fusion, log: ctx.log });
  registerCameraRoutes(app, ingest);
  app.addHook('onClose', async () => ingest.close());
  return ingest;
}
