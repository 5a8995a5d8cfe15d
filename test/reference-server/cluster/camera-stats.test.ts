import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mergeCameraStats } from '../../../reference-server/cluster/camera-stats.ts';
import { parseScaleOutOptions } from '../../../reference-server/cluster/serve-options.ts';
import { stripScaleOut } from '../../../reference-server/cluster/serve-entry.ts';
import { wantsScaleOut } from '../../../reference-server/cluster/scale-out-flags.ts';
import { isEmberError } from '../../../protocol/errors.ts';

test('camera workers’ /api/cameras merge: cameras concatenated, counters summed, worst share, any scale-out', () => {
  const merged = mergeCameraStats([
    { cameras: [{ id: '1' }], totals: { offered: 100, processed: 98, dropped: 2, vision_hits: 1, scale_out: false, drop_share_window: 0.02 } },
    { cameras: [{ id: '2' }, { id: '3' }], totals: { offered: 200, processed: 190, dropped: 10, vision_hits: 0, scale_out: true, drop_share_window: 0.05 } },
  ]);
  assert.equal(merged.cameras, [{ id: '1' }, { id: '2' }, { id: '3' }]);
  assert.equal(merged.totals, { offered: 300, processed: 288, dropped: 12, vision_hits: 1, scale_out: true, drop_share_window: 0.05 });
  assert.is(merged.workers, 2);
});

test('serve options: split roles and --cluster need the NATS bus; every problem reported at once', () => {
  try {
    parseScaleOutOptions(['--cluster', '--role', 'fusion', '--camera-shard', '5/2', '--camera-workers', 'ftp://x']);
    assert.unreachable('should throw');
  } catch (err) {
    assert.ok(isEmberError(err));
    if (!isEmberError(err)) return;
    assert.is(err.code, 'EMBER_ERR_BUS_CLUSTER_OPTIONS');
    assert.is(err.exitCode, 2);
    assert.equal(err.problems.map((p) => p.path), ['--role', '--bus', '--camera-shard', '--camera-workers']);
  }
  const ok = parseScaleOutOptions(['--cluster', '--nodes', '2', '--bus', 'nats', '--nats-url', 'nats://127.0.0.1:4222']);
  assert.is(ok.nodes, 2);
});

test('only scale-out flags route to the cluster code; --role all strips them for the single server', () => {
  assert.is(wantsScaleOut(['--tcp-port', '0']), false);
  assert.is(wantsScaleOut(['--role=fusion']), true);
  assert.is(wantsScaleOut(['--cluster']), true);
  assert.equal(stripScaleOut(['--role', 'all', '--tcp-port', '0', '--bus=inproc', '--cluster', '--http-port', '0']), ['--tcp-port', '0', '--http-port', '0']);
});

test.run();
