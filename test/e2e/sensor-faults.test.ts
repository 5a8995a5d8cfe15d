// Each fault kind of the sensor fleet arrives at a real TCP listener and is counted there, and the
// fleet's own counters agree. Small fleets, ~1 s each, loopback only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSensorFleet } from '../../simulators/sensors/fleet.ts';
import type { SensorFleetOptions } from '../../simulators/sensors/fleet-options.ts';
import { MALFORMED_VARIANTS } from '../../simulators/sensors/malformed.ts';
import { LineSink } from '../simulators/sensors/line-sink.ts';

async function run(opts: Omit<SensorFleetOptions, 'targets'>, during?: (fleet: Awaited<ReturnType<typeof startSensorFleet>>) => void) {
  const sink = new LineSink('async-original');
  const port = await sink.listen();
  try {
    // No preflight probe here, so the listener's connection ids are exactly the devices' connections.
    const fleet = await startSensorFleet({ targets: [{ host: '127.0.0.1', port }], preflight: false, ...opts });
    during?.(fleet);
    const report = await fleet.done;
    return { sink, report, fleet };
  } finally {
    await sink.close();
  }
}

function sensorLines(sink: LineSink) {
  return sink.lines.flatMap((l) => (l.result.ok && l.result.packet.kind === 'sensor' ? [{ line: l, p: l.result.packet }] : []));
}

test('malformed: every variant arrives and the listener counts each reason', async () => {
  const variants = MALFORMED_VARIANTS.filter((v) => v !== 'over-long-line');
  const { sink, report } = await run({ devices: 4, rateHz: 20, durationMs: 700, frameEveryTicks: 0, faults: [{ kind: 'malformed', ratio: 0.5, variants }] });
  const injected = (v: string): number => report.faultsInjected[`malformed:${v}`] ?? 0;
  for (const v of variants) assert.ok(injected(v) >= 1, `${v} injected`);
  assert.is(sink.count('bad:frame-parse'), injected('frame-no-colon') + injected('frame-parse-error'));
  assert.is(sink.count('bad:frame-count'), injected('frame-count'));
  assert.is(sink.count('bad:frame-length'), injected('frame-length'));
  assert.is(sink.count('bad:sensor-parse'), injected('sensor-no-colon') + injected('parsing-exception'));
  assert.is(sink.count('bad:eeprom-length'), injected('eeprom-size'));
  assert.is(sink.count('bad:eeprom-parse'), injected('eeprom-missing-colon') + injected('eeprom-parse-exception'));
  assert.is(sink.count('bad:unknown-packet-type'), injected('unknown-packet-type') + injected('random-bytes'));
  assert.is(report.sent.malformed + report.sent.sensorLines, report.sent.ticks);
  assert.is(sink.count('sensor'), report.sent.sensorLines);
});

test('malformed over-long line: the listener closes the connection, the device reconnects', async () => {
  const { sink, report } = await run({ devices: 1, rateHz: 10, durationMs: 1200, frameEveryTicks: 0, reconnect: { baseMs: 50, maxMs: 200, jitter: 0 }, faults: [{ kind: 'malformed', atMs: 100, durationMs: 150, ratio: 1, variants: ['over-long-line'] }] });
  assert.ok(sink.overLongLines >= 1);
  assert.ok(report.reconnects >= 1, `reconnects=${report.reconnects}`);
  assert.ok(sink.connections.length >= 2);
});

test('packet storm: k× rate during the window, measured at the listener from TS=', async () => {
  const { sink, report, fleet } = await run({ devices: 4, rateHz: 10, durationMs: 1200, frameEveryTicks: 0, faults: [{ kind: 'packet-storm', atMs: 400, durationMs: 400, multiplier: 4 }] });
  const rel = sensorLines(sink).map(({ p }) => (p.sentUs as number) / 1000 - fleet.startedAtMs);
  const before = rel.filter((t) => t >= 0 && t < 400).length;
  const during = rel.filter((t) => t >= 400 && t < 800).length;
  assert.ok(during >= before * 2.5, `storm ${during} vs baseline ${before}`);
  assert.is(report.faultsInjected['packet-storm:episodes'], 1);
});

test('reconnect storm all-at-once: every device drops and is back at once', async () => {
  const { sink, report } = await run({ devices: 5, rateHz: 10, durationMs: 900, faults: [{ kind: 'reconnect-storm', atMs: 300, mode: 'all-at-once' }] });
  assert.is(sink.connections.length, 10);
  assert.is(report.reconnects, 5);
  assert.is(report.faultsInjected['reconnect-storm:drops'], 5);
  const accepted = sink.connections.slice(5).map((c) => c.acceptedMs);
  assert.ok(Math.max(...accepted) - Math.min(...accepted) < 100, 'all five came back together');
});

