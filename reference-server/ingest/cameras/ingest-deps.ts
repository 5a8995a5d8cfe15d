// What the camera ingest needs from the rest of the server, as small interfaces so it can run
// (and be tested) alone. The server's metrics.ts and fusion satisfy them structurally.

export interface CameraMetricsSink {
  cameraFrameProcessed(streamId: string): void;
  cameraFrameDropped(streamId: string): void;
  cameraFps(streamId: string, fps: number): void;
  cameraQueueDepth(streamId: string, n: number): void;
  visionLatency(streamId: string, seconds: number): void;
  cameraUp(streamId: string, up: boolean): void;
  cameraRestart(streamId: string, reason: string): void;
  scaleOutSignal(on: boolean): void;
}

export interface VisionEvidence {
  readonly locId: string;
  readonly cameraId: string;
  readonly score: number;
  readonly atMs: number;
}

/** Fusion's vision entry point; may return the alert it opened or updated (anything with an `id`). */
export interface VisionFusionSink {
  ingestVision(ev: VisionEvidence): unknown;
}

export interface IngestLogger {
  info(msg: string): void;
  warn(msg: string): void;
}

export const NULL_METRICS: CameraMetricsSink = {
  cameraFrameProcessed() {},
  cameraFrameDropped() {},
  cameraFps() {},
  cameraQueueDepth() {},
  visionLatency() {},
  cameraUp() {},
  cameraRestart() {},
  scaleOutSignal() {},
};
