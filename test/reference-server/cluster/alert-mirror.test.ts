// The api role's second line of dedup: one open alert per (location, cause) cluster-wide.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OpenAlertMerger } from '../../../reference-server/cluster/alert-mirror.ts';
import { planCluster } from '../../../reference-server/cluster/topology.ts';
import { parseShard, shardOf } from '../../../reference-server/cluster/roles.ts';
import { openedAlert } from '../bus/alert-fixture.ts';

test('an open re-raised by another node (new dedup bucket) becomes an update of the open alert', () => {
  const m = new OpenAlertMerger();
  const a = openedAlert('7', 'smoke', 59_000, 'node-1'); // bucket 0
  const b = openedAlert('7', 'smoke', 61_000, 'node-2'); // bucket 1: JetStream would not catch it
  const first = m.apply(a, 59_010);
  const second = m.apply(b, 61_010);
  assert.is(first.type, 'alert-opened');
  assert.is(second.type, 'alert-updated');
  assert.is(second.alert.id, a.alert.id, 'merged into the first alert');
  assert.is(m.merged, 1);
  const closed = m.apply({ type: 'alert-closed', alert: b.alert }, 90_000);
  assert.is(closed.type, 'alert-closed');
  assert.is(closed.alert.id, a.alert.id);
  assert.is(closed.alert.closedMs, 90_000);
  // After the close, a new raise is a new alert.
  const c = openedAlert('7', 'smoke', 200_000, 'node-2');
  assert.is(m.apply(c, 200_001).type, 'alert-opened');
  assert.is(m.apply(openedAlert('8', 'smoke', 61_000), 61_001).type, 'alert-opened', 'other location: its own alert');
});

test('topology: cameras split across nodes by index, then into workers of at most N', () => {
  const plan = planCluster(2, 100, 10);
  const workers = plan.filter((p) => p.role === 'camera-worker');
  assert.is(workers.length, 10, '100 cameras, 2 nodes, 10 per worker → 5 workers per node');
  assert.is(workers.reduce((s, w) => s + w.cameras, 0), 100);
  for (const w of workers) assert.is(w.cameras, 10);
  const streams = Array.from({ length: 100 }, (_, i) => i);
  const seen = new Set<number>();
  for (const w of workers) {
    const shard = parseShard(w.cameraShard ?? '');
    assert.ok(shard);
    if (!shard) continue;
    const mine = shardOf(streams, shard);
    const nodeIndex = Number(w.nodeId.split('-')[1]) - 1;
    for (const s of mine) {
      assert.is(s % 2, nodeIndex, `stream ${s} belongs to ${w.nodeId}`);
      seen.add(s);
    }
  }
  assert.is(seen.size, 100, 'every camera assigned exactly once');
  assert.equal(planCluster(1, 0, 10).map((p) => p.role), ['ingest-sensors', 'fusion', 'api']);
  assert.is(parseShard('3/3'), undefined);
});

test.run();
