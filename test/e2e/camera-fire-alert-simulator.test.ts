// Done-when of issue 8: the real RTSP camera simulator and the real server (buildServer + the
// camera plug-in, HTTP on 127.0.0.1:0). A scripted fire incident on camera 2 puts flames in its
// picture; the alert must appear on /api/alerts/stream for camera 2's location (and no other),
// after the incident's ground-truth injection time. Meanwhile camera 1 stalls (a simulator fault)
// and the watchdog restarts it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertStreamEvent } from '../../protocol/alert.ts';
import { listenAlertStream } from '../helpers/sse-alert-client.ts';
import { buildServer, type BuiltServer } from '../../reference-server/app.ts';
import { validateConfig } from '../../reference-server/config.ts';
import { createLogger } from '../../reference-server/log.ts';
import { cameraIngestPlugin } from '../../reference-server/ingest/cameras/camera-plugin.ts';
import { DEFAULT_INGEST } from '../../reference-server/ingest/cameras/ingest-options.ts';
import { startCameraServer, type CameraServer } from '../../simulators/cameras/camera-server.ts';
import { waitFor } from '../reference-server/cameras/stream-fixtures.ts';

let dir = '';
let sim: CameraServer | undefined;
let server: BuiltServer | undefined;
let base = '';
const clients: Array<{ destroy(): void }> = [];

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emberload-camsim-'));
  sim = await startCameraServer({
    port: 0,
    cameras: 3,
    fps: 15,
    incidents: [{ id: 'fire-2', kind: 'vision-fire', atS: 4, durationS: 60, cameraId: '2' }],
  });
  const config = validateConfig({
    dataDir: join(dir, 'data'),
    // The original app's URL suffix, which the simulator must accept.
    streams: sim.urls.map((url, i) => ({ id: `cam${i + 1}`, loc_id: `zone-${i + 1}`, url: `${url}?tcp&rtsp_transport=tcp` })),
  });
  server = await buildServer({ config, log: createLogger('error'), plugins: [cameraIngestPlugin({ ...DEFAULT_INGEST, workers: 1, startStaggerMs: 50, stallTimeoutMs: 1500, firstFrameTimeoutMs: 10_000, backoffBaseMs: 200 })] });
  await server.http.listen({ port: 0, host: '127.0.0.1' });
  const addr = server.http.server.address();
  base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  server.setReady(true);
});

test.after(async () => {
  for (const c of clients) c.destroy();
  await server?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

function listenAlerts(onEvent: (e: AlertStreamEvent) => void): void {
  clients.push(listenAlertStream(base, onEvent));
}

interface CameraJson {
  readonly id: string;
  readonly up: boolean;
  readonly restarts: number;
  readonly frames: number;
}

async function cameras(): Promise<CameraJson[]> {
  return ((await (await fetch(`${base}/api/cameras`)).json()) as { cameras: CameraJson[] }).cameras;
}

test('fire incident on camera 2 → vision alert for zone-2 on the alert stream; stalled camera 1 restarted', async () => {
  const events: AlertStreamEvent[] = [];
  listenAlerts((e) => events.push(e));
  let cams: CameraJson[] = [];
  for (let i = 0; i < 100 && !(cams.length === 3 && cams.every((c) => c.up && c.frames > 5)); i++) {
    await new Promise((r) => setTimeout(r, 100));
    cams = await cameras();
  }
  assert.ok(cams.every((c) => c.up), JSON.stringify(cams));
  sim!.triggerFault({ kind: 'stall', cameraId: '1', durationS: 4 });

  await waitFor(() => events.some((e) => e.type === 'alert-opened'), 20_000, 'an alert on /api/alerts/stream').catch(async (e: Error) => {
    assert.unreachable(`${e.message}; cameras ${JSON.stringify(await cameras())}; injected ${JSON.stringify(sim!.injectedIncidents())}; events ${events.length}`);
  });
  const opened = events.filter((e): e is Extract<AlertStreamEvent, { type: 'alert-opened' }> => e.type === 'alert-opened');
  assert.equal([...new Set(opened.map((e) => e.alert.locId))], ['zone-2'], JSON.stringify(opened));
  const alert = opened[0]!.alert;
  assert.is(alert.cause, 'vision');
  assert.is(alert.cameraId, 'cam2');
  const injected = sim!.injectedIncidents().find((i) => i.id === 'fire-2');
  assert.ok(injected, 'the simulator recorded the injection');
  // Evidence can only follow the first fire frame (allow 50 ms for clock reads on two sides).
  assert.ok(alert.firstSeenMs >= injected.injectedAtMs - 50, `alert ${alert.firstSeenMs} before injection ${injected.injectedAtMs}`);

  for (let i = 0; i < 100; i++) {
    cams = await cameras();
    if ((cams[0]?.restarts ?? 0) >= 1 && cams[0]?.up) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok((cams[0]?.restarts ?? 0) >= 1, `camera 1 restarted by the watchdog: ${JSON.stringify(cams[0])}`);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  assert.match(metrics, /emberload_camera_restarts_total\{stream_id="cam1",reason="stalled"\} [1-9]/);
});

test.run();
