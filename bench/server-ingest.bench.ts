// Reference-server sensor ingest over loopback from 1 000 connections, one socket write per packet
// (no corking: a fleet does not batch). The server runs as a child process pinned to CPU 0, this
// load generator pinned to CPU 1 (taskset), so "per core" figures are the server's alone.
//
// Phases (fresh server each, ~4 s of load):
//   1. #Sensor max: offered 200 k pps → processed pps, and processed per server CPU-second
//      (= what one fully busy core sustains; robust even when this generator cannot saturate it).
//   2. 3336-hex frames max: offered 30 k frames/s → same figures.
//   3./4. latency at HALF the targets (75 k #Sensor pps, 10 k frames/s): processing latency
//      arrival→fused (server histogram) and, for #Sensor, intended-send→fused from the TS= field
//      (intended time, so generator lag counts: no coordinated omission).
// Percentiles come from the server's Prometheus histogram buckets, reported as "≤ bucket bound".
// Targets (issue 2): ≥ 150 k #Sensor pps and ≥ 20 k frames/s on one core; P99 < 2 ms at half rate.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { encodeFrameLine, FRAME_CELLS } from '../protocol/sensor-packets.ts';
import { buildServer } from '../reference-server/app.ts';
import { validateConfig } from '../reference-server/config.ts';
import type { Connection } from '../reference-server/ingest/connection.ts';
import { createLogger } from '../reference-server/log.ts';
import { epochMicrosNow } from '../protocol/units.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1_000);
const LOAD_S = Number(process.env.BENCH_LOAD_S ?? 4);
const TARGET_SENSOR_PPS = 150_000;
const TARGET_FRAMES_PS = 20_000;
const TARGET_P99_S = 0.002;

// On a shared box other processes steal the server's core and turn CPU starvation into queueing
// latency. EMBERLOAD_BENCH_NICE=-5 (root only; opt-in) raises the priority of the server and the
// generator for the bench's ~40 s; the figures then say so.
const NICE = process.env.EMBERLOAD_BENCH_NICE;
const NICE_PREFIX = NICE && /^-?\d+$/.test(NICE) ? ['nice', '-n', NICE] : [];

// Re-exec pinned to CPU 1 so the generator never competes with the server for CPU 0.
if (process.env.EMBERLOAD_BENCH_PINNED !== '1' && hasTaskset()) {
  const cmd = [...NICE_PREFIX, 'taskset', '-c', '1', process.execPath, ...process.execArgv, ...(process.argv.slice(1) as string[])];
  const r = spawnSync(cmd[0] as string, cmd.slice(1), { stdio: 'inherit', env: { ...process.env, EMBERLOAD_BENCH_PINNED: '1' } });
  process.exit(r.status ?? 1);
}

function hasTaskset(): boolean {
  return spawnSync('taskset', ['-V']).status === 0;
}

