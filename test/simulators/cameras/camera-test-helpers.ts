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

/** Decode `seconds` of an RTSP URL to raw rgb24 frames with ffmpeg (TCP interleaved). */
export async function decodeRgbFrames(url: string, seconds: number, widthPx: number, heightPx: number): Promise<{ frames: Buffer[]; stderr: string; code: number | null }> {
  const r = await runTool(FFMPEG, ['-hide_banner', '-nostdin', '-v', 'warning', '-rtsp_transport', 'tcp', '-i', url, '-t', String(seconds), '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'], (seconds + 15) * 1000);
  const size = widthPx * heightPx * 3;
  const frames: Buffer[] = [];
  for (let at = 0; at + size <= r.stdout.length; at += size) frames.push(r.stdout.subarray(at, at + size));
  return { frames, stderr: r.stderr, code: r.code };
}
