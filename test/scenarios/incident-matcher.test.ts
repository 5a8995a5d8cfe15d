// Incident ↔ alert matching on synthetic streams: latency from injection, recall, precision,
// corroborating causes, duplicates and false positives.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Alert, AlertCause, InjectedIncident } from '../../protocol/alert.ts';
import { matchIncidents } from '../../scenarios/probes/incident-matcher.ts';
import type { ReceivedAlertEvent } from '../../scenarios/probes/alert-listener.ts';

const T0 = 1_800_000_000_000;
function inc(id: string, locId: string, atMs: number, kind: InjectedIncident['kind'] = 'hot-spot'): InjectedIncident {
  return { id, kind, atS: 0, durationS: 3, locId, injectedAtMs: T0 + atMs };
}
let n = 0;
function opened(locId: string, cause: AlertCause, firstSeenMs: number, receivedMs: number, id = `a${++n}`, type: 'alert-opened' | 'alert-updated' = 'alert-opened'): ReceivedAlertEvent {
  const alert: Alert = { id, locId, cause, level: 'critical', reason: 'x', confidence: 1, sources: ['thermal'], firstSeenMs: T0 + firstSeenMs, committedMs: T0 + firstSeenMs + 2, lastSeenMs: T0 + firstSeenMs, updateCount: 0 };
  return { receivedAtMs: T0 + receivedMs, event: { type, alert } };
}

test('each incident matches its first alert; latency is injection → received on the stream', () => {
  const r = matchIncidents([inc('i1', 'dev1', 0), inc('i2', 'dev2', 10_000)], [opened('dev1', 'thermal', 5, 12), opened('dev2', 'critical-temperature', 10_020, 10_030)]);
  assert.equal(r.e2eMs, [12, 30]);
  assert.equal(r.commitMs, [7, 22]);
  assert.equal(r.accuracy, { alertsSeen: 2, matched: 2, unmatched: 0, duplicates: 0, recall: 1, precision: 1 });
  assert.is(r.outcomes[0]?.alertId, 'a1');
});

test('a second detecting cause corroborates; the same cause reopened is a duplicate; updates are not openings', () => {
  const events = [
    opened('dev1', 'thermal', 5, 10),
    opened('dev1', 'critical-temperature', 200, 210),
    opened('dev1', 'critical-temperature', 300, 310, 'a1', 'alert-updated'),
    opened('dev1', 'thermal', 2_000, 2_010),
  ];
  const r = matchIncidents([inc('i1', 'dev1', 0)], events);
  assert.is(r.accuracy.matched, 1);
  assert.is(r.accuracy.duplicates, 1);
  assert.is(r.accuracy.unmatched, 0);
  assert.is(r.accuracy.alertsSeen, 3);
});

test('wrong place, wrong cause, or outside the window are false positives; missed incidents lower recall', () => {
  const r = matchIncidents(
    [inc('i1', 'dev1', 0), inc('i2', 'dev2', 0)],
    [opened('dev9', 'thermal', 5, 10), opened('dev1', 'smoke', 5, 10), opened('dev1', 'thermal', 60_000, 60_010), opened('dev2', 'thermal', -5_000, -4_990)],
  );
  assert.is(r.accuracy.matched, 0);
  assert.is(r.accuracy.unmatched, 4);
  assert.is(r.accuracy.recall, 0);
  assert.is(r.accuracy.precision, 0);
  assert.equal(r.outcomes.map((o) => o.detected), [false, false]);
});

test('vision incidents match by camera number whatever the id style', () => {
  const vision: InjectedIncident = { id: 'v1', kind: 'vision-fire', atS: 0, durationS: 3, cameraId: '7', injectedAtMs: T0 };
  const ev = opened('cam-loc-07', 'vision', 100, 150);
  const withCam: ReceivedAlertEvent = { ...ev, event: { type: 'alert-opened', alert: { ...(ev.event as { alert: Alert }).alert, cameraId: 'cam07' } } };
  const r = matchIncidents([vision], [withCam]);
  assert.is(r.accuracy.matched, 1);
  assert.equal(r.e2eMs, [150]);
});

test('no incidents and no alerts: recall and precision are unknown, not perfect', () => {
  const r = matchIncidents([], []);
  assert.is(r.accuracy.recall, null);
  assert.is(r.accuracy.precision, null);
});

test.run();
