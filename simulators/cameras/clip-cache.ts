// Clips are encoded once and cached on disk, keyed by a hash of the exact ffmpeg arguments, so a
// change of recipe or parameters can never serve a stale clip. Writes go to a temp file renamed into
// place, so concurrent simulators sharing a cache never read half a clip.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { EmberError } from '../../protocol/errors.ts';
import { CLIP_RECIPE_VERSION, ffmpegArgs, type ClipParams } from './clip-recipes.ts';
import { resolveFfmpegPath } from './ffmpeg-binary.ts';

export const DEFAULT_CLIP_CACHE_DIR = '.cache/emberload/clips';

export function clipFileName(p: ClipParams): string {
  const hash = createHash('sha256').update(JSON.stringify({ v: CLIP_RECIPE_VERSION, args: ffmpegArgs(p) })).digest('hex').slice(0, 12);
  return `${p.codec}-${p.scene}-${p.resolution}-${p.fps}fps-${hash}.${p.codec === 'h264' ? 'h264' : 'mjpeg'}`;
}

function runFfmpeg(args: readonly string[]): Promise<Buffer> {
  const bin = resolveFfmpegPath();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      if (err.length < 4000) err += b.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(Buffer.concat(out));
      else reject(new Error(`ffmpeg exited with ${code}: ${err.trim()}`));
    });
  });
}

/** The clip's encoded bytes (Annex-B H.264 or concatenated JPEGs), from the cache or freshly encoded. */
export async function loadClip(p: ClipParams, cacheDir: string = DEFAULT_CLIP_CACHE_DIR): Promise<{ bytes: Buffer; path: string; fromCache: boolean }> {
  const dir = resolve(cacheDir);
  const path = join(dir, clipFileName(p));
  try {
    const bytes = await readFile(path);
    if (bytes.length > 0) return { bytes, path, fromCache: true };
  } catch {
    // not cached yet
  }
  let bytes: Buffer;
  try {
    bytes = await runFfmpeg(ffmpegArgs(p));
  } catch (err) {
    throw new EmberError('EMBER_ERR_CAMERA_SIM_CLIP_FAILED', (err as Error).message, [{ path: 'clip', rule: 'ffmpeg must encode the clip', received: p }], { cause: err });
  }
  if (bytes.length === 0) throw new EmberError('EMBER_ERR_CAMERA_SIM_CLIP_FAILED', 'ffmpeg wrote no bytes', [{ path: 'clip', rule: 'ffmpeg must encode the clip', received: p }]);
  await mkdir(dir, { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
  return { bytes, path, fromCache: false };
}
