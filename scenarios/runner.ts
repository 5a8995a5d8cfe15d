// Runs one scenario end to end: validate everything, start the target (embedded child process or an
// external deployment), the simulators and probes, drive stages and fault steps, evaluate thresholds
// every 2 s and at the end, and write runs/<id>/result.json (RunResult v1) with its raw samples.
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EXIT_INTERNAL, EXIT_OK, EXIT_THRESHOLDS_FAILED, type ExitCode } from '../protocol/exit-codes.ts';
import { RUN_RESULT_SCHEMA_VERSION, type FaultOutcome, type RunResult, type RunTarget } from '../protocol/run-result.ts';
import { AlertStreamListener } from './probes/alert-listener.ts';
import { parseThresholds } from './thresholds/definitions.ts';
import { ContinuousEvaluator, overallVerdict } from './thresholds/evaluate.ts';
import { tagUniverse, type TargetFeature } from './thresholds/metric-catalog.ts';
import type { ScenarioSpec } from './scenario-types.ts';
import { EmbeddedServer } from './target/embedded-server.ts';
import { ClusterTarget } from './target/cluster-target.ts';
import { natsServerAvailable } from './target/nats-server.ts';
import { checkExternalTarget, type ExternalTarget } from './target/external-target.ts';
import { SensorLoad } from './load/sensor-load.ts';
import { CameraLoad } from './load/camera-load.ts';
import { ViewerLoadRun, viewerEndpoints } from './load/viewer-load.ts';
import { Collector } from './runner/collector.ts';
import { runFault } from './runner/faults.ts';
import { collectEnvironment } from './runner/environment.ts';
import { ProgressPrinter } from './runner/progress.ts';
import { createRunFolder, writeJsonl } from './runner/run-folder.ts';
import { httpStatus, notApplicableMap } from './runner/features.ts';
import { cameraIds } from './phases/phase-definition.ts';

export interface RunOptions {
  readonly outDir: string;
  readonly external?: { target: string; metricsUrl: string | undefined; httpUrl: string | undefined };
  readonly progress?: NodeJS.WriteStream;
  readonly progressIntervalMs?: number;
  /** Aborts the run like Ctrl-C does (tests, embedding). */
  readonly signal?: AbortSignal;
  /** auto = the scenario's preferred topology when nats-server is installed; single / cluster force it. */
  readonly topology?: 'auto' | 'single' | 'cluster';
}

export interface RunOutcome {
  readonly result: RunResult;
  readonly dir: string;
  readonly exitCode: ExitCode;
}

