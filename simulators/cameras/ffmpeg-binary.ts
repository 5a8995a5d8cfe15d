// Which ffmpeg encodes the clips: one on PATH wins (usually newer), else the static binary shipped
// inside the npm package @ffmpeg-installer/ffmpeg, so no apt step is ever needed.
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { EmberError } from '../../protocol/errors.ts';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}

let cached: string | undefined;

export function resolveFfmpegPath(): string {
  if (cached !== undefined) return cached;
  const fromPath = onPath('ffmpeg');
  if (fromPath) return (cached = fromPath);
  try {
    const pkg = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
    accessSync(pkg.path, constants.X_OK);
    return (cached = pkg.path);
  } catch (err) {
    throw new EmberError('EMBER_ERR_CAMERA_SIM_FFMPEG_MISSING', undefined, [{ path: 'ffmpeg', rule: 'must be on PATH or installed by @ffmpeg-installer/ffmpeg', received: process.env.PATH ?? '' }], { cause: err });
  }
}
