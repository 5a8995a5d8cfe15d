// Sensor simulator benchmark: one simulator process → a counting sink in a child process (loopback).
//   A. throughput: ≥ 150 k packets/s across ≥ 1 000 connections with send lateness P99 < 2 ms
//   B. footprint: 10 000 devices at 1 Hz (frame + sensor line, frames split like the real device) with RSS < 300 MB
//   C. the same without frame splitting, to show what the realism costs
// Method: open-model schedule, lateness = actual − intended send time (HDR, µs), packets counted by
// the simulator AND by the sink (newlines received) so nothing is counted that did not arrive.
// Usage: npm run bench -- sensor-sim   (env SENSOR_BENCH_SECONDS=N to change the measured window)
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { startSensorFleet } from '../simulators/sensors/fleet.ts';
import type { SensorFleetOptions } from '../simulators/sensors/fleet-options.ts';

const SECONDS = Number(process.env.SENSOR_BENCH_SECONDS ?? 10);

// A plain counting sink: sends PERIODIC_ON like the original, counts bytes and '\n'. No parsing,
// so it measures the simulator, not a server.
const SINK_SOURCE = `
const net = require('node:net');
let lines = 0, bytes = 0, conns = 0;
const server = net.createServer((s) => {
  conns++;
  s.on('error', () => {});
  s.write('PERIODIC_ON');
  s.on('data', (b) => { bytes += b.length; let i = -1; while ((i = b.indexOf(10, i + 1)) !== -1) lines++; });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(JSON.stringify({ port: server.address().port }) + '\\n'));
process.on('message', () => process.send({ lines, bytes, conns }));
`;

interface SinkCounts {
  lines: number;
  bytes: number;
  conns: number;
}