const REPO_ROOT = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runScenario(spec: ScenarioSpec, o: RunOptions): Promise<RunOutcome> {
  // 1. Validate before anything starts (bad thresholds → exit 2, nothing started).
  const universe = tagUniverse({ cameras: spec.load.cameras, nodes: Math.max(2, spec.clusterNodes) });
  const specs = parseThresholds(spec.thresholds, universe);
  let external: ExternalTarget | undefined;
  if (o.external) external = await checkExternalTarget(o.external);

  const { dir, runId } = createRunFolder(o.outDir, spec.phase, spec.profile);
  const notes: string[] = [...spec.notes];
  const features = new Set<TargetFeature>(['sensors']);
  const why: Partial<Record<TargetFeature, string>> = { cluster: 'single-node target; two-node topology needs `emberload serve --cluster`' };
  let server: EmbeddedServer | undefined;
  let cluster: ClusterTarget | undefined;
  let cameras: CameraLoad | undefined;
  let sensors: SensorLoad | undefined;
  let listener: AlertStreamListener | undefined;
  let viewers: ViewerLoadRun | undefined;
  const abortController = new AbortController();
  let abortReason: string | undefined;
  const onSigint = () => {
    abortReason = 'interrupted (SIGINT)';
    abortController.abort();
  };
  process.once('SIGINT', onSigint);
  o.signal?.addEventListener('abort', () => {
    abortReason = 'aborted by caller';
    abortController.abort();
  });
  const faults: FaultOutcome[] = [];
  const startedAtMs = Date.now();
  let collector: Collector | undefined;
  try {
    // 2. Target.
    const camIds = cameraIds(spec.load.cameras);
    let sensorTarget: { host: string; port: number };
    let httpUrl: string;
    let metricsUrl: string;
    let metricsUrls: () => readonly string[] = () => [metricsUrl];
    const topology = o.topology ?? 'auto';
    const wantNodes = topology === 'single' ? 0 : topology === 'cluster' ? Math.max(1, spec.clusterNodes) : spec.clusterNodes;
    const useCluster = !external && wantNodes > 0 && natsServerAvailable();
    if (!external && wantNodes > 0 && !useCluster) notes.push('nats-server is not installed (Debian package nats-server): ran on the single-process server instead of `serve --cluster`');
    if (external) {
      sensorTarget = { host: external.host, port: external.port };
      metricsUrl = external.metricsUrl;
      httpUrl = external.httpUrl ?? new URL(external.metricsUrl).origin;
    } else {
      if (spec.load.cameras > 0) cameras = await CameraLoad.start(spec);
      const configPath = join(dir, 'server-config.json');
      // Process every frame the phase offers (the ingest's default decode rate is 15 fps).
      const streams = cameras ? cameras.urls.map((url, i) => ({ id: camIds[i] as string, loc_id: `cam-loc-${String(i + 1).padStart(2, '0')}`, url, fps: spec.load.cameraFps })) : [];
      writeFileSync(configPath, JSON.stringify({ streams }, null, 2));
      if (useCluster) {
        cluster = await ClusterTarget.start({ repoRoot: REPO_ROOT, dir, nodes: wantNodes, configPath });
        sensorTarget = { host: '127.0.0.1', port: cluster.listening.tcp };
        httpUrl = cluster.httpUrl;
        metricsUrl = `${httpUrl}/metrics`;
        const c = cluster;
        metricsUrls = () => c.metricsUrls();
        features.add('cluster');
        notes.push(`target: emberload serve --cluster --nodes ${wantNodes} on a private nats-server; /metrics of ${c.metricsUrls().length} role processes merged`);
      } else {
        server = await EmbeddedServer.start({ repoRoot: REPO_ROOT, dataDir: join(dir, 'server-data'), logPath: join(dir, 'server.log'), configPath });
        sensorTarget = { host: server.host, port: server.ports.tcp };
        httpUrl = server.httpUrl;
        metricsUrl = `${httpUrl}/metrics`;
      }
    }
    if (external && spec.load.cameras > 0) {
      cameras = await CameraLoad.start(spec);
      process.stdout.write(`external target: register these RTSP cameras in the deployment:\n${cameras.urls.map((u, i) => `  ${camIds[i]} ${u}`).join('\n')}\n`);
    }

    // 3. Features.
    if ((await httpStatus(`${httpUrl}/api/stats/all`)) === 200) features.add('http-api');
    else why['http-api'] = 'GET /api/stats/all did not answer 200';
    const camStatus = await httpStatus(`${httpUrl}/api/cameras`);
    // A cluster's api role does not serve /api/cameras; its camera workers are the camera path.
    const clusterCameras = cluster !== undefined && cluster.listening.nodes.some((n) => (n.cameraWorkers ?? []).length > 0);
    if (cameras && (camStatus === 200 || clusterCameras)) features.add('cameras');
    else if (cameras) why.cameras = `camera ingest not available on the target (GET /api/cameras → ${camStatus ?? 'no answer'})`;
    else why.cameras = 'scenario has no cameras';
    listener = new AlertStreamListener(`${httpUrl}/api/alerts/stream`);
    listener.start();
    if (await listener.waitConnected(3000)) features.add('alert-stream');
    else why['alert-stream'] = 'GET /api/alerts/stream did not open an SSE stream';
    const notApplicable = notApplicableMap(specs, spec.thresholdRequires, features, why);
    // Only the missing features that cost a threshold are worth a note.
    for (const reason of new Set(notApplicable.values())) notes.push(`not applicable: ${reason}`);

    // 4. Load and probes.
    const runStartMs = Date.now();
    sensors = spec.load.sensors > 0 ? await SensorLoad.start({ targets: [sensorTarget], spec }) : undefined;
    if (features.has('http-api') && spec.viewers.users > 0) {
      viewers = new ViewerLoadRun();
      viewers.start(httpUrl, viewerEndpoints(spec.viewers, features.has('cameras')), spec.durationS);
    }
    const srv = server;
    const cl = cluster;
    collector = new Collector({
      metricsUrls,
      startedAtMs: runStartMs,
      roots: () => (srv && srv.running ? [{ pid: srv.pid, role: 'server' }] : cl ? cl.nodeRoots() : []),
      sensors,
      listener: features.has('alert-stream') ? listener : undefined,
      viewers,
      cameraIds: camIds,
      crashes: () => srv?.crashes,
      extraInjected: () => cameras?.injected() ?? [],
      cameraFramesSent: () => cameras?.framesSent(),
    });
    if (!collector.sampler.available) notes.push('process sampler unavailable (no /proc): CPU and RSS thresholds have no data');
    if (external) notes.push('external target: process CPU/RSS are not sampled (the processes are not on this host or not ours); crashes are inferred from counter resets');
    const evaluator = new ContinuousEvaluator(specs, notApplicable);
    const progress = new ProgressPrinter(o.progress ?? process.stderr, o.progressIntervalMs ?? 10_000);
    const checkpoints: Array<Map<string, number>> = [];
    const soak = spec.stages.find((s) => s.name === 'soak');
    const quarterMarks = soak ? [0, 0.25, 0.75, 1].map((q) => soak.startS + q * soak.durationS) : [];
    let currentMultiplier = 1;
    const pendingFaults = [...spec.faults].sort((a, b) => a.atS - b.atS);
    const runningFaults: Array<Promise<void>> = [];

    // 5. The 1 s loop.
    await collector.tick();
    for (let tick = 1; ; tick++) {
      const nextAt = runStartMs + tick * 1000;
      await sleep(Math.max(0, nextAt - Date.now()));
      if (abortController.signal.aborted) break;
      const elapsedS = (Date.now() - runStartMs) / 1000;
      if (elapsedS >= spec.durationS) break;
      const stage = [...spec.stages].reverse().find((s) => elapsedS >= s.startS) ?? spec.stages[0];
      if (stage && stage.rateMultiplier !== currentMultiplier) {
        currentMultiplier = stage.rateMultiplier;
        sensors?.setRateMultiplier(currentMultiplier);
      }
      while (pendingFaults.length > 0 && (pendingFaults[0]?.atS ?? Infinity) <= elapsedS) {
        const step = pendingFaults.shift()!;
        runningFaults.push(
          runFault(step, { server, cluster, sensors, cameras, listener, collector, devices: spec.load.sensors, startedAtMs: runStartMs, currentMultiplier: () => currentMultiplier, recoveryLimitMs: 60_000 }).then((f) => {
            faults.push(f);
          }),
        );
      }
      await collector.tick();
      while (checkpoints.length < quarterMarks.length && elapsedS >= (quarterMarks[checkpoints.length] as number)) checkpoints.push(collector.acc.checkpoint());
      if (tick % 2 === 0) {
        const abortSpec = evaluator.tick(collector.registry, elapsedS);
        if (abortSpec) {
          abortReason = `threshold ${abortSpec.metric} ${abortSpec.expression} failed with abortOnFail`;
          break;
        }
      }
      const p95 = collector.registry.get('sensor_processing_ms');
      const alert = collector.registry.get('alert_e2e_ms');
      const pps = collector.series.get('sensor_pps').at(-1)?.[1];
      const fps = collector.series.get('aggregate_fps').at(-1)?.[1];
      progress.update({
        elapsedS,
        totalS: spec.durationS,
        stage: stage?.name ?? '',
        sensorPps: pps,
        cameraFps: fps,
        sensorP95Ms: p95?.kind === 'trend' ? p95.trend.quantile(95) : null,
        alertP95Ms: alert?.kind === 'trend' ? alert.trend.quantile(95) : null,
        failing: evaluator.failingNow(collector.registry, elapsedS),
        thresholds: specs.length,
      });
    }
    progress.done();
    if (soak && checkpoints.length === 3) checkpoints.push(collector.acc.checkpoint());

    // 6. Stop the load, let the server drain, final scrape.
    await viewers?.stop();
    await sensors?.stop();
    await Promise.race([Promise.all(runningFaults), sleep(5_000)]);
    let last = -1;
    for (let i = 0; i < 10 && collector.processedTotal() !== last; i++) {
      last = collector.processedTotal();
      await sleep(500);
      await collector.tick();
    }
    // Alerts raised by the last incidents may still be on their way.
    await sleep(1_000);
    await collector.tick();
    const endedAtMs = Date.now();
    const durationS = (endedAtMs - runStartMs) / 1000;
    collector.finalize({ soakWindow: soak ? [soak.startS, soak.startS + soak.durationS] : undefined, memoryWindowS: spec.durationS >= 4 * 3600 ? 3600 : Math.max(5, Math.round(spec.durationS / 4)), checkpoints });
    const verdicts = evaluator.final(collector.registry, durationS);
    const aborted = abortReason !== undefined;
    const verdict = overallVerdict(verdicts, aborted);
    if (collector.scrapeFailures > 0) notes.push(`${collector.scrapeFailures} /metrics scrape(s) failed (last: ${collector.lastScrapeError})`);
    if (collector.acc.resetsSeen > 0) notes.push(`server counters reset ${collector.acc.resetsSeen} time(s) (restarts); totals are reset-aware`);

    // 7. Raw files.
    const raw: string[] = [];
    writeJsonl(join(dir, 'raw', 'process-samples.jsonl'), collector.processSamples);
    raw.push('raw/process-samples.jsonl');
    writeJsonl(join(dir, 'raw', 'alert-events.jsonl'), listener.events);
    raw.push('raw/alert-events.jsonl');
    const lat = sensors?.figures().encodedLateness;
    if (lat) {
      writeFileSync(join(dir, 'raw', 'sensor-lateness.hdr.b64'), lat);
      raw.push('raw/sensor-lateness.hdr.b64');
    }
    if (viewers) {
      const enc = Object.fromEntries([...viewers.figures].map(([endpoint, f]) => [endpoint, f.latencyMs.encode()]));
      writeFileSync(join(dir, 'raw', 'api-latency.hdr.json'), JSON.stringify({ unit: 'µs', encoding: 'HdrHistogram base64 (HdrRecorder.encode)', byEndpoint: enc }, null, 1));
      raw.push('raw/api-latency.hdr.json');
    }
    const hist: Record<string, unknown> = {};
    for (const fam of ['emberload_sensor_processing_seconds', 'emberload_sensor_send_to_fused_seconds', 'emberload_vision_detection_seconds']) {
      const h = collector.acc.histogram(fam);
      if (h) hist[fam] = { unit: 'seconds', upperBounds: h.upperBounds.map((b) => (Number.isFinite(b) ? b : '+Inf')), counts: h.counts, sum: h.sumValue };
    }
    writeFileSync(join(dir, 'raw', 'server-histograms.json'), JSON.stringify(hist, null, 1));
    raw.push('raw/server-histograms.json');
    if (server || cluster) raw.push('server.log');

    const target: RunTarget = {
      kind: external ? 'external' : 'embedded',
      sensorAddress: `${sensorTarget.host}:${sensorTarget.port}`,
      httpUrl,
      metricsUrl,
      features: [...features].sort(),
      nodes: cluster ? cluster.listening.nodes.length : 1,
    };
    const match = collector.match;
    const result: RunResult = {
      schemaVersion: RUN_RESULT_SCHEMA_VERSION,
      runId,
      scenario: spec.name,
      phase: spec.phase,
      profile: spec.profile,
      mode: spec.mode,
      status: aborted ? 'aborted' : 'completed',
      ...(abortReason ? { abortReason } : {}),
      verdict,
      startedAtMs: runStartMs,
      endedAtMs,
      durationS,
      environment: collectEnvironment(),
      target,
      load: { ...spec.load, stages: spec.stages },
      config: { ...spec, crashesSeen: server?.crashes ?? null, restarts: server?.restarts ?? null },
      metrics: collector.registry.summaries(durationS),
      series: collector.series.all(),
      thresholds: verdicts,
      incidents: match?.outcomes ?? [],
      alertAccuracy: match?.accuracy ?? { alertsSeen: listener.events.filter((e) => e.event.type === 'alert-opened').length, matched: 0, unmatched: 0, duplicates: 0, recall: null, precision: null },
      faults,
      probeOverheadCores: collector.probeOverheadCores(endedAtMs),
      rawFiles: raw,
      notes,
    };
    writeFileSync(join(dir, 'result.json'), `${JSON.stringify(result, null, 1)}\n`);
    const exitCode: ExitCode = verdict === 'fail' ? EXIT_THRESHOLDS_FAILED : aborted ? EXIT_INTERNAL : EXIT_OK;
    return { result, dir: relative(process.cwd(), dir) || '.', exitCode };
  } finally {
    process.removeListener('SIGINT', onSigint);
    await viewers?.stop().catch(() => undefined);
    await sensors?.stop().catch(() => undefined);
    await listener?.stop().catch(() => undefined);
    await cameras?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await cluster?.stop().catch(() => undefined);
    void startedAtMs;
  }
}
