// Phase 2 — async & batching. Question: with 30 cameras @ 15 fps and 40 sensors, is every camera
// processed at its full 15 fps, do sensors reach ≥ 400 packets/s processed, and does RSS stay < 1.2 GB?
import { DEFAULT_VIEWERS, alwaysOnThresholds, perCamera, type PhaseDefinition } from './phase-definition.ts';

export const PHASE2: PhaseDefinition = {
  id: 'phase2',
  title: 'async & batching',
  question: 'At 30 cameras @ 15 fps and 40 sensors @ 10 Hz: every camera ≥ 15 fps processed, sensor PPS ≥ 400, server RSS < 1.2 GB?',
  load: { cameras: 30, cameraFps: 15, sensors: 40, sensorHz: 10 },
  viewers: DEFAULT_VIEWERS,
  exercises: ['100 ms sensor batching window', 'thermal frame delta/RLE', 'ROI'],
  thresholds: (cameras) => ({
    ...alwaysOnThresholds(cameras, 150),
    // Per-second frame counts jitter by ±1 around the offered 15 fps; the median says "runs at the
    // offered rate" without failing on one late second.
    ...perCamera(cameras, 'processed_fps', ['med>=15']),
    // 40 devices × 10 Hz × (frame + #Sensor line) = 800 offered; the roadmap's floor is 400.
    sensor_pps: ['avg>=400'],
    rss_bytes: ['max<1200000000'],
  }),
};
