// A scripted vision-fire incident switches the camera to the fire clip at the next keyframe: a real
// ffmpeg client sees normal frames (HSV fire score < 0.4), then — starting exactly on a GOP boundary —
// fire frames (score ≥ 0.7); the switch is recorded as ground truth (InjectedIncident).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCameraServer, type CameraServer } from '../../simulators/cameras/camera-server.ts';
import { decodeYuvFrames, yuv420ToRgb } from '../simulators/cameras/camera-test-helpers.ts';
import { hsvFireScore } from '../simulators/cameras/hsv-fire-score.ts';

const FPS = 10;
let sim: CameraServer | undefined;
let startedMs = 0;

test.before(async () => {
  startedMs = Date.now();
  sim = await startCameraServer({
    port: 0,
    cameras: 2,
    fps: FPS,
    seed: 3,
    incidents: [
      { id: 'fire-cam2', kind: 'vision-fire', atS: 1.5, durationS: 60, cameraId: '2' },
      // Sensor incidents are not the camera server's business and must be ignored, not rejected.
      { id: 'smoke-x', kind: 'smoke', atS: 0, durationS: 5, locId: 'zone-9' },
    ],
  });
});

test.after(async () => {
  await sim?.close();
});

test('the picture turns to fire at a keyframe after the incident starts, and the switch is recorded', async () => {
  const r = await decodeYuvFrames(sim?.urls[1] as string, 35, 320, 240);
  assert.is(r.frames.length, 35);
  assert.is(r.stderr, '', r.stderr);
  const scores = r.frames.map((f) => hsvFireScore(yuv420ToRgb(f, 320, 240, false), 320, 240).score);
  const firstFire = scores.findIndex((s) => s >= 0.7);
  assert.ok(firstFire > 0, `normal frames first, then fire (scores ${scores.map((s) => s.toFixed(2)).join(' ')})`);
  for (const [i, s] of scores.entries()) {
    if (i < firstFire) assert.ok(s < 0.4, `frame ${i} before the switch scores ${s}`);
    else assert.ok(s >= 0.7, `frame ${i} after the switch scores ${s}`);
  }
  // The client starts on a keyframe and keyframes come every FPS frames: the switch frame is one.
  assert.is(firstFire % FPS, 0, `first fire frame ${firstFire} is on a GOP boundary`);
  const injected = sim?.injectedIncidents() ?? [];
  assert.is(injected.length, 1, 'only the camera incident is injected');
  assert.is(injected[0]?.id, 'fire-cam2');
  assert.is(injected[0]?.cameraId, '2');
  const at = injected[0]?.injectedAtMs ?? 0;
  assert.ok(at >= startedMs + 1500, 'not before the scripted start');
  assert.ok(at <= Date.now(), 'recorded when it happened');
  const cams = sim?.snapshot().cameras ?? [];
  assert.is(cams[1]?.scene, 'fire');
  assert.is(cams[0]?.scene, 'normal');
});

test.run();
