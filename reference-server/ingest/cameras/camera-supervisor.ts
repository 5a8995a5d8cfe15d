// One camera: runs its ffmpeg decoder, cuts frames, gates them by the adaptive rate, feeds the
// detection pool, and keeps it alive — a watchdog kills a decoder that produced no frame for
// stallTimeoutMs, and every exit is followed by a restart after an exponential, jittered backoff.
// A bad camera (unreachable, wrong codec, garbage) only ever marks itself down with a reason.
import { spawn, type ChildProcess } from 'node:child_process';
import { AdaptiveFps, type FpsChangeReason } from './adaptive-fps.ts';
import { backoffDelayMs } from './backoff.ts';
import { DetectionPool, type PoolResult } from './detection-pool.ts';
import { decodeArgs } from './ffmpeg-args.ts';
import { ffmpegPath } from './ffmpeg-binary.ts';
import { classifyFfmpegError, type DownReason } from './ffmpeg-reason.ts';
import { FrameAssembler } from './frame-assembler.ts';
import type { CameraIngestOptions } from './ingest-options.ts';
import type { CameraState, CameraStatus, CameraTick, ShardEvent } from './camera-types.ts';
import type { CameraStream } from './stream-config.ts';
import type { FrameDetector } from '../../detect/vision/vision-detector.ts';
import { yuv420FrameBytes } from '../../detect/vision/fire-heuristic.ts';

/** Snapshots are copied out of the hot path at most this often per camera. */
const SNAPSHOT_INTERVAL_MS = 5_000;

export class CameraSupervisor {
  readonly #frameBytes: number;
  readonly #fpsCtl: AdaptiveFps;
  readonly #pool: DetectionPool;
  readonly #assembler: FrameAssembler;
  readonly #baseFps: number;
  #child: ChildProcess | undefined;
  #state: CameraState = 'starting';
  #reason: DownReason | undefined;
  #detail: string | undefined;
  #stopping = false;
  #restartTimer: NodeJS.Timeout | undefined;
  #attempt = 0;
  #spawnedAtMs = 0;
  #lastFrameAtMs: number | undefined;
  #stallKill = false;
  #credit = 0;
  #lastStderr: string | undefined;
  #lastSnapshotMs = Number.NEGATIVE_INFINITY;
  // Totals for /api/cameras and deltas for the next tick.
  #decoded = 0;
  #processed = 0;
  #dropped = 0;
  #skipped = 0;
  #restarts = 0;
  #tickProcessed = 0;
  #tickOffered = 0;
  #tickDropped = 0;
  #tickFpsChange: FpsChangeReason | undefined;
  #tickLatencies: number[] = [];