interface Server {
  pid: number;
  tcp: number;
  http: number;
  stop(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emberload-bench-'));
  const nodeArgs = ['--import', 'tsx', join(ROOT, 'reference-server/main.ts'), 'serve', '--tcp-port', '0', '--http-port', '0', '--ws-port', '0', '--data-dir', dataDir, '--log-level', 'error'];
  const pinned = process.env.EMBERLOAD_BENCH_PINNED === '1';
  const cmd = [...NICE_PREFIX, ...(pinned ? ['taskset', '-c', '0'] : []), process.execPath, ...nodeArgs];
  const child = spawn(cmd[0] as string, cmd.slice(1), { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout }).once('line', res);
    child.once('exit', (c) => rej(new Error(`server exited ${c}`)));
  });
  const ports = JSON.parse(line) as { tcp: number; http: number; pid: number };
  return {
    pid: ports.pid,
    tcp: ports.tcp,
    http: ports.http,
    stop: async () => {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, clock ticks of 10 ms
}

async function scrape(http: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${http}/metrics`)).text();
  const out = new Map<string, number>();
  for (const l of text.split('\n')) {
    if (l === '' || l.startsWith('#')) continue;
    const i = l.lastIndexOf(' ');
    out.set(l.slice(0, i), Number(l.slice(i + 1)));
  }
  return out;
}

function quantileBound(m: Map<string, number>, family: string, kind: string, q: number): string {
  const buckets = [...m].filter(([k]) => k.startsWith(`${family}_bucket{kind="${kind}",`)).map(([k, v]) => ({ le: k.match(/le="([^"]+)"/)?.[1] ?? '+Inf', v }));
  const total = m.get(`${family}_count{kind="${kind}"}`) ?? 0;
  if (total === 0) return 'n/a';
  for (const b of buckets) if (b.v >= q * total) return b.le === '+Inf' ? '> 10 s' : `≤ ${(Number(b.le) * 1000).toFixed(2)} ms`;
  return '> 10 s';
}

function meanMs(m: Map<string, number>, family: string, kind: string): string {
  const c = m.get(`${family}_count{kind="${kind}"}`) ?? 0;
  return c === 0 ? 'n/a' : `${(((m.get(`${family}_sum{kind="${kind}"}`) ?? 0) / c) * 1000).toFixed(3)} ms`;
}

async function openConnections(port: number, n: number): Promise<Socket[]> {
  const out: Socket[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, () => new Promise<Socket>((res, rej) => {
        const s = connect({ port, host: '127.0.0.1', noDelay: true });
        s.once('connect', () => res(s));
        s.once('error', rej);
        s.on('data', () => {}); // PERIODIC_ON
      })),
    );
    out.push(...batch);
  }
  for (const s of out) s.on('error', () => {});
  return out;
}

type Make = (conn: number, seq: number, intendedUs: number) => string;

/** Open-model sender: packets are due at start + seq/rate; each due packet is one write on the next connection. */
/**
 * A generator starved of CPU (shared box) would otherwise catch up with a burst of everything
 * overdue, and the server would be measured on bursts nobody offered. Packets overdue by more than
 * this are skipped and reported as "skipped (generator late)"; they never count as server latency.
 */
const MAX_CATCH_UP_MS = 20;

async function drive(sockets: Socket[], ratePerS: number, seconds: number, make: Make): Promise<{ offered: number; sent: number; skipped: number; lateMaxMs: number }> {
  const startMs = performance.now();
  const startUs = epochMicrosNow();
  const total = Math.round(ratePerS * seconds);
  let seq = 0;
  let lateMaxMs = 0;
  let skipped = 0;
  // Bounded in time: a generator that falls behind stops at 1.5x the planned duration and the
  // packets it never sent are reported (offered − sent), never silently skipped.
  const stopAtMs = seconds * 1500;
  while (seq < total) {
    const nowMs = performance.now() - startMs;
    if (nowMs > stopAtMs) break;
    const due = Math.min(total, Math.floor((nowMs / 1000) * ratePerS));
    if (due > seq) lateMaxMs = Math.max(lateMaxMs, nowMs - (seq / ratePerS) * 1000);
    const oldestAllowed = Math.min(total, Math.floor(((nowMs - MAX_CATCH_UP_MS) / 1000) * ratePerS));
    if (oldestAllowed > seq) {
      skipped += oldestAllowed - seq;
      seq = oldestAllowed;
    }
    for (; seq < due; seq++) {
      const c = seq % sockets.length;
      (sockets[c] as Socket).write(make(c, seq, startUs + Math.round((seq / ratePerS) * 1e6)));
    }
    await new Promise((r) => setImmediate(r));
  }
  return { offered: total, sent: seq - skipped, skipped, lateMaxMs };
}

async function phase(name: string, kind: 'sensor' | 'frame', ratePerS: number, make: Make): Promise<Map<string, number> & { ppsPerCore?: number }> {
  const server = await startServer();
  const sockets = await openConnections(server.tcp, CONNECTIONS);
  await new Promise((r) => setTimeout(r, 300));
  const before = await scrape(server.http);
  const cpu0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  const r = await drive(sockets, ratePerS, LOAD_S, make);
  // Let the server finish what is in flight, then measure.
  let last = -1;
  for (let i = 0; i < 30; i++) {
    await new Promise((res) => setTimeout(res, 100));
    const m = await scrape(server.http);
    const done = (m.get(`emberload_packets_processed_total{kind="${kind}"}`) ?? 0) + (m.get('emberload_packets_dropped_total{reason="queue-drop-oldest"}') ?? 0);
    if (done === last) break;
    last = done;
  }
  const wallS = (performance.now() - t0) / 1000;
  const cpuS = cpuSeconds(server.pid) - cpu0;
  const after = await scrape(server.http);
  const processed = (after.get(`emberload_packets_processed_total{kind="${kind}"}`) ?? 0) - (before.get(`emberload_packets_processed_total{kind="${kind}"}`) ?? 0);
  const dropped = (after.get('emberload_packets_dropped_total{reason="queue-drop-oldest"}') ?? 0) - (before.get('emberload_packets_dropped_total{reason="queue-drop-oldest"}') ?? 0);
  const malformed = [...after].filter(([k]) => k.startsWith('emberload_packets_malformed_total')).reduce((s, [, v]) => s + v, 0);
  const rss = readFileSync(`/proc/${server.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1];
  for (const s of sockets) s.destroy();
  await server.stop();
  const ppsPerCore = cpuS > 0 ? processed / cpuS : 0;
  const label = kind === 'sensor' ? '#Sensor packets' : 'frames';
  process.stdout.write(
    [
      `\n[${name}] offered ${ratePerS.toLocaleString('en')} ${label}/s for ${LOAD_S} s over ${sockets.length} connections (one write per packet)`,
      `  sent ${r.sent.toLocaleString('en')} | skipped (generator late > ${MAX_CATCH_UP_MS} ms or out of time) ${(r.offered - r.sent).toLocaleString('en')} | processed ${processed.toLocaleString('en')} | dropped(queue) ${dropped} | malformed ${malformed} | generator max lateness ${r.lateMaxMs.toFixed(1)} ms`,
      `  processed rate (wall, incl. drain)      ${(processed / wallS).toFixed(0)} ${label}/s`,
      `  server CPU                              ${cpuS.toFixed(2)} core-s over ${wallS.toFixed(2)} s = ${((cpuS / wallS) * 100).toFixed(0)} % of one core`,
      `  processed per server CPU-second         ${ppsPerCore.toFixed(0)} ${label}/core-s (method: processed / (utime+stime) of the server process)`,
      `  server RSS                              ${rss ? (Number(rss) / 1024).toFixed(0) : '?'} MiB`,
      `  processing latency arrival→fused        p50 ${quantileBound(after, 'emberload_sensor_processing_seconds', kind, 0.5)} | p95 ${quantileBound(after, 'emberload_sensor_processing_seconds', kind, 0.95)} | p99 ${quantileBound(after, 'emberload_sensor_processing_seconds', kind, 0.99)} | mean ${meanMs(after, 'emberload_sensor_processing_seconds', kind)}`,
      kind === 'sensor' ? `  intended send (TS=)→fused               p50 ${quantileBound(after, 'emberload_sensor_send_to_fused_seconds', kind, 0.5)} | p95 ${quantileBound(after, 'emberload_sensor_send_to_fused_seconds', kind, 0.95)} | p99 ${quantileBound(after, 'emberload_sensor_send_to_fused_seconds', kind, 0.99)} | mean ${meanMs(after, 'emberload_sensor_send_to_fused_seconds', kind)}` : '',
    ]
      .filter(Boolean)
      .join('\n') + '\n',
  );
  return Object.assign(after, { ppsPerCore });
}

const sensorLine: Make = (c, seq, us) => `#Sensor:room_${c}:ADC1=592,ADC2=894,ADC3=905,SEQ=${seq},TS=${us}!\r\n`;
const cells = Array.from({ length: FRAME_CELLS }, (_, i) => 24 + ((i * 7) % 30) / 10);
const frames = Array.from({ length: CONNECTIONS }, (_, c) => `${encodeFrameLine(`room_${c}`, cells)}\r\n`);
const frameLine: Make = (c) => frames[c] as string;

const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
process.stdout.write(`server-ingest bench: ${CONNECTIONS} connections, server pinned to CPU 0, generator to CPU ${process.env.EMBERLOAD_BENCH_PINNED === '1' ? '1' : '(unpinned: taskset missing)'}; nice ${NICE ?? '0'}; load average at start ${load} (${'2'} cores)\n`);
/**
 * Phase 0 — processing only, in this process (no sockets): lines go through the server's own queue
 * and processor (decode → detection → fusion → metrics). CPU time via process.cpuUsage(), so the
 * figure is per core and separates processing cost from the socket read path.
 */
async function processingOnly(kind: 'sensor' | 'frame', count: number): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emberload-bench-inproc-'));
  const server = await buildServer({ config: validateConfig({ dataDir }), log: createLogger('error', () => {}) });
  const conn: Connection = { id: 0, remoteIp: '127.0.0.1', socket: null, splitter: null, authedLocs: null, lastLocId: null };
  const lines = kind === 'sensor' ? Array.from({ length: CONNECTIONS }, (_, c) => sensorLine(c, c, epochMicrosNow()).trimEnd()) : frames.map((f) => f.trimEnd());
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < count; i += 1_000) {
    for (let j = 0; j < 1_000; j++) server.tcp.enqueue(lines[(i + j) % lines.length] as string, conn, performance.now());
    await new Promise((r) => setImmediate(r));
    while (server.tcp.queue.length > 0) await new Promise((r) => setImmediate(r));
  }
  const cpu = process.cpuUsage(cpu0);
  const perCoreS = count / ((cpu.user + cpu.system) / 1e6);
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.stdout.write(`\n[processing only, in-process] ${count.toLocaleString('en')} ${kind === 'sensor' ? '#Sensor lines' : 'frames'}: ${perCoreS.toFixed(0)} per core-second (${((1e6 / perCoreS)).toFixed(2)} µs each; method: process.cpuUsage over queue → decode → fusion → metrics)\n`);
  return perCoreS;
}

