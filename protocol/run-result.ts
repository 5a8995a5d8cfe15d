// RunResult: the versioned seam between measuring (scenarios, benchmarks) and presenting (reports,
// compare, calibration). Bump RUN_RESULT_SCHEMA_VERSION on any incompatible change; readers refuse
// newer versions with a clear error instead of guessing.
import { EmberError, type Problem } from './errors.ts';
import type { IncidentKind } from './alert.ts';

export const RUN_RESULT_SCHEMA_VERSION = 1;

export type RunStatus = 'completed' | 'aborted' | 'failed';
export type Verdict = 'pass' | 'fail' | 'aborted' | 'not-applicable';

export interface RunEnvironment {
  readonly hostname: string;
  readonly platform: string;
  readonly arch: string;
  readonly cpuModel: string;
  readonly cpuCores: number;
  readonly totalMemoryBytes: number;
  readonly nodeVersion: string;
  readonly kernel: string;
  readonly emberloadVersion: string;
  /** Git commit of the toolkit when known, for baselines. */
  readonly gitCommit?: string;
}

export interface RunTarget {
  readonly kind: 'embedded' | 'external';
  /** host:port of the sensor TCP listener (or the balancer in front of it). */
  readonly sensorAddress: string;
  readonly httpUrl?: string;
  readonly metricsUrl?: string;
  /** Server features the target advertised or we probed (e.g. 'alert-stream', 'cameras', 'bus'). */
  readonly features: readonly string[];
  readonly nodes?: number;
}

export interface RunLoad {
  readonly cameras: number;
  readonly cameraFps: number;
  readonly sensors: number;
  readonly sensorHz: number;
  /** Load stages as executed: each with its start offset and the multiplier applied to soak rates. */
  readonly stages: ReadonlyArray<{ readonly name: string; readonly startS: number; readonly durationS: number; readonly rateMultiplier: number }>;
}

/**
 * A summary of one metric over the whole run (or a tagged subset). Latency-like metrics (`kind:
 * 'trend'`) carry percentiles computed from an HDR histogram recorded in microseconds; values here are
 * in `unit` (normally ms for latency). Counters carry `count` and `rate` (per second of run time).
 */
export interface MetricSummary {
  readonly name: string;
  readonly kind: 'trend' | 'counter' | 'gauge' | 'rate';
  readonly unit: string;
  /** Tags of this series, e.g. {camera: 'cam07'}; empty for the aggregate. */
  readonly tags: Readonly<Record<string, string>>;
  /** How it was measured, in words (shown in reports next to the figure). */
  readonly source: string;
  readonly count?: number;
  readonly rate?: number;
  readonly value?: number;
  readonly min?: number;
  readonly max?: number;
  readonly avg?: number;
  readonly med?: number;
  readonly p90?: number;
  readonly p95?: number;
  readonly p99?: number;
  readonly p999?: number;
  /** For `rate` metrics: passes / (passes + fails). */
  readonly passes?: number;
  readonly fails?: number;
}