  constructor(
    readonly stream: CameraStream,
    private readonly options: CameraIngestOptions,
    detector: FrameDetector,
    private readonly emit: (ev: ShardEvent) => void,
  ) {
    this.#baseFps = stream.fps ?? options.baseFps;
    this.#frameBytes = yuv420FrameBytes(options);
    this.#fpsCtl = new AdaptiveFps({
      baseFps: this.#baseFps,
      minFps: Math.min(options.minFps, this.#baseFps),
      highWatermark: options.maxPending,
      lowWatermark: 2,
      cooldownMs: 1000,
      capacity: options.maxPending,
      highQueueShare: options.highQueueShare,
      sustainedQueueMs: options.sustainedQueueMs,
    });
    // Concurrency 1: a JS thread runs one detection at a time; async detectors may overlap up to 4
    // like the original ThreadPoolExecutor(max_workers=4).
    this.#pool = new DetectionPool(detector, this.#frameBytes, options.maxPending, 4, (r) => this.#onResult(r));
    this.#assembler = new FrameAssembler(this.#frameBytes, (f) => this.#onFrame(f));
  }

  start(delayMs: number): void {
    this.#scheduleSpawn(delayMs);
  }

  #scheduleSpawn(delayMs: number): void {
    clearTimeout(this.#restartTimer);
    this.#restartTimer = setTimeout(() => this.#spawn(), delayMs);
    this.#restartTimer.unref?.();
  }

  #spawn(): void {
    if (this.#stopping) return;
    this.#assembler.reset();
    this.#lastStderr = undefined;
    this.#stallKill = false;
    this.#spawnedAtMs = Date.now();
    let child: ChildProcess;
    try {
      child = spawn(ffmpegPath(), decodeArgs({ url: this.stream.url, width: this.options.width, height: this.options.height, fps: this.#baseFps }), { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      this.#down('spawn-failed', err instanceof Error ? err.message : String(err));
      this.#scheduleRestart('spawn-failed');
      return;
    }
    this.#child = child;
    child.stdout!.on('data', (chunk: Buffer) => this.#assembler.push(chunk));
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (text: string) => {
      const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
      const last = lines[lines.length - 1];
      if (last) this.#lastStderr = last.slice(0, 300);
    });
    child.on('error', (err) => {
      // spawn failure (ENOENT, EAGAIN); 'exit' may not follow.
      if (this.#child !== child) return;
      this.#child = undefined;
      this.#down('spawn-failed', err.message);
      this.#scheduleRestart('spawn-failed');
    });
    child.on('exit', (code, signal) => {
      if (this.#child !== child) return;
      this.#child = undefined;
      if (this.#stopping) return;
      if (this.#stallKill) {
        this.#scheduleRestart('stalled');
        return;
      }
      const reason = classifyFfmpegError(this.#lastStderr, code);
      this.#down(reason, this.#lastStderr ?? `ffmpeg exited with ${code ?? signal}`);
      this.#scheduleRestart(reason);
    });
  }

  #scheduleRestart(reason: DownReason): void {
    if (this.#stopping) return;
    this.#restarts++;
    this.emit({ type: 'restart', cameraId: this.stream.id, reason });
    const delay = backoffDelayMs({ baseMs: this.options.backoffBaseMs, maxMs: this.options.backoffMaxMs, jitter: this.options.backoffJitter }, this.#attempt);
    this.#attempt++;
    this.#scheduleSpawn(delay);
  }

  #down(reason: DownReason, detail: string): void {
    const changed = this.#state !== 'down' || this.#reason !== reason || this.#detail !== detail;
    this.#state = 'down';
    this.#reason = reason;
    this.#detail = detail;
    if (changed) this.emit({ type: 'status', status: this.status() });
  }

  #onFrame(frame: Uint8Array): void {
    const now = Date.now();
    this.#lastFrameAtMs = now;
    this.#decoded++;
    if (this.#state !== 'up') {
      this.#state = 'up';
      this.#reason = undefined;
      this.#detail = undefined;
      this.#attempt = 0;
      this.emit({ type: 'status', status: this.status() });
    }
    // Token gate: admit fps/base of the decoded frames, evenly spread.
    this.#credit += this.#fpsCtl.fps / this.#baseFps;
    if (this.#credit < 1) {
      this.#skipped++;
      return;
    }
    this.#credit -= 1;
    this.#tickOffered++;
    if (!this.#pool.offer(frame, now)) {
      this.#dropped++;
      this.#tickDropped++;
    }
  }

  #onResult(r: PoolResult): void {
    this.#processed++;
    this.#tickProcessed++;
    this.#tickLatencies.push(r.latencyMs);
    if (!r.result.hit) return;
    const withFrame = r.offeredAtMs - this.#lastSnapshotMs >= SNAPSHOT_INTERVAL_MS;
    if (withFrame) this.#lastSnapshotMs = r.offeredAtMs;
    this.emit({
      type: 'hit',
      hit: {
        cameraId: this.stream.id,
        locId: this.stream.locId,
        score: r.result.score,
        atMs: r.offeredAtMs,
        width: this.options.width,
        height: this.options.height,
        ...(withFrame ? { frame: r.frame.slice() } : {}),
      },
    });
  }

  /** Called once a second by the shard: watchdog + adaptive FPS + counters since the last tick. */
  tick(nowMs: number): CameraTick {
    if (this.#child && !this.#stallKill) {
      const started = this.#lastFrameAtMs !== undefined && this.#lastFrameAtMs >= this.#spawnedAtMs;
      const since = started ? this.#lastFrameAtMs! : this.#spawnedAtMs;
      const limitMs = started ? this.options.stallTimeoutMs : this.options.firstFrameTimeoutMs;
      if (nowMs - since > limitMs) {
        this.#stallKill = true;
        this.#down('stalled', `no frame for ${Math.round((nowMs - since) / 1000)} s ${started ? 'since the last one' : 'since start'} (watchdog ${limitMs} ms)`);
        this.#child.kill('SIGKILL');
      }
    }
    const change = this.#fpsCtl.update(this.#pool.pending, nowMs);
    if (change) this.#tickFpsChange = change;
    const t: CameraTick = {
      id: this.stream.id,
      processed: this.#tickProcessed,
      dropped: this.#tickDropped,
      offered: this.#tickOffered,
      pending: this.#pool.pending,
      fps: this.#fpsCtl.fps,
      ...(this.#tickFpsChange ? { fpsChange: this.#tickFpsChange } : {}),
      latenciesMs: this.#tickLatencies,
    };
    this.#tickProcessed = 0;
    this.#tickOffered = 0;
    this.#tickDropped = 0;
    this.#tickFpsChange = undefined;
    this.#tickLatencies = [];
    return t;
  }

  status(): CameraStatus {
    return {
      id: this.stream.id,
      locId: this.stream.locId,
      url: this.stream.url,
      state: this.#state,
      ...(this.#reason ? { reason: this.#reason } : {}),
      ...(this.#detail ? { detail: this.#detail } : {}),
      fps: this.#fpsCtl.fps,
      baseFps: this.#baseFps,
      framesDecoded: this.#decoded,
      framesProcessed: this.#processed,
      framesDropped: this.#dropped,
      framesSkipped: this.#skipped,
      restarts: this.#restarts,
      pending: this.#pool.pending,
      ...(this.#lastFrameAtMs !== undefined ? { lastFrameAtMs: this.#lastFrameAtMs } : {}),
    };
  }

  /** Stops for good; resolves when the decoder has exited. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#restartTimer);
    this.#pool.close();
    const child = this.#child;
    this.#state = 'stopped';
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 2000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
