// Plug-ins (the camera path's and the scale-out bus's way in): they register routes before ready,
// feed fusion, see committed alerts, and are closed on shutdown; one that fails to start fails the build cleanly.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AlertStreamEvent } from '../../protocol/alert.ts';
import { buildServer, type ServerPlugin } from '../../reference-server/app.ts';
import { AlertStore } from '../../reference-server/store/alert-store.ts';
import { validateConfig } from '../../reference-server/config.ts';
import { testLog } from './helpers.ts';

test('a plug-in adds a route, raises vision evidence through fusion, sees the committed alert, and is closed', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emberload-plugin-'));
  let closed = false;
  const seen: AlertStreamEvent[] = [];
  const camera: ServerPlugin = ({ http, fusion, alerts, config }) => {
    http.get('/api/cameras', async () => ({ streams: config.streams.map((s) => s.id) }));
    alerts.subscribe((e) => seen.push(e));
    http.post('/test/vision', async () => {
      fusion.ingestSensor({ locId: 'cam-room', smokePct: null, flamePct: 40, flameDigital: null });
      fusion.ingestVision({ locId: 'cam-room', cameraId: 'c1', score: 0.95, atMs: Date.now() });
      return { ok: true };
    });
    return { close: () => void (closed = true) };
  };
  const server = await buildServer({ config: validateConfig({ dataDir, streams: [{ id: 'c1', loc_id: 'cam-room', url: 'rtsp://127.0.0.1:8554/c1' }] }), log: testLog, plugins: [camera] });
  try {
    assert.equal((await server.http.inject({ method: 'GET', url: '/api/cameras' })).json(), { streams: ['c1'] });
    await server.http.inject({ method: 'POST', url: '/test/vision' });
    await new Promise((r) => setImmediate(r));
    const opened = seen.find((e) => e.type === 'alert-opened' && e.alert.cause === 'vision-sensor');
    assert.ok(opened && opened.type === 'alert-opened' && opened.alert.cameraId === 'c1');
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  assert.ok(closed, 'plug-in closed on shutdown');
});

test('a plug-in that throws at start fails buildServer and leaves the store closed (reopenable)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emberload-plugin-'));
  let firstClosed = false;
  const ok: ServerPlugin = () => ({ close: () => void (firstClosed = true) });
  const broken: ServerPlugin = () => {
    throw new Error('camera backend missing');
  };
  try {
    await buildServer({ config: validateConfig({ dataDir }), log: testLog, plugins: [ok, broken] });
    assert.unreachable('should have thrown');
  } catch (err) {
    assert.match((err as Error).message, /camera backend missing/);
  }
  assert.ok(firstClosed, 'the plug-in that did start was closed');
  const store = AlertStore.open(dataDir, 'n');
  assert.ok(store.isOpen());
  store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test.run();
