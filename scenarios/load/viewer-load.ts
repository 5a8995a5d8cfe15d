// Dashboard viewers (seed 004): N users polling the aggregated stats, alert queries and per-camera
// stats at fixed request rates, driven by autocannon (in a child process, viewer-worker.ts, so the
// runner's own event loop does not inflate response times) alongside the device load. One autocannon
// instance per endpoint so each has its own rate and tagged latency/error figures. Latency is what
// each response took from its actual send (autocannon's coordinated-omission "correction" is off:
// it is biased, see load-tool-anchors §3.4); at these low rates requests are not queued behind each other.
import { fork, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { HdrTrend } from '../metrics/trend.ts';
import type { ViewerLoad } from '../scenario-types.ts';

const WORKER = resolve(import.meta.dirname, 'viewer-worker.ts');

export interface EndpointLoad {
  readonly endpoint: 'stats_all' | 'alerts' | 'camera_stats';
  readonly path: string;
  readonly ratePerS: number;
}

export interface EndpointFigures {
  readonly latencyMs: HdrTrend;
  /** Responses received (any status). */
  responses: number;
  /** Responses + request errors (timeouts, refused connections). */
  requests: number;
  /** Non-2xx responses + request errors. */
  errors: number;
}

export function viewerEndpoints(v: ViewerLoad, withCameras: boolean): EndpointLoad[] {
  const out: EndpointLoad[] = [
    { endpoint: 'stats_all', path: '/api/stats/all', ratePerS: v.users / v.statsAllEveryS },
    { endpoint: 'alerts', path: '/api/alerts', ratePerS: v.users / v.alertsEveryS },
  ];
  if (withCameras) out.push({ endpoint: 'camera_stats', path: '/api/cameras', ratePerS: v.users / v.cameraStatsEveryS });
  return out.filter((e) => e.ratePerS > 0);
}

/**
 * Runs the viewer load in a child process (viewer-worker.ts) and folds its per-second batches into
 * per-endpoint figures here.
 */
export class ViewerLoadRun {
  readonly figures = new Map<string, EndpointFigures>();
  private child: ChildProcess | undefined;
  private done: Promise<void> = Promise.resolve();

  start(baseUrl: string, endpoints: readonly EndpointLoad[], durationS: number): void {
    for (const e of endpoints) this.figures.set(e.endpoint, { latencyMs: new HdrTrend(), responses: 0, requests: 0, errors: 0 });
    const child = fork(WORKER, [JSON.stringify({ baseUrl, endpoints, durationS })], { cwd: resolve(import.meta.dirname, '..', '..'), execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    this.child = child;
    this.done = new Promise<void>((resolve) => {
      child.on('message', (m: { type: string; batch?: { endpoint: string; latenciesMs: number[]; responses: number; requests: number; errors: number } }) => {
        if (m.type === 'done') resolve();
        const b = m.batch;
        const f = b && this.figures.get(b.endpoint);
        if (!b || !f) return;
        for (const v of b.latenciesMs) f.latencyMs.add(v);
        f.responses += b.responses;
        f.requests += b.requests;
        f.errors += b.errors;
      });
      child.once('exit', () => resolve());
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    if (child.connected) child.send('stop');
    const t = setTimeout(() => child.kill('SIGKILL'), 3_000);
    await this.done;
    clearTimeout(t);
  }
}
