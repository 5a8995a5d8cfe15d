// Fault step on the scale-out target: `serve --cluster --nodes 2` on a private nats-server, node-2
// killed (kill -9 of its processes) mid-run; its devices reconnect through the balancer to node-1,
// an incident after the kill is still detected once, per-node CPU is measured.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parseScenario } from '../../scenarios/scenario-file.ts';
import { runScenario } from '../../scenarios/runner.ts';
import { natsServerAvailable } from '../../scenarios/target/nats-server.ts';
import { findMetric } from '../../protocol/run-result.ts';

if (!natsServerAvailable()) {
  console.log('SKIP fault-kill-node: install the Debian package nats-server');
} else {
  const outDir = mkdtempSync(join(tmpdir(), 'emberload-killnode-'));
  const quiet = new Writable({ write: (_c, _e, cb) => cb() }) as unknown as NodeJS.WriteStream;
  test.after(() => rmSync(outDir, { recursive: true, force: true }));

  test('kill-node on two nodes: recovery measured, alerts still detected once, per-node CPU reported', async () => {
    const spec = parseScenario(
      {
        name: 'killnode',
        clusterNodes: 2,
        load: { cameras: 0, sensors: 6, sensorHz: 5 },
        duration: '16s',
        faults: [{ kind: 'kill-node', atS: 5 }],
        incidents: [{ id: 'after', kind: 'hot-spot', atS: 10, durationS: 2, device: 3 }],
        thresholds: { 'recovery_ms{fault:kill-node}': ['max<30000'], alert_duplicates: ['count==0'], crashes: ['count==0'] },
      },
      'killnode',
    );
    const out = await runScenario(spec, { outDir, progress: quiet });
    const r = out.result;
    assert.ok(r.target.features.includes('cluster'));
    assert.is(r.target.nodes, 2);
    const f = r.faults.find((x) => x.kind === 'kill-node');
    assert.ok(f && f.recoveryMs !== null && f.recoveryMs > 0, JSON.stringify(f));
    assert.match(f?.detail ?? '', /node-2/);
    assert.ok(r.incidents[0]?.detected, 'incident after the kill detected');
    assert.equal(r.thresholds.map((t) => t.verdict), ['pass', 'pass', 'pass']);
    assert.ok(findMetric(r, 'cpu_cores', { node: 'node1' }), 'per-node CPU of node1');
    assert.ok(findMetric(r, 'cpu_cores', { node: 'node2' }), 'per-node CPU of node2');
    assert.ok(findMetric(r, 'node_cpu_imbalance_ratio'));
    assert.is(out.exitCode, 0);
  });

  test.run();
}
