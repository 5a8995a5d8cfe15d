// The per-second probe loop: scrape /metrics, sample the target's processes, read the simulators'
// counters, and turn them into the run's metric readings and per-second series. Its own CPU time is
// measured (process.cpuUsage) and reported as probe overhead.
import { cpus } from 'node:os';
import type { InjectedIncident } from '../../protocol/alert.ts';
import { EMBERLOAD_FAMILIES, ORIGINAL_FAMILIES } from '../../protocol/metric-names.ts';
import type { ProcessSample, RunMetricName } from '../../protocol/run-result.ts';
import { RUN_METRICS as M } from '../../protocol/run-result.ts';
import { MetricRegistry } from '../metrics/registry.ts';
import { FixedPercentileTrend, HdrTrend, SampleTrend } from '../metrics/trend.ts';
import type { AlertStreamListener } from '../probes/alert-listener.ts';
import { matchIncidents, type MatchResult } from '../probes/incident-matcher.ts';
import { scrapeMetrics } from '../probes/metrics-scraper.ts';
import { PromAccumulator } from '../probes/prom-accumulator.ts';
import { parsePromText, sumSamples, type PromSample, type PromScrape } from '../probes/prom-text.ts';
import { ProcessSampler, type RootProcess } from '../probes/process-sampler.ts';
import type { SensorLoad } from '../load/sensor-load.ts';
import type { ViewerLoadRun } from '../load/viewer-load.ts';
import { SeriesBook } from './series-book.ts';

const E = EMBERLOAD_FAMILIES;
const O = ORIGINAL_FAMILIES;
const MS_PER_S = 1000;
const FPS_SOURCE = 'server frame counters over 10 s windows after every camera delivered its first frame, at 0.1 fps resolution';

export interface CollectorDeps {
  /** One or more /metrics URLs (a cluster exposes one per role process); scrapes are merged. */
  readonly metricsUrls: () => readonly string[];
  readonly startedAtMs: number;
  readonly roots: () => readonly RootProcess[];
  readonly sensors: SensorLoad | undefined;
  readonly listener: AlertStreamListener | undefined;
  readonly viewers: ViewerLoadRun | undefined;
  readonly cameraIds: readonly string[];
  readonly crashes: () => number | undefined;
  readonly extraInjected: () => readonly InjectedIncident[];
  /** Frames the camera simulator wrote (client-side evidence next to the server's counters). */
  readonly cameraFramesSent?: () => number | undefined;
}

export class Collector {
  readonly registry = new MetricRegistry();
  readonly acc = new PromAccumulator();
  readonly series = new SeriesBook();
  readonly processSamples: ProcessSample[] = [];
  readonly sampler: ProcessSampler;
  probeCpuMicros = 0;
  scrapeFailures = 0;
  lastScrapeError = '';
  private readonly cpuCores = new SampleTrend();
  private readonly hostShare = new SampleTrend();
  private readonly rss = new SampleTrend();
  private readonly aggregateFps = new SampleTrend();
  private readonly fpsByCamera = new Map<string, SampleTrend>();
  private readonly rssSeries: Array<[number, number]> = [];
  private readonly ppsSeries: Array<[number, number]> = [];
  private prevProcessed = 0;
  private camerasWarm = false;
  private fpsWindowStart: { atMs: number; frames: Map<string, number> } | undefined;
  private lastTickMs: number | undefined;
  private prevFramesByCamera = new Map<string, number>();
  private prevSent = 0;
  private ticks = 0;
  readonly recovery = new Map<string, SampleTrend>();
  match: MatchResult | undefined;
  /** Counter resets while a deliberate kill is recovering are restarts we caused, not crashes. */
  expectRestartsUntilMs = 0;
  unexpectedResets = 0;
  private readonly coresByNode = new Map<string, SampleTrend>();
  private readonly hostCores = cpus().length;

  constructor(private readonly d: CollectorDeps) {
    this.sampler = new ProcessSampler(d.startedAtMs);
  }

  processedTotal(): number {
    // Ours when present; the original server only has per-location receive counters.
    return this.acc.increase(`${E.packetsProcessedTotal.name}`) ?? this.acc.increase(O.tcpPacketsReceivedTotal.name) ?? 0;
  }

