// Where a shard runs: in a worker thread (default) or in the calling thread (workers = 0, used for
// injected detectors, which cannot cross a thread boundary). Both look the same to the manager.
import { Worker } from 'node:worker_threads';
import { CameraShard, type DetectorFactory } from './camera-shard.ts';
import type { CameraIngestOptions } from './ingest-options.ts';
import type { ShardCommand, ShardEvent } from './camera-types.ts';

export interface ShardHost {
  readonly cameraIds: Set<string>;
  send(cmd: ShardCommand): void;
  close(): Promise<void>;
}

export function inProcessShard(options: CameraIngestOptions, onEvent: (ev: ShardEvent) => void, detectorFactory?: DetectorFactory): ShardHost {
  const shard = new CameraShard(options, onEvent, detectorFactory);
  return {
    cameraIds: new Set(),
    send: (cmd) => void shard.handle(cmd),
    close: () => shard.close(),
  };
}

/**
 * Under tsx (source run, no build step) a worker does not inherit the TypeScript loader, so it
 * starts from a tiny bootstrap that registers tsx's ESM hooks before importing the entry.
 */
function workerEntry(): { code: string | URL; eval: boolean } {
  const entry = new URL('./camera-worker.ts', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return { code: new URL('./camera-worker.js', import.meta.url), eval: false };
  const api = import.meta.resolve('tsx/esm/api');
  return { code: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`, eval: true };
}

export function workerShard(options: CameraIngestOptions, lut: Uint8Array, onEvent: (ev: ShardEvent) => void, onCrash: (err: Error) => void): ShardHost {
  const { code, eval: isEval } = workerEntry();
  const worker = new Worker(code, { eval: isEval, workerData: { options, lut } });
  let closing = false;
  worker.on('message', (ev: ShardEvent | { type: 'closed' }) => {
    if (ev.type !== 'closed') onEvent(ev);
  });
  worker.on('error', (err) => {
    if (!closing) onCrash(err);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    cameraIds: new Set(),
    send: (cmd) => worker.postMessage(cmd),
    async close() {
      closing = true;
      worker.postMessage({ type: 'close' } satisfies ShardCommand);
      const timeout = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