test('reconnect storm with backoff: returns are spread by jitter, never immediate', async () => {
  const { sink, report } = await run({ devices: 6, rateHz: 10, durationMs: 1000, reconnect: { baseMs: 150, maxMs: 1000, jitter: 0.5 }, faults: [{ kind: 'reconnect-storm', atMs: 200, mode: 'backoff' }] });
  assert.is(report.reconnects, 6);
  const firstSensorOf = (conn: number): number => sink.lines.find((l) => l.conn === conn)?.firstByteMs ?? Infinity;
  const lastBefore = Math.max(...[0, 1, 2, 3, 4, 5].map((c) => sink.lines.filter((l) => l.conn === c).at(-1)?.atMs ?? 0));
  const returns = [6, 7, 8, 9, 10, 11].map(firstSensorOf).filter(Number.isFinite);
  assert.ok(returns.length >= 5);
  assert.ok(Math.min(...returns) - lastBefore >= 50, 'no device came back within 50 ms (base 150 ms − 50 % jitter = 75 ms)');
  assert.ok(Math.max(...returns) - Math.min(...returns) >= 10, 'returns are spread');
});

test('slow device: a line stalls mid-way for the stall time; sends meanwhile are counted as blocked', async () => {
  const { sink, report } = await run({ devices: 2, rateHz: 10, durationMs: 900, frameEveryTicks: 0, faults: [{ kind: 'slow-device', atMs: 100, durationMs: 300, devices: 1, stallMs: 300 }] });
  const spans = sensorLines(sink).map(({ line }) => line.atMs - line.firstByteMs);
  assert.ok(spans.some((s) => s >= 250), `a line took ≥ 250 ms to complete (max ${Math.max(...spans).toFixed(0)} ms)`);
  assert.ok(report.blocked >= 1, `blocked=${report.blocked}`);
  assert.ok((report.faultsInjected['slow-device'] ?? 0) >= 1);
  assert.is(sink.count('bad:sensor-parse'), 0, 'the stalled line still arrives whole');
});

test('clock skew: TS= of the skewed device is off by the skew; invalid token; outside the allowlist', async () => {
  const { sink, report } = await run({
    devices: 3, rateHz: 10, durationMs: 600, frameEveryTicks: 0, authToken: 'good-token',
    faults: [
      { kind: 'clock-skew', devices: 1, skewMs: -5000 },
      { kind: 'invalid-token', devices: 1 },
      { kind: 'outside-allowlist', devices: 1, localAddress: '127.0.0.2' },
    ],
  });
  const lines = sensorLines(sink);
  const offsets = lines.map(({ line, p }) => (p.sentUs as number) / 1000 - (performance.timeOrigin + line.atMs));
  assert.ok(offsets.some((o) => o < -4800 && o > -5200), 'some lines are 5 s in the past');
  assert.ok(offsets.some((o) => o > -200 && o < 50), 'the others are on time');
  const tokens = new Set(lines.map(({ p }) => p.token));
  assert.ok(tokens.has('good-token'));
  assert.ok([...tokens].some((t) => t?.startsWith('invalid-')), [...tokens].join(','));
  assert.ok(sink.connections.some((c) => c.remoteAddress === '127.0.0.2'), sink.connections.map((c) => c.remoteAddress).join(','));
  assert.ok((report.faultsInjected['clock-skew'] ?? 0) >= 1 && (report.faultsInjected['invalid-token'] ?? 0) >= 1 && (report.faultsInjected['outside-allowlist'] ?? 0) >= 1);
});

test('a 300 ms event-loop stall during a real run shows as lateness and drops', async () => {
  const { report, sink } = await run({ devices: 10, rateHz: 20, durationMs: 900, frameEveryTicks: 0 }, () => {
    setTimeout(() => {
      const end = performance.now() + 300;
      while (performance.now() < end) {
        // block the loop like a long GC pause
      }
    }, 300);
  });
  assert.ok(report.lateness.maxMs >= 250, `max ${report.lateness.maxMs}`);
  assert.ok(report.dropped >= 10 * 4, `dropped ${report.dropped}`);
  assert.is(report.intended, report.sent.ticks + report.dropped + report.notConnected + report.blocked);
  assert.is(sink.count('sensor'), report.sent.sensorLines, 'what was counted as sent arrived');
});

test.run();
