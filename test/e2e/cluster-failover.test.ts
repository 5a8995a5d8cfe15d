// Two nodes behind the balancer sharing one NATS server (`serve --cluster --nodes 2`): devices are
// split 50/50. Fault 1, partition: node-2 is cut from NATS, its ingest turns unhealthy, the
// balancer moves its devices to node-1; after the heal node-2's buffered alerts dedup away.
// Fault 2, kill -9 of node-2's processes: its devices move to node-1, whose fusion raises their
// alarms, which the api shows exactly once; the supervisor restarts node-2. Recovery times
// (fault → every device's alarm visible again) are measured and printed, bounded but not judged.
import { suite } from 'uvu';
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
  /** Location prefix: each test phase uses fresh locations so its alerts are its own. */
  prefix = 'p';
  alarm = false;
  connects = 0;
  #stopped = false;
  #timer: NodeJS.Timeout;
  constructor(
    readonly index: number,
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
    this.socket?.write(`${encodeSensorLine(`${this.prefix}-dev-${this.index}`, { ADC1: this.alarm ? 1500 : 200, ADC2: 300, MPY30: 0 })}\n`);
  }
  /** Drop the connection (the device reconnects through the balancer). */
  reconnect(): void {
    this.socket?.destroy();
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

type Stats = Array<{ name: string; up: boolean; activeConnections: number }>;
type AlertList = { total: number; alerts: Array<{ locId: string; cause: string }> };
type Health = { state: string; partitioned: string[]; roles: Array<{ name: string; state: string; restarts: number; healthy: boolean }> };
interface Ctx {
  nats?: NatsFixture;
  cluster?: ChildProcess;
  line?: ClusterLine;
  devices: Device[];
  dataDir: string;
}

async function evenSplit(sup: string): Promise<Stats> {
  return until('all devices connected to healthy nodes', async () => {
    const s = await getJson<Stats>(`${sup}/balancer`);
    return s.every((b) => b.up) && s.reduce((n, b) => n + b.activeConnections, 0) === DEVICES ? s : undefined;
  }, 60_000);
}

/** Waits until node-1's api lists an alert for every device under `prefix`; returns when. */
async function allAlarmsVisible(api: string, prefix: string): Promise<number> {
  return until(`every ${prefix} device alarm visible on node-1`, async () => {
    const r = await getJson<AlertList>(`${api}/api/alerts?limit=1000`);
    return new Set(r.alerts.filter((a) => a.locId.startsWith(`${prefix}-`)).map((a) => a.locId)).size === DEVICES ? Date.now() : undefined;
  }, 30_000);
}

async function alertsFor(api: string, prefix: string): Promise<AlertList['alerts']> {
  const r = await getJson<AlertList>(`${api}/api/alerts?limit=1000`);
  return r.alerts.filter((a) => a.locId.startsWith(`${prefix}-`));
}

if (!natsServerAvailable()) {
  console.log('SKIP cluster-failover: install the Debian package nats-server');
} else {
  const s = suite<Ctx>('cluster-failover', { devices: [], dataDir: '' });
  s.before(async (ctx) => {
    ctx.dataDir = mkdtempSync(join(tmpdir(), 'emberload-cluster-'));
    ctx.nats = await startNatsServer();
    const proc = spawn(process.execPath, [...process.execArgv, SERVER_MAIN, 'serve', '--cluster', '--nodes', '2', '--bus', 'nats', '--nats-url', ctx.nats.url, '--data-dir', ctx.dataDir, '--log-level', 'error'], { stdio: ['ignore', 'pipe', 'inherit'] });
    ctx.cluster = proc;
    ctx.line = await new Promise<ClusterLine>((resolve, reject) => {
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
    for (let d = 0; d < DEVICES; d++) ctx.devices.push(new Device(d, ctx.line.tcp));
  });
  s.after(async (ctx) => {
    for (const d of ctx.devices) d.stop();
    const cluster = ctx.cluster;
    if (cluster && cluster.exitCode === null) {
      const exited = new Promise((r) => cluster.once('exit', r));
      cluster.kill('SIGTERM');
      const t = setTimeout(() => cluster.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(t);
    }
    await ctx.nats?.stop();
    if (ctx.dataDir) rmSync(ctx.dataDir, { recursive: true, force: true });
  });

  s('partition of node-2 from NATS: its devices move to node-1; after the heal nothing is duplicated', async (ctx) => {
    const line = ctx.line as ClusterLine;
    const sup = `http://127.0.0.1:${line.health}`;
    const api = `http://127.0.0.1:${line.nodes[0]?.http}`;
    const split = await evenSplit(sup);
    assert.equal(split.map((b) => b.activeConnections), [DEVICES / 2, DEVICES / 2], 'round-robin splits the fleet 50/50');
    for (const d of ctx.devices) (d.prefix = 'part'), (d.alarm = true);
    const cut = await getJson<{ atMs: number; forMs: number }>(`${sup}/faults/partition?node=node-2&ms=6000`, { method: 'POST' });
    assert.is(cut.forMs, 6000);
    const recoveredAtMs = await allAlarmsVisible(api, 'part');
    console.log(`  measured: partition recovery ${recoveredAtMs - cut.atMs} ms (node-2 cut from NATS → all ${DEVICES} device alarms visible on node-1's api; 100 ms polling)`);
    const during = await getJson<Health>(`${sup}/health`);
    assert.equal(during.partitioned, ['node-2']);
    await until('partition healed and node-2 healthy', async () => {
      const h = await getJson<Health>(`${sup}/health`);
      return h.partitioned.length === 0 && h.state === 'ok' ? h : undefined;
    }, 60_000);
    await new Promise((r) => setTimeout(r, 1_500)); // node-2 replays what it buffered
    const alerts = await alertsFor(api, 'part');
    assert.is(alerts.length, DEVICES, `one alert per device after the heal (got ${alerts.length})`);
    for (const d of ctx.devices) d.alarm = false;
  });

  s('kill -9 of node-2: devices move to node-1, alarms raised once, the supervisor restarts node-2', async (ctx) => {
    const line = ctx.line as ClusterLine;
    const sup = `http://127.0.0.1:${line.health}`;
    const api = `http://127.0.0.1:${line.nodes[0]?.http}`;
    // Re-split the fleet over both nodes once the balancer has node-2 back (its health checks must
    // pass twice after the heal): every device reconnects once.
    await until('both backends up in the balancer', async () => ((await getJson<Stats>(`${sup}/balancer`)).every((b) => b.up) ? true : undefined), 30_000);
    for (const d of ctx.devices) d.reconnect();
    const split = await evenSplit(sup);
    assert.ok(split.every((b) => b.activeConnections > 0), `both nodes carry devices (${split.map((b) => b.activeConnections).join('/')})`);
    const killed = await getJson<{ killedPids: number[]; atMs: number }>(`${sup}/faults/kill?node=node-2`, { method: 'POST' });
    assert.ok(killed.killedPids.length >= 3, 'ingest, fusion and api of node-2 were killed');
    for (const d of ctx.devices) (d.prefix = 'kill'), (d.alarm = true);
    const recoveredAtMs = await allAlarmsVisible(api, 'kill');
    console.log(`  measured: node-kill recovery ${recoveredAtMs - killed.atMs} ms (kill -9 of node-2 → all ${DEVICES} device alarms visible on node-1's api; 100 ms polling)`);
    const after = await getJson<Stats>(`${sup}/balancer`);
    assert.is(after.find((b) => b.activeConnections > 0 && !b.up), undefined, 'no device stays on the dead node');
    await new Promise((r) => setTimeout(r, 500));
    assert.is((await alertsFor(api, 'kill')).length, DEVICES, 'one alert per device: no duplicates');
    const health = await until('node-2 roles restarted', async () => {
      const h = await getJson<Health>(`${sup}/health`);
      const node2 = h.roles.filter((r) => r.name.startsWith('node-2/'));
      return node2.length >= 3 && node2.every((r) => r.state === 'running' && r.restarts >= 1 && r.healthy) ? h : undefined;
    }, 60_000);
    assert.ok(health.roles.length >= 6);
  });

  s.run();
}
