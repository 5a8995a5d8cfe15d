// Synthetic RunResult objects for calibration tests. Real runs come from the scenario runner
// (`emberload gate …` writes runs/<id>/result.json); these carry the same fields calibration reads.
import { RUN_RESULT_SCHEMA_VERSION, type MetricSummary, type RunResult } from '../../protocol/run-result.ts';

export interface SyntheticRun {
  runId: string;
  cameras: number;
  sensors: number;
  durationS?: number;
  cpuAvg?: number;
  rssMax?: number;
  fps?: number;
  hz?: number;
  wireBytesPerPacket?: number;
  omit?: string[];
}

export function makeRun(s: SyntheticRun): RunResult {
  const durationS = s.durationS ?? 1800;
  const fps = s.fps ?? 15;
  const hz = s.hz ?? 10;
  const packets = s.sensors * hz * durationS;
  const metric = (name: string, unit: string, extra: Partial<MetricSummary>): MetricSummary => ({ name, kind: 'gauge', unit, tags: {}, source: 'synthetic test fixture', ...extra });
  const metrics: MetricSummary[] = [
    metric('cpu_cores', 'cores', { avg: s.cpuAvg ?? 0, p95: (s.cpuAvg ?? 0) * 1.1 }),
    metric('rss_bytes', 'bytes', { avg: (s.rssMax ?? 0) * 0.9, max: s.rssMax ?? 0 }),
    metric('frames_processed', 'frames', { kind: 'counter', count: s.cameras * fps * durationS }),
    metric('sensor_packets_processed', 'packets', { kind: 'counter', count: packets }),
    ...(s.wireBytesPerPacket ? [metric('sensor_wire_bytes', 'bytes', { kind: 'counter', count: packets * s.wireBytesPerPacket })] : []),
  ].filter((m) => !(s.omit ?? []).includes(m.name));
  return {
    schemaVersion: RUN_RESULT_SCHEMA_VERSION,
    runId: s.runId,
    scenario: 'calibration-fixture',
    phase: 'phase2',
    profile: 'test',
    mode: 'soak',
    status: 'completed',
    verdict: 'pass',
    startedAtMs: 0,
    endedAtMs: durationS * 1000,
    durationS,
    environment: { hostname: 'test', platform: 'linux', arch: 'x64', cpuModel: 'test', cpuCores: 2, totalMemoryBytes: 2 ** 34, nodeVersion: 'v20', kernel: 'test', emberloadVersion: '0.1.0' },
    target: { kind: 'embedded', sensorAddress: '127.0.0.1:0', features: [] },
    load: { cameras: s.cameras, cameraFps: fps, sensors: s.sensors, sensorHz: hz, stages: [] },
    config: {},
    metrics,
    series: [],
    thresholds: [],
    incidents: [],
    alertAccuracy: { alertsSeen: 0, matched: 0, unmatched: 0, duplicates: 0, recall: null, precision: null },
    faults: [],
    probeOverheadCores: 0.001,
    rawFiles: [],
    notes: [],
  };
}
