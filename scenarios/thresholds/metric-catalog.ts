// The metrics a threshold may name: their kind (which decides the allowed aggregations, as in k6's
// metric_type.go), unit and the tag keys they are recorded with. Names come from RUN_METRICS so the
// runner, reports and calibration cannot drift apart.
import { RUN_METRICS, type RunMetricName } from '../../protocol/run-result.ts';

export type MetricKind = 'trend' | 'counter' | 'gauge' | 'rate';

export interface CatalogEntry {
  readonly kind: MetricKind;
  readonly unit: string;
  readonly tagKeys: readonly TagKey[];
  /** Server features the metric needs; without them its thresholds are not applicable. */
  readonly requires: readonly TargetFeature[];
  readonly describe: string;
}

export type TagKey = 'kind' | 'camera' | 'endpoint' | 'fault' | 'node';
export type TargetFeature = 'sensors' | 'cameras' | 'alert-stream' | 'http-api' | 'cluster';

/** k6's supportedAggregationMethods, plus min/max on gauges (k6's newer summary reports both). */
export const AGGREGATIONS_BY_KIND: Readonly<Record<MetricKind, readonly string[]>> = {
  counter: ['count', 'rate'],
  gauge: ['value', 'min', 'max'],
  rate: ['rate'],
  trend: ['avg', 'min', 'max', 'med', 'p'],
};

