// Two nodes behind the balancer sharing one NATS server (`serve --cluster --nodes 2`): devices are
// split 50/50; kill -9 of node-2's processes moves its devices to node-1, whose fusion raises their
// alarms, which the api shows exactly once; the supervisor restarts node-2. Recovery time (kill →
// every device's alarm visible again) is measured and printed, not asserted beyond a bound.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { encodeSensorLine } from '../../protocol/sensor-packets.ts';
import { natsServerAvailable, startNatsServer, type NatsFixture } from '../reference-server/bus/nats-fixture.ts';

const SERVER_MAIN = fileURLToPath(new URL('../../reference-server/main.ts', import.meta.url));
const DEVICES = 20;

interface ClusterLine {
  tcp: number;
  http: number;
  health: number;
  nodes: Array<{ nodeId: string; http: number; tcp: number }>;
}

/** A device that keeps a connection through the balancer and reconnects when it drops. */
class Device {
  socket: Socket | undefined;
  alarm = false;
  connects = 0;
  #stopped = false;
  #timer: NodeJS.Timeout;
  constructor(
    readonly locId: string,
    readonly port: number,
  ) {
    this.#connect();
    this.#timer = setInterval(() => this.#send(), 100);
  }
  #connect(): void {
    if (this.#stopped) return;
    const s = connect({ host: '127.0.0.1', port: this.port });
    s.on('data', () => undefined);
    s.on('error', () => undefined);
    s.once('connect', () => {
      this.connects++;
      this.socket = s;
    });
    s.once('close', () => {
      if (this.socket === s) this.socket = undefined;
      setTimeout(() => this.#connect(), 100);
    });
  }
  #send(): void {
    // ADC1 1500/4095 = 36.6 % smoke ≥ 25 % → alarm; 200 → 4.9 %, quiet.
    this.socket?.write(`${encodeSensorLine(this.locId, { ADC1: this.alarm ? 1500 : 200, ADC2: 300, MPY30: 0 })}\n`);
  }
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#timer);
    this.socket?.destroy();
  }
}

async function until<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const res = await fetch(url, init);
  return (await res.json()) as T;
}

if (!natsServerAvailable()) {
  console.log('SKIP cluster-failover: install the Debian package nats-server');
} else {
  test('node kill: devices move to the survivor, alarms are raised once, the supervisor restarts the node', async () => {
    let nats: NatsFixture | undefined;
    let cluster: ChildProcess | undefined;
    const devices: Device[] = [];
    const dataDir = mkdtempSync(join(tmpdir(), 'emberload-cluster-'));
    try {
      nats = await startNatsServer();
      cluster = spawn(process.execPath, [...process.execArgv, SERVER_MAIN, 'serve', '--cluster', '--nodes', '2', '--bus', 'nats', '--nats-url', nats.url, '--data-dir', dataDir, '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
      const proc = cluster;
      const line = await new Promise<ClusterLine>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('cluster did not start within 120 s')), 120_000);
        proc.once('exit', (code) => reject(new Error(`cluster exited with ${code}`)));
        createInterface({ input: proc.stdout as NodeJS.ReadableStream }).on('line', (l) => {
          const parsed = JSON.parse(l) as ClusterLine & { event: string };
          if (parsed.event === 'listening') {
            clearTimeout(timer);
            resolve(parsed);
          }
        });
      });
      assert.is(line.nodes.length, 2);
      const sup = `http://127.0.0.1:${line.health}`;
      for (let d = 0; d < DEVICES; d++) devices.push(new Device(`dev-${d}`, line.tcp));
      type Stats = Array<{ name: string; up: boolean; activeConnections: number }>;
      const split = await until('all devices connected', async () => {
        const s = await getJson<Stats>(`${sup}/balancer`);
        return s.reduce((n, b) => n + b.activeConnections, 0) === DEVICES ? s : undefined;
      }, 30_000);
      assert.equal(split.map((b) => b.activeConnections), [DEVICES / 2, DEVICES / 2], 'round-robin splits the fleet 50/50');

      const killed = await getJson<{ killedPids: number[]; atMs: number }>(`${sup}/faults/kill?node=node-2`, { method: 'POST' });
      assert.ok(killed.killedPids.length >= 3, 'ingest, fusion and api of node-2 were killed');
      for (const d of devices) d.alarm = true;
      const api = `http://127.0.0.1:${line.nodes[0]?.http}`;
      const recoveredAtMs = await until('every device alarm visible on node-1', async () => {
        const r = await getJson<{ total: number; alerts: Array<{ locId: string }> }>(`${api}/api/alerts?limit=1000`);
        return new Set(r.alerts.map((a) => a.locId)).size === DEVICES ? Date.now() : undefined;
      }, 30_000);
      const recoveryMs = recoveredAtMs - killed.atMs;
      console.log(`  measured: node-kill recovery ${recoveryMs} ms (kill -9 of node-2 → all ${DEVICES} device alarms visible on node-1's api; method: 100 ms polling)`);
      const after = await getJson<Stats>(`${sup}/balancer`);
      assert.is(after.find((b) => b.activeConnections > 0 && !b.up), undefined, 'no device stays on the dead node');
      await new Promise((r) => setTimeout(r, 500));
      const all = await getJson<{ total: number; alerts: Array<{ locId: string; cause: string }> }>(`${api}/api/alerts?limit=1000`);
      assert.is(all.total, DEVICES, 'one alert per device: no duplicates');

      type Health = { roles: Array<{ name: string; state: string; restarts: number; healthy: boolean }> };
      const health = await until('node-2 roles restarted', async () => {
        const h = await getJson<Health>(`${sup}/health`);
        const node2 = h.roles.filter((r) => r.name.startsWith('node-2/'));
        return node2.every((r) => r.state === 'running' && r.restarts >= 1 && r.healthy) ? h : undefined;
      }, 60_000);
      assert.ok(health.roles.length >= 6);
    } finally {
      for (const d of devices) d.stop();
      if (cluster && cluster.exitCode === null) {
        const exited = new Promise((r) => cluster?.once('exit', r));
        cluster.kill('SIGTERM');
        const t = setTimeout(() => cluster?.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(t);
      }
      await nats?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}

test.run();
