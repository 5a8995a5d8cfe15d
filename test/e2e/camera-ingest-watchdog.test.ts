// Real streams, real ffmpeg: a camera that stops sending is restarted by the watchdog with
// backoff; cameras that are unreachable, send garbage or the wrong media are marked down with a
// reason and retried, while a healthy camera next to them keeps being processed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCameraIngest, type CameraIngest } from '../../reference-server/ingest/cameras/camera-ingest.ts';
import { DEFAULT_INGEST } from '../../reference-server/ingest/cameras/ingest-options.ts';
import { fireFrame, greyFrame, writeClip } from '../reference-server/cameras/synthetic-frames.ts';
import { recordingMetrics, startHttpSource, waitFor, type TestSource } from '../reference-server/cameras/stream-fixtures.ts';

const FAST = { ...DEFAULT_INGEST, stallTimeoutMs: 1500, firstFrameTimeoutMs: 4000, backoffBaseMs: 200, backoffMaxMs: 1000, startStaggerMs: 20, workers: 1 };

let dir = '';
const sources: TestSource[] = [];
let ingest: CameraIngest | undefined;

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emberload-cam-'));
  // 8 s of content: longer than ffmpeg's 5 s probe window, so the stalled stream still decodes.
  await writeClip(join(dir, 'grey.ts'), 120, () => greyFrame(), 15, 'h264');
  await writeClip(join(dir, 'fire.mp4'), 45, fireFrame, 15, 'h264');
});

test.after(async () => {
  await ingest?.close();
  for (const s of sources) await s.close();
  await rm(dir, { recursive: true, force: true });
});

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('stall → watchdog restart (reason stalled) → up again; bad cameras down with reasons; healthy camera unaffected', async () => {
  const stalling = await startHttpSource({ kind: 'stall-after-clip', clip: await readFile(join(dir, 'grey.ts')) });
  const garbage = await startHttpSource({ kind: 'garbage' });
  const notVideo = await startHttpSource({ kind: 'bytes', body: Buffer.from('{"this":"is json, not video"}\n'.repeat(200)) });
  sources.push(stalling, garbage, notVideo);
  const metrics = recordingMetrics();
  const states: string[] = [];
  ingest = startCameraIngest({
    streams: [
      { id: 'stall', locId: 'L1', url: stalling.url },
      { id: 'refused', locId: 'L2', url: `rtsp://127.0.0.1:${await closedPort()}/cam/1` },
      { id: 'garbage', locId: 'L3', url: garbage.url },
      { id: 'notvideo', locId: 'L4', url: notVideo.url },
      { id: 'good', locId: 'L5', url: `file://${join(dir, 'fire.mp4')}` },
    ],
    options: FAST,
    metrics,
    log: { info: (m) => states.push(m), warn: (m) => states.push(m) },
  });
  const cam = (id: string) => ingest!.list().find((c) => c.id === id);
  await waitFor(() => (cam('stall')?.framesDecoded ?? 0) >= 25, 10_000, 'the stalling camera to deliver its clip').catch((e: Error) => assert.unreachable(`${e.message}: ${JSON.stringify(ingest!.list())}`));
  await waitFor(() => metrics.calls.some((c) => c.name === 'cameraRestart' && c.args[0] === 'stall' && c.args[1] === 'stalled'), 8_000, 'a watchdog restart');
  assert.ok(states.some((s) => s.startsWith('camera stall down: stalled')), states.join('\n'));
  await waitFor(() => stalling.connections >= 2 && cam('stall')?.state === 'up', 8_000, 'the camera to reconnect and deliver again');
  await waitFor(() => (cam('refused')?.restarts ?? 0) >= 2 && (cam('garbage')?.state === 'down') && (cam('notvideo')?.state === 'down'), 10_000, 'bad cameras to be down and retried');
  const refused = cam('refused')!;
  assert.is(refused.state, 'down');
  assert.is(refused.reason, 'unreachable');
  assert.match(refused.detail ?? '', /refused/i);
  assert.ok(['bad-stream', 'stalled'].includes(cam('garbage')!.reason ?? ''), JSON.stringify(cam('garbage')));
  assert.ok(['bad-stream', 'exited'].includes(cam('notvideo')!.reason ?? ''), JSON.stringify(cam('notvideo')));
  // up/down metric follows the state; the healthy camera kept processing frames throughout.
  assert.ok(metrics.calls.some((c) => c.name === 'cameraUp' && c.args[0] === 'refused' && c.args[1] === false));
  assert.ok(metrics.calls.some((c) => c.name === 'cameraUp' && c.args[0] === 'stall' && c.args[1] === true));
  assert.ok(cam('good')!.framesProcessed >= 15, JSON.stringify(cam('good')));
  assert.ok(metrics.count('cameraFrameProcessed', 'good') > 0);
});

test.run();
