// Pure parts of the bus: subject escaping, dedup ids, the bounded queue, the dedup window, options.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isEmberError } from '../../../protocol/errors.ts';
import { BoundedQueue } from '../../../reference-server/bus/bounded-queue.ts';
import { DedupWindow } from '../../../reference-server/bus/dedup-window.ts';
import { backoffMs, resolveBusOptions } from '../../../reference-server/bus/options.ts';
import { alertSubject, dedupIdOf, sensorSubject, subjectToken } from '../../../reference-server/bus/subjects.ts';
import { openedAlert } from './alert-fixture.ts';

test('subjectToken escapes NATS-unsafe characters reversibly-distinct', () => {
  assert.is(subjectToken('1234'), '1234');
  // '.' is 0x2e, ' ' is 0x20, '_' doubles: distinct inputs never collide.
  assert.is(subjectToken('10.0.0.7'), '10_2e0_2e0_2e7');
  assert.is(subjectToken('a_2e'), 'a__2e');
  assert.is.not(subjectToken('a.'), subjectToken('a_2e'));
  assert.is(subjectToken(''), '_');
  assert.is(sensorSubject('n1', 'loc 1'), 'ember.sensor.n1.loc_201');
  assert.is(alertSubject('7', 'critical-temperature'), 'ember.alert.7.critical-temperature');
});

test('dedup id: same location, cause and bucket → same id; next bucket or other cause → different', () => {
  const bucketMs = 60_000;
  const a = dedupIdOf(openedAlert('7', 'smoke', 120_000, 'node-1'), bucketMs);
  const b = dedupIdOf(openedAlert('7', 'smoke', 179_999, 'node-2'), bucketMs);
  assert.is(a, 'open.7.smoke.2');
  assert.is(b, a, 'node id and exact time inside the bucket do not matter');
  assert.is.not(dedupIdOf(openedAlert('7', 'smoke', 180_000), bucketMs), a);
  assert.is.not(dedupIdOf(openedAlert('7', 'gas', 120_000), bucketMs), a);
  const upd = openedAlert('7', 'smoke', 120_000);
  assert.is(dedupIdOf({ type: 'alert-updated', alert: { ...upd.alert, updateCount: 3 } }, bucketMs), 'update.7.smoke.2.3');
});

test('BoundedQueue drops the oldest when full and returns it', () => {
  const q = new BoundedQueue<number>(3);
  assert.is(q.push(1), undefined);
  q.push(2);
  q.push(3);
  assert.is(q.push(4), 1);
  assert.is(q.size, 3);
  assert.is(q.shift(), 2);
  q.push(5);
  assert.equal(q.drain(), [3, 4, 5]);
  assert.is(q.size, 0);
  assert.throws(() => new BoundedQueue(0), /capacity/);
});

test('DedupWindow remembers ids for the window only', () => {
  const w = new DedupWindow(1000);
  assert.is(w.checkAndRecord('x', 0), false);
  assert.is(w.checkAndRecord('x', 999), true);
  assert.is(w.checkAndRecord('x', 1000), false, 'expired after 1000 ms, recorded again');
  assert.is(w.size, 1);
});

test('resolveBusOptions reports every problem at once with path, rule and value', () => {
  try {
    resolveBusOptions({ kind: 'nats', nodeId: 'bad id!', bufferLimit: 0, alertBucketMs: 5000, dedupWindowMs: 1000 });
    assert.unreachable('should throw');
  } catch (err) {
    assert.ok(isEmberError(err));
    if (!isEmberError(err)) return;
    assert.is(err.code, 'EMBER_ERR_BUS_INVALID_OPTIONS');
    assert.is(err.exitCode, 2);
    const paths = err.problems.map((p) => p.path).sort();
    assert.equal(paths, ['bus.bufferLimit', 'bus.dedupWindowMs', 'bus.natsUrl', 'bus.nodeId']);
  }
  const ok = resolveBusOptions({ kind: 'nats', natsUrl: 'nats://127.0.0.1:4222', nodeId: 'n2' });
  assert.is(ok.kind, 'nats');
  assert.ok(Object.isFrozen(ok));
});

test('backoff doubles from the base and is capped', () => {
  assert.equal([0, 1, 2, 3, 10].map((a) => backoffMs(a, 100, 1000)), [100, 200, 400, 800, 1000]);
});

test.run();
