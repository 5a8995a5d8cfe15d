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
  // One node of the scale-out topology: role processes (ingest, camera workers, fusion, api) on NATS.
  clusterNodes: 1,
  notes: ['Runs on `emberload serve --cluster --nodes 1` (role processes + NATS bus) when nats-server is installed; otherwise on the single-process server, and the report says so.'],
};
