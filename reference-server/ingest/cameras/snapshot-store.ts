// Anomaly snapshots: the frame that raised a vision hit, saved as JPEG under the data dir with the
// id of the alert it belongs to (<dir>/<alertId>.jpg + .json), encoded by a one-shot ffmpeg from
// the raw yuv420p bytes (rare: at most one per camera per alert). Retention keeps at most maxCount
// files and none older than maxAgeMs (the original: 200 items, 7 days), pruned after every save.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ffmpegPath } from './ffmpeg-binary.ts';
import type { SnapshotOptions } from './ingest-options.ts';
import type { VisionHit } from './camera-types.ts';

export interface SnapshotMeta {
  readonly alertId: string;
  readonly cameraId: string;
  readonly locId: string;
  readonly score: number;
  readonly frameAtMs: number;
  readonly width: number;
  readonly height: number;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function snapshotFileStem(alertId: string): string | undefined {
  return SAFE_ID.test(alertId) ? alertId.replaceAll(':', '_') : undefined;
}

export async function encodeJpeg(frame: Uint8Array, width: number, height: number): Promise<Buffer> {
  const child = spawn(ffmpegPath(), ['-nostdin', '-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${width}x${height}`, '-i', 'pipe:0', '-frames:v', '1', '-q:v', '4', '-f', 'mjpeg', 'pipe:1'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  child.stdin.on('error', () => {});
  child.stdin.end(frame);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`ffmpeg JPEG encode failed (${code}): ${err.trim().slice(0, 200)}`);
  return Buffer.concat(out);
}

export class SnapshotStore {
  constructor(readonly options: SnapshotOptions) {}

  get enabled(): boolean {
    return this.options.dir !== undefined;
  }

  /** Saves the hit's frame for an alert; returns the JPEG path, or undefined when disabled/unsafe id. */
  async save(alertId: string, hit: VisionHit & { frame: Uint8Array }): Promise<string | undefined> {
    const dir = this.options.dir;
    const stem = snapshotFileStem(alertId);
    if (!dir || !stem) return undefined;
    await mkdir(dir, { recursive: true });
    const jpeg = await encodeJpeg(hit.frame, hit.width, hit.height);
    const path = join(dir, `${stem}.jpg`);
    const meta: SnapshotMeta = { alertId, cameraId: hit.cameraId, locId: hit.locId, score: hit.score, frameAtMs: hit.atMs, width: hit.width, height: hit.height };
    await writeFile(path, jpeg);
    await writeFile(join(dir, `${stem}.json`), JSON.stringify(meta));
    await this.prune();
    return path;
  }

  async read(alertId: string): Promise<{ jpeg: Buffer; meta: SnapshotMeta } | undefined> {
    const dir = this.options.dir;
    const stem = snapshotFileStem(alertId);
    if (!dir || !stem) return undefined;
    try {
      const [jpeg, meta] = await Promise.all([readFile(join(dir, `${stem}.jpg`)), readFile(join(dir, `${stem}.json`), 'utf8')]);
      return { jpeg, meta: JSON.parse(meta) as SnapshotMeta };
    } catch {
      return undefined;
    }
  }

  async list(): Promise<SnapshotMeta[]> {
    const dir = this.options.dir;
    if (!dir) return [];
    const names = await readdir(dir).catch(() => [] as string[]);
    const metas = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => readFile(join(dir, n), 'utf8').then((t) => JSON.parse(t) as SnapshotMeta).catch(() => undefined)));
    return metas.filter((m): m is SnapshotMeta => m !== undefined).sort((a, b) => b.frameAtMs - a.frameAtMs);
  }

  /** Deletes snapshots beyond maxCount (oldest first) and older than maxAgeMs. */
  async prune(nowMs = Date.now()): Promise<number> {
    const dir = this.options.dir;
    if (!dir) return 0;
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.jpg'));
    const entries = await Promise.all(names.map(async (n) => ({ stem: n.slice(0, -4), mtimeMs: (await stat(join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })));
    entries.sort((a, b) => b.mtimeMs - a.mtimeMs);
    const doomed = entries.filter((e, i) => i >= this.options.maxCount || nowMs - e.mtimeMs > this.options.maxAgeMs);
    await Promise.all(doomed.flatMap((e) => [unlink(join(dir, `${e.stem}.jpg`)).catch(() => {}), unlink(join(dir, `${e.stem}.json`)).catch(() => {})]));
    return doomed.length;
  }
}
