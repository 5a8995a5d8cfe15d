// The camera ingest as the server sees it: starts one shard per worker thread (cameras split
// evenly, starts staggered), turns shard events into metrics, fusion evidence and anomaly
// snapshots, keeps the status table behind GET /api/cameras, and applies a new camera list without
// a restart (PUT /api/cameras): only added, removed or changed cameras are touched.
import { availableParallelism } from 'node:os';
import { EmberError } from '../../../protocol/errors.ts';
import { buildYuvClassLut, setSharedYuvClassLut } from '../../detect/vision/yuv-hsv-lut.ts';
import type { DetectorFactory } from './camera-shard.ts';
import type { CameraStatus, CameraTick, ShardEvent, VisionHit } from './camera-types.ts';
import { NULL_METRICS, type CameraMetricsSink, type IngestLogger, type VisionFusionSink } from './ingest-deps.ts';
import { DEFAULT_INGEST, type CameraIngestOptions } from './ingest-options.ts';
import { ScaleOutMonitor } from './scale-out-monitor.ts';
import { inProcessShard, workerShard, type ShardHost } from './shard-host.ts';
import { SnapshotStore } from './snapshot-store.ts';
import { loadStreams, type CameraStream } from './stream-config.ts';

export interface CameraIngestDeps {
  readonly streams: readonly CameraStream[];
  readonly options?: CameraIngestOptions;
  readonly metrics?: CameraMetricsSink;
  readonly fusion?: VisionFusionSink;
  /** Custom detector (e.g. a slow one in tests); forces workers = 0 since functions cannot cross threads. */
  readonly detectorFactory?: DetectorFactory;
  readonly log?: IngestLogger;
}

export interface ReloadSummary {
  readonly added: string[];
  readonly removed: string[];
  readonly restarted: string[];
  readonly unchanged: string[];
}

export interface CameraIngestTotals {
  readonly offered: number;
  readonly processed: number;
  readonly dropped: number;
  readonly hits: number;
  readonly scaleOut: boolean;
  readonly dropShareWindow: number;
}

/** How long a hit frame stays available to attach to an alert opened after it. */
const HIT_FRAME_TTL_MS = 30_000;
const CAMS_PER_WORKER = 25;

let sharedLut: Uint8Array | undefined;
function sharedClassLut(): Uint8Array {
  sharedLut ??= buildYuvClassLut(true);
  return sharedLut;
}

export class CameraIngest {
  readonly options: CameraIngestOptions;
  readonly snapshots: SnapshotStore;
  readonly #metrics: CameraMetricsSink;
  readonly #fusion: VisionFusionSink | undefined;
  readonly #log: IngestLogger | undefined;
  readonly #detectorFactory: DetectorFactory | undefined;
  readonly #shards: ShardHost[] = [];
  readonly #placement = new Map<string, ShardHost>();
  readonly #streams = new Map<string, CameraStream>();
  readonly #status = new Map<string, CameraStatus>();
  readonly #lastHitFrame = new Map<string, VisionHit & { frame: Uint8Array }>();
  readonly #snapshotted = new Set<string>();
  readonly #hitListeners = new Set<(hit: VisionHit) => void>();
  readonly #scaleOut: ScaleOutMonitor;
  readonly #bucketTimer: NodeJS.Timeout;
  #bucketOffered = 0;
  #bucketDropped = 0;
  #totals = { offered: 0, processed: 0, dropped: 0, hits: 0 };
  #maxWorkers: number;
  #closed = false;

  constructor(deps: CameraIngestDeps) {
    this.options = deps.options ?? DEFAULT_INGEST;
    this.#metrics = deps.metrics ?? NULL_METRICS;
    this.#fusion = deps.fusion;
    this.#log = deps.log;
    this.#detectorFactory = deps.detectorFactory;
    this.snapshots = new SnapshotStore(this.options.snapshots);
    const w = this.options.workers;
    this.#maxWorkers = deps.detectorFactory ? 0 : w === 'auto' ? availableParallelism() : w;
    this.#scaleOut = new ScaleOutMonitor(this.options.scaleOutWindowMs, this.options.scaleOutDropShare);
    this.#bucketTimer = setInterval(() => this.#closeBucket(), 1000);
    this.#bucketTimer.unref?.();
    this.#metrics.scaleOutSignal(false);
    this.#apply(deps.streams);
  }

