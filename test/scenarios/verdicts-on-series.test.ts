// Verdicts on synthetic time series: a real HTTP server in the test serves a /metrics text that
// evolves per scrape (a scripted server), the collector scrapes it tick by tick, and the phase
// thresholds judge the result. Checks the derived metrics (10 s PPS windows, P95 drift, memory-free
// target) end to end through the same code the runner uses.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Collector } from '../../scenarios/runner/collector.ts';
import { parseThresholds } from '../../scenarios/thresholds/definitions.ts';
import { tagUniverse } from '../../scenarios/thresholds/metric-catalog.ts';
import { ContinuousEvaluator } from '../../scenarios/thresholds/evaluate.ts';

interface Script {
  processed: number;
  fast: number;
  slow: number;
}

function metricsText(s: Script): string {
  return `# TYPE emberload_packets_processed_total counter
emberload_packets_processed_total{kind="sensor"} ${s.processed}
# TYPE emberload_sensor_processing_seconds histogram
emberload_sensor_processing_seconds_bucket{kind="sensor",le="0.005"} ${s.fast}
emberload_sensor_processing_seconds_bucket{kind="sensor",le="0.05"} ${s.fast + s.slow}
emberload_sensor_processing_seconds_bucket{kind="sensor",le="+Inf"} ${s.fast + s.slow}
emberload_sensor_processing_seconds_sum{kind="sensor"} ${s.fast * 0.002 + s.slow * 0.03}
emberload_sensor_processing_seconds_count{kind="sensor"} ${s.fast + s.slow}
`;
}

async function scripted(perTick: (tick: number) => { pps: number; slowShare: number }, ticks: number) {
  const state: Script = { processed: 0, fast: 0, slow: 0 };
  let tick = 0;
  const server: Server = createServer((_req, res) => {
    res.end(metricsText(state));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  const t0 = 1_000_000;
  const c = new Collector({ metricsUrls: () => [url], startedAtMs: t0, roots: () => [], sensors: undefined, listener: undefined, viewers: undefined, cameraIds: [], crashes: () => 0, extraInjected: () => [] });
  const checkpoints: Array<Map<string, number>> = [];
  try {
    for (; tick <= ticks; tick++) {
      if (tick > 0) {
        const { pps, slowShare } = perTick(tick);
        state.processed += pps;
        state.slow += Math.round(pps * slowShare);
        state.fast += pps - Math.round(pps * slowShare);
      }
      await c.tick(t0 + tick * 1000);
      if ([0, ticks / 4, (3 * ticks) / 4, ticks].includes(tick)) checkpoints.push(c.acc.checkpoint());
    }
    c.finalize({ soakWindow: [0, ticks], memoryWindowS: 10, checkpoints });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
  return c;
}

function judge(c: Collector, thresholds: Record<string, string[]>, elapsedS: number) {
  const specs = parseThresholds(thresholds, tagUniverse({ cameras: 0, nodes: 1 }));
  return new ContinuousEvaluator(specs, new Map()).final(c.registry, elapsedS).map((v) => [v.expression, v.verdict, v.observed] as const);
}

test('steady 1000 pps with fast processing passes the phase-4 style PPS floor and the P95 ceiling', async () => {
  const c = await scripted(() => ({ pps: 1000, slowShare: 0 }), 40);
  const v = judge(c, { sensor_pps: ['min>=800', 'avg>=900'], sensor_processing_ms: ['p(95)<25'], sensor_p95_drift_ratio: ['value<0.2'] }, 40);
  assert.equal(v.map((x) => x[1]), ['pass', 'pass', 'pass', 'pass']);
  assert.is(v[0]?.[2], 1000);
});

test('one 10 s window dipping to 750 pps fails "no window below 800" while the average still passes', async () => {
  const c = await scripted((t) => ({ pps: t > 20 && t <= 30 ? 500 : 1000, slowShare: 0 }), 40);
  const v = judge(c, { sensor_pps: ['min>=800', 'avg>=700'] }, 40);
  assert.equal(v.map((x) => x[1]), ['fail', 'pass']);
  assert.ok((v[0]?.[2] ?? 0) <= 750);
});

test('latency getting slower in the last quarter fails the drift threshold and the P95', async () => {
  const c = await scripted((t) => ({ pps: 100, slowShare: t > 30 ? 0.5 : 0 }), 40);
  const v = judge(c, { sensor_p95_drift_ratio: ['value<0.2'], sensor_processing_ms: ['p(95)<25', 'p(50)<5'] }, 40);
  assert.equal(v.map((x) => x[1]), ['fail', 'fail', 'pass']);
  assert.ok((v[0]?.[2] ?? 0) > 1, 'P95 moved from the ≤5 ms bucket into the ≤50 ms bucket');
});

test('a run with no processing histogram reports not-applicable, never pass', async () => {
  const c = await scripted(() => ({ pps: 0, slowShare: 0 }), 8);
  const specs = parseThresholds({ sensor_processing_ms: ['p(95)<25'] }, tagUniverse({ cameras: 0, nodes: 1 }));
  const [v] = new ContinuousEvaluator(specs, new Map()).final(c.registry, 8);
  assert.is(v?.verdict, 'not-applicable');
});

test.run();
