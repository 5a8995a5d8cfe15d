// Benchmark: the camera simulator serving ≥ 500 cameras @ 15 fps H.264 320x240 to 500 real RTSP/TCP
// clients, target < 0.5 core for the simulator process.
// Method: the simulator runs in this process; a child process opens one TCP connection per camera,
// does DESCRIBE/SETUP/PLAY and discards the bytes (no decoding). After all clients play and a 3 s
// warm-up, the simulator's CPU time (process.cpuUsage, user+system) is measured over a fixed window
// and divided by wall time = cores. Frames/bytes come from the server's counters; pacing lateness
// from its HDR histogram (µs, reported in ms). CPU time is unaffected by other tenants sharing the box.
// Env: CAMSIM_BENCH_CAMERAS (500), CAMSIM_BENCH_FPS (15), CAMSIM_BENCH_SECONDS (20), CAMSIM_BENCH_CODEC (h264).
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { startCameraServer } from '../simulators/cameras/camera-server.ts';
import { RtspLightClient } from '../simulators/cameras/rtsp-light-client.ts';

const CAMERAS = Number(process.env.CAMSIM_BENCH_CAMERAS ?? 500);
const FPS = Number(process.env.CAMSIM_BENCH_FPS ?? 15);
const SECONDS = Number(process.env.CAMSIM_BENCH_SECONDS ?? 20);
const CODEC = (process.env.CAMSIM_BENCH_CODEC ?? 'h264') as 'h264' | 'mjpeg';
const TARGET_CORES = 0.5;

async function runClients(port: number, cameras: number): Promise<void> {
  const clients: RtspLightClient[] = [];
  const BATCH = 50;
  for (let start = 1; start <= cameras; start += BATCH) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(BATCH, cameras - start + 1) }, async (_, k) => {
        const c = await RtspLightClient.connect('127.0.0.1', port);
        await c.play(`rtsp://127.0.0.1:${port}/cam/${start + k}`);
        return c;
      }),
    );
    clients.push(...batch);
  }
  process.stdout.write(`${JSON.stringify({ type: 'playing', clients: clients.length })}\n`);
  // Keep reading until the parent says stop; then report what arrived.
  const rl = createInterface({ input: process.stdin });
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for await (const line of rl) {
    if (line.trim() !== 'stop') continue;
    const cpu = process.cpuUsage(cpuStart);
    const packets = clients.reduce((s, c) => s + c.packetsReceived, 0);
    const bytes = clients.reduce((s, c) => s + c.bytesReceived, 0);
    process.stdout.write(`${JSON.stringify({ type: 'done', packets, bytes, cpuCores: (cpu.user + cpu.system) / 1000 / (performance.now() - wallStart) })}\n`);
    for (const c of clients) c.close();
    rl.close();
    break;
  }
}

async function runBenchmark(): Promise<void> {
  const setupStart = performance.now();
  const sim = await startCameraServer({ port: 0, cameras: CAMERAS, fps: FPS, codec: CODEC, seed: 1 });
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--clients', String(sim.port), String(CAMERAS)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const next = (): Promise<Record<string, number | string>> =>
    new Promise((resolve, reject) => {
      lines.once('line', (l) => resolve(JSON.parse(l) as Record<string, number | string>));
      child.once('exit', (code) => reject(new Error(`client process exited with ${code}`)));
    });
  try {
    const playing = await next();
    const handshakeS = (performance.now() - setupStart) / 1000;
    await new Promise((r) => setTimeout(r, 3000)); // warm-up: every client past its first keyframe
    sim.resetPacingStats(); // lateness of the measurement window only, not of startup
    const snap0 = sim.snapshot();
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await new Promise((r) => setTimeout(r, SECONDS * 1000));
    const cpu = process.cpuUsage(cpu0);
    const wallMs = performance.now() - wall0;
    const snap1 = sim.snapshot();
    child.stdin.write('stop\n');
    const done = await next();
    const cores = (cpu.user + cpu.system) / 1000 / wallMs;
    const framesPerS = ((snap1.totals.framesSent - snap0.totals.framesSent) * 1000) / wallMs;
    const mbitPerS = ((snap1.totals.bytesSent - snap0.totals.bytesSent) * 8) / wallMs / 1000;
    const lat = snap1.pacing.latenessMs;
    const rows: Array<[string, string]> = [
      ['cameras × fps (codec, resolution)', `${CAMERAS} × ${FPS} fps (${CODEC}, 320x240)`],
      ['clients playing (1 TCP connection per camera)', `${playing.clients}`],
      ['startup: clips + listen + all handshakes', `${handshakeS.toFixed(1)} s`],
      ['measurement window', `${(wallMs / 1000).toFixed(1)} s after 3 s warm-up`],
      ['simulator CPU (user+system / wall)', `${cores.toFixed(3)} cores  (target < ${TARGET_CORES}: ratio ${(cores / TARGET_CORES).toFixed(2)} of budget) ${cores < TARGET_CORES ? 'PASS' : 'FAIL'}`],
      ['simulator CPU per 100 cameras', `${((cores / CAMERAS) * 100).toFixed(3)} cores`],
      ['frames written to clients', `${framesPerS.toFixed(0)} frames/s (expected ${CAMERAS * FPS})`],
      ['throughput', `${mbitPerS.toFixed(1)} Mbit/s`],
      ['frames dropped by backpressure (window)', `${snap1.totals.framesDropped - snap0.totals.framesDropped} frames`],
      ['frames skipped by late pacing (total)', `${snap1.pacing.framesSkippedLate} frames`],
      ['pacing lateness per bucket tick in window (HDR)', `p50 ${lat.p50Ms.toFixed(2)} ms, p99 ${lat.p99Ms.toFixed(2)} ms, max ${lat.maxMs.toFixed(2)} ms (n=${lat.count})`],
      ['box load average (1 min; 2 cores shared)', `${loadavg()[0]?.toFixed(1)} (lateness reflects CPU contention when high)`],
      ['simulator RSS', `${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MiB`],
      ['client process: received', `${done.packets} packets, ${(Number(done.bytes) / 1024 / 1024).toFixed(1)} MiB, ${Number(done.cpuCores).toFixed(3)} cores (not part of the target)`],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    process.stdout.write(`camera simulator benchmark\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n')}\n`);
  } finally {
    child.kill();
    await sim.close();
  }
}

if (process.argv[2] === '--clients') await runClients(Number(process.argv[3]), Number(process.argv[4]));
else await runBenchmark();
