// What the server serves for one (codec, resolution, fps, scene): the clip's frames as prepared RTP
// templates, the SDP codec parameters, and fault variants (corrupt / truncated payloads) built lazily
// the first time a fault needs them, then cached.
import type { SdpVideoCodec } from '../../protocol/sdp.ts';
import type { CameraCodec } from './clip-recipes.ts';
import type { PreparedFrame } from './rtp-frame-template.ts';

export type FrameVariant = 'intact' | 'corrupt' | 'truncated';

export interface PreparedTrack {
  readonly codec: CameraCodec;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly fps: number;
  readonly sdpCodec: SdpVideoCodec;
  readonly frames: readonly PreparedFrame[];
  /** Bytes of all intact templates (memory and bitrate figures). */
  readonly templateBytes: number;
  frameAt(index: number, variant: FrameVariant): PreparedFrame;
}

/** Shared cache logic: `build` turns (index, variant) into a frame; intact frames come from `frames`. */
export function withVariants(base: Omit<PreparedTrack, 'frameAt' | 'templateBytes'>, build: (index: number, variant: Exclude<FrameVariant, 'intact'>) => PreparedFrame): PreparedTrack {
  const cache = new Map<string, PreparedFrame>();
  return {
    ...base,
    templateBytes: base.frames.reduce((s, f) => s + f.template.length, 0),
    frameAt(index, variant) {
      if (variant === 'intact') return base.frames[index] as PreparedFrame;
      const key = `${variant}:${index}`;
      let f = cache.get(key);
      if (!f) {
        f = build(index, variant);
        cache.set(key, f);
      }
      return f;
    },
  };
}

/** Deterministic damage: XOR the middle third of the bytes (the header bytes stay valid). */
export function corruptBytes(data: Buffer, keepHeadBytes: number): Buffer {
  const out = Buffer.from(data);
  const start = Math.max(keepHeadBytes, Math.floor(out.length / 3));
  const end = Math.max(start, Math.floor((2 * out.length) / 3));
  for (let i = start; i < end; i++) out[i] = (out[i] as number) ^ 0xa5;
  return out;
}

export function truncateBytes(data: Buffer, keepHeadBytes: number): Buffer {
  return data.subarray(0, Math.max(keepHeadBytes, Math.floor(data.length / 2)));
}
