// Fault step end to end: kill -9 the embedded server mid-run; the runner's supervisor restarts it on
// the same ports, devices reconnect, the alert stream comes back, an incident after the restart is
// still detected, and the recovery time and losses are recorded in faults[].
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseScenario } from '../../scenarios/scenario-file.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { findMetric } from '../../protocol/run-result.ts';

const outDir = mkdtempSync(join(tmpdir(), 'emberload-fault-'));
const quiet = new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream;
test.after(() => rmSync(outDir, { recursive: true, force: true }));

test('kill -9 → supervisor restart → recovery measured, not counted as a crash, alerts work after', async () => {
  const spec = parseScenario(
    {
      name: 'kill',
      load: { cameras: 0, sensors: 2, sensorHz: 5 },
      duration: '16s',
      faults: [{ kind: 'kill-server', atS: 3 }],
      // Far enough after the kill for the restart (tsx start-up) on a loaded 2-core box.
      incidents: [{ id: 'after', kind: 'hot-spot', atS: 12, durationS: 2, device: 0 }],
      thresholds: { 'recovery_ms{fault:kill-server}': ['max<30000'], crashes: ['count==0'], alert_recall: ['value>=1'] },
    },
    'kill',
  );
  const out = await runScenario(spec, { outDir, progress: quiet });
  const r = out.result;
  assert.is(r.faults.length, 1);
  const f = r.faults[0];
  assert.is(f?.kind, 'kill-server');
  assert.ok(f?.recoveryMs !== null && (f?.recoveryMs ?? 0) > 0, `recovery ${f?.recoveryMs}`);
  assert.match(f?.detail ?? '', /restarted/);
  assert.ok(typeof f?.lost['sensorPacketsSent'] === 'number');
  assert.is((r.config as { restarts: number }).restarts, 1);
  assert.equal(r.thresholds.map((t) => [t.metric, t.verdict]), [
    ['recovery_ms', 'pass'],
    ['crashes', 'pass'],
    ['alert_recall', 'pass'],
  ]);
  assert.ok(r.incidents[0]?.detected, 'the incident after the restart reached the new server and its alert stream');
  assert.ok((findMetric(r, 'sensor_packets_processed')?.count ?? 0) > 0);
  assert.ok(r.notes.some((n) => /reset/.test(n)), 'counter resets from the restart were noticed');
  assert.is(out.exitCode, 0);
});

test.run();
