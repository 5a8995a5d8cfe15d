// Shared by the camera simulator tests: real ffmpeg/ffprobe runs with a hard time limit, polling,
// and the ffprobe binary from @ffprobe-installer (tests may use any package).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolveFfmpegPath } from '../../../simulators/cameras/ffmpeg-binary.ts';

export const FFMPEG = resolveFfmpegPath();
export const FFPROBE = (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;

export interface ToolRun {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Run a tool; it is killed after `timeoutMs` so a hung client can never hang the suite. */
export function runTool(bin: string, args: readonly string[], timeoutMs = 20_000): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(bin, args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : null) : 0;
      resolve({ code, stdout, stderr: stderr.toString() });
    });
  });
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Decode `frameCount` frames of an RTSP URL (TCP interleaved) to raw frames in the stream's own 4:2:0 format
 * (no pixel conversion, so ffmpeg's warnings are about the stream only). RGB: yuv420ToRgb().
 */
export async function decodeYuvFrames(url: string, frameCount: number, widthPx: number, heightPx: number): Promise<{ frames: Buffer[]; stderr: string; code: number | null }> {
  // Count frames, not seconds: ffmpeg gives the first RTSP frame no pts, so `-t` cuts vary by a few frames.
  const r = await runTool(FFMPEG, ['-hide_banner', '-nostdin', '-v', 'warning', '-rtsp_transport', 'tcp', '-i', url, '-frames:v', String(frameCount), '-vsync', 'passthrough', '-f', 'rawvideo', 'pipe:1'], 30_000);
  const size = (widthPx * heightPx * 3) / 2;
  const frames: Buffer[] = [];
  for (let at = 0; at + size <= r.stdout.length; at += size) frames.push(r.stdout.subarray(at, at + size));
  return { frames, stderr: r.stderr, code: r.code };
}

/** BT.601 4:2:0 planar → packed RGB; `fullRange` for JPEG's yuvj420p, limited (16–235) for H.264. */
export function yuv420ToRgb(yuv: Uint8Array, widthPx: number, heightPx: number, fullRange: boolean): Uint8Array {
  const rgb = new Uint8Array(widthPx * heightPx * 3);
  const uOff = widthPx * heightPx;
  const vOff = uOff + (widthPx * heightPx) / 4;
  const clamp = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : v);
  for (let y = 0; y < heightPx; y++) {
    for (let x = 0; x < widthPx; x++) {
      const c = (y >> 1) * (widthPx >> 1) + (x >> 1);
      const Y = yuv[y * widthPx + x] ?? 0;
      const U = (yuv[uOff + c] ?? 128) - 128;
      const V = (yuv[vOff + c] ?? 128) - 128;
      const i = 3 * (y * widthPx + x);
      if (fullRange) {
        rgb[i] = clamp(Y + 1.402 * V);
        rgb[i + 1] = clamp(Y - 0.344136 * U - 0.714136 * V);
        rgb[i + 2] = clamp(Y + 1.772 * U);
      } else {
        const Yl = 1.164 * (Y - 16);
        rgb[i] = clamp(Yl + 1.596 * V);
        rgb[i + 1] = clamp(Yl - 0.392 * U - 0.813 * V);
        rgb[i + 2] = clamp(Yl + 2.017 * U);
      }
    }
  }
  return rgb;
}
