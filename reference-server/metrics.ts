// The server's metrics, the only prom-client importer. The original's 14 `emberye_*` families keep
// their names, labels and semantics (cumulative-mean latency gauges, parse time only) so dashboards
// and probes work against both; ours add real histograms and counters by reason. Label cardinality
// is bounded: at most `maxLocationLabels` location_id values, the rest fold into `other`.
import { Counter, Gauge, Registry } from 'prom-client';
import { EMBERLOAD_FAMILIES as OURS, ORIGINAL_FAMILIES as ORIG, type DropReason, type MalformedReason, type RejectReason } from '../protocol/metric-names.ts';
import type { AlertCause, AlertLevel } from '../protocol/alert.ts';
import { CappedCounter, FastHistogram, RunningMean, collected, type PromValue } from './metrics-primitives.ts';

interface LocationStats {
  received: number;
  errors: number;
  parse: RunningMean;
}

const STREAM_CAP = 1_000;

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly startedMs = Date.now();
  private readonly locations = new Map<string, LocationStats>();
  readonly processedByKind = new CappedCounter(32);
  readonly malformedByReason = new CappedCounter(64);
  readonly droppedByReason = new CappedCounter(16);
  readonly rejectedByReason = new CappedCounter(16);
  readonly connectionsRejectedByReason = new CappedCounter(16);
  private readonly alertsByLevelCause = new Map<string, { level: AlertLevel; cause: AlertCause; n: number }>();
  private readonly processing = new Map<string, FastHistogram>();
  private readonly sendToFused = new Map<string, FastHistogram>();
  readonly alertCommit = new FastHistogram();
  readonly visionDetection = new FastHistogram();
  private readonly fusionLatency = new RunningMean();
  fusionInvocations = 0;
  fusionAlarms = 0;
  connectionsActive = 0;
  alertsOpen = 0;
  floodDebounceActive = false;
  queueDepth: () => number = () => 0;
  queueCapacity = 0;
  // Camera path (prom-client directly: tens of updates per second, not hundreds of thousands).
  private readonly camFrames: Counter<'stream_id'>;
  private readonly camDropped: Counter<'stream_id'>;
  private readonly camFps: Gauge<'stream_id'>;
  private readonly camQueue: Gauge<'stream_id'>;
  private readonly camUp: Gauge<'stream_id'>;
  private readonly camRestarts: Counter<'stream_id' | 'reason'>;
  private readonly camLatency = new Map<string, RunningMean>();
  private readonly streamIds = new Set<string>();
  private readonly scaleOut: Gauge;
  private readonly busPublishedTotal: Counter<'subject'>;
  private readonly busShedTotal: Counter<'reason'>;

  constructor(private readonly maxLocationLabels = 10_000) {
    const r = this.registry;
    const reg = (m: ReturnType<typeof collected>): void => r.registerMetric(m as never);
    const mk = <T extends string>(f: { name: string; labels: readonly string[] }, help: string, kind: 'counter' | 'gauge') =>
      kind === 'counter'
        ? new Counter<T>({ name: f.name, help, labelNames: f.labels as T[], registers: [r] })
        : new Gauge<T>({ name: f.name, help, labelNames: f.labels as T[], registers: [r] });
    // The original's 14 families, in its order.
    reg(collected(ORIG.uptimeSeconds.name, 'Application uptime in seconds', 'gauge', () => [{ value: Math.round((Date.now() - this.startedMs) / 10) / 100 }]));
    this.camFrames = mk<'stream_id'>(ORIG.framesProcessedTotal, 'Total video frames processed', 'counter') as Counter<'stream_id'>;
    this.camDropped = mk<'stream_id'>(ORIG.framesDroppedTotal, 'Total video frames dropped due to backpressure', 'counter') as Counter<'stream_id'>;
    reg(collected(ORIG.visionDetectionLatencyAvgMs.name, 'Average vision detection latency in milliseconds', 'gauge', () => [...this.camLatency].map(([s, m]) => ({ value: round2(m.mean), labels: { stream_id: s } }))));
    this.camFps = mk<'stream_id'>(ORIG.currentFps, 'Current adaptive FPS', 'gauge') as Gauge<'stream_id'>;
    this.camQueue = mk<'stream_id'>(ORIG.detectionQueueDepth, 'Pending vision detections', 'gauge') as Gauge<'stream_id'>;
    reg(collected(ORIG.tcpPacketsReceivedTotal.name, 'Total TCP packets received', 'counter', () => this.locationValues((s) => s.received)));
    reg(collected(ORIG.tcpPacketsErrorTotal.name, 'Total TCP packet errors', 'counter', () => this.locationValues((s) => s.errors, true)));
    reg(collected(ORIG.tcpPacketLatencyAvgMs.name, 'Average TCP packet processing latency in milliseconds (parse time, cumulative mean)', 'gauge', () => this.locationValues((s) => round2(s.parse.mean), true, (s) => s.parse.count > 0)));
    reg(collected(ORIG.tcpQueueDepth.name, 'Current TCP packet queue depth', 'gauge', () => [{ value: this.queueDepth() }]));
    reg(collected(ORIG.tcpConnectionsActive.name, 'Active TCP connections', 'gauge', () => [{ value: this.connectionsActive }]));
    reg(collected(ORIG.fusionInvocationsTotal.name, 'Total sensor fusion invocations', 'counter', () => [{ value: this.fusionInvocations }]));
    reg(collected(ORIG.fusionAlarmsTotal.name, 'Total fusion alarms raised', 'counter', () => [{ value: this.fusionAlarms }]));
    reg(collected(ORIG.fusionLatencyAvgMs.name, 'Average fusion latency in milliseconds', 'gauge', () => [{ value: round2(this.fusionLatency.mean) }]));
    // Ours.
    reg(collected(OURS.sensorProcessingSeconds.name, 'Sensor packet processing latency, arrival at the socket → fused (seconds)', 'histogram', () => histValues(OURS.sensorProcessingSeconds.name, this.processing)));
    reg(collected(OURS.sensorSendToFusedSeconds.name, "Device send (TS= epoch µs) → fused latency; includes clock offset between hosts (seconds)", 'histogram', () => histValues(OURS.sensorSendToFusedSeconds.name, this.sendToFused)));
    reg(collected(OURS.visionDetectionSeconds.name, 'Vision detection latency, frame submitted → scored (seconds)', 'histogram', () => this.visionDetection.values(OURS.visionDetectionSeconds.name)));
    reg(collected(OURS.alertCommitSeconds.name, 'Alert store commit (fsync) duration per batch (seconds)', 'histogram', () => this.alertCommit.values(OURS.alertCommitSeconds.name)));
    reg(collected(OURS.ingestQueueDepth.name, 'Packets waiting in the ingest queue', 'gauge', () => [{ value: this.queueDepth() }]));
    reg(collected(OURS.ingestQueueCapacity.name, 'Ingest queue capacity (slots)', 'gauge', () => [{ value: this.queueCapacity }]));
    reg(collected(OURS.packetsDroppedTotal.name, 'Packets dropped after being received, by reason', 'counter', () => this.droppedByReason.values('reason')));
    reg(collected(OURS.packetsRejectedTotal.name, 'Packets rejected by security checks, never processed, by reason', 'counter', () => this.rejectedByReason.values('reason')));
    reg(collected(OURS.packetsMalformedTotal.name, 'Malformed packets and lines, by reason', 'counter', () => this.malformedByReason.values('reason')));
    reg(collected(OURS.packetsProcessedTotal.name, 'Packets decoded and fused, by kind', 'counter', () => this.processedByKind.values('kind')));
    reg(collected(OURS.connectionsRejectedTotal.name, 'TCP connections refused or closed by policy, by reason', 'counter', () => this.connectionsRejectedByReason.values('reason')));
    reg(collected(OURS.alertsTotal.name, 'Alerts opened, by level and cause', 'counter', () => [...this.alertsByLevelCause.values()].map((a) => ({ value: a.n, labels: { level: a.level, cause: a.cause } }))));
    reg(collected(OURS.alertsOpen.name, 'Alerts currently open', 'gauge', () => [{ value: this.alertsOpen }]));
    reg(collected(OURS.alertFloodDebounceActive.name, 'Alert-flood trigger: 1 while the debounce layer is on (alert rate > 3x baseline)', 'gauge', () => [{ value: this.floodDebounceActive ? 1 : 0 }]));
    this.camUp = mk<'stream_id'>(OURS.cameraUp, 'Camera stream connected (1) or not (0)', 'gauge') as Gauge<'stream_id'>;
    this.camRestarts = new Counter({ name: OURS.cameraRestartsTotal.name, help: 'Camera ingest restarts by reason', labelNames: ['stream_id', 'reason'], registers: [r] });
    this.scaleOut = new Gauge({ name: OURS.scaleOutSignal.name, help: 'Scale-out-ingestion signal: 1 when dropped frames > 5 % over 5 min', registers: [r] });
    this.busPublishedTotal = new Counter({ name: OURS.busPublishedTotal.name, help: 'Messages published on the event bus, by subject', labelNames: ['subject'], registers: [r] });
    this.busShedTotal = new Counter({ name: OURS.busShedTotal.name, help: 'Bus messages shed under load, by reason', labelNames: ['reason'], registers: [r] });
  }

  private locationValues(pick: (s: LocationStats) => number, skipZero = false, include: (s: LocationStats) => boolean = () => true): PromValue[] {
    const out: PromValue[] = [];
    for (const [loc, s] of this.locations) {
      const v = pick(s);
      if ((skipZero && v === 0) || !include(s)) continue;
      out.push({ value: v, labels: { location_id: loc } });
    }
    return out;
  }

  private location(locId: string): LocationStats {
    let s = this.locations.get(locId);
    if (s) return s;
    const key = this.locations.size < this.maxLocationLabels ? locId : 'other';
    s = this.locations.get(key);
    if (!s) {
      s = { received: 0, errors: 0, parse: new RunningMean() };
      this.locations.set(key, s);
    }
    return s;
  }

  // ---- sensor path (hot) ----
  /** A packet that decoded: counted as received under its location, parse time into the original's gauge. */
  packetReceived(locId: string, kind: string, parseMs: number): void {
    const s = this.location(locId);
    s.received++;
    if (parseMs > 0) s.parse.add(parseMs);
    this.processedByKind.inc(kind);
  }
  /** The original counts only client/queue/batch exceptions here, keyed by client IP. */
  packetError(locIdOrIp: string): void {
    this.location(locIdOrIp).errors++;
  }
  // Reason labels are typed to the fixed sets in protocol/metric-names.ts: the compiler keeps
  // cardinality bounded and the probes' list of reasons in step with the server.
  malformed(reason: MalformedReason): void {
    this.malformedByReason.inc(reason);
  }
  dropped(reason: DropReason, n = 1): void {
    this.droppedByReason.inc(reason, n);
  }
  rejected(reason: RejectReason): void {
    this.rejectedByReason.inc(reason);
  }
  connectionRejected(reason: RejectReason): void {
    this.connectionsRejectedByReason.inc(reason);
  }
  processingLatency(kind: string, seconds: number): void {
    histFor(this.processing, kind).observe(seconds);
  }
  sendToFusedLatency(kind: string, seconds: number): void {
    histFor(this.sendToFused, kind).observe(seconds);
  }
  fusion(latencyMs: number, alarm: boolean): void {
    this.fusionInvocations++;
    if (alarm) this.fusionAlarms++;
    this.fusionLatency.add(latencyMs);
  }
  alertOpened(level: AlertLevel, cause: AlertCause): void {
    const key = `${level}|${cause}`;
    const e = this.alertsByLevelCause.get(key);
    if (e) e.n++;
    else this.alertsByLevelCause.set(key, { level, cause, n: 1 });
  }
  /** For tests and /api/stats: the processing histogram of one kind. */
  processingHistogram(kind: string): FastHistogram | undefined {
    return this.processing.get(kind);
  }

  // ---- camera path (for the camera ingest plug-in) ----
  private stream(streamId: string): string {
    if (this.streamIds.has(streamId) || this.streamIds.size < STREAM_CAP) {
      this.streamIds.add(streamId);
      return streamId;
    }
    return 'other';
  }
  cameraFrameProcessed(streamId: string): void {
    this.camFrames.inc({ stream_id: this.stream(streamId) });
  }
  cameraFrameDropped(streamId: string): void {
    this.camDropped.inc({ stream_id: this.stream(streamId) });
  }
  cameraFps(streamId: string, fps: number): void {
    this.camFps.set({ stream_id: this.stream(streamId) }, fps);
  }
  cameraQueueDepth(streamId: string, n: number): void {
    this.camQueue.set({ stream_id: this.stream(streamId) }, n);
  }
  /** Submit → scored latency of one detection: feeds the original's avg gauge and our histogram. */
  visionLatency(streamId: string, seconds: number): void {
    const s = this.stream(streamId);
    let m = this.camLatency.get(s);
    if (!m) this.camLatency.set(s, (m = new RunningMean()));
    m.add(seconds * 1000);
    this.visionDetection.observe(seconds);
  }
  cameraUp(streamId: string, up: boolean): void {
    this.camUp.set({ stream_id: this.stream(streamId) }, up ? 1 : 0);
  }
  cameraRestart(streamId: string, reason: string): void {
    this.camRestarts.inc({ stream_id: this.stream(streamId), reason });
  }
  scaleOutSignal(on: boolean): void {
    this.scaleOut.set(on ? 1 : 0);
  }
  // ---- event bus (for the scale-out plug-in) ----
  busPublished(subject: string): void {
    this.busPublishedTotal.inc({ subject });
  }
  busShed(reason: string): void {
    this.busShedTotal.inc({ reason });
  }

  contentType(): string {
    return this.registry.contentType;
  }
  render(): Promise<string> {
    return this.registry.metrics();
  }
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

function histFor(map: Map<string, FastHistogram>, kind: string): FastHistogram {
  let h = map.get(kind);
  if (!h) map.set(kind, (h = new FastHistogram()));
  return h;
}

function histValues(name: string, map: Map<string, FastHistogram>): PromValue[] {
  return [...map].flatMap(([kind, h]) => h.values(name, { kind }));
}