const p0s = await processingOnly('sensor', 300_000);
const p0f = await processingOnly('frame', 40_000);
if (process.env.BENCH_ONLY === 'processing') process.exit(0);
const s1 = await phase('sensor max', 'sensor', 200_000, sensorLine);
const s2 = await phase('frame max', 'frame', 30_000, frameLine);
const s3 = await phase('sensor latency at half target', 'sensor', TARGET_SENSOR_PPS / 2, sensorLine);
const s4 = await phase('frame latency at half target', 'frame', TARGET_FRAMES_PS / 2, frameLine);

const p99Ok = (m: Map<string, number>, kind: string): string => {
  const total = m.get(`emberload_sensor_processing_seconds_count{kind="${kind}"}`) ?? 0;
  const within = m.get(`emberload_sensor_processing_seconds_bucket{kind="${kind}",le="${TARGET_P99_S}"}`) ?? 0;
  return total > 0 ? `${((within / total) * 100).toFixed(2)} % of packets ≤ 2 ms (need ≥ 99 %)` : 'n/a';
};
process.stdout.write(
  [
    '\n== ratios to targets (issue 2) ==',
    `processing only (no sockets): #Sensor ${p0s.toFixed(0)}/core-s = ${(p0s / TARGET_SENSOR_PPS).toFixed(2)}x of 150 k; frames ${p0f.toFixed(0)}/core-s = ${(p0f / TARGET_FRAMES_PS).toFixed(2)}x of 20 k`,
    `#Sensor per server core-second: ${(s1.ppsPerCore ?? 0).toFixed(0)} / ${TARGET_SENSOR_PPS} = ${((s1.ppsPerCore ?? 0) / TARGET_SENSOR_PPS).toFixed(2)}x`,
    `frames per server core-second:  ${(s2.ppsPerCore ?? 0).toFixed(0)} / ${TARGET_FRAMES_PS} = ${((s2.ppsPerCore ?? 0) / TARGET_FRAMES_PS).toFixed(2)}x`,
    `P99 arrival→fused at 75 k #Sensor/s: ${p99Ok(s3, 'sensor')}`,
    `P99 arrival→fused at 10 k frames/s:  ${p99Ok(s4, 'frame')}`,
    '',
  ].join('\n'),
);
