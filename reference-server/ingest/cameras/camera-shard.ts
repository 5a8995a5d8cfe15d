// A set of cameras served by one event loop (a worker thread, or the caller's thread when
// workers = 0). One 1 s timer drives every camera's watchdog and adaptive FPS and emits one
// batched tick, so a shard of 25–50 cameras posts ~1 message/s plus vision hits.
import { CameraSupervisor } from './camera-supervisor.ts';
import type { CameraIngestOptions } from './ingest-options.ts';
import type { ShardCommand, ShardEvent } from './camera-types.ts';
import type { CameraStream } from './stream-config.ts';
import { createVisionDetector, type FrameDetector } from '../../detect/vision/vision-detector.ts';

export type DetectorFactory = (stream: CameraStream, options: CameraIngestOptions) => FrameDetector;

export const defaultDetectorFactory: DetectorFactory = (_stream, options) => createVisionDetector(options, options.vision);

export class CameraShard {
  readonly #cameras = new Map<string, CameraSupervisor>();
  readonly #timer: NodeJS.Timeout;
  #closed = false;

  constructor(
    private readonly options: CameraIngestOptions,
    private readonly emit: (ev: ShardEvent) => void,
    private readonly detectorFactory: DetectorFactory = defaultDetectorFactory,
    tickMs = 1000,
  ) {
    this.#timer = setInterval(() => this.#tick(), tickMs);
  }

  handle(cmd: ShardCommand): Promise<void> | void {
    if (cmd.type === 'add') return this.add(cmd.stream, cmd.startDelayMs);
    if (cmd.type === 'remove') return this.remove(cmd.id);
    return this.close();
  }

  add(stream: CameraStream, startDelayMs: number): void {
    if (this.#closed || this.#cameras.has(stream.id)) return;
    const cam = new CameraSupervisor(stream, this.options, this.detectorFactory(stream, this.options), this.emit);
    this.#cameras.set(stream.id, cam);
    this.emit({ type: 'status', status: cam.status() });
    cam.start(startDelayMs);
  }

  async remove(id: string): Promise<void> {
    const cam = this.#cameras.get(id);
    if (!cam) return;
    this.#cameras.delete(id);
    await cam.stop();
    this.emit({ type: 'removed', cameraId: id });
  }

  #tick(): void {
    const now = Date.now();
    const cameras = [...this.#cameras.values()].map((c) => c.tick(now));
    this.emit({ type: 'tick', atMs: now, cameras });
    for (const c of this.#cameras.values()) this.emit({ type: 'status', status: c.status() });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    await Promise.all([...this.#cameras.values()].map((c) => c.stop()));
    this.#cameras.clear();
  }
}