  /** Status of every configured camera, in configuration order. */
  list(): CameraStatus[] {
    return [...this.#streams.values()].map((s) => this.#status.get(s.id) ?? startingStatus(s, this.options));
  }

  totals(): CameraIngestTotals {
    return { ...this.#totals, scaleOut: this.#scaleOut.on, dropShareWindow: this.#scaleOut.dropShareNow() };
  }

  onHit(listener: (hit: VisionHit) => void): () => void {
    this.#hitListeners.add(listener);
    return () => this.#hitListeners.delete(listener);
  }

  /** Validates the whole new list first (throws EmberError listing every problem), then applies the difference. */
  async reload(rawStreams: unknown): Promise<ReloadSummary> {
    if (this.#closed) throw new EmberError('EMBER_ERR_CAMERA_INGEST_CLOSED');
    const next = loadStreams(rawStreams);
    return this.#apply(next);
  }

  #apply(next: readonly CameraStream[]): ReloadSummary {
    const summary: ReloadSummary = { added: [], removed: [], restarted: [], unchanged: [] };
    const nextIds = new Set(next.map((s) => s.id));
    for (const id of [...this.#streams.keys()]) {
      if (!nextIds.has(id)) {
        this.#removeCamera(id);
        summary.removed.push(id);
      }
    }
    const toStart: CameraStream[] = [];
    for (const s of next) {
      const old = this.#streams.get(s.id);
      if (!old) summary.added.push(s.id);
      else if (old.url !== s.url || old.locId !== s.locId || old.fps !== s.fps) {
        this.#removeCamera(s.id);
        summary.restarted.push(s.id);
      } else {
        summary.unchanged.push(s.id);
        continue;
      }
      toStart.push(s);
    }
    // Rebuild the map in the new order (the order /api/cameras reports).
    const kept = new Map(this.#streams);
    this.#streams.clear();
    for (const s of next) this.#streams.set(s.id, kept.get(s.id) ?? s);
    this.#ensureShards(next.length);
    toStart.forEach((s, i) => this.#startCamera(s, i * this.options.startStaggerMs));
    return summary;
  }

  #ensureShards(cameraCount: number): void {
    if (cameraCount === 0) return; // no cameras configured: no worker, no lookup table
    const wanted = this.#maxWorkers === 0 ? 1 : Math.min(this.#maxWorkers, Math.max(1, Math.ceil(cameraCount / CAMS_PER_WORKER)));
    while (this.#shards.length < wanted) {
      if (this.#maxWorkers === 0) {
        setSharedYuvClassLut(sharedClassLut());
        const host: ShardHost = inProcessShard(this.options, (ev) => this.#onEvent(host, ev), this.#detectorFactory);
        this.#shards.push(host);
      } else {
        this.#shards.push(this.#newWorkerShard());
      }
    }
  }

  #newWorkerShard(): ShardHost {
    const host: ShardHost = workerShard(this.options, sharedClassLut(), (ev) => this.#onEvent(host, ev), (err) => this.#onWorkerCrash(host, err));
    return host;
  }

  /** A crashed worker takes only its own cameras down: they restart on a fresh worker. */
  #onWorkerCrash(host: ShardHost, err: Error): void {
    const i = this.#shards.indexOf(host);
    if (this.#closed || i < 0) return;
    this.#log?.warn(`camera worker crashed (${err.message}); restarting its ${host.cameraIds.size} camera(s) on a new worker`);
    const replacement = this.#newWorkerShard();
    this.#shards[i] = replacement;
    void host.close().catch(() => undefined);
    for (const id of host.cameraIds) {
      const stream = this.#streams.get(id);
      if (!stream) continue;
      this.#metrics.cameraRestart(id, 'exited');
      replacement.cameraIds.add(id);
      this.#placement.set(id, replacement);
      replacement.send({ type: 'add', stream, startDelayMs: 0 });
    }
  }

  #startCamera(stream: CameraStream, startDelayMs: number): void {
    let host = this.#shards[0]!;
    for (const s of this.#shards) if (s.cameraIds.size < host.cameraIds.size) host = s;
    host.cameraIds.add(stream.id);
    this.#placement.set(stream.id, host);
    this.#streams.set(stream.id, stream);
    host.send({ type: 'add', stream, startDelayMs });
  }

  #removeCamera(id: string): void {
    const host = this.#placement.get(id);
    this.#placement.delete(id);
    this.#streams.delete(id);
    this.#status.delete(id);
    this.#lastHitFrame.delete(id);
    if (!host) return;
    host.cameraIds.delete(id);
    host.send({ type: 'remove', id });
    this.#metrics.cameraUp(id, false);
  }

  #onEvent(from: ShardHost, ev: ShardEvent): void {
    // Late events of a removed (or moved) camera come from a host it no longer lives on: ignore them.
    const id = ev.type === 'status' ? ev.status.id : ev.type === 'hit' ? ev.hit.cameraId : ev.type === 'tick' ? undefined : ev.cameraId;
    if (id !== undefined && this.#placement.get(id) !== from) return;
    switch (ev.type) {
      case 'status': {
        const prev = this.#status.get(ev.status.id);
        this.#status.set(ev.status.id, ev.status);
        if (prev?.state !== ev.status.state) {
          this.#metrics.cameraUp(ev.status.id, ev.status.state === 'up');
          if (ev.status.state === 'down') this.#log?.warn(`camera ${ev.status.id} down: ${ev.status.reason ?? ''} ${ev.status.detail ?? ''}`);
          if (ev.status.state === 'up' && prev) this.#log?.info(`camera ${ev.status.id} up`);
        }
        return;
      }
      case 'tick':
        for (const t of ev.cameras) if (this.#placement.get(t.id) === from) this.#onTick(t);
        return;
      case 'restart':
        this.#metrics.cameraRestart(ev.cameraId, ev.reason);
        return;
      case 'hit':
        this.#onHit(ev.hit);
        return;
      case 'removed':
        return;
    }
  }

  #onTick(t: CameraTick): void {
    if (!this.#placement.has(t.id)) return;
    for (let i = 0; i < t.processed; i++) this.#metrics.cameraFrameProcessed(t.id);
    for (let i = 0; i < t.dropped; i++) this.#metrics.cameraFrameDropped(t.id);
    for (const ms of t.latenciesMs) this.#metrics.visionLatency(t.id, ms / 1000);
    this.#metrics.cameraFps(t.id, t.fps);
    this.#metrics.cameraQueueDepth(t.id, t.pending);
    if (t.fpsChange) this.#log?.info(`camera ${t.id} fps → ${t.fps} (${t.fpsChange})`);
    this.#totals.offered += t.offered;
    this.#totals.processed += t.processed;
    this.#totals.dropped += t.dropped;
    this.#bucketOffered += t.offered;
    this.#bucketDropped += t.dropped;
  }

  #closeBucket(): void {
    const changed = this.#scaleOut.record(this.#bucketOffered, this.#bucketDropped);
    this.#bucketOffered = 0;
    this.#bucketDropped = 0;
    if (changed === undefined) return;
    this.#metrics.scaleOutSignal(changed);
    const share = (100 * this.#scaleOut.dropShareNow()).toFixed(1);
    if (changed) this.#log?.warn(`scale out ingestion: ${share} % of frames dropped over the last ${this.options.scaleOutWindowMs / 1000} s (limit ${100 * this.options.scaleOutDropShare} %)`);
    else this.#log?.info(`scale-out signal cleared: ${share} % dropped`);
  }

  #onHit(hit: VisionHit): void {
    if (!this.#placement.has(hit.cameraId)) return;
    this.#totals.hits++;
    if (hit.frame) this.#lastHitFrame.set(hit.cameraId, hit as VisionHit & { frame: Uint8Array });
    for (const l of this.#hitListeners) l(hit);
    const result = this.#fusion?.ingestVision({ locId: hit.locId, cameraId: hit.cameraId, score: hit.score, atMs: hit.atMs });
    for (const alertId of openedAlertIds(result)) void this.snapshotForAlert({ id: alertId, locId: hit.locId, cameraId: hit.cameraId });
  }

  /**
   * Attaches the most recent hit frame of the alert's camera (or of any camera at its location) to
   * the alert, once per alert id. Call it when an alert opens if fusion does not return alerts.
   */
  async snapshotForAlert(alert: { readonly id: string; readonly locId: string; readonly cameraId?: string }, nowMs = Date.now()): Promise<string | undefined> {
    if (!this.snapshots.enabled || this.#snapshotted.has(alert.id)) return undefined;
    let hit = alert.cameraId ? this.#lastHitFrame.get(alert.cameraId) : undefined;
    if (!hit) for (const h of this.#lastHitFrame.values()) if (h.locId === alert.locId && (!hit || h.atMs > hit.atMs)) hit = h;
    if (!hit || nowMs - hit.atMs > HIT_FRAME_TTL_MS) return undefined;
    this.#snapshotted.add(alert.id);
    if (this.#snapshotted.size > 10_000) this.#snapshotted.delete(this.#snapshotted.values().next().value as string);
    try {
      return await this.snapshots.save(alert.id, hit);
    } catch (err) {
      this.#log?.warn(`snapshot for alert ${alert.id} failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#bucketTimer);
    await Promise.all(this.#shards.map((s) => s.close()));
    this.#shards.length = 0;
  }
}

/** Placeholder until the camera's shard reports its first status. */
function startingStatus(s: CameraStream, o: CameraIngestOptions): CameraStatus {
  const fps = s.fps ?? o.baseFps;
  return { id: s.id, locId: s.locId, url: s.url, state: 'starting', fps, baseFps: fps, framesDecoded: 0, framesProcessed: 0, framesDropped: 0, framesSkipped: 0, restarts: 0, pending: 0 };
}

/**
 * Alert ids opened by a fusion call: the server's FusionEngine returns `{changes: [{type, alert}]}`;
 * a plain alert, `{alert}` or an id string are accepted too, so other fusion sinks can plug in.
 */
function openedAlertIds(result: unknown): string[] {
  if (typeof result === 'string') return [result];
  if (typeof result !== 'object' || result === null) return [];
  const r = result as { id?: unknown; alert?: { id?: unknown }; changes?: unknown };
  if (Array.isArray(r.changes)) {
    return r.changes
      .filter((c: { type?: unknown; alert?: { id?: unknown } }) => c.type === 'alert-opened' && typeof c.alert?.id === 'string')
      .map((c: { alert: { id: string } }) => c.alert.id);
  }
  if (typeof r.id === 'string') return [r.id];
  if (typeof r.alert?.id === 'string') return [r.alert.id];
  return [];
}

export function startCameraIngest(deps: CameraIngestDeps): CameraIngest {
  return new CameraIngest(deps);
}
