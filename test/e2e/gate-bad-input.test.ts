// Bad input never starts anything: unknown phase/profile, invalid thresholds (including a tag typo,
// k6 #1526), an invalid scenario file and an unreachable external target all end with exit 2 and a
// problem list, and no run folder is created.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../cli/main.ts';
import { EmberError } from '../../protocol/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'emberload-badinput-'));
const outDir = join(dir, 'runs');
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function problems(argv: string[]): Promise<{ code: string; exit: number; paths: string[]; rules: string[] }> {
  try {
    await runCli(argv);
  } catch (err) {
    assert.instance(err, EmberError);
    const e = err as EmberError;
    return { code: e.code, exit: e.exitCode, paths: e.problems.map((p) => p.path), rules: e.problems.map((p) => p.rule) };
  }
  throw new Error(`expected ${argv.join(' ')} to fail`);
}

test('unknown phase → exit 2', async () => {
  const p = await problems(['gate', 'phase9', '--out-dir', outDir]);
  assert.is(p.code, 'EMBER_ERR_SCENARIO_UNKNOWN_PHASE');
  assert.is(p.exit, 2);
  assert.match(p.rules[0] ?? '', /phase0, phase1/);
});

test('unknown profile and mode are both listed → exit 2', async () => {
  const p = await problems(['gate', 'phase0', '--profile', 'smok', '--mode', 'burst', '--out-dir', outDir]);
  assert.is(p.exit, 2);
  assert.equal(p.paths, ['--profile', '--mode']);
});

test('a scenario file with a tag typo, a bad expression and a bad load lists every problem → exit 2', async () => {
  const file = join(dir, 'typo.json');
  writeFileSync(file, JSON.stringify({ load: { cameras: 2, cameraFps: 15, sensors: -1, sensorHz: 10 }, duration: '10s', thresholds: { 'processed_fps{camera:cam7}': ['med>=15'], alert_e2e_ms: ['p(95)<'], sensor_procesing_ms: ['p(95)<25'] }, extra: 1 }));
  const p = await problems(['run', file, '--out-dir', outDir]);
  assert.is(p.code, 'EMBER_ERR_SCENARIO_FILE_INVALID');
  assert.is(p.exit, 2);
  assert.is(p.paths.length, 5, JSON.stringify(p));
  assert.ok(p.rules.some((r) => /unknown value for tag camera/.test(r)));
  assert.ok(p.rules.some((r) => /unknown metric/.test(r)));
});

test('unreachable external target → exit 2 with the address, nothing started', async () => {
  // A port that was just free: nobody listens there.
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  const p = await problems(['gate', 'phase0', '--profile', 'smoke', '--target', `127.0.0.1:${port}`, '--metrics-url', `http://127.0.0.1:${port}/metrics`, '--out-dir', outDir]);
  assert.is(p.code, 'EMBER_ERR_SCENARIO_TARGET_UNREACHABLE');
  assert.is(p.exit, 2);
  assert.equal(p.paths, ['--target', '--metrics-url']);
  assert.not.ok(existsSync(outDir), 'no run folder for a run that never started');
});

test('--target without --metrics-url → exit 2', async () => {
  const p = await problems(['gate', 'phase0', '--target', '127.0.0.1:9', '--out-dir', outDir]);
  assert.is(p.exit, 2);
  assert.equal(p.paths, ['--metrics-url']);
});

test.run();
