// The queue drains on the next event-loop turn (setImmediate), not after a batch timer like the
// original's 50 ms sleep; drop-oldest from 80 % is counted; one turn yields after maxBatchPerTurn.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeSensorLine } from '../../protocol/sensor-packets.ts';
import type { Connection } from '../../reference-server/ingest/connection.ts';
import { connectDevice, scrape, startTestServer, waitFor } from './helpers.ts';

const t = suite('ingest drain');
const conn = (): Connection => ({ id: 0, remoteIp: '10.1.2.3', socket: null, splitter: null, authedLocs: null, lastLocId: null });
const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

t('a queued packet is processed on the next loop turn, with no timer in between', async () => {
  const ts = await startTestServer();
  try {
    ts.server.tcp.enqueue(encodeSensorLine('turn', { ADC1: 100 }), conn(), performance.now());
    assert.is(ts.server.ctx.devices.packetsOf('turn'), 0, 'not processed synchronously inside the read');
    await nextTurn();
    assert.is(ts.server.ctx.devices.packetsOf('turn'), 1);
  } finally {
    await ts.stop();
  }
});

t('a burst larger than one turn is processed across consecutive turns; overflow from 80 % is dropped and counted', async () => {
  const ts = await startTestServer({ ingest: { queueCapacity: 100, maxBatchPerTurn: 30 } });
  try {
    const c = conn();
    for (let i = 0; i < 120; i++) ts.server.tcp.enqueue(encodeSensorLine(`b${i}`, { ADC1: 100 }), c, performance.now());
    assert.is(ts.server.tcp.queue.length, 80);
    const m = await scrape(ts.server);
    assert.is(m.get('emberload_packets_dropped_total{reason="queue-drop-oldest"}'), 40);
    assert.is(ts.server.ctx.devices.packetsOf('b0'), 0, 'the oldest were dropped');
    await nextTurn();
    assert.is(ts.server.tcp.queue.length, 50, 'one turn processed maxBatchPerTurn');
    for (let i = 0; i < 3; i++) await nextTurn();
    assert.is(ts.server.tcp.queue.length, 0);
    assert.is(ts.server.ctx.devices.packetsOf('b119'), 1);
  } finally {
    await ts.stop();
  }
});

t('over real sockets, a burst beyond the per-turn budget still fills the queue and drop-oldest sheds it (counted)', async () => {
  const ts = await startTestServer({ ingest: { queueCapacity: 100, maxBatchPerTurn: 10, inlineProcessFrom: 1 } });
  const dev = await connectDevice(ts.tcpPort);
  try {
    const lines = Array.from({ length: 5_000 }, (_, i) => encodeSensorLine(`burst${i}`, { ADC1: 100 })).join('\n');
    await dev.send(`${lines}\n`);
    const accounted = async (): Promise<{ processed: number; dropped: number }> => {
      const m = await scrape(ts.server);
      return { processed: m.get('emberload_packets_processed_total{kind="sensor"}') ?? 0, dropped: m.get('emberload_packets_dropped_total{reason="queue-drop-oldest"}') ?? 0 };
    };
    const r = await waitFor('every line processed or dropped', async () => {
      const a = await accounted();
      return a.processed + a.dropped === 5_000 ? a : null;
    });
    assert.ok(r.dropped > 0, 'the bounded queue shed the burst');
    assert.ok(r.processed > 0);
    assert.is(ts.server.ctx.devices.packetsOf('burst4999'), 1, 'the newest survive drop-oldest');
  } finally {
    dev.end();
    await ts.stop();
  }
});

t.run();
