// One camera's detection queue with the original's backpressure: a frame is accepted only while
// fewer than `maxPending` detections are waiting or running; otherwise it is dropped and counted
// (emberye_frames_dropped_total). Accepted frames are copied into buffers recycled through a free
// list (at most maxPending of them ever exist), because the assembler reuses its own buffer.
// Latency is measured from the moment the frame was offered, so it includes queue wait, like the
// original's submit-time measurement.
import type { FrameDetector, VisionResult } from '../../detect/vision/vision-detector.ts';

export interface PoolResult {
  readonly result: VisionResult;
  readonly latencyMs: number;
  /** The analysed frame; valid only during the callback (copy to keep). */
  readonly frame: Uint8Array;
  readonly offeredAtMs: number;
}

interface Job {
  readonly frame: Uint8Array;
  readonly offeredPerfMs: number;
  readonly offeredAtMs: number;
}

export class DetectionPool {
  readonly #free: Uint8Array[] = [];
  readonly #queue: Job[] = [];
  #running = 0;
  #closed = false;
  dropped = 0;
  accepted = 0;
  failed = 0;

  constructor(
    private readonly detector: FrameDetector,
    private readonly frameBytes: number,
    readonly maxPending: number,
    private readonly concurrency: number,
    private readonly onResult: (r: PoolResult) => void,
  ) {}

  /** Waiting + running detections (the original's `_pending_detections`). */
  get pending(): number {
    return this.#queue.length + this.#running;
  }

  /** Returns false (and counts a drop) when the pool is full. */
  offer(frame: Uint8Array, offeredAtMs: number): boolean {
    if (this.#closed) return false;
    if (this.pending >= this.maxPending) {
      this.dropped++;
      return false;
    }
    this.accepted++;
    const buf = this.#free.pop() ?? new Uint8Array(this.frameBytes);
    buf.set(frame);
    this.#queue.push({ frame: buf, offeredPerfMs: performance.now(), offeredAtMs });
    this.#pump();
    return true;
  }

  #pump(): void {
    while (this.#running < this.concurrency && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#running++;
      let out: VisionResult | Promise<VisionResult>;
      try {
        out = this.detector.detect(job.frame);
      } catch {
        this.#finish(job, undefined);
        continue;
      }
      if (out instanceof Promise) out.then((r) => this.#finish(job, r), () => this.#finish(job, undefined));
      else this.#finish(job, out);
    }
  }

  #finish(job: Job, result: VisionResult | undefined): void {
    this.#running--;
    if (result === undefined) this.failed++;
    else if (!this.#closed) this.onResult({ result, latencyMs: performance.now() - job.offeredPerfMs, frame: job.frame, offeredAtMs: job.offeredAtMs });
    this.#free.push(job.frame);
    if (!this.#closed) this.#pump();
  }

  close(): void {
    this.#closed = true;
    this.#queue.length = 0;
  }
}
