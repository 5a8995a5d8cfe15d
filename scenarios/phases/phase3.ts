// Phase 3 — multiprocess & event bus. Question: at 60 cameras and 60 sensors, with camera workers in
// their own processes and an event bus, are dropped frames < 5 %, alert E2E P95 < 120 ms, and is at
// least 20 % CPU headroom left?
import { DEFAULT_VIEWERS, alwaysOnThresholds, type PhaseDefinition } from './phase-definition.ts';

export const PHASE3: PhaseDefinition = {
  id: 'phase3',
  title: 'multiprocess & event bus',
  question: 'At 60 cameras @ 15 fps and 60 sensors @ 10 Hz: dropped frames < 5 %, alert E2E P95 < 120 ms, CPU headroom ≥ 20 %?',
  load: { cameras: 60, cameraFps: 15, sensors: 60, sensorHz: 10 },
  viewers: DEFAULT_VIEWERS,
  exercises: ['camera worker processes (10 cameras each)', 'event bus', 'fusion aggregator'],
  thresholds: (cameras) => ({
    ...alwaysOnThresholds(cameras, 120),
    cpu_host_share: ['avg<=0.80'],
  }),
  notes: ['The worker-process topology (`emberload serve --cluster`) is the scale-out helper\'s; against a single-process target the same thresholds are measured on that one process, and the report says so.'],
};
