// Session timeouts do not cut real clients: ffmpeg reads the advertised `Session: id;timeout=N` and
// sends its own keep-alives (GET_PARAMETER, since OPTIONS lists it), so a stream longer than the
// timeout decodes whole and no session is expired. (The reference server's ingest relies on this.)
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCameraServer, type CameraServer } from '../../simulators/cameras/camera-server.ts';
import { FFMPEG, runTool } from '../simulators/cameras/camera-test-helpers.ts';

let sim: CameraServer | undefined;

test.before(async () => {
  sim = await startCameraServer({ port: 0, cameras: 1, fps: 15, seed: 2, sessionTimeoutS: 2 });
});

test.after(async () => {
  await sim?.close();
});

test('ffmpeg streams 4 s through a 2 s session timeout without being expired', async () => {
  const r = await runTool(FFMPEG, ['-v', 'warning', '-rtsp_transport', 'tcp', '-i', sim?.urls[0] as string, '-frames:v', '60', '-f', 'null', '-'], 30_000);
  assert.is(r.stderr, '', r.stderr);
  assert.is(r.code, 0);
  const snap = sim?.snapshot();
  assert.is(snap?.rtsp.sessionsTimedOut, 0);
  // OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN plus at least one keep-alive.
  assert.ok((snap?.rtsp.requests ?? 0) >= 6, `requests ${snap?.rtsp.requests}`);
});

test.run();
