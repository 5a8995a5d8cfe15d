// A saturated detection pool (an injected slow detector on a real 15 fps stream): pending
// detections cap at 8, excess frames are dropped and counted, and adaptive FPS steps the admitted
// rate down (×0.75 per second, floor 5) — then hot reload and anomaly snapshots on the same ingest.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmberError } from '../../protocol/errors.ts';
import { startCameraIngest, type CameraIngest } from '../../reference-server/ingest/cameras/camera-ingest.ts';
import { DEFAULT_INGEST } from '../../reference-server/ingest/cameras/ingest-options.ts';
import type { FrameDetector, VisionResult } from '../../reference-server/detect/vision/vision-detector.ts';
import { fireFrame, greyFrame, writeClip } from '../reference-server/cameras/synthetic-frames.ts';
import { recordingMetrics, waitFor } from '../reference-server/cameras/stream-fixtures.ts';

let dir = '';
const open: CameraIngest[] = [];

test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emberload-cam-'));
  await writeClip(join(dir, 'grey.mp4'), 30, () => greyFrame());
  await writeClip(join(dir, 'fire.mp4'), 45, fireFrame);
});

test.after(async () => {
  for (const i of open) await i.close();
  await rm(dir, { recursive: true, force: true });
});

/** Takes 1 s per frame; the pool runs 4 at once, so it serves 4 fps against 15 offered. */
function slowDetector(): FrameDetector {
  const result: VisionResult = { score: 0, fireRatio: 0, smokeRatio: 0, flickering: false, hit: false };
  return { detect: () => new Promise((r) => setTimeout(() => r(result), 1000)) };
}

test('saturated pool: pending capped at 8, drops counted, fps reduced by the adaptive rule, scale-out signal raised', async () => {
  const metrics = recordingMetrics();
  const ingest = startCameraIngest({
    streams: [{ id: 'slow', locId: 'L1', url: `file://${join(dir, 'grey.mp4')}` }],
    // A 3 s scale-out window (default 5 min) so the > 5 % dropped signal can rise within the test.
    options: { ...DEFAULT_INGEST, workers: 0, startStaggerMs: 0, scaleOutWindowMs: 3000 },
    metrics,
    detectorFactory: () => slowDetector(),
  });
  open.push(ingest);
  const cam = () => ingest.list()[0]!;
  await waitFor(() => cam().fps <= 8, 12_000, 'fps to step down twice (15 → 11 → 8)');
  const fpsSet = metrics.calls.filter((c) => c.name === 'cameraFps').map((c) => c.args[1] as number);
  // The original's sequence from base 15: int(15·0.75) = 11, int(11·0.75) = 8.
  assert.ok(fpsSet.includes(11) && fpsSet.includes(8), fpsSet.join(','));
  const depths = metrics.calls.filter((c) => c.name === 'cameraQueueDepth').map((c) => c.args[1] as number);
  assert.is(Math.max(...depths), 8);
  assert.ok(cam().framesDropped > 0, JSON.stringify(cam()));
  assert.is(metrics.count('cameraFrameDropped', 'slow'), ingest.totals().dropped);
  await waitFor(() => metrics.calls.some((c) => c.name === 'scaleOutSignal' && c.args[0] === true), 5000, 'the scale-out signal');
  assert.ok(ingest.totals().scaleOut);
  const lat = metrics.calls.filter((c) => c.name === 'visionLatency').map((c) => c.args[1] as number);
  assert.ok(lat.length > 0 && Math.min(...lat) >= 0.99, 'latency counts from submission and includes the 1 s detection');
});

test('hot reload: adds, removes and restarts only what changed; an invalid list changes nothing', async () => {
  const ingest = startCameraIngest({
    streams: [
      { id: 'a', locId: 'L1', url: `file://${join(dir, 'grey.mp4')}` },
      { id: 'b', locId: 'L2', url: `file://${join(dir, 'grey.mp4')}` },
    ],
    options: { ...DEFAULT_INGEST, workers: 1, startStaggerMs: 0 },
  });
  open.push(ingest);
  await waitFor(() => ingest.list().every((c) => c.state === 'up'), 8000, 'both cameras up');
  try {
    await ingest.reload([{ id: 'a', loc_id: 'L1', url: 'nope' }, { id: 'c' }]);
    assert.unreachable('invalid list accepted');
  } catch (err) {
    assert.ok(err instanceof EmberError);
    assert.equal(err.problems.map((p) => p.path), ['streams[0].url', 'streams[1].loc_id', 'streams[1].url']);
  }
  assert.equal(ingest.list().map((c) => c.id), ['a', 'b']);
  const summary = await ingest.reload([
    { id: 'b', loc_id: 'L2-moved', url: `file://${join(dir, 'grey.mp4')}` },
    { id: 'c', loc_id: 'L3', url: `file://${join(dir, 'fire.mp4')}` },
  ]);
  assert.equal(summary, { added: ['c'], removed: ['a'], restarted: ['b'], unchanged: [] });
  await waitFor(() => ingest.list().length === 2 && ingest.list().every((c) => c.state === 'up'), 8000, 'new list up');
  assert.equal(ingest.list().map((c) => [c.id, c.locId]), [['b', 'L2-moved'], ['c', 'L3']]);
});

test('a vision hit reaches fusion with the camera location, and its frame is saved as a JPEG for the alert', async () => {
  const snapDir = join(dir, 'snapshots');
  const seen: Array<{ locId: string; cameraId: string; score: number }> = [];
  const ingest = startCameraIngest({
    streams: [{ id: 'cam7', locId: 'warehouse-7', url: `file://${join(dir, 'fire.mp4')}` }],
    options: { ...DEFAULT_INGEST, workers: 1, startStaggerMs: 0, snapshots: { dir: snapDir, maxCount: 1, maxAgeMs: 60_000 } },
    fusion: {
      ingestVision: (ev) => {
        seen.push(ev);
        return seen.length === 1 ? { id: 'alert-1' } : undefined;
      },
    },
  });
  open.push(ingest);
  await waitFor(() => seen.length > 0, 8000, 'a vision hit');
  assert.is(seen[0]!.locId, 'warehouse-7');
  assert.is(seen[0]!.cameraId, 'cam7');
  assert.ok(seen[0]!.score >= 0.7);
  const snap = await (async () => {
    for (let i = 0; i < 40; i++) {
      const s = await ingest.snapshots.read('alert-1');
      if (s) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
    return undefined;
  })();
  assert.ok(snap, 'snapshot for alert-1 written');
  assert.equal([...snap.jpeg.subarray(0, 2)], [0xff, 0xd8], 'JPEG SOI marker');
  assert.is(snap.meta.cameraId, 'cam7');
  // Retention maxCount 1: a second alert's snapshot evicts the first.
  assert.ok(await ingest.snapshotForAlert({ id: 'alert-2', locId: 'warehouse-7' }));
  assert.equal((await readdir(snapDir)).sort(), ['alert-2.jpg', 'alert-2.json']);
  assert.ok((await readFile(join(snapDir, 'alert-2.jpg'))).length > 500);
});

test.run();
