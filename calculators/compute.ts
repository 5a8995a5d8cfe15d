// CPU, RAM and detector formulas (sizing-model.md §3.3, §4.5).
import { Q, q, sumQ } from './rational.ts';
import { buyCount, perNodeCapacity } from './rounding.ts';
import { MIB } from './units.ts';

/** Cores to provision so that `busyCores` stays at or below `target` utilisation. */
export function requiredCores(busyCores: Q, target: Q): bigint {
  return buyCount(busyCores.div(target));
}

/** Core-seconds per decoded frame from a run: (total − base × duration) / frames. */
export function coreSecPerFrame(totalCoreSec: Q, baseCores: Q, durationS: Q, frames: Q): Q {
  return totalCoreSec.sub(baseCores.mul(durationS)).div(frames);
}

/** Busy cores for cameras decoding at `fps` with a per-frame cost, plus a base load. */
export function busyCoresForCameras(baseCores: Q, cameras: bigint, fps: Q, coreSecPerFrameValue: Q): Q {
  return baseCores.add(fps.mul(cameras).mul(coreSecPerFrameValue));
}

export interface MemoryBreakdown {
  readonly usedBytes: Q;
  readonly headroomBytes: Q;
  readonly fits: boolean;
}

/** Sum of the parts against the RAM they are meant to fit (seed 000 E06/E07). */
export function memoryBreakdown(partsBytes: readonly Q[], ramBytes: Q): MemoryBreakdown {
  const usedBytes = sumQ(partsBytes);
  return { usedBytes, headroomBytes: ramBytes.sub(usedBytes), fits: usedBytes.le(ramBytes) };
}

/** Frigate's per-camera shared memory: (w × h × 1.5 × 20 + 270480) bytes. */
export function frigateShmBytes(width: bigint, height: bigint): Q {
  return q(width * height).mul(q(3n, 2n)).mul(20n).add(270_480n);
}

/** Frigate's log share of /dev/shm: 40 MiB. */
export const FRIGATE_LOGS_BYTES = MIB.mul(40n);

/** Detector capacity (Frigate): 1000 / inference_ms inferences per second. */
export function detectorInferencesPerS(inferenceMs: Q): Q {
  return q(1000n).div(inferenceMs);
}

/** Cameras one detector can serve: floor(capacity / (fps × inferences per frame)). */
export function camerasPerDetector(inferenceMs: Q, detectFps: Q, inferencesPerFrame: Q): bigint {
  return perNodeCapacity(detectorInferencesPerS(inferenceMs).div(detectFps.mul(inferencesPerFrame)));
}
