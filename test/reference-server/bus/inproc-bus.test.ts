import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { InprocBus } from '../../../reference-server/bus/inproc-bus.ts';
import { resolveBusOptions } from '../../../reference-server/bus/options.ts';
import type { BusMessage } from '../../../reference-server/bus/types.ts';
import { openedAlert } from './alert-fixture.ts';

test('in-process bus delivers each family to its subscribers with subject and publisher', async () => {
  const bus = new InprocBus(resolveBusOptions({ nodeId: 'a' }));
  const sensors: BusMessage<'sensor'>[] = [];
  const detections: BusMessage<'detection'>[] = [];
  bus.subscribe('sensor', (m) => sensors.push(m));
  const sub = bus.subscribe('detection', (m) => detections.push(m));
  bus.publishSensor({ locId: '12', kind: 'sensor', receivedMs: 1, fields: { smokePct: 30 } });
  bus.publishDetection({ cameraId: '3', score: 0.9, frameMs: 2 });
  sub.unsubscribe();
  bus.publishDetection({ cameraId: '3', score: 0.1, frameMs: 3 });
  assert.is(sensors.length, 1);
  assert.is(sensors[0]?.subject, 'ember.sensor.a.12');
  assert.is(sensors[0]?.fromNode, 'a');
  assert.equal(sensors[0]?.data.fields, { smokePct: 30 });
  assert.is(detections.length, 1, 'nothing after unsubscribe');
  assert.is(bus.health().publishedTotal.detection, 2);
  await bus.close();
  assert.throws(() => bus.publishSensor({ locId: '1', kind: 'frame', receivedMs: 0, fields: {} }), /closed/);
  assert.is(bus.health().state, 'down');
});

test('in-process bus stores a repeated alert once within the window (same rule as JetStream)', async () => {
  const bus = new InprocBus(resolveBusOptions({ nodeId: 'a' }));
  const got: string[] = [];
  bus.subscribe('alert', (m) => got.push(m.data.alert.id));
  const first = await bus.publishAlert(openedAlert('7', 'smoke', 60_500, 'a'));
  const again = await bus.publishAlert(openedAlert('7', 'smoke', 61_000, 'b'));
  assert.is(first.stored, true);
  assert.is(again.stored, false);
  assert.is(again.dedupId, first.dedupId);
  assert.equal(got, ['a-7-smoke-60500']);
  assert.is(bus.health().duplicateAlertsTotal, 1);
  await bus.close();
});

test('a throwing subscriber does not stop others nor fail the publisher', async () => {
  const bus = new InprocBus(resolveBusOptions({}));
  let seen = 0;
  bus.subscribe('sensor', () => {
    throw new Error('bad handler');
  });
  bus.subscribe('sensor', () => seen++);
  bus.publishSensor({ locId: '1', kind: 'frame', receivedMs: 0, fields: {} });
  assert.is(seen, 1);
  assert.match(bus.health().lastError ?? '', 'bad handler');
  await bus.close();
});

test.run();
