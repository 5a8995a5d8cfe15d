// Which ffmpeg to run: the one on PATH (distribution builds are newer) else the static binary
// shipped inside the npm package @ffmpeg-installer/ffmpeg, so a plain `npm ci` is enough.
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { EmberError } from '../../../protocol/errors.ts';

let resolved: string | undefined;

function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
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

export function ffmpegPath(): string {
  if (resolved) return resolved;
  const fromPath = onPath('ffmpeg');
  if (fromPath) return (resolved = fromPath);
  try {
    const require = createRequire(import.meta.url);
    const installer = require('@ffmpeg-installer/ffmpeg') as { path: string };
    accessSync(installer.path, constants.X_OK);
    return (resolved = installer.path);
  } catch (cause) {
    throw new EmberError('EMBER_ERR_CAMERA_INGEST_FFMPEG_MISSING', 'not on PATH and @ffmpeg-installer/ffmpeg is not installed', [], { cause });
  }
}
