// End to end: a tiny custom scenario against the embedded reference server (spawned as a child
// process on free ports), real sensor fleet, real SSE alert stream, result.json written. One run
// where everything passes (exit 0) and one with an impossible threshold (exit 99).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario } from '../../scenarios/scenario-file.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { parseRunResult, findMetric } from '../../protocol/run-result.ts';
import { Writable } from 'node:stream';

const outDir = mkdtempSync(join(tmpdir(), 'emberload-gate-'));
const quiet = new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream;

function tiny(thresholds: Record<string, string[]>) {
  return parseScenario(
    {
      name: 'tiny',
      load: { cameras: 0, sensors: 3, sensorHz: 5 },
      viewers: { users: 2 },
      duration: '6s',
      incidents: [{ id: 'fire1', kind: 'hot-spot', atS: 2, durationS: 2, device: 1 }],
      thresholds,
    },
    'tiny',
  );
}

test.after(() => rmSync(outDir, { recursive: true, force: true }));

test('all thresholds pass → exit 0, result.json is a valid RunResult with the evidence', async () => {
  const spec = tiny({ sensor_processing_ms: ['p(95)<1000'], sensor_packet_loss: ['rate<0.05'], alert_e2e_ms: ['p(95)<5000'], crashes: ['count==0'], alert_recall: ['value>=1'], api_error_rate: ['rate<0.5'] });
  const out = await runScenario(spec, { outDir, progress: quiet });
  const result = parseRunResult(JSON.parse(readFileSync(join(out.dir, 'result.json'), 'utf8')), 'result.json');
  assert.equal(result.thresholds.map((t) => [t.metric, t.verdict]), [
    ['sensor_processing_ms', 'pass'],
    ['sensor_packet_loss', 'pass'],
    ['alert_e2e_ms', 'pass'],
    ['crashes', 'pass'],
    ['alert_recall', 'pass'],
    ['api_error_rate', 'pass'],
  ]);
  assert.is(out.exitCode, 0);
  assert.is(result.verdict, 'pass');
  assert.is(result.status, 'completed');
  assert.is(result.incidents.length, 1);
  assert.ok(result.incidents[0]?.detected);
  assert.ok((result.incidents[0]?.latencyMs ?? -1) >= 0);
  const processed = findMetric(result, 'sensor_packets_processed')?.count ?? 0;
  const sent = findMetric(result, 'sensor_packets_sent')?.count ?? 0;
  assert.ok(processed > 50, `processed ${processed}`);
  assert.ok(processed <= sent);
  // Calibration needs these (calc helper).
  for (const name of ['cpu_cores', 'cpu_host_share', 'cpu_core_seconds', 'rss_bytes', 'sensor_pps']) assert.ok(findMetric(result, name), name);
  assert.ok(result.target.features.includes('alert-stream'));
  assert.ok(result.probeOverheadCores > 0);
  for (const f of result.rawFiles) assert.ok(existsSync(join(out.dir, f)), f);
  assert.ok(result.series.some((s) => s.name === 'sensor_pps' && s.points.length >= 5));
});

test('an impossible threshold fails → exit 99, the others still judged', async () => {
  const spec = tiny({ sensor_processing_ms: ['max<0', 'p(95)<1000'] });
  const out = await runScenario(spec, { outDir, progress: quiet });
  assert.is(out.exitCode, 99);
  assert.is(out.result.verdict, 'fail');
  assert.equal(out.result.thresholds.map((t) => t.verdict), ['fail', 'pass']);
  assert.ok(out.result.thresholds[0]?.firstFailedAtS !== undefined);
});

test('an interrupted run (SIGINT path) still writes a partial result marked aborted', async () => {
  const spec = tiny({ sensor_processing_ms: ['p(95)<1000'] });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 3_000);
  const out = await runScenario(spec, { outDir, progress: quiet, signal: ac.signal });
  const result = parseRunResult(JSON.parse(readFileSync(join(out.dir, 'result.json'), 'utf8')), 'result.json');
  assert.is(result.status, 'aborted');
  assert.is(result.verdict, 'aborted');
  assert.match(result.abortReason ?? '', /aborted/);
  assert.ok(result.durationS < 6);
  assert.is(out.exitCode, 1);
});

test.run();
