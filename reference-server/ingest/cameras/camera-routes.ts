// HTTP surface of the camera ingest:
//   GET  /api/cameras                       status of every camera (id, loc_id, url, up/down, reason, fps, counters)
//   PUT  /api/cameras  {streams:[…]}        hot reload of the camera list (validated whole; 400 lists every problem)
//   GET  /api/cameras/snapshots             anomaly snapshot index (newest first)
//   GET  /api/cameras/snapshots/:alertId    the JPEG of the frame that raised that alert
import type { FastifyInstance } from 'fastify';
import { isEmberError } from '../../../protocol/errors.ts';
import type { CameraIngest } from './camera-ingest.ts';
import type { CameraStatus } from './camera-types.ts';

export interface CameraView {
  readonly id: string;
  readonly loc_id: string;
  readonly url: string;
  readonly up: boolean;
  readonly state: CameraStatus['state'];
  readonly reason: string | null;
  readonly detail: string | null;
  readonly fps: number;
  readonly base_fps: number;
  readonly frames: number;
  readonly frames_decoded: number;
  readonly drops: number;
  readonly skipped: number;
  readonly restarts: number;
  readonly pending: number;
  readonly last_frame_at_ms: number | null;
}

export function cameraView(s: CameraStatus): CameraView {
  return {
    id: s.id,
    loc_id: s.locId,
    url: s.url,
    up: s.state === 'up',
    state: s.state,
    reason: s.reason ?? null,
    detail: s.detail ?? null,
    fps: s.fps,
    base_fps: s.baseFps,
    frames: s.framesProcessed,
    frames_decoded: s.framesDecoded,
    drops: s.framesDropped,
    skipped: s.framesSkipped,
    restarts: s.restarts,
    pending: s.pending,
    last_frame_at_ms: s.lastFrameAtMs ?? null,
  };
}

export function registerCameraRoutes(app: FastifyInstance, ingest: CameraIngest): void {
  app.get('/api/cameras', async () => {
    const t = ingest.totals();
    return { cameras: ingest.list().map(cameraView), totals: { offered: t.offered, processed: t.processed, dropped: t.dropped, vision_hits: t.hits, scale_out: t.scaleOut, drop_share_window: t.dropShareWindow } };
  });

  app.put('/api/cameras', async (req, reply) => {
    const body = req.body as { streams?: unknown } | unknown[] | null;
    const streams = Array.isArray(body) ? body : body && typeof body === 'object' ? (body as { streams?: unknown }).streams : undefined;
    try {
      const summary = await ingest.reload(streams);
      return { ...summary, cameras: ingest.list().map(cameraView) };
    } catch (err) {
      if (!isEmberError(err)) throw err;
      return reply.code(err.exitCode === 2 ? 400 : 503).send({ error: err.code, message: err.message, problems: err.problems, hint: err.hint });
    }
  });

  app.get('/api/cameras/snapshots', async () => ({ snapshots: await ingest.snapshots.list() }));

  app.get<{ Params: { alertId: string } }>('/api/cameras/snapshots/:alertId', async (req, reply) => {
    const id = req.params.alertId.replace(/\.jpg$/, '');
    const snap = await ingest.snapshots.read(id);
    if (!snap) return reply.code(404).send({ error: 'not-found', message: `no snapshot for alert ${JSON.stringify(id)}` });
    return reply.type('image/jpeg').header('x-camera-id', snap.meta.cameraId).header('x-vision-score', String(snap.meta.score)).send(snap.jpeg);
  });
}