async function startSink(): Promise<{ child: ChildProcess; port: number; counts: () => Promise<SinkCounts> }> {
  const child = spawn(process.execPath, ['-e', SINK_SOURCE], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  const { port } = JSON.parse(chunk.toString()) as { port: number };
  const counts = async (): Promise<SinkCounts> => {
    child.send('stats');
    const [msg] = (await once(child, 'message')) as [SinkCounts];
    return msg;
  };
  return { child, port, counts };
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function scenario(name: string, options: Omit<SensorFleetOptions, 'targets'>, targets: { pps?: number; p99Ms?: number; rssMb?: number }): Promise<void> {
  const sink = await startSink();
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
  const startedAt = performance.now();
  const loadBefore = loadavg().map((x) => x.toFixed(1)).join(' ');
  try {
    const fleet = await startSensorFleet({ targets: [{ host: '127.0.0.1', port: sink.port }], ...options });
    const connectedAt = performance.now();
    const cpuAtSchedule = process.cpuUsage();
    const sinkBefore = await sink.counts();
    const report = await fleet.done;
    const seconds = report.elapsedMs / 1000;
    await new Promise((r) => setTimeout(r, 300)); // let the sink read the last bytes
    const sinkAfter = await sink.counts();
    const cpu = process.cpuUsage(cpuAtSchedule); // the schedule only, not the connect phase
    const packets = report.sent.frames + report.sent.sensorLines + report.sent.malformed;
    const pps = packets / seconds;
    const sinkLines = sinkAfter.lines - sinkBefore.lines;
    const l = report.lateness;
    const rssMb = peakRss / 1024 / 1024;
    process.stdout.write(`\n--- ${name}\n`);
    process.stdout.write(`devices ${options.devices} × ${options.rateHz} Hz, ${seconds.toFixed(1)} s measured, connections accepted by the sink ${sinkAfter.conns} (incl. 1 preflight probe), connect phase ${((connectedAt - startedAt) / 1000).toFixed(1)} s, load average at start ${loadBefore}\n`);
    process.stdout.write(`connections            reconnects ${report.reconnects}, connect errors ${report.connectErrors}, errors ${JSON.stringify(report.errorsByKind)}\n`);
    process.stdout.write(`packets sent           ${fmt(packets)} (${fmt(report.sent.frames)} frames + ${fmt(report.sent.sensorLines)} sensor lines), ${fmt(pps)} packets/s\n`);
    process.stdout.write(`packets at sink        ${fmt(sinkLines)} lines ('\\n' counted by the sink process), ${fmt(sinkLines / seconds)} lines/s, ${fmt((sinkAfter.bytes - sinkBefore.bytes) / seconds / 1e6, 1)} MB/s\n`);
    process.stdout.write(`intended sends         ${fmt(report.intended)} = sent ${fmt(report.sent.ticks)} + dropped ${fmt(report.dropped)} + not connected ${fmt(report.notConnected)} + blocked ${fmt(report.blocked)}; late (> ${l.toleranceMs} ms) ${fmt(report.late)}\n`);
    process.stdout.write(`send lateness (ms)     p50 ${l.p50Ms.toFixed(3)}  p90 ${l.p90Ms.toFixed(3)}  p99 ${l.p99Ms.toFixed(3)}  p99.9 ${l.p999Ms.toFixed(3)}  max ${l.maxMs.toFixed(3)}  (HDR µs, from intended time, n=${fmt(l.count)})\n`);
    const cpuUsPerPacket = (cpu.user + cpu.system) / Math.max(1, packets);
    process.stdout.write(`simulator CPU          ${((cpu.user + cpu.system) / 1e6 / seconds).toFixed(2)} core-seconds per second; ${cpuUsPerPacket.toFixed(2)} CPU-µs per packet (process.cpuUsage over the schedule)\n`);
    process.stdout.write(`derived capacity       ${fmt(1e6 / cpuUsPerPacket)} packets/s per fully available core (= 1 / CPU per packet; an estimate, not a measurement)\n`);
    process.stdout.write(`simulator peak RSS     ${rssMb.toFixed(0)} MB (sampled every 250 ms)\n`);
    if (targets.pps !== undefined) process.stdout.write(`ratio to target        throughput ${(pps / targets.pps).toFixed(2)}× of ${fmt(targets.pps)} packets/s → ${pps >= targets.pps ? 'MET' : 'NOT MET'}\n`);
    if (targets.p99Ms !== undefined) process.stdout.write(`ratio to target        lateness p99 ${(l.p99Ms / targets.p99Ms).toFixed(2)}× of ${targets.p99Ms} ms → ${l.p99Ms < targets.p99Ms ? 'MET' : 'NOT MET'}\n`);
    if (targets.rssMb !== undefined) process.stdout.write(`ratio to target        RSS ${(rssMb / targets.rssMb).toFixed(2)}× of ${targets.rssMb} MB → ${rssMb < targets.rssMb ? 'MET' : 'NOT MET'}\n`);
  } finally {
    clearInterval(sampler);
    sink.child.kill('SIGTERM');
  }
}

const only = process.env.SENSOR_BENCH_ONLY;
if (only === undefined || only === 'A') {
  await scenario('A. throughput: 1 000 connections × 150 Hz sensor lines (frames off, no split)', { devices: 1000, rateHz: 150, durationMs: SECONDS * 1000, frameEveryTicks: 0, splitFrames: false, connectPacingPerSec: 5000 }, { pps: 150_000, p99Ms: 2 });
}
if (only === undefined || only === 'B') {
  await scenario('B. footprint: 10 000 devices × 1 Hz, frame + sensor line, frames split in 3 writes', { devices: 10_000, rateHz: 1, durationMs: SECONDS * 1000, connectPacingPerSec: 5000 }, { rssMb: 300, p99Ms: 2 });
}
if (only === undefined || only === 'C') {
  // The cost of realism: the same fleet with each frame in one write instead of three.
  await scenario('C. split cost: as B but frames in one write (--no-split-frames)', { devices: 10_000, rateHz: 1, durationMs: SECONDS * 1000, connectPacingPerSec: 5000, splitFrames: false }, { rssMb: 300, p99Ms: 2 });
}
process.exit(0);
