// The original EmberEye colour heuristic (vision_detector.py:348-371), on a raw YUV420 planar frame
// instead of an OpenCV BGR image: score = min(1, 3·fire_ratio + 1.5·smoke_ratio), where the ratios
// are the shares of pixels inside the fire and smoke HSV ranges (see yuv-hsv-lut.ts).
import { CLASS_FIRE, CLASS_SMOKE } from './yuv-hsv-lut.ts';

export interface FrameGeometry {
  readonly width: number;
  readonly height: number;
}

export interface HeuristicResult {
  /** min(1, 3·fireRatio + 1.5·smokeRatio), as the original. */
  readonly score: number;
  readonly fireRatio: number;
  readonly smokeRatio: number;
  /** Fire pixels counted (in sampled pixels); the flicker check follows this over time. */
  readonly firePixels: number;
  readonly sampledPixels: number;
}

export function yuv420FrameBytes(g: FrameGeometry): number {
  return g.width * g.height + 2 * ((g.width >> 1) * (g.height >> 1));
}

/**
 * Scores one yuv420p frame. `stepPx` 1 visits every pixel (faithful: the original used the full
 * frame); 2 visits one luma sample per 2×2 block (4× less work, same ratios on smooth content).
 */
/** Number of 8×8-pixel blocks (the flicker check's grid) of a frame. */
export function fireBlockCount(g: FrameGeometry): number {
  return Math.ceil(g.width / 8) * Math.ceil(g.height / 8);
}

export function scoreYuv420(frame: Uint8Array, g: FrameGeometry, lut: Uint8Array, stepPx: 1 | 2 = 1, fireBlocks?: Uint16Array): HeuristicResult {
  const { width, height } = g;
  const chromaWidth = width >> 1;
  const uPlane = width * height;
  const vPlane = uPlane + chromaWidth * (height >> 1);
  const blocksPerRow = Math.ceil(width / 8);
  fireBlocks?.fill(0);
  let fire = 0;
  let smoke = 0;
  let sampled = 0;
  for (let cy = 0; cy < height >> 1; cy++) {
    const yRow0 = 2 * cy * width;
    const yRow1 = yRow0 + width;
    const cRow = cy * chromaWidth;
    const blockRow = (cy >> 2) * blocksPerRow;
    for (let cx = 0; cx < chromaWidth; cx++) {
      const base = ((frame[uPlane + cRow + cx]! << 8) | frame[vPlane + cRow + cx]!) << 8;
      const x = 2 * cx;
      if (stepPx === 1) {
        const a = lut[base | frame[yRow0 + x]!]!;
        const b = lut[base | frame[yRow0 + x + 1]!]!;
        const c = lut[base | frame[yRow1 + x]!]!;
        const d = lut[base | frame[yRow1 + x + 1]!]!;
        // CLASS_FIRE = 1, CLASS_SMOKE = 2: count each by masking its bit.
        const f = (a & CLASS_FIRE) + (b & CLASS_FIRE) + (c & CLASS_FIRE) + (d & CLASS_FIRE);
        fire += f;
        smoke += (a + b + c + d - f) >> 1;
        sampled += 4;
        if (fireBlocks !== undefined && f !== 0) fireBlocks[blockRow + (cx >> 2)]! += f;
      } else {
        const a = lut[base | frame[yRow0 + x]!]!;
        const f = a & CLASS_FIRE;
        fire += f;
        smoke += (a & CLASS_SMOKE) >> 1;
        sampled += 1;
        if (fireBlocks !== undefined && f !== 0) fireBlocks[blockRow + (cx >> 2)]! += f;
      }
    }
  }
  const fireRatio = sampled === 0 ? 0 : fire / sampled;
  const smokeRatio = sampled === 0 ? 0 : smoke / sampled;
  return { score: Math.min(1, 3 * fireRatio + 1.5 * smokeRatio), fireRatio, smokeRatio, firePixels: fire, sampledPixels: sampled };
}
