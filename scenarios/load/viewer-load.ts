// Dashboard viewers (seed 004): N users polling the aggregated stats, alert queries and per-camera
// stats at fixed request rates, driven by autocannon alongside the device load. One autocannon
// instance per endpoint so each has its own rate and tagged latency/error figures. Latency is what
// each response took from its actual send (autocannon's coordinated-omission "correction" is off:
// it is biased, see load-tool-anchors §3.4); at these low rates requests are not queued behind each other.
import autocannon from 'autocannon';
import { SampleTrend } from '../metrics/trend.ts';
import type { ViewerLoad } from '../scenario-types.ts';

export interface EndpointLoad {
  readonly endpoint: 'stats_all' | 'alerts' | 'camera_stats';
  readonly path: string;
  readonly ratePerS: number;
}

export interface EndpointFigures {
  readonly latencyMs: SampleTrend;
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

export class ViewerLoadRun {
  readonly figures = new Map<string, EndpointFigures>();
  private readonly instances: autocannon.Instance[] = [];
  private readonly finished: Array<Promise<void>> = [];

  start(baseUrl: string, endpoints: readonly EndpointLoad[], durationS: number): void {
    for (const e of endpoints) {
      const fig: EndpointFigures = { latencyMs: new SampleTrend(), responses: 0, requests: 0, errors: 0 };
      this.figures.set(e.endpoint, fig);
      const rate = Math.max(1, Math.round(e.ratePerS));
      let done!: () => void;
      this.finished.push(new Promise<void>((r) => (done = r)));
      const inst = autocannon(
        {
          url: `${baseUrl}${e.path}`,
          connections: Math.min(10, rate),
          overallRate: rate,
          duration: Math.max(1, Math.round(durationS)),
          timeout: 5,
          ignoreCoordinatedOmission: true,
        },
        () => done(),
      );
      inst.on('response', (_c, status, _bytes, responseTimeMs) => {
        fig.responses++;
        fig.requests++;
        fig.latencyMs.add(responseTimeMs);
        if (status < 200 || status >= 300) fig.errors++;
      });
      inst.on('reqError', () => {
        fig.errors++;
        fig.requests++;
      });
      this.instances.push(inst);
    }
  }

  async stop(): Promise<void> {
    for (const i of this.instances) i.stop();
    await Promise.race([Promise.all(this.finished), new Promise((r) => setTimeout(r, 3000))]);
  }
}
