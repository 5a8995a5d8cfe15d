// The alert hub acknowledges only committed changes, commits openings at once and batches
// updates, and keeps the order of changes to one alert.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { AlertStreamEvent } from '../../protocol/alert.ts';
import { encodeSensorLine } from '../../protocol/sensor-packets.ts';
import type { Connection } from '../../reference-server/ingest/connection.ts';
import { startTestServer } from './helpers.ts';

const conn: Connection = { id: 0, remoteIp: '10.0.0.1', socket: null, splitter: null, authedLocs: null, lastLocId: null };
const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

test('opening is committed then published at once; updates are held until the tick, in order, and stored', async () => {
  let now = 1_000_000;
  const ts = await startTestServer({ fusion: { updateIntervalMs: 0, quietCloseMs: 5_000 } }, { clock: () => now });
  const events: AlertStreamEvent[] = [];
  ts.server.ctx.alerts.subscribe((e) => events.push(e));
  try {
    const smoke = encodeSensorLine('hub', { ADC1: 3000 });
    ts.server.tcp.enqueue(smoke, conn, performance.now());
    await turn();
    assert.equal(events.map((e) => e.type), ['alert-opened']);
    const id = events[0]?.type === 'alert-opened' ? events[0].alert.id : '';
    assert.ok(ts.server.ctx.store.get(id), 'published only once it is in the store');
    for (let i = 0; i < 5; i++) {
      now += 100;
      ts.server.tcp.enqueue(smoke, conn, performance.now());
      await turn();
    }
    assert.is(events.length, 1, 'updates are held, not committed per batch');
    ts.server.ctx.alerts.flushDeferred();
    assert.equal(events.map((e) => e.type), ['alert-opened', 'alert-updated', 'alert-updated', 'alert-updated', 'alert-updated', 'alert-updated']);
    assert.is(ts.server.ctx.store.get(id)?.updateCount, 5);
    now += 100;
    ts.server.tcp.enqueue(smoke, conn, performance.now()); // one more held update …
    await turn();
    now += 6_000;
    ts.server.ctx.fusion.tick(); // … then the close: the held update must be committed before it
    await turn();
    assert.equal(events.slice(-2).map((e) => e.type), ['alert-updated', 'alert-closed']);
    assert.ok(ts.server.ctx.store.get(id)?.closedMs, 'closed in the store, not reopened by a late update');
  } finally {
    await ts.stop();
  }
});

test.run();