/** One time series sampled once per interval (normally 1 s). `points` are [offsetS, value]. */
export interface TimeSeries {
  readonly name: string;
  readonly unit: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

export interface ThresholdVerdict {
  readonly metric: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The expression as written, e.g. `p(95)<25`. */
  readonly expression: string;
  /** The aggregation evaluated, e.g. `p(95)`. */
  readonly aggregation: string;
  readonly operator: string;
  readonly limit: number;
  /** Observed value; null when the metric had no data or does not apply. */
  readonly observed: number | null;
  readonly unit: string;
  readonly verdict: Verdict;
  /** Why not-applicable or why no data (empty when the value decided it). */
  readonly note: string;
  readonly abortOnFail: boolean;
  /** The first run offset (s) at which the continuous evaluation saw it failing, if ever. */
  readonly firstFailedAtS?: number;
}

export interface IncidentOutcome {
  readonly id: string;
  readonly kind: IncidentKind;
  readonly locId?: string;
  readonly cameraId?: string;
  readonly injectedAtMs: number;
  readonly detected: boolean;
  readonly alertId?: string;
  readonly alertAtMs?: number;
  /** injection → alert acknowledged on the stream, in ms. */
  readonly latencyMs?: number;
}

export interface AlertAccuracy {
  readonly alertsSeen: number;
  readonly matched: number;
  /** Alerts that matched no incident (false positives). */
  readonly unmatched: number;
  /** Extra alerts for an incident already matched (same location and cause). */
  readonly duplicates: number;
  readonly recall: number | null;
  readonly precision: number | null;
}

export interface FaultOutcome {
  readonly kind: string;
  readonly atS: number;
  readonly detail: string;
  /** Fault → all streams flowing and the alert path working again; null if it never recovered. */
  readonly recoveryMs: number | null;
  readonly lost: Readonly<Record<string, number>>;
}

export interface ProcessSample {
  readonly tS: number;
  readonly pid: number;
  readonly role: string;
  readonly cpuCoreSecondsPerSecond: number;
  readonly rssBytes: number;
  readonly openFds: number;
  readonly threads: number;
}

export interface RunResult {
  readonly schemaVersion: typeof RUN_RESULT_SCHEMA_VERSION;
  readonly runId: string;
  readonly scenario: string;
  readonly phase: string;
  readonly profile: string;
  readonly mode: 'soak' | 'stress' | 'soak+stress';
  readonly status: RunStatus;
  readonly abortReason?: string;
  readonly verdict: Verdict;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly durationS: number;
  readonly environment: RunEnvironment;
  readonly target: RunTarget;
  readonly load: RunLoad;
  /** The resolved scenario configuration, as run. */
  readonly config: unknown;
  readonly metrics: readonly MetricSummary[];
  readonly series: readonly TimeSeries[];
  readonly thresholds: readonly ThresholdVerdict[];
  readonly incidents: readonly IncidentOutcome[];
  readonly alertAccuracy: AlertAccuracy;
  readonly faults: readonly FaultOutcome[];
  /** Cost of our own probes, in core-seconds per second (target < 0.02). */
  readonly probeOverheadCores: number;
  /** Files next to result.json with raw samples (HDR histograms, process samples) to recompute it. */
  readonly rawFiles: readonly string[];
  readonly notes: readonly string[];
}

/** Well-known metric names used by phase thresholds, reports, compare and calibration. */
export const RUN_METRICS = {
  sensorProcessingMs: 'sensor_processing_ms',
  sensorSendToFusedMs: 'sensor_send_to_fused_ms',
  sensorSendLatenessMs: 'sensor_send_lateness_ms',
  sensorPacketsSent: 'sensor_packets_sent',
  sensorPacketsProcessed: 'sensor_packets_processed',
  sensorPacketLoss: 'sensor_packet_loss',
  sensorPps: 'sensor_pps',
  alertE2eMs: 'alert_e2e_ms',
  incidentToAlertMs: 'incident_to_alert_ms',
  visionDetectionMs: 'vision_detection_ms',
  framesProcessed: 'frames_processed',
  framesDropped: 'frames_dropped',
  droppedFrameRatio: 'dropped_frame_ratio',
  processedFps: 'processed_fps',
  aggregateFps: 'aggregate_fps',
  cpuHostShare: 'cpu_host_share',
  cpuCoreSeconds: 'cpu_core_seconds',
  cpuCores: 'cpu_cores',
  rssBytes: 'rss_bytes',
  memoryGrowthRatio: 'memory_growth_ratio',
  sensorP95DriftRatio: 'sensor_p95_drift_ratio',
  recoveryMs: 'recovery_ms',
  crashes: 'crashes',
  alertRecall: 'alert_recall',
  alertDuplicates: 'alert_duplicates',
  nodeCpuImbalanceRatio: 'node_cpu_imbalance_ratio',
  apiLatencyMs: 'api_latency_ms',
  apiErrorRate: 'api_error_rate',
  probeOverheadCores: 'probe_overhead_cores',
} as const;

export type RunMetricName = (typeof RUN_METRICS)[keyof typeof RUN_METRICS];

/**
 * Validate an untrusted parsed JSON value as a RunResult. Refuses newer schema versions and lists
 * every structural problem at once. `source` names the file for messages.
 */
export function parseRunResult(value: unknown, source: string): RunResult {
  const problems: Problem[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EmberError('EMBER_ERR_REPORT_RESULT_INVALID', source, [{ path: source, rule: 'must be a JSON object', received: value === null ? null : typeof value }]);
  }
  const v = value as Record<string, unknown>;
  const version = v['schemaVersion'];
  if (typeof version === 'number' && version > RUN_RESULT_SCHEMA_VERSION) {
    throw new EmberError('EMBER_ERR_REPORT_RESULT_NEWER', `${source} has schemaVersion ${version}, this emberload reads up to ${RUN_RESULT_SCHEMA_VERSION}`, [
      { path: 'schemaVersion', rule: `must be ≤ ${RUN_RESULT_SCHEMA_VERSION}`, received: version },
    ]);
  }
  if (version !== RUN_RESULT_SCHEMA_VERSION) problems.push({ path: 'schemaVersion', rule: `must be ${RUN_RESULT_SCHEMA_VERSION}`, received: version });
  const need = (key: string, type: 'string' | 'number' | 'object' | 'array') => {
    const x = v[key];
    const ok = type === 'array' ? Array.isArray(x) : type === 'object' ? typeof x === 'object' && x !== null && !Array.isArray(x) : typeof x === type;
    if (!ok) problems.push({ path: key, rule: `must be ${type === 'array' ? 'an array' : `a${type === 'object' ? 'n' : ''} ${type}`}`, received: x });
  };
  for (const k of ['runId', 'scenario', 'phase', 'profile', 'mode', 'status', 'verdict'] as const) need(k, 'string');
  for (const k of ['startedAtMs', 'endedAtMs', 'durationS', 'probeOverheadCores'] as const) need(k, 'number');
  for (const k of ['environment', 'target', 'load', 'alertAccuracy'] as const) need(k, 'object');
  for (const k of ['metrics', 'series', 'thresholds', 'incidents', 'faults', 'rawFiles', 'notes'] as const) need(k, 'array');
  if (Array.isArray(v['metrics'])) {
    (v['metrics'] as unknown[]).forEach((m, i) => {
      const mm = m as Record<string, unknown> | null;
      if (typeof mm !== 'object' || mm === null || typeof mm['name'] !== 'string' || typeof mm['unit'] !== 'string') {
        problems.push({ path: `metrics[${i}]`, rule: 'must be an object with string name and unit', received: m });
      }
    });
  }
  if (Array.isArray(v['thresholds'])) {
    (v['thresholds'] as unknown[]).forEach((t, i) => {
      const tt = t as Record<string, unknown> | null;
      if (typeof tt !== 'object' || tt === null || typeof tt['metric'] !== 'string' || typeof tt['verdict'] !== 'string') {
        problems.push({ path: `thresholds[${i}]`, rule: 'must be an object with string metric and verdict', received: t });
      }
    });
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_REPORT_RESULT_INVALID', `${source}: ${problems.length} problem(s)`, problems);
  return value as RunResult;
}

/** Find one metric summary by name and (exact) tags; tags default to the untagged aggregate. */
export function findMetric(result: Pick<RunResult, 'metrics'>, name: string, tags: Readonly<Record<string, string>> = {}): MetricSummary | undefined {
  const want = Object.entries(tags);
  return result.metrics.find((m) => m.name === name && Object.keys(m.tags).length === want.length && want.every(([k, val]) => m.tags[k] === val));
}
