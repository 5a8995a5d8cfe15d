// The device handshake against minimal stand-ins of the original servers, over real sockets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Socket } from 'node:net';
import { decodeSensorLine } from '../../protocol/sensor-packets.ts';
import { startSensorFleet } from '../../simulators/sensors/fleet.ts';
import { LineSink } from '../simulators/sensors/line-sink.ts';

test('stand-in of the original: PERIODIC_ON (no newline), then PERIOD_ON, EEPROM1, REQUEST1 split across segments', async () => {
  const received: string[] = [];
  const chunks: number[] = [];
  let readsEndingMidLine = 0;
  const before: string[] = [];
  let streamingStartedAt = 0;
  let sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('error', () => {});
    let buf = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => {
      chunks.push(d.length);
      if (!d.endsWith('\n')) readsEndingMidLine++;
      buf += d;
      let i: number;
      while ((i = buf.indexOf('\n')) !== -1) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        (streamingStartedAt === 0 ? before : received).push(line);
      }
    });
    // Greeting first, so anything the device sends before PERIODIC_ON is captured in `before`.
    setTimeout(() => {
      streamingStartedAt = performance.now();
      s.write('PERIODIC_ON');
      setTimeout(() => s.write('PERIOD_ON\nEEP'), 30);
      setTimeout(() => s.write('ROM1\nREQ'), 60);
      setTimeout(() => s.write('UEST1\n'), 90);
    }, 150);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  try {
    const fleet = await startSensorFleet({ targets: [{ host: '127.0.0.1', port }], devices: 1, rateHz: 4, durationMs: 800, greeting: true, preflight: false, frameChunkGapMs: 30 });
    const report = await fleet.done;
    // Before the command: only the greeting, CRLF-terminated.
    assert.is(before.length, 2, `only the greeting before PERIODIC_ON: ${JSON.stringify(before)}`);
    assert.ok(/^#serialno:PF\d{6}!\r$/.test(before[0] ?? ''), before[0]);
    assert.is(before[1], '#locid:dev0001!\r');
    const kinds = received.map((l) => {
      assert.ok(l.endsWith('\r'), 'every line ends in CRLF');
      const r = decodeSensorLine(l.trim(), '127.0.0.1');
      assert.ok(r.ok, `decodes: ${l.slice(0, 60)} → ${r.ok ? '' : r.reason}`);
      return r.ok ? r.packet.kind : 'bad';
    });
    assert.ok(kinds.includes('eeprom'), 'answered EEPROM1');
    assert.is(report.sent.eepromReplies, 1);
    assert.is(report.sent.requestReplies, 1);
    assert.is(kinds.filter((k) => k === 'frame').length, report.sent.frames, 'scheduled frames + the REQUEST1 frame');
    assert.is(kinds.filter((k) => k === 'sensor').length, report.sent.sensorLines);
    assert.ok(report.sent.ticks >= 2, `streamed after PERIODIC_ON (${report.sent.ticks} ticks)`);
    assert.equal(report.commandsReceived, { EEPROM1: 1, PERIODIC_ON: 1, PERIOD_ON: 1, REQUEST1: 1 });
    // Frames go out in 3 writes 30 ms apart like the real device: the server sees reads ending mid-line.
    assert.ok(readsEndingMidLine >= 2, `reads ending mid-line: ${readsEndingMidLine} (sizes ${chunks.slice(0, 8).join(',')})`);
  } finally {
    for (const s of sockets) s.destroy();
    sockets = [];
    await new Promise<void>((r) => server.close(() => r()));
  }
});

test('threaded original (PERIOD_ON\\n 100 ms after accept): devices wait, then stream', async () => {
  const sink = new LineSink('threaded-original');
  const port = await sink.listen();
  try {
    const fleet = await startSensorFleet({ targets: [{ host: '127.0.0.1', port }], devices: 5, rateHz: 10, durationMs: 500 });
    const report = await fleet.done;
    assert.is(report.commandsReceived.PERIOD_ON, 5);
    assert.is(sink.count('sensor'), report.sent.sensorLines);
    assert.is(sink.count('frame'), report.sent.frames);
    assert.is(report.notConnected, 0);
  } finally {
    await sink.close();
  }
});

test('a server that never sends PERIOD_ON gets no data: the sends are counted as notConnected', async () => {
  const sink = new LineSink('silent');
  const port = await sink.listen();
  try {
    const fleet = await startSensorFleet({ targets: [{ host: '127.0.0.1', port }], devices: 2, rateHz: 10, durationMs: 400, connectTimeoutMs: 200 });
    const report = await fleet.done;
    assert.is(sink.lines.length, 0);
    assert.is(report.sent.ticks, 0);
    assert.ok(report.notConnected >= 6, `notConnected=${report.notConnected}`);
    assert.is(report.intended, report.notConnected + report.dropped);
  } finally {
    await sink.close();
  }
});

test.run();
