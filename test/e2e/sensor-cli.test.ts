// `emberload sim sensors` as a user runs it: a child process against a real listener.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { LineSink } from '../simulators/sensors/line-sink.ts';

const ROOT = resolve(import.meta.dirname, '../..');

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'sim', 'sensors', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(killer);
      done({ code, stdout, stderr });
    });
  });
}

test('a short run prints a JSON report that matches what the listener received (exit 0)', async () => {
  const sink = new LineSink('async-original');
  const port = await sink.listen();
  try {
    const r = await cli(['--target', `127.0.0.1:${port}`, '--devices', '3', '--rate', '5', '--duration', '1s', '--interval', '500ms', '--json', '--faults', 'malformed:ratio=0.2:variant=unknown-packet-type']);
    assert.is(r.code, 0, r.stderr);
    // The child has exited; let the listener read the last bytes and the FINs before counting.
    for (let i = 0; i < 100 && !sink.connections.every((c) => c.socket.readableEnded || c.socket.destroyed); i++) await new Promise((w) => setTimeout(w, 20));
    const report = JSON.parse(r.stdout) as { sent: { sensorLines: number; frames: number; malformed: number }; lateness: { p99Ms: number; count: number } };
    const seen = JSON.stringify(Object.fromEntries(sink.byKind));
    assert.is(sink.count('sensor'), report.sent.sensorLines, `listener ${seen} vs report ${JSON.stringify(report.sent)}`);
    assert.is(sink.count('frame'), report.sent.frames, `listener ${seen} vs report ${JSON.stringify(report.sent)}`);
    assert.is(sink.count('bad:unknown-packet-type'), report.sent.malformed);
    assert.ok(report.lateness.count > 0);
    assert.ok(/sent \d+\/s \| late \d+/.test(r.stderr), `progress lines on a non-TTY: ${r.stderr}`);
  } finally {
    await sink.close();
  }
});

test('every invalid option at once, exit 2', async () => {
  const r = await cli(['--target', 'nohost', '--devices', '-1', '--rate', 'x', '--faults', 'packet-storm:x=9']);
  assert.is(r.code, 2);
  for (const p of ['--target', '--devices', '--rate', '--faults faults[0].durationMs']) assert.ok(r.stderr.includes(`- ${p}`), `${p} in:\n${r.stderr}`);
});

test('unreachable target: one clear error naming the address, exit 1, no retry loop', async () => {
  const sink = new LineSink();
  const port = await sink.listen();
  await sink.close(); // a port that was just free: nothing listens there now
  const r = await cli(['--target', `127.0.0.1:${port}`, '--devices', '2', '--duration', '1s']);
  assert.is(r.code, 1);
  assert.ok(r.stderr.includes(`127.0.0.1:${port}`) && r.stderr.includes('EMBER_ERR_SIM_TARGET_UNREACHABLE'), r.stderr);
  assert.is(r.stderr.split('\n').filter((l) => l.startsWith('error')).length, 1);
});

test.run();
