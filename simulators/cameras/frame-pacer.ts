// One shared timer paces every camera. Cameras are spread over phase buckets inside the frame
// period (so 500 cameras do not all write in the same millisecond); each bucket is due every
// 1000/fps ms from the start, and lateness (now − due) is recorded per bucket tick in µs. A bucket
// that falls more than one second behind skips ahead and counts the frames it skipped, rather
// than bursting a second of video into every socket.
import { HdrRecorder } from '../core/hdr-recorder.ts';
import { SharedTicker, type TickSubscriber } from '../core/shared-ticker.ts';
import type { LiveCamera } from './live-camera.ts';

const TARGET_BUCKET_SPACING_MS = 4;

export interface PacerCounters {
  bucketTicks: number;
  framesSkippedLate: number;
}

export class FramePacer implements TickSubscriber {
  readonly lateness = new HdrRecorder({ highestTrackableUs: 60_000_000 });
  readonly counters: PacerCounters = { bucketTicks: 0, framesSkippedLate: 0 };
  private readonly periodMs: number;
  private readonly buckets: LiveCamera[][];
  private readonly nextDueMs: number[];
  private readonly ticker = new SharedTicker({ maxSleepMs: 50 });
  private readonly housekeeping: (nowMonoMs: number) => void;
  private nextHousekeepingMs = 0;

  constructor(cameras: readonly LiveCamera[], fps: number, housekeeping: (nowMonoMs: number) => void) {
    this.periodMs = 1000 / fps;
    const count = Math.max(1, Math.min(cameras.length, Math.floor(this.periodMs / TARGET_BUCKET_SPACING_MS)));
    this.buckets = Array.from({ length: count }, () => []);
    cameras.forEach((c, i) => this.buckets[i % count]?.push(c));
    this.nextDueMs = new Array<number>(count).fill(0);
    this.housekeeping = housekeeping;
  }

  start(startMonoMs: number): void {
    this.nextDueMs.forEach((_, b) => (this.nextDueMs[b] = startMonoMs + (b * this.periodMs) / this.buckets.length));
    this.nextHousekeepingMs = startMonoMs;
    this.ticker.subscribe(this);
    this.ticker.start();
  }

  stop(): void {
    this.ticker.stop();
  }

  onTick(nowMs: number): number {
    if (nowMs >= this.nextHousekeepingMs) {
      this.housekeeping(nowMs);
      this.nextHousekeepingMs = nowMs + 100;
    }
    const epochMs = Date.now();
    let earliest = this.nextHousekeepingMs;
    for (let b = 0; b < this.buckets.length; b++) {
      let due = this.nextDueMs[b] as number;
      if (nowMs - due > 1000) {
        const skipped = Math.floor((nowMs - due) / this.periodMs);
        this.counters.framesSkippedLate += skipped * (this.buckets[b]?.length ?? 0);
        due += skipped * this.periodMs;
      }
      while (due <= nowMs) {
        this.lateness.recordUs((nowMs - due) * 1000);
        this.counters.bucketTicks++;
        for (const cam of this.buckets[b] as LiveCamera[]) cam.emitFrame(nowMs, epochMs);
        due += this.periodMs;
      }
      this.nextDueMs[b] = due;
      if (due < earliest) earliest = due;
    }
    return earliest;
  }
}