  /** `atMs` is for tests (synthetic time); otherwise the time the scrape answered is used. */
  async tick(atMs?: number): Promise<void> {
    const urls = this.d.metricsUrls();
    const fetched = await Promise.all(urls.map((u) => scrapeMetrics(u)));
    const nowMs = atMs ?? Date.now();
    const tS = Math.round((nowMs - this.d.startedAtMs) / 100) / 10;
    // Everything below is synchronous, so this CPU delta is the probe's own work only (the fleet and
    // autocannon share this process and run only while we await).
    const cpu0 = process.cpuUsage();
    const scraped = mergeScrapes(fetched);
    const resetsBefore = this.acc.resetsSeen;
    if (scraped.ok) this.acc.add(scraped.scrape);
    if (this.acc.resetsSeen > resetsBefore && nowMs > this.expectRestartsUntilMs) this.unexpectedResets++;
    if (!scraped.ok) {
      this.scrapeFailures++;
      this.lastScrapeError = scraped.reason;
    }
    const samples = this.sampler.sample(this.d.roots(), nowMs);
    this.processSamples.push(...samples);
    const first = this.ticks === 0;
    this.ticks++;
    // Rates divide by the time actually between two scrapes: a slow scrape must not read as a spike.
    const dtS = this.lastTickMs === undefined ? 1 : Math.max(0.001, (nowMs - this.lastTickMs) / 1000);
    this.lastTickMs = nowMs;

    // Process figures (server tree; on a cluster one root per node).
    if (samples.length > 0 && !first) {
      const cores = samples.reduce((a, s) => a + s.cpuCoreSecondsPerSecond, 0);
      const rssBytes = samples.reduce((a, s) => a + s.rssBytes, 0);
      this.cpuCores.add(cores);
      this.hostShare.add(cores / this.hostCores);
      this.rss.add(rssBytes);
      this.rssSeries.push([tS, rssBytes]);
      this.series.point(M.cpuCores, 'cores', tS, cores);
      this.series.point(M.cpuHostShare, 'ratio', tS, cores / this.hostCores);
      this.series.point(M.rssBytes, 'bytes', tS, rssBytes);
      this.series.point('open_fds', 'fds', tS, samples.reduce((a, s) => a + s.openFds, 0));
      const byNode = new Map<string, number>();
      for (const s of samples) if (/^node-?\d+$/.test(s.role)) byNode.set(nodeTag(s.role), (byNode.get(nodeTag(s.role)) ?? 0) + s.cpuCoreSecondsPerSecond);
      for (const [node, c] of byNode) {
        let t = this.coresByNode.get(node);
        if (!t) this.coresByNode.set(node, (t = new SampleTrend()));
        t.add(c);
        this.set(M.cpuCores, { node }, { kind: 'trend', trend: t });
        this.series.point(M.cpuCores, 'cores', tS, c, { node });
      }
    }

    // Sensor path.
    const processed = this.processedTotal();
    if (!first) {
      const pps = (processed - this.prevProcessed) / dtS;
      this.ppsSeries.push([tS, pps]);
      this.series.point(M.sensorPps, 'packets/s', tS, pps);
    }
    this.prevProcessed = processed;
    const fig = this.d.sensors?.figures();
    const sent = fig?.sent ?? 0;
    if (fig) {
      this.series.point(M.sensorPacketsSent, 'packets', tS, sent);
      if (fig.connected !== undefined) this.series.point('sensors_connected', 'devices', tS, fig.connected);
      this.set(M.sensorPacketsSent, {}, { kind: 'counter', count: sent });
      // During the run, compare with what was sent one tick ago: packets in flight are not lost.
      const base = Math.min(sent, this.prevSent);
      this.set(M.sensorPacketLoss, {}, { kind: 'rate', passes: Math.max(0, base - processed), total: base });
      if (fig.lateness) {
        const l = fig.lateness;
        this.set(M.sensorSendLatenessMs, {}, { kind: 'trend', trend: new FixedPercentileTrend(l.count, { 50: l.p50, 90: l.p90, 95: l.p95, 99: l.p99 }, null, l.max, l.mean ?? null) });
      }
    }
    this.prevSent = sent;
    this.set(M.sensorPacketsProcessed, {}, { kind: 'counter', count: processed });
    this.setHistogram(M.sensorProcessingMs, E.sensorProcessingSeconds.name, ['frame', 'sensor']);
    this.setHistogram(M.sensorSendToFusedMs, E.sensorSendToFusedSeconds.name, ['frame', 'sensor']);
    const p95 = this.registry.get(M.sensorProcessingMs);
    if (p95?.kind === 'trend') {
      const v = p95.trend.quantile(95);
      if (v !== null) this.series.point('sensor_processing_p95_ms', 'ms', tS, v);
    }

    // Camera path (server counters by stream_id).
    const vision = this.acc.histogram(E.visionDetectionSeconds.name, {}, MS_PER_S);
    if (vision && vision.count > 0) this.set(M.visionDetectionMs, {}, { kind: 'trend', trend: vision });
    let aggregate = 0;
    let anyCamera = false;
    // Warm-up: cameras start staggered (and ffmpeg probes first); fps samples count only once every
    // camera had delivered a frame by the previous tick. The series still shows the ramp.
    this.camerasWarm ||= this.d.cameraIds.length > 0 && this.d.cameraIds.every((c) => (this.prevFramesByCamera.get(c) ?? 0) > 0);
    for (const cam of this.d.cameraIds) {
      const p = this.acc.increase(O.framesProcessedTotal.name, { stream_id: cam });
      const dr = this.acc.increase(O.framesDroppedTotal.name, { stream_id: cam });
      if (p === undefined && dr === undefined) continue;
      anyCamera = true;
      const pc = p ?? 0;
      const dc = dr ?? 0;
      this.set(M.framesProcessed, { camera: cam }, { kind: 'counter', count: pc });
      this.set(M.framesDropped, { camera: cam }, { kind: 'counter', count: dc });
      this.set(M.droppedFrameRatio, { camera: cam }, { kind: 'rate', passes: dc, total: pc + dc });
      if (!first) {
        const fps = (pc - (this.prevFramesByCamera.get(cam) ?? 0)) / dtS;
        aggregate += fps;
        this.series.point(M.processedFps, 'fps', tS, fps, { camera: cam });
      }
      this.prevFramesByCamera.set(cam, pc);
    }
    const camSent = this.d.cameraFramesSent?.();
    if (camSent !== undefined) this.series.point('camera_frames_sent', 'frames', tS, camSent);
    if (anyCamera && this.camerasWarm) this.fpsWindow(nowMs);
    if (anyCamera && !first) {
      this.series.point(M.aggregateFps, 'fps', tS, aggregate);
      const totalP = this.d.cameraIds.reduce((a, c) => a + (this.acc.increase(O.framesProcessedTotal.name, { stream_id: c }) ?? 0), 0);
      const totalD = this.d.cameraIds.reduce((a, c) => a + (this.acc.increase(O.framesDroppedTotal.name, { stream_id: c }) ?? 0), 0);
      this.set(M.droppedFrameRatio, {}, { kind: 'rate', passes: totalD, total: totalP + totalD });
      this.set(M.framesProcessed, {}, { kind: 'counter', count: totalP });
    }
    if (scraped.ok) {
      const depth = sumSamples(scraped.scrape, E.ingestQueueDepth.name);
      if (depth !== undefined) this.series.point('ingest_queue_depth', 'packets', tS, depth);
    }

    // Process readings.
    if (this.cpuCores.count > 0) {
      this.set(M.cpuCores, {}, { kind: 'trend', trend: this.cpuCores });
      this.set(M.cpuHostShare, {}, { kind: 'trend', trend: this.hostShare });
      this.set(M.rssBytes, {}, { kind: 'trend', trend: this.rss });
      this.set(M.cpuCoreSeconds, {}, { kind: 'counter', count: this.sampler.totalCoreSeconds });
    }
    const crashes = this.d.crashes();
    this.set(M.crashes, {}, { kind: 'counter', count: crashes ?? this.unexpectedResets });

    // Alerts: match every 2 s (cheap: incidents and alerts are few).
    if (this.d.listener && this.ticks % 2 === 0) this.updateAlerts();
    this.updateViewers();
    for (const [fault, t] of this.recovery) this.set(M.recoveryMs, { fault }, { kind: 'trend', trend: t });

    const cpu = process.cpuUsage(cpu0);
    this.probeCpuMicros += cpu.user + cpu.system;
    this.set(M.probeOverheadCores, {}, { kind: 'gauge', value: this.probeOverheadCores(nowMs) });
  }

