// The real server (buildServer + the camera plug-in, listening on 127.0.0.1:0) ingesting two real
// H.264 streams through ffmpeg: flames on one camera raise a vision alert for that camera's
// location on /api/alerts/stream (read by a real HTTP client), with a JPEG snapshot; /api/cameras,
// PUT /api/cameras and /metrics show the camera path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertStreamEvent } from '../../protocol/alert.ts';
import { listenAlertStream } from '../helpers/sse-alert-client.ts';
import { EmberError } from '../../protocol/errors.ts';
import { buildServer, type BuiltServer } from '../../reference-server/app.ts';
import { validateConfig } from '../../reference-server/config.ts';
import { cameraIngestPlugin } from '../../reference-server/ingest/cameras/camera-plugin.ts';
import { DEFAULT_INGEST } from '../../reference-server/ingest/cameras/ingest-options.ts';
import { fireFrame, greyFrame, writeClip } from '../reference-server/cameras/synthetic-frames.ts';
import { waitFor } from '../reference-server/cameras/stream-fixtures.ts';

let dir = '';
let server: BuiltServer | undefined;
let base = '';
const streamReqs: Array<{ destroy(): void }> = [];

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emberload-camfire-'));
  await writeClip(join(dir, 'fire.mp4'), 45, fireFrame);
  await writeClip(join(dir, 'grey.mp4'), 45, () => greyFrame());
  const config = validateConfig({
    dataDir: join(dir, 'data'),
    streams: [
      { id: 'cam7', loc_id: 'warehouse-7', url: `file://${join(dir, 'grey.mp4')}` },
      { id: 'cam8', loc_id: 'office-8', url: `file://${join(dir, 'grey.mp4')}` },
    ],
  });
  server = await buildServer({ config, plugins: [cameraIngestPlugin({ ...DEFAULT_INGEST, workers: 1, startStaggerMs: 0 })] });
  await server.http.listen({ port: 0, host: '127.0.0.1' });
  const addr = server.http.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  server.setReady(true);
});

test.after(async () => {
  for (const r of streamReqs) r.destroy();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function listenAlerts(onEvent: (e: AlertStreamEvent) => void): void {
  streamReqs.push(listenAlertStream(base, onEvent));
}

interface CameraJson {
  readonly id: string;
  readonly loc_id: string;
  readonly up: boolean;
  readonly frames: number;
}
interface ApiBody {
  readonly cameras: CameraJson[];
  readonly error?: string;
  readonly problems: Array<{ path: string }>;
  readonly restarted?: string[];
  readonly unchanged?: string[];
}

async function json(method: string, path: string, body?: unknown): Promise<{ status: number; body: ApiBody }> {
  const res = await fetch(`${base}${path}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
  return { status: res.status, body: (await res.json()) as ApiBody };
}

test('grey cameras: up, frames counted, no alert; fire swapped in by hot reload → vision alert for warehouse-7 with a snapshot', async () => {
  const events: AlertStreamEvent[] = [];
  listenAlerts((e) => events.push(e));
  await waitFor(() => events.length > 0, 5000, 'the SSE stream to open');
  let cams: CameraJson[] = [];
  for (let i = 0; i < 80; i++) {
    cams = (await json('GET', '/api/cameras')).body.cameras;
    if (cams.every((c) => c.up && c.frames > 10)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(cams.map((c) => [c.id, c.loc_id, c.up]), [['cam7', 'warehouse-7', true], ['cam8', 'office-8', true]]);
  assert.not.ok(events.some((e) => e.type === 'alert-opened'), 'grey scene raised no alert');

  const bad = await json('PUT', '/api/cameras', { streams: [{ id: 'cam7', loc_id: '', url: 'nope' }] });
  assert.is(bad.status, 400);
  assert.is(bad.body.error, 'EMBER_ERR_CAMERA_INGEST_CONFIG_INVALID');
  assert.equal(bad.body.problems.map((p) => p.path), ['streams[0].loc_id', 'streams[0].url']);

  // The "incident": camera 7 now looks at flames (its URL changes; camera 8 is untouched).
  const ok = await json('PUT', '/api/cameras', {
    streams: [
      { id: 'cam7', loc_id: 'warehouse-7', url: `file://${join(dir, 'fire.mp4')}` },
      { id: 'cam8', loc_id: 'office-8', url: `file://${join(dir, 'grey.mp4')}` },
    ],
  });
  assert.is(ok.status, 200);
  assert.equal(ok.body.restarted, ['cam7']);
  assert.equal(ok.body.unchanged, ['cam8']);
  await waitFor(() => events.some((e) => e.type === 'alert-opened'), 10_000, 'an alert on /api/alerts/stream');
  const opened = events.filter((e): e is Extract<AlertStreamEvent, { type: 'alert-opened' }> => e.type === 'alert-opened');
  assert.equal([...new Set(opened.map((e) => e.alert.locId))], ['warehouse-7']);
  const alert = opened[0]!.alert;
  assert.is(alert.cause, 'vision');
  assert.is(alert.cameraId, 'cam7');
  assert.ok(alert.sources.includes('vision'));

  let snap: Response | undefined;
  for (let i = 0; i < 50 && snap?.status !== 200; i++) {
    snap = await fetch(`${base}/api/cameras/snapshots/${alert.id}`);
    if (snap.status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  assert.is(snap?.status, 200);
  assert.is(snap?.headers.get('content-type'), 'image/jpeg');
  assert.is(snap?.headers.get('x-camera-id'), 'cam7');
  const jpeg = new Uint8Array(await snap!.arrayBuffer());
  assert.equal([jpeg[0], jpeg[1]], [0xff, 0xd8]);

  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, /emberye_frames_processed_total\{stream_id="cam8"\} [1-9]/);
  assert.match(metrics, /emberload_camera_up\{stream_id="cam7"\} 1/);
  assert.match(metrics, /emberye_current_fps\{stream_id="cam7"\} 15/);
});

test('a server whose camera list breaks the ingest rules does not start; every problem is listed', async () => {
  const config = validateConfig({
    dataDir: join(dir, 'data-bad'),
    streams: [
      { id: 'ok', loc_id: 'a', url: 'rtsp://127.0.0.1:1/cam/1' },
      { id: 'has space', loc_id: 'b', url: 'not a url' },
    ],
  });
  try {
    const s = await buildServer({ config, plugins: [cameraIngestPlugin()] });
    await s.close();
    assert.unreachable('server started');
  } catch (err) {
    assert.ok(err instanceof EmberError, String(err));
    assert.is(err.code, 'EMBER_ERR_CAMERA_INGEST_CONFIG_INVALID');
    assert.equal(err.problems.map((p) => [p.path, p.received]), [['streams[1].id', 'has space'], ['streams[1].url', 'not a url']]);
  }
});

test.run();
