// HTTP routes through fastify's inject() (no port): health, ready, metrics families, the alerts API
// with filters and pagination, devices, stats, baselines and device commands.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ORIGINAL_FAMILIES } from '../../protocol/metric-names.ts';
import { encodeFrameLine, encodeSensorLine, FRAME_CELLS } from '../../protocol/sensor-packets.ts';
import { connectDevice, startTestServer, waitFor, type TestServer } from './helpers.ts';

const t = suite('http routes');
let ts: TestServer;
t.before(async () => {
  ts = await startTestServer({ fusion: { quietCloseMs: 60_000 } });
});
t.after(async () => {
  await ts.stop();
});

const get = async (url: string) => ts.server.http.inject({ method: 'GET', url });

t('/health is exactly OK\\n; /ready is 200 when ready and 503 when not', async () => {
  const h = await get('/health');
  assert.is(h.statusCode, 200);
  assert.is(h.body, 'OK\n');
  assert.is((await get('/ready')).statusCode, 200);
  ts.server.setReady(false);
  assert.is((await get('/ready')).statusCode, 503);
  ts.server.setReady(true);
});

t('/metrics exposes all 14 original emberye_* families with # HELP and # TYPE', async () => {
  const r = await get('/metrics');
  assert.is(r.statusCode, 200);
  assert.match(r.headers['content-type'] as string, /text\/plain/);
  for (const f of Object.values(ORIGINAL_FAMILIES)) {
    assert.ok(r.body.includes(`# TYPE ${f.name} ${f.type}`), f.name);
  }
  assert.ok(r.body.includes('emberload_ingest_queue_capacity 10000'));
});

t('alerts: raised over TCP, listed newest first, filtered by loc/level/time, paginated; bad params → 400 listing each', async () => {
  const dev = await connectDevice(ts.tcpPort);
  try {
    await dev.send(`${encodeSensorLine('kitchen', { ADC1: 3000, ADC2: 10 })}\n`); // smoke 73 % → warning
    await dev.send(`${encodeFrameLine('boiler', new Array<number>(FRAME_CELLS).fill(65))}\n`); // critical
    await waitFor('two alerts stored', async () => (await get('/api/alerts')).json().total === 2);
  } finally {
    dev.end();
  }
  const all = (await get('/api/alerts')).json();
  assert.equal(all.alerts.map((a: { locId: string }) => a.locId), ['boiler', 'kitchen']);
  const crit = (await get('/api/alerts?level=critical')).json();
  assert.equal(crit.alerts.map((a: { cause: string; reason: string }) => [a.cause, a.reason]), [['critical-temperature', 'Critical temperature: 65.0°C >= 60.0°C']]);
  assert.is((await get('/api/alerts?locId=kitchen')).json().alerts[0].reason, 'Smoke threshold exceeded: 73.3% >= 25.0%');
  const page = (await get('/api/alerts?limit=1&offset=1')).json();
  assert.is(page.total, 2);
  assert.equal(page.alerts.map((a: { locId: string }) => a.locId), ['kitchen']);
  assert.is((await get(`/api/alerts?from=${Date.now() + 60_000}`)).json().total, 0);
  const bad = await get('/api/alerts?limit=0&level=hot&from=yesterday');
  assert.is(bad.statusCode, 400);
  assert.equal(bad.json().problems.map((p: { path: string }) => p.path).sort(), ['from', 'level', 'limit']);
});

t('/api/devices and /api/stats/all show what devices sent', async () => {
  const devices = (await get('/api/devices')).json();
  const kitchen = devices.devices.find((d: { locId: string }) => d.locId === 'kitchen');
  assert.is(kitchen?.sensorLines, 1);
  assert.is(kitchen?.clientIp, '127.0.0.1');
  const stats = (await get('/api/stats/all')).json();
  const boiler = stats.locations.find((l: { locId: string }) => l.locId === 'boiler');
  assert.ok(Math.abs(boiler.thermalMaxC - 65) < 0.01);
  assert.is(boiler.hotCellCount, FRAME_CELLS);
  assert.is(boiler.openAlerts, 1);
  assert.is(stats.openAlerts, 2);
});

t('baselines: 404 without a candidate; device commands reach the device connection', async () => {
  assert.is((await ts.server.http.inject({ method: 'POST', url: '/api/baselines/nowhere/approve' })).statusCode, 404);
  assert.is((await ts.server.http.inject({ method: 'POST', url: '/api/baselines/nowhere/reject' })).statusCode, 404);
  const dev = await connectDevice(ts.tcpPort);
  try {
    await dev.send(`${encodeSensorLine('cmd-room', { ADC1: 1 })}\n`);
    await waitFor('device known', () => ts.server.ctx.devices.packetsOf('cmd-room') === 1);
    const r = await ts.server.http.inject({ method: 'POST', url: '/api/devices/cmd-room/commands', payload: { cmd: 'EEPROM1' } });
    assert.is(r.statusCode, 200);
    await waitFor('EEPROM1 received', () => dev.received().endsWith('EEPROM1\n'));
    // By client IP: the latest connection from that IP (the original's keying) — this one.
    assert.is((await ts.server.http.inject({ method: 'POST', url: '/api/devices/127.0.0.1/commands', payload: { cmd: 'PERIOD_ON' } })).statusCode, 200);
    await waitFor('PERIOD_ON received', () => dev.received().endsWith('PERIOD_ON\n'));
    // By connection id.
    const id = ts.server.tcp.listConnections().find((c) => c.lastLocId === 'cmd-room')?.id;
    assert.ok(ts.server.tcp.sendCommand(id as number, 'REQUEST1\n'));
    await waitFor('REQUEST1 received', () => dev.received().endsWith('REQUEST1\n'));
    const bad = await ts.server.http.inject({ method: 'POST', url: '/api/devices/cmd-room/commands', payload: { cmd: 'REBOOT' } });
    assert.is(bad.statusCode, 400);
    assert.is((await ts.server.http.inject({ method: 'POST', url: '/api/devices/ghost/commands', payload: { cmd: 'REQUEST1' } })).statusCode, 404);
  } finally {
    dev.end();
  }
});

t.run();
