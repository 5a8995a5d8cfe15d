// Worker-thread entry: hosts one CameraShard and bridges it to the main thread. The YUV class
// table arrives as a SharedArrayBuffer so every worker reads the one copy built by the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { CameraShard } from './camera-shard.ts';
import type { CameraIngestOptions } from './ingest-options.ts';
import type { ShardCommand, ShardEvent } from './camera-types.ts';
import { setSharedYuvClassLut } from '../../detect/vision/yuv-hsv-lut.ts';

interface WorkerInit {
  readonly options: CameraIngestOptions;
  readonly lut: Uint8Array;
}

const port = parentPort;
if (!port) throw new Error('camera-worker.ts must run as a worker thread');
const init = workerData as WorkerInit;
setSharedYuvClassLut(init.lut);

const shard = new CameraShard(init.options, (ev: ShardEvent) => {
  // Hit frames are transferred, not copied, to the main thread.
  if (ev.type === 'hit' && ev.hit.frame) port.postMessage(ev, [ev.hit.frame.buffer as ArrayBuffer]);
  else port.postMessage(ev);
});

port.on('message', (cmd: ShardCommand) => {
  void Promise.resolve(shard.handle(cmd)).then(() => {
    if (cmd.type === 'close') {
      port.postMessage({ type: 'closed' });
      port.close();
    }
  });
});
