// Anomaly snapshots: JPEG encoding by a real one-shot ffmpeg, retention by count and by age, and
// alert ids that could escape the directory are refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotStore, snapshotFileStem } from '../../../reference-server/ingest/cameras/snapshot-store.ts';
import { fireFrame, H, W } from './synthetic-frames.ts';

let dir = '';
test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emberload-snap-'));
});
test.after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hit = (atMs: number) => ({ cameraId: 'cam1', locId: 'L1', score: 0.93, atMs, width: W, height: H, frame: fireFrame(0) });

test('ids that are not plain names are refused (no path traversal)', () => {
  assert.is(snapshotFileStem('../../etc/passwd'), undefined);
  assert.is(snapshotFileStem('a/b'), undefined);
  assert.is(snapshotFileStem('8f9f2e48-91a1-464c-83fb-79c342a771c7'), '8f9f2e48-91a1-464c-83fb-79c342a771c7');
});

test('save → read back a JPEG with its metadata; list newest first; prune by count then by age', async () => {
  const store = new SnapshotStore({ dir, maxCount: 2, maxAgeMs: 60_000 });
  for (const [i, id] of ['a1', 'a2', 'a3'].entries()) {
    await store.save(id, hit(1000 + i));
    await new Promise((r) => setTimeout(r, 20)); // distinct mtimes
  }
  const files = (await readdir(dir)).sort();
  assert.equal(files, ['a2.jpg', 'a2.json', 'a3.jpg', 'a3.json'], 'count retention kept the newest 2');
  const snap = await store.read('a3');
  assert.ok(snap);
  assert.equal([snap.jpeg[0], snap.jpeg[1]], [0xff, 0xd8]);
  assert.equal(snap.meta, { alertId: 'a3', cameraId: 'cam1', locId: 'L1', score: 0.93, frameAtMs: 1002, width: W, height: H });
  assert.equal((await store.list()).map((m) => m.alertId), ['a3', 'a2']);
  assert.is(await store.read('../a3'), undefined);
  assert.is(await store.prune(Date.now() + 61_000), 2, 'both older than maxAgeMs');
  assert.equal(await readdir(dir), []);
});

test.run();