  /**
   * Processed fps in 10 s windows after warm-up: frames in the window / its measured length, rounded
   * to the window's resolution (one frame per 10 s = 0.1 fps) so a camera that delivered every frame
   * reads exactly its offered rate. Aggregate = sum of the cameras' window rates.
   */
  private fpsWindow(nowMs: number): void {
    if (this.fpsWindowStart === undefined) {
      this.fpsWindowStart = { atMs: nowMs, frames: new Map(this.prevFramesByCamera) };
      return;
    }
    const windowS = (nowMs - this.fpsWindowStart.atMs) / 1000;
    if (windowS < 9.95) return;
    let aggregate = 0;
    for (const cam of this.d.cameraIds) {
      const frames = (this.prevFramesByCamera.get(cam) ?? 0) - (this.fpsWindowStart.frames.get(cam) ?? 0);
      const fps = Math.round((frames / windowS) * 10) / 10;
      aggregate += fps;
      let t = this.fpsByCamera.get(cam);
      if (!t) this.fpsByCamera.set(cam, (t = new SampleTrend()));
      t.add(fps);
      this.set(M.processedFps, { camera: cam }, { kind: 'trend', trend: t }, FPS_SOURCE);
    }
    this.aggregateFps.add(Math.round(aggregate * 10) / 10);
    this.set(M.aggregateFps, {}, { kind: 'trend', trend: this.aggregateFps }, `all cameras: sum of the per-camera window rates; ${FPS_SOURCE}`);
    this.fpsWindowStart = { atMs: nowMs, frames: new Map(this.prevFramesByCamera) };
  }