const M = RUN_METRICS;
export const METRIC_CATALOG: Readonly<Record<RunMetricName, CatalogEntry>> = {
  [M.sensorProcessingMs]: { kind: 'trend', unit: 'ms', tagKeys: ['kind'], requires: ['sensors'], describe: 'server arrival → fused, from emberload_sensor_processing_seconds bucket deltas' },
  [M.sensorSendToFusedMs]: { kind: 'trend', unit: 'ms', tagKeys: ['kind'], requires: ['sensors'], describe: 'device TS= send time → fused, from emberload_sensor_send_to_fused_seconds bucket deltas' },
  [M.sensorSendLatenessMs]: { kind: 'trend', unit: 'ms', tagKeys: [], requires: ['sensors'], describe: 'simulator send time minus intended send time (HDR, µs)' },
  [M.sensorPacketsSent]: { kind: 'counter', unit: 'packets', tagKeys: [], requires: ['sensors'], describe: 'frames + #Sensor lines written by the fleet' },
  [M.sensorPacketsProcessed]: { kind: 'counter', unit: 'packets', tagKeys: [], requires: ['sensors'], describe: 'emberload_packets_processed_total deltas (reset-aware)' },
  [M.sensorPacketLoss]: { kind: 'rate', unit: 'ratio', tagKeys: [], requires: ['sensors'], describe: '1 − processed/sent over the run' },
  [M.sensorPps]: { kind: 'trend', unit: 'packets/s', tagKeys: [], requires: ['sensors'], describe: 'processed packets per second, one sample per 10 s window' },
  [M.alertE2eMs]: { kind: 'trend', unit: 'ms', tagKeys: [], requires: ['alert-stream'], describe: 'incident injection (first packet carrying it) → alert event received on the SSE stream' },
  [M.incidentToAlertMs]: { kind: 'trend', unit: 'ms', tagKeys: [], requires: ['alert-stream'], describe: 'incident injection → alert committedMs (server clock, same host)' },
  [M.visionDetectionMs]: { kind: 'trend', unit: 'ms', tagKeys: [], requires: ['cameras'], describe: 'emberload_vision_detection_seconds bucket deltas' },
  [M.framesProcessed]: { kind: 'counter', unit: 'frames', tagKeys: ['camera'], requires: ['cameras'], describe: 'emberye_frames_processed_total deltas' },
  [M.framesDropped]: { kind: 'counter', unit: 'frames', tagKeys: ['camera'], requires: ['cameras'], describe: 'emberye_frames_dropped_total deltas' },
  [M.droppedFrameRatio]: { kind: 'rate', unit: 'ratio', tagKeys: ['camera'], requires: ['cameras'], describe: 'dropped / (processed + dropped) server-side' },
  [M.processedFps]: { kind: 'trend', unit: 'fps', tagKeys: ['camera'], requires: ['cameras'], describe: 'processed frames per second, one sample per second' },
  [M.aggregateFps]: { kind: 'trend', unit: 'fps', tagKeys: [], requires: ['cameras'], describe: 'all cameras: processed frames per second' },
  [M.cpuHostShare]: { kind: 'trend', unit: 'ratio', tagKeys: ['node'], requires: [], describe: 'server process tree CPU / host cores, per second (/proc/<pid>/stat incl. descendants)' },
  [M.cpuCoreSeconds]: { kind: 'counter', unit: 'core-s', tagKeys: ['node'], requires: [], describe: 'server process tree CPU time over the run' },
  [M.cpuCores]: { kind: 'trend', unit: 'cores', tagKeys: ['node'], requires: [], describe: 'server process tree CPU in cores, per second' },
  [M.rssBytes]: { kind: 'trend', unit: 'bytes', tagKeys: ['node'], requires: [], describe: 'server process tree RSS, per second' },
  [M.memoryGrowthRatio]: { kind: 'gauge', unit: 'ratio', tagKeys: [], requires: [], describe: 'mean RSS of the last quarter (exit: last hour) / first quarter (first hour) − 1' },
  [M.sensorP95DriftRatio]: { kind: 'gauge', unit: 'ratio', tagKeys: [], requires: ['sensors'], describe: '(P95 last quarter − P95 first quarter) / P95 first quarter of the soak; negative = got faster' },
  [M.recoveryMs]: { kind: 'trend', unit: 'ms', tagKeys: ['fault'], requires: [], describe: 'fault → all devices connected, packets processed and alert stream live again' },
  [M.crashes]: { kind: 'counter', unit: 'crashes', tagKeys: [], requires: [], describe: 'unexpected server exits seen by the supervisor (kill -9 faults excluded)' },
  [M.alertRecall]: { kind: 'gauge', unit: 'ratio', tagKeys: [], requires: ['alert-stream'], describe: 'detected incidents / injected incidents' },
  [M.alertDuplicates]: { kind: 'counter', unit: 'alerts', tagKeys: [], requires: ['alert-stream'], describe: 'extra alert-opened events for an incident already matched' },
  [M.nodeCpuImbalanceRatio]: { kind: 'gauge', unit: 'ratio', tagKeys: [], requires: ['cluster'], describe: '(max − min) / max of per-node mean CPU' },
  [M.apiLatencyMs]: { kind: 'trend', unit: 'ms', tagKeys: ['endpoint'], requires: ['http-api'], describe: 'dashboard viewer requests (autocannon, fixed rate, uncorrected per-response times)' },
  [M.apiErrorRate]: { kind: 'rate', unit: 'ratio', tagKeys: ['endpoint'], requires: ['http-api'], describe: 'non-2xx + errors + timeouts / requests' },
  [M.probeOverheadCores]: { kind: 'gauge', unit: 'cores', tagKeys: [], requires: [], describe: "runner's probe CPU (process.cpuUsage) / run time" },
};

export const VIEWER_ENDPOINTS = ['stats_all', 'alerts', 'camera_stats'] as const;
export const FAULT_KINDS = ['kill-server', 'kill-node', 'stall-camera', 'reconnect-storm', 'packet-storm'] as const;
export const SENSOR_KINDS = ['frame', 'sensor'] as const;

/** The tag values that exist in one run (camera ids, node names …); a typo is an error, not a silent pass (k6 #1526). */
export type TagUniverse = Readonly<Record<TagKey, readonly string[]>>;

export function cameraId(index1: number): string {
  return `cam${String(index1).padStart(2, '0')}`;
}

export function tagUniverse(o: { cameras: number; nodes: number }): TagUniverse {
  return {
    kind: SENSOR_KINDS,
    camera: Array.from({ length: o.cameras }, (_, i) => cameraId(i + 1)),
    endpoint: VIEWER_ENDPOINTS,
    fault: FAULT_KINDS,
    node: Array.from({ length: Math.max(1, o.nodes) }, (_, i) => `node${i + 1}`),
  };
}

export function isRunMetricName(name: string): name is RunMetricName {
  return Object.hasOwn(METRIC_CATALOG, name);
}
