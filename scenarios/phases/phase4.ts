// Phase 4 — optimization. Question: at 80 cameras and 80 sensors (downscaled detection, baseline
// cache), does the server process ≥ 1200 frames/s in aggregate and hold ≥ 800 sensor packets/s in
// every 10 s window?
import { DEFAULT_VIEWERS, alwaysOnThresholds, type PhaseDefinition } from './phase-definition.ts';

export const PHASE4: PhaseDefinition = {
  id: 'phase4',
  title: 'optimization',
  question: 'At 80 cameras @ 15 fps and 80 sensors @ 10 Hz: aggregate processed FPS ≥ 1200 and sensor PPS ≥ 800 in every 10 s window?',
  load: { cameras: 80, cameraFps: 15, sensors: 80, sensorHz: 10 },
  viewers: DEFAULT_VIEWERS,
  exercises: ['downscale 640×480→320×240', 'baseline anomaly cache'],
  thresholds: (cameras) => ({
    ...alwaysOnThresholds(cameras, 120),
    aggregate_fps: ['avg>=1200'],
    // 80 devices × 10 Hz × 2 packets = 1600 offered; sensor_pps samples are 10 s windows, so min is "no window below".
    sensor_pps: ['min>=800'],
  }),
};