  probeOverheadCores(nowMs = Date.now()): number {
    const s = (nowMs - this.d.startedAtMs) / 1000;
    return s > 0 ? this.probeCpuMicros / 1e6 / s : 0;
  }

  updateAlerts(): void {
    if (!this.d.listener) return;
    const injected = [...(this.d.sensors?.injected() ?? []), ...this.d.extraInjected()];
    const m = matchIncidents(injected, this.d.listener.events);
    this.match = m;
    const e2e = new SampleTrend();
    for (const v of m.e2eMs) e2e.add(v);
    const commit = new SampleTrend();
    for (const v of m.commitMs) commit.add(v);
    if (injected.length > 0) {
      this.set(M.alertE2eMs, {}, { kind: 'trend', trend: e2e });
      this.set(M.incidentToAlertMs, {}, { kind: 'trend', trend: commit });
      if (m.accuracy.recall !== null) this.set(M.alertRecall, {}, { kind: 'gauge', value: m.accuracy.recall });
    }
    this.set(M.alertDuplicates, {}, { kind: 'counter', count: m.accuracy.duplicates });
  }

  private updateViewers(): void {
    if (!this.d.viewers) return;
    for (const [endpoint, f] of this.d.viewers.figures) {
      if (f.latencyMs.count > 0) this.set(M.apiLatencyMs, { endpoint }, { kind: 'trend', trend: f.latencyMs });
      this.set(M.apiErrorRate, { endpoint }, { kind: 'rate', passes: f.errors, total: f.requests });
    }
    const all = new HdrTrend();
    let errors = 0;
    let total = 0;
    for (const f of this.d.viewers.figures.values()) {
      all.merge(f.latencyMs);
      errors += f.errors;
      total += f.requests;
    }
    if (all.count > 0) this.set(M.apiLatencyMs, {}, { kind: 'trend', trend: all });
    if (total > 0) this.set(M.apiErrorRate, {}, { kind: 'rate', passes: errors, total });
  }

