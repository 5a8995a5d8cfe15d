// One camera's vision detector: the original colour heuristic plus our flicker check. A frame is a
// "hit" (fed to fusion) when score ≥ threshold (0.7, hard-coded in the original fuse()) and, unless
// turned off, the fire-pixel count flickers. Stateful per camera (the flicker window), so create
// one per stream.
import { DEFAULT_FLICKER, FlickerTracker, type FlickerOptions } from './flicker.ts';
import { fireBlockCount, scoreYuv420, type FrameGeometry } from './fire-heuristic.ts';
import { yuvClassLut } from './yuv-hsv-lut.ts';

export interface VisionOptions {
  /** Score at or above which a frame feeds fusion (the original's 0.7). */
  readonly hitThreshold: number;
  readonly requireFlicker: boolean;
  readonly flicker: FlickerOptions;
  readonly stepPx: 1 | 2;
}

export const DEFAULT_VISION: VisionOptions = { hitThreshold: 0.7, requireFlicker: true, flicker: DEFAULT_FLICKER, stepPx: 1 };

export interface VisionResult {
  readonly score: number;
  readonly fireRatio: number;
  readonly smokeRatio: number;
  readonly flickering: boolean;
  readonly hit: boolean;
}

/** What the ingest calls per admitted frame. May be async (an injected slow/remote detector). */
export interface FrameDetector {
  detect(frame: Uint8Array): VisionResult | Promise<VisionResult>;
}

export function createVisionDetector(geometry: FrameGeometry, options: VisionOptions = DEFAULT_VISION, lut: Uint8Array = yuvClassLut()): FrameDetector {
  const flicker = new FlickerTracker(options.flicker);
  const blocks = new Uint16Array(fireBlockCount(geometry));
  return {
    detect(frame: Uint8Array): VisionResult {
      const r = scoreYuv420(frame, geometry, lut, options.stepPx, blocks);
      const flickering = flicker.push(blocks);
      const hit = r.score >= options.hitThreshold && (!options.requireFlicker || flickering);
      return { score: r.score, fireRatio: r.fireRatio, smokeRatio: r.smokeRatio, flickering, hit };
    },
  };
}
