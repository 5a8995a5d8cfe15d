// Phase 0 — stabilization. Question: does the server survive a small, steady site (5 cameras, 5
// sensors) without crashing, dropping frames or letting sensor processing exceed 25 ms at P95?
import { DEFAULT_VIEWERS, alwaysOnThresholds, type PhaseDefinition } from './phase-definition.ts';

export const PHASE0: PhaseDefinition = {
  id: 'phase0',
  title: 'stabilization',
  question: 'Does a small site (5 cameras @ 25 fps, 5 sensors @ 10 Hz) run without crash, with dropped frames < 5 % per camera and sensor processing P95 < 25 ms?',
  load: { cameras: 5, cameraFps: 25, sensors: 5, sensorHz: 10 },
  viewers: DEFAULT_VIEWERS,
  exercises: ['async ingest', 'detection pool'],
  thresholds: (cameras) => ({
    ...alwaysOnThresholds(cameras, 150),
    crashes: ['count==0'],
    api_latency_ms: ['p(95)<200'],
    api_error_rate: ['rate<0.001'],
  }),
};