  /** After the load stops: final loss against everything sent, and the derived whole-run metrics. */
  finalize(o: { soakWindow: readonly [number, number] | undefined; memoryWindowS: number; checkpoints: ReadonlyArray<Map<string, number>> }): void {
    const fig = this.d.sensors?.figures();
    const processed = this.processedTotal();
    if (fig) {
      this.set(M.sensorPacketsSent, {}, { kind: 'counter', count: fig.sent });
      this.set(M.sensorPacketLoss, {}, { kind: 'rate', passes: Math.max(0, fig.sent - processed), total: fig.sent });
    }
    this.set(M.sensorPacketsProcessed, {}, { kind: 'counter', count: processed });
    // sensor_pps as 10 s windows (the phase-4 "no 10 s window below"); the first window is warm-up
    // (devices connecting) and left out.
    const windows = new SampleTrend();
    for (let i = 10; i + 10 <= this.ppsSeries.length; i += 10) {
      windows.add(this.ppsSeries.slice(i, i + 10).reduce((a, [, v]) => a + v, 0) / 10);
    }
    if (windows.count > 0) this.set(M.sensorPps, {}, { kind: 'trend', trend: windows }, 'processed packets/s per 10 s window (first window = warm-up, left out)');
    else if (this.ppsSeries.length > 2) {
      // Runs shorter than two windows: one sample, the mean after a 2 s warm-up.
      const rest = this.ppsSeries.slice(2);
      windows.add(rest.reduce((a, [, v]) => a + v, 0) / rest.length);
      this.set(M.sensorPps, {}, { kind: 'trend', trend: windows }, `processed packets/s, mean of ${rest.length} s after a 2 s warm-up (run too short for 10 s windows)`);
    }
    // Memory growth: mean RSS of the last window vs the first.
    if (this.rssSeries.length >= 4) {
      const w = Math.max(1, Math.min(o.memoryWindowS, Math.floor(this.rssSeries.length / 4)));
      const mean = (xs: Array<[number, number]>) => xs.reduce((a, [, v]) => a + v, 0) / xs.length;
      const firstMean = mean(this.rssSeries.slice(0, w));
      const lastMean = mean(this.rssSeries.slice(-w));
      if (firstMean > 0) this.set(M.memoryGrowthRatio, {}, { kind: 'gauge', value: lastMean / firstMean - 1 }, `mean RSS of the last ${w} s / first ${w} s − 1`);
    }
    // Sensor P95 drift between the first and last quarter of the soak.
    const [c0, c1, c3, c4] = o.checkpoints;
    if (c0 && c1 && c3 && c4) {
      const q1 = this.acc.histogramBetween(E.sensorProcessingSeconds.name, c0, c1, MS_PER_S)?.quantile(95) ?? null;
      const q4 = this.acc.histogramBetween(E.sensorProcessingSeconds.name, c3, c4, MS_PER_S)?.quantile(95) ?? null;
      if (q1 !== null && q4 !== null && q1 > 0) {
        // Signed: a slower last quarter is drift; a faster one (JIT warm-up at the start) is not.
        this.set(M.sensorP95DriftRatio, {}, { kind: 'gauge', value: (q4 - q1) / q1 }, `(P95 last quarter − P95 first quarter) / first: ${q1.toFixed(3)} ms → ${q4.toFixed(3)} ms, server histogram bucket deltas`);
      }
    }
    // Per-node CPU balance (cluster): (max − min) / max of the nodes' mean CPU.
    const means = [...this.coresByNode.values()].map((t) => t.avg ?? 0);
    if (means.length >= 2 && Math.max(...means) > 0) {
      const max = Math.max(...means);
      this.set(M.nodeCpuImbalanceRatio, {}, { kind: 'gauge', value: (max - Math.min(...means)) / max }, `per-node mean CPU: ${[...this.coresByNode.entries()].map(([n, t]) => `${n} ${(t.avg ?? 0).toFixed(3)} cores`).join(', ')}`);
    }
    this.updateAlerts();
    this.updateViewers();
  }

  private setHistogram(metric: RunMetricName, family: string, kinds: readonly string[]): void {
    const all = this.acc.histogram(family, {}, MS_PER_S);
    if (all && all.count > 0) this.set(metric, {}, { kind: 'trend', trend: all });
    for (const kind of kinds) {
      const h = this.acc.histogram(family, { kind }, MS_PER_S);
      if (h && h.count > 0) this.set(metric, { kind }, { kind: 'trend', trend: h });
    }
  }

  private set(...args: Parameters<MetricRegistry['set']>): void {
    this.registry.set(...args);
  }
}

/** `node-2` (cluster's node ids) → `node2` (the tag values thresholds use). */
export function nodeTag(nodeId: string): string {
  return nodeId.replace('-', '');
}

/** Several role processes' expositions as one scrape; a source label keeps identical series apart. */
export function mergeScrapes(fetched: ReadonlyArray<{ ok: true; text: string } | { ok: false; reason: string }>): { ok: true; scrape: PromScrape } | { ok: false; reason: string } {
  if (!fetched.some((f) => f.ok)) return { ok: false, reason: fetched.map((f) => (f.ok ? '' : f.reason)).join('; ') || 'no metrics URL' };
  if (fetched.length === 1) return { ok: true, scrape: parsePromText((fetched[0] as { text: string }).text) };
  const samples: PromSample[] = [];
  const types = new Map<string, string>();
  // The source label is the URL's position, stable across ticks even when one source is down.
  fetched.forEach((g, i) => {
    if (!g.ok) return;
    const p = parsePromText(g.text);
    for (const [k, v] of p.types) types.set(k, v);
    for (const smp of p.samples) samples.push({ name: smp.name, labels: { ...smp.labels, __source: String(i) }, value: smp.value });
  });
  return { ok: true, scrape: { samples, types } };
}
