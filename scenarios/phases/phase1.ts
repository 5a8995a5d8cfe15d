// Phase 1 — parallelism & backpressure. Question: at 10 cameras and 20 sensors, does the server stay
// under 70 % of the host's CPU, keep sensor latency from drifting (first vs last quarter P95 < 20 %)
// and never crash?
import { DEFAULT_VIEWERS, alwaysOnThresholds, type PhaseDefinition } from './phase-definition.ts';

export const PHASE1: PhaseDefinition = {
  id: 'phase1',
  title: 'parallelism & backpressure',
  question: 'At 10 cameras @ 25 fps and 20 sensors @ 10 Hz: CPU < 70 % of host cores, sensor P95 drift < 20 % between first and last quarter, zero crashes?',
  load: { cameras: 10, cameraFps: 25, sensors: 20, sensorHz: 10 },
  viewers: DEFAULT_VIEWERS,
  exercises: ['adaptive FPS', 'queue-depth metrics', 'async log queue'],
  thresholds: (cameras) => ({
    ...alwaysOnThresholds(cameras, 150),
    cpu_host_share: ['avg<0.70'],
    sensor_p95_drift_ratio: ['value<0.20'],
    crashes: ['count==0'],
    api_latency_ms: ['p(95)<200'],
    api_error_rate: ['rate<0.001'],
  }),
};
