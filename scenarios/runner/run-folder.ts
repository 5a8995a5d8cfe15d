// The run folder: runs/<timestamp>-<phase>-<profile>/ with result.json and the raw samples needed to
// recompute it (process samples JSONL, alert events JSONL, histogram bucket deltas, HDR lateness).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function createRunFolder(baseDir: string, phase: string, profile: string, nowMs = Date.now()): { dir: string; runId: string } {
  const stamp = new Date(nowMs).toISOString().replace(/[:.]/g, '-').replace('T', 'T').slice(0, 19);
  let runId = `${stamp}-${phase}-${profile}`;
  let dir = resolve(baseDir, runId);
  for (let n = 2; ; n++) {
    try {
      mkdirSync(dir, { recursive: false });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        mkdirSync(resolve(baseDir), { recursive: true });
        continue;
      }
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      runId = `${stamp}-${phase}-${profile}-${n}`;
      dir = resolve(baseDir, runId);
    }
  }
  mkdirSync(join(dir, 'raw'), { recursive: true });
  return { dir, runId };
}

export function writeJsonl(path: string, rows: readonly unknown[]): void {
  writeFileSync(path, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : ''));
}
