// The sensor fleet against our reference server, spawned as a child process exactly as users run
// it: handshake, packets and every fault kind must show up in the server's own /metrics counters,
// and a scripted smoke incident must become an alert.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startSensorFleet } from '../../simulators/sensors/fleet.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = join(ROOT, 'reference-server/main.ts');

interface Running {
  readonly child: ChildProcess;
  readonly tcp: number;
  readonly http: number;
  readonly dir: string;
}

async function startServer(config?: object): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'emberload-sensor-e2e-'));
  const args = ['--import', 'tsx', MAIN, 'serve', '--tcp-port', '0', '--http-port', '0', '--ws-port', '0', '--data-dir', join(dir, 'data')];
  if (config) {
    writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    args.push('--config', join(dir, 'config.json'));
  }
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const listening = await new Promise<{ tcp: number; http: number }>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not report listening in 20 s: ${stderr}`)), 20_000);
    lines.on('line', (line) => {
      try {
        const ev = JSON.parse(line) as { event?: string; tcp?: number; http?: number };
        if (ev.event === 'listening') {
          clearTimeout(timer);
          ok({ tcp: ev.tcp as number, http: ev.http as number });
        }
      } catch {
        // not JSON: ordinary log output
      }
    });
    child.once('exit', (code) => fail(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { child, dir, ...listening };
}

async function stopServer(s: Running): Promise<void> {
  if (s.child.exitCode === null) {
    s.child.kill('SIGTERM');
    const exited = new Promise((r) => s.child.once('exit', r));
    const timer = setTimeout(() => s.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(s.dir, { recursive: true, force: true });
}

/** Sum of a Prometheus family's samples whose labels include `match` (all when empty). */
function metric(text: string, family: string, match = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(family) || (line[family.length] !== '{' && line[family.length] !== ' ')) continue;
    if (match !== '' && !line.includes(match)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

async function scrape(http: number): Promise<string> {
  return (await fetch(`http://127.0.0.1:${http}/metrics`)).text();
}

async function settle(http: number, family: string, match: string, atLeast: number): Promise<string> {
  let text = '';
  for (let i = 0; i < 50; i++) {
    text = await scrape(http);
    if (metric(text, family, match) >= atLeast) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return text;
}

if (!existsSync(MAIN)) {
  process.stdout.write('SKIP sensor-reference-server: reference-server/main.ts is not in this checkout\n');
} else {
  test('handshake, packets, malformed reasons and a smoke incident, counted by the reference server', async () => {
    const server = await startServer();
    try {
      const fleet = await startSensorFleet({
        targets: [{ host: '127.0.0.1', port: server.tcp }], devices: 5, rateHz: 5, durationMs: 1500, greeting: true,
        incidents: [{ id: 'smoke-2', kind: 'smoke', atS: 0.4, durationS: 0.8, locId: 'dev0002' }],
        faults: [{ kind: 'malformed', ratio: 0.25, variants: ['frame-length', 'frame-count', 'sensor-no-colon', 'unknown-packet-type', 'eeprom-size'] }],
      });
      const report = await fleet.done;
      assert.ok((report.commandsReceived.PERIODIC_ON ?? 0) + (report.commandsReceived.PERIOD_ON ?? 0) >= 5, `server started every device: ${JSON.stringify(report.commandsReceived)}`);
      assert.ok(report.sent.ticks > 20);
      const text = await settle(server.http, 'emberload_packets_processed_total', 'kind="sensor"', report.sent.sensorLines);
      assert.is(metric(text, 'emberload_packets_processed_total', 'kind="sensor"'), report.sent.sensorLines, 'every sensor line processed');
      assert.is(metric(text, 'emberload_packets_processed_total', 'kind="frame"'), report.sent.frames, 'every frame (split in 3 writes) reassembled and processed');
      const inj = (v: string): number => report.faultsInjected[`malformed:${v}`] ?? 0;
      assert.is(metric(text, 'emberload_packets_malformed_total', 'reason="frame-length"'), inj('frame-length'));
      assert.is(metric(text, 'emberload_packets_malformed_total', 'reason="frame-count"'), inj('frame-count'));
      assert.is(metric(text, 'emberload_packets_malformed_total', 'reason="unknown-packet-type"'), inj('unknown-packet-type'));
      assert.is(metric(text, 'emberload_packets_malformed_total', 'reason="eeprom-length"'), inj('eeprom-size'));
      assert.is(metric(text, 'emberload_packets_malformed_total', 'reason="sensor-parse"'), inj('sensor-no-colon'));
      const alerts = (await (await fetch(`http://127.0.0.1:${server.http}/api/alerts?locId=dev0002`)).json()) as { alerts: Array<{ cause: string; locId: string }> };
      assert.ok(alerts.alerts.some((a) => a.cause === 'smoke'), `smoke alert for dev0002: ${JSON.stringify(alerts.alerts)}`);
      assert.equal(report.injectedIncidents.map((i) => i.id), ['smoke-2']);
    } finally {
      await stopServer(server);
    }
  });

  test('invalid token and a source outside the allowlist are rejected and counted by the server', async () => {
    const server = await startServer({ security: { sharedToken: 'fleet-token', cidrAllowlist: ['127.0.0.1/32'] } });
    try {
      const fleet = await startSensorFleet({
        targets: [{ host: '127.0.0.1', port: server.tcp }], devices: 6, rateHz: 5, durationMs: 1200, authToken: 'fleet-token', frameEveryTicks: 0,
        reconnect: { baseMs: 200, maxMs: 400, jitter: 0.2 },
        faults: [{ kind: 'invalid-token', devices: 2 }, { kind: 'outside-allowlist', devices: 1, localAddress: '127.0.0.2' }],
      });
      const report = await fleet.done;
      const text = await scrape(server.http);
      assert.ok(metric(text, 'emberload_packets_rejected_total', 'auth-token') >= 1, `auth rejections:\n${text.split('\n').filter((l) => l.includes('rejected')).join('\n')}`);
      assert.ok(metric(text, 'emberload_connections_rejected_total', 'cidr-allowlist') >= 1);
      assert.ok((report.faultsInjected['invalid-token'] ?? 0) >= 1 && (report.faultsInjected['outside-allowlist'] ?? 0) >= 1);
      assert.ok(metric(text, 'emberload_packets_processed_total', 'kind="sensor"') >= 1, 'devices with the right token still get through');
    } finally {
      await stopServer(server);
    }
  });

  test.run();
}
