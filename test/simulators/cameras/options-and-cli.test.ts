// Options are validated whole (every problem at once, nothing started); the CLI rejects bad flags and
// bad script files the same way, and runs a short real server with --json.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isEmberError, type EmberError } from '../../../protocol/errors.ts';
import { resolveCameraServerOptions } from '../../../simulators/cameras/camera-options.ts';
import { startCameraServer } from '../../../simulators/cameras/camera-server.ts';
import { main } from '../../../simulators/cameras/cli.ts';
import { parseCameraScript } from '../../../simulators/cameras/script-file.ts';

function problemsOf(fn: () => unknown): EmberError {
  try {
    fn();
  } catch (err) {
    if (isEmberError(err)) return err;
    throw err;
  }
  throw new Error('expected an EmberError');
}

let dir = '';
test.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emberload-camsim-cli-'));
});
test.after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('every bad option is reported at once with path, rule and value', () => {
  const err = problemsOf(() =>
    resolveCameraServerOptions({
      port: 70000,
      cameras: 0,
      fps: 2.5,
      codec: 'vp9' as 'h264',
      resolution: '1920x1080' as '320x240',
      incidents: [{ id: 'a', kind: 'vision-fire', atS: -1, durationS: 1 }],
      faults: [{ kind: 'stall' }],
      maxClientQueueBytes: 10,
    }),
  );
  assert.is(err.code, 'EMBER_ERR_CAMERA_SIM_OPTIONS_INVALID');
  assert.equal(err.problems.map((p) => p.path).sort(), ['cameras', 'codec', 'faults[0].cameraId', 'fps', 'incidents[0].atS', 'incidents[0].cameraId', 'maxClientQueueBytes', 'port', 'resolution'].sort());
  const port = err.problems.find((p) => p.path === 'port');
  assert.is(port?.received, 70000);
});

test('incidents must name an existing camera; sensor incidents are accepted and ignored', () => {
  const err = problemsOf(() => resolveCameraServerOptions({ port: 0, cameras: 2, fps: 15, incidents: [{ id: 'x', kind: 'vision-fire', atS: 1, durationS: 1, cameraId: '3' }] }));
  assert.equal(err.problems.map((p) => p.path), ['incidents[0].cameraId']);
  const ok = resolveCameraServerOptions({ port: 0, cameras: 2, fps: 15, incidents: [{ id: 's', kind: 'smoke', atS: 1, durationS: 1, locId: 'z' }] });
  assert.equal(ok.incidents, []);
});

test('a bad option rejects before any port is opened (startCameraServer throws)', async () => {
  try {
    await startCameraServer({ port: 0, cameras: -1, fps: 15 });
    assert.unreachable();
  } catch (err) {
    assert.ok(isEmberError(err) && err.code === 'EMBER_ERR_CAMERA_SIM_OPTIONS_INVALID');
  }
});

test('a port already in use is a listen error naming the port', async () => {
  const first = await startCameraServer({ port: 0, cameras: 1, fps: 15, udp: false });
  try {
    await startCameraServer({ port: first.port, cameras: 1, fps: 15 }); // its UDP sockets must be closed again
    assert.unreachable();
  } catch (err) {
    assert.ok(isEmberError(err) && err.code === 'EMBER_ERR_CAMERA_SIM_LISTEN_FAILED' && err.problems[0]?.path === 'port' && err.problems[0]?.received === first.port);
  } finally {
    await first.close();
  }
});

test('script files: a list, or {incidents, faults}; unknown keys and bad YAML are refused', () => {
  assert.equal(parseCameraScript('- {id: a, kind: vision-fire, atS: 1, durationS: 2, cameraId: "1"}', 'f').incidents.length, 1);
  const both = parseCameraScript('{"incidents": [], "faults": [{"kind": "reconnect-storm", "atS": 5}]}', 'f');
  assert.is(both.faults.length, 1);
  assert.is(problemsOf(() => parseCameraScript('{"incident": []}', 'f')).code, 'EMBER_ERR_CAMERA_SIM_SCRIPT_UNREADABLE');
  assert.is(problemsOf(() => parseCameraScript('a: [', 'f')).code, 'EMBER_ERR_CAMERA_SIM_SCRIPT_UNREADABLE');
});

test('CLI: bad flags are all listed; a missing script file names the option', async () => {
  try {
    await main(['sim', 'cameras', '--cameras', '0', '--codec', 'vp8', '--port', 'x']);
    assert.unreachable();
  } catch (err) {
    assert.ok(isEmberError(err));
    if (isEmberError(err)) assert.equal(err.problems.map((p) => p.path).sort(), ['--cameras', '--codec', '--port']);
  }
  try {
    await main(['sim', 'cameras', '--cameras', '1', '--incidents', join(dir, 'missing.yaml')]);
    assert.unreachable();
  } catch (err) {
    assert.ok(isEmberError(err) && err.code === 'EMBER_ERR_CAMERA_SIM_SCRIPT_UNREADABLE' && err.problems[0]?.path === '--incidents');
  }
});

test('CLI --json runs a real server for --duration and reports urls, the final snapshot and injected incidents', async () => {
  const script = join(dir, 'script.json');
  await writeFile(script, JSON.stringify({ incidents: [{ id: 'i1', kind: 'vision-fire', atS: 0, durationS: 5, cameraId: '2' }], faults: [{ kind: 'stall', cameraId: '1', atS: 0, durationS: 1 }] }));
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  let code: number;
  try {
    code = await main(['sim', 'cameras', '--cameras', '2', '--port', '0', '--fps', '5', '--duration', '1.5s', '--interval', '500ms', '--incidents', script, '--json']);
  } finally {
    process.stdout.write = write;
  }
  assert.is(code, 0);
  const events = lines.join('').trim().split('\n').map((l) => JSON.parse(l) as { type: string; urls?: string[]; injectedIncidents?: Array<{ id: string }>; snapshot?: { faults: { stalls: number } } });
  assert.is(events[0]?.type, 'started');
  assert.is(events[0]?.urls?.length, 2);
  assert.ok(events.some((e) => e.type === 'snapshot'));
  const final = events.at(-1);
  assert.is(final?.type, 'final');
  assert.equal(final?.injectedIncidents?.map((i) => i.id), ['i1']);
  assert.is(final?.snapshot?.faults.stalls, 1);
});

test.run();
