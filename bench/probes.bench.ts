// Probe overhead: what the runner's own measuring costs, against the < 2 % of a core target.
// Method: (1) a real reference server (child process) under a small real sensor fleet, the
// Collector ticking at 1 Hz for 15 s, CPU of the probe work from process.cpuUsage around each
// tick; (2) micro-costs: parsing a large synthetic /metrics text (10 000 labelled series) and one
// /proc process-tree sample. Bounded to ~30 s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedServer } from '../scenarios/target/embedded-server.ts';
import { Collector } from '../scenarios/runner/collector.ts';
import { SensorLoad } from '../scenarios/load/sensor-load.ts';
import { parseScenario } from '../scenarios/scenario-file.ts';
import { parsePromText } from '../scenarios/probes/prom-text.ts';
import { PromAccumulator } from '../scenarios/probes/prom-accumulator.ts';
import { ProcessSampler } from '../scenarios/probes/process-sampler.ts';

const TARGET_CORES = 0.02;
const TICKS = 15;
const dir = mkdtempSync(join(tmpdir(), 'emberload-probes-bench-'));
const line = (label: string, value: string, note = '') => process.stdout.write(`${label.padEnd(48)} ${value}${note ? `   (${note})` : ''}\n`);

let server: EmbeddedServer | undefined;
let sensors: SensorLoad | undefined;
try {
  server = await EmbeddedServer.start({ repoRoot: resolve(import.meta.dirname, '..'), dataDir: join(dir, 'data'), logPath: join(dir, 'server.log') });
  const spec = parseScenario({ load: { cameras: 0, sensors: 50, sensorHz: 10 }, duration: '30s', thresholds: { crashes: ['count==0'] } }, 'bench');
  sensors = await SensorLoad.start({ targets: [{ host: '127.0.0.1', port: server.ports.tcp }], spec });
  const srv = server;
  const startedAtMs = Date.now();
  const c = new Collector({ metricsUrls: () => [`${srv.httpUrl}/metrics`], startedAtMs, roots: () => [{ pid: srv.pid, role: 'server' }], sensors, listener: undefined, viewers: undefined, cameraIds: [], crashes: () => srv.crashes, extraInjected: () => [] });
  for (let i = 0; i <= TICKS; i++) {
    await c.tick();
    await new Promise((r) => setTimeout(r, 1000));
  }
  const elapsedS = (Date.now() - startedAtMs) / 1000;
  const cores = c.probeCpuMicros / 1e6 / elapsedS;
  line('probe loop CPU (parse+/proc+readings; fetch excluded)', `${(c.probeCpuMicros / 1000 / (TICKS + 1)).toFixed(2)} ms CPU per 1 s tick`, `${TICKS + 1} ticks, process.cpuUsage around each tick`);
  line('probe overhead', `${(cores * 100).toFixed(3)} % of a core`, `target < ${TARGET_CORES * 100} %, ratio ${(cores / TARGET_CORES).toFixed(2)} of target`);
  line('server processed during the bench', `${c.processedTotal()} packets`, '50 devices × 10 Hz × 2 packets');
} finally {
  await sensors?.stop().catch(() => undefined);
  await server?.stop().catch(() => undefined);
}

// Micro-costs.
const families = 10_000;
const text = ['# TYPE emberye_tcp_packets_received_total counter', ...Array.from({ length: families }, (_, i) => `emberye_tcp_packets_received_total{location_id="dev${String(i).padStart(5, '0')}"} ${i * 7}`)].join('\n');
const acc = new PromAccumulator();
const parseRuns = 10;
const t0 = process.cpuUsage();
for (let i = 0; i < parseRuns; i++) acc.add(parsePromText(text));
const parseCpu = process.cpuUsage(t0);
line('parse + accumulate 10 000-series /metrics', `${((parseCpu.user + parseCpu.system) / 1000 / parseRuns).toFixed(2)} ms CPU per scrape`, `${(text.length / 1024).toFixed(0)} KiB text, mean of ${parseRuns}`);
const sampler = new ProcessSampler(Date.now());
if (sampler.available) {
  const t1 = process.cpuUsage();
  for (let i = 0; i < 10; i++) sampler.sample([{ pid: process.pid, role: 'self' }]);
  const s = process.cpuUsage(t1);
  line('/proc process-tree sample (whole /proc scan)', `${((s.user + s.system) / 1000 / 10).toFixed(2)} ms CPU per sample`, 'mean of 10');
}
rmSync(dir, { recursive: true, force: true });
