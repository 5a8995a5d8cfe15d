// What snapshot() reports: counters only (never percentages), each named with its unit.
import type { LatencySummaryMs } from '../core/hdr-recorder.ts';
import type { CameraScene } from './clip-recipes.ts';
import type { LiveCamera } from './live-camera.ts';
import type { FramePacer } from './frame-pacer.ts';
import type { FaultCounters, RtspCounters, ServerState } from './server-state.ts';

export interface CameraSnapshot {
  readonly cameraId: string;
  readonly url: string;
  readonly scene: CameraScene;
  readonly sessions: number;
  readonly playingSessions: number;
  /** Frames of the camera's timeline so far (produced whether or not anyone watched). */
  readonly framesEmitted: number;
  /** Frame writes to clients (one per playing session per frame). */
  readonly framesSent: number;
  /** Whole frames not written to a client because of backpressure (and the P-frames up to the next keyframe). */
  readonly framesDropped: number;
  readonly bytesSent: number;
  readonly corruptFramesEmitted: number;
  readonly truncatedFramesEmitted: number;
  readonly framesSuppressedByStall: number;
  readonly framesSuppressedByStop: number;
  readonly activeFaults: readonly string[];
}

export interface CameraServerSnapshot {
  readonly uptimeMs: number;
  readonly codec: string;
  readonly resolution: string;
  readonly fps: number;
  readonly cameras: readonly CameraSnapshot[];
  readonly totals: {
    readonly connections: number;
    readonly sessions: number;
    readonly playingSessions: number;
    readonly framesSent: number;
    readonly framesDropped: number;
    readonly bytesSent: number;
  };
  readonly rtsp: Readonly<RtspCounters>;
  readonly faults: Readonly<FaultCounters>;
  readonly pacing: {
    /** Lateness of each bucket tick behind its intended time (HDR, µs recorded, ms reported). */
    readonly latenessMs: LatencySummaryMs;
    readonly bucketTicks: number;
    readonly framesSkippedLate: number;
  };
}

export function buildSnapshot(state: ServerState, pacer: FramePacer, urls: readonly string[], startMonoMs: number): CameraServerSnapshot {
  const now = state.nowMonoMs();
  const cams: CameraSnapshot[] = [];
  let i = 0;
  for (const cam of state.cameras.values()) cams.push(cameraSnapshot(cam, urls[i++] ?? '', now));
  const sum = (k: 'framesSent' | 'framesDropped' | 'bytesSent'): number => cams.reduce((s, c) => s + c[k], 0);
  return {
    uptimeMs: now - startMonoMs,
    codec: state.options.codec,
    resolution: state.options.resolution,
    fps: state.options.fps,
    cameras: cams,
    totals: {
      connections: state.connections.size,
      sessions: state.sessions.size,
      playingSessions: cams.reduce((s, c) => s + c.playingSessions, 0),
      framesSent: sum('framesSent'),
      framesDropped: sum('framesDropped'),
      bytesSent: sum('bytesSent'),
    },
    rtsp: { ...state.rtsp, responsesByStatus: { ...state.rtsp.responsesByStatus } },
    faults: { ...state.faults },
    pacing: { latenessMs: pacer.lateness.summary(), bucketTicks: pacer.counters.bucketTicks, framesSkippedLate: pacer.counters.framesSkippedLate },
  };
}

function cameraSnapshot(cam: LiveCamera, url: string, nowMonoMs: number): CameraSnapshot {
  let playing = 0;
  for (const s of cam.sessions) if (s.playing) playing++;
  return { cameraId: cam.id, url, scene: cam.scene, sessions: cam.sessions.size, playingSessions: playing, ...cam.counters, activeFaults: cam.activeFaults(nowMonoMs) };
}
