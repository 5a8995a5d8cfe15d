// Synthetic yuv420p frames and clips for the camera tests: a flat colour, or a flickering
// flame-coloured block on a dark background. Colours are given in RGB and converted with the same
// BT.601 formulas the detector inverts, so expected ratios can be computed by hand.
import { spawn } from 'node:child_process';
import { rgbToYuv } from '../../../reference-server/detect/vision/yuv-hsv-lut.ts';
import { ffmpegPath } from '../../../reference-server/ingest/cameras/ffmpeg-binary.ts';

export const W = 320;
export const H = 240;
export const FRAME_BYTES = W * H * 1.5;

export type Rgb = readonly [number, number, number];
export const DARK_GREY: Rgb = [60, 60, 60];
export const LIGHT_GREY: Rgb = [210, 210, 210];
export const FLAME_ORANGE: Rgb = [255, 120, 0];

/** Fills a frame with `bg`, then paints `fg` over the rectangle [x0,x1)×[y0,y1) (even bounds). */
export function paintFrame(bg: Rgb, fg?: { rgb: Rgb; x0: number; x1: number; y0: number; y1: number }, w = W, h = H): Uint8Array {
  const f = new Uint8Array(w * h * 1.5);
  const [by, bu, bv] = rgbToYuv(...bg);
  const uOff = w * h;
  const vOff = uOff + (w / 2) * (h / 2);
  f.fill(by, 0, uOff);
  f.fill(bu, uOff, vOff);
  f.fill(bv, vOff);
  if (fg) {
    const [fy, fu, fv] = rgbToYuv(...fg.rgb);
    for (let y = fg.y0; y < fg.y1; y++) f.fill(fy, y * w + fg.x0, y * w + fg.x1);
    for (let y = fg.y0 / 2; y < fg.y1 / 2; y++) {
      f.fill(fu, uOff + y * (w / 2) + fg.x0 / 2, uOff + y * (w / 2) + fg.x1 / 2);
      f.fill(fv, vOff + y * (w / 2) + fg.x0 / 2, vOff + y * (w / 2) + fg.x1 / 2);
    }
  }
  return f;
}

/** Frame i of a fire scene: an orange block whose height flickers between 96 and 160 rows. */
export function fireFrame(i: number): Uint8Array {
  const flick = [0, 40, 16, 64, 8, 48, 24, 56][i % 8]!;
  return paintFrame(DARK_GREY, { rgb: FLAME_ORANGE, x0: 0, x1: W, y0: 0, y1: 96 + flick });
}

export function greyFrame(): Uint8Array {
  return paintFrame(DARK_GREY);
}

/** Encodes frames to an H.264 baseline file (what a camera would send) with ffmpeg. */
export async function writeClip(path: string, frames: number, frameAt: (i: number) => Uint8Array, fps = 15, codec: 'h264' | 'mjpeg' = 'h264'): Promise<void> {
  const enc = codec === 'h264' ? ['-c:v', 'libx264', '-profile:v', 'baseline', '-preset', 'ultrafast', '-g', String(fps), '-pix_fmt', 'yuv420p'] : ['-c:v', 'mjpeg', '-q:v', '5'];
  const child = spawn(ffmpegPath(), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${W}x${H}`, '-r', String(fps), '-i', 'pipe:0', ...enc, path], { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  for (let i = 0; i < frames; i++) {
    if (!child.stdin.write(frameAt(i))) await new Promise((r) => child.stdin.once('drain', r));
  }
  child.stdin.end();
  const code = await new Promise<number | null>((r) => child.once('close', r));
  if (code !== 0) throw new Error(`clip encode failed: ${err}`);
}
