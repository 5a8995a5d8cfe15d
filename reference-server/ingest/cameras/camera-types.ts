// Shapes exchanged between a camera shard (in a worker thread or in-process) and the ingest
// manager on the main thread. Workers post detection results and per-second counters, never frames
// (except the one frame that raised a vision hit, for the anomaly snapshot).
import type { CameraStream } from './stream-config.ts';
import type { DownReason } from './ffmpeg-reason.ts';
import type { FpsChangeReason } from './adaptive-fps.ts';

export type CameraState = 'starting' | 'up' | 'down' | 'stopped';

export interface CameraStatus {
  readonly id: string;
  readonly locId: string;
  readonly url: string;
  readonly state: CameraState;
  readonly reason?: DownReason;
  /** Last ffmpeg error line or watchdog message. */
  readonly detail?: string;
  /** Current adaptive detection rate. */
  readonly fps: number;
  readonly baseFps: number;
  readonly framesDecoded: number;
  readonly framesProcessed: number;
  readonly framesDropped: number;
  /** Frames decoded but not offered because adaptive FPS is below the decode rate. */
  readonly framesSkipped: number;
  readonly restarts: number;
  readonly pending: number;
  readonly lastFrameAtMs?: number;
}

/** Per-camera deltas since the previous tick (one message per shard per second). */
export interface CameraTick {
  readonly id: string;
  readonly processed: number;
  readonly dropped: number;
  readonly offered: number;
  readonly pending: number;
  readonly fps: number;
  readonly fpsChange?: FpsChangeReason;
  readonly latenciesMs: readonly number[];
}

export interface VisionHit {
  readonly cameraId: string;
  readonly locId: string;
  readonly score: number;
  readonly atMs: number;
  readonly width: number;
  readonly height: number;
  /** A copy of the yuv420p frame, at most one per camera per snapshotIntervalMs. */
  readonly frame?: Uint8Array;
}

export type ShardEvent =
  | { readonly type: 'status'; readonly status: CameraStatus }
  | { readonly type: 'tick'; readonly atMs: number; readonly cameras: readonly CameraTick[] }
  | { readonly type: 'hit'; readonly hit: VisionHit }
  | { readonly type: 'restart'; readonly cameraId: string; readonly reason: DownReason }
  | { readonly type: 'removed'; readonly cameraId: string };

export type ShardCommand =
  | { readonly type: 'add'; readonly stream: CameraStream; readonly startDelayMs: number }
  | { readonly type: 'remove'; readonly id: string }
  | { readonly type: 'close' };
