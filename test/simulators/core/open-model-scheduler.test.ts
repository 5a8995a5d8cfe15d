import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { OpenModelScheduler } from '../../../simulators/core/open-model-scheduler.ts';
import { SharedTicker } from '../../../simulators/core/shared-ticker.ts';

function busyWaitMs(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // deliberately block the event loop, like a GC pause or a slow synchronous write
  }
}

function runScheduler(opts: { slots: number; rateHz: number; durationMs: number; blockAtMs?: number; blockMs?: number; connected?: (slot: number) => boolean }): Promise<{ s: OpenModelScheduler; perSlot: number[]; intendedGapsOk: boolean }> {
  return new Promise((resolve) => {
    const ticker = new SharedTicker();
    const perSlot = new Array<number>(opts.slots).fill(0);
    const lastIntended = new Array<number>(opts.slots).fill(-1);
    let intendedGapsOk = true;
    const s = new OpenModelScheduler({
      slots: opts.slots,
      rateHz: opts.rateHz,
      durationMs: opts.durationMs,
      send: (slot, intendedMs) => {
        if (opts.connected && !opts.connected(slot)) return 'not-connected';
        const prev = lastIntended[slot] as number;
        // Intended times of one device are at least one period apart: never bunched.
        if (prev >= 0 && intendedMs - prev < 1000 / opts.rateHz - 1e-6) intendedGapsOk = false;
        lastIntended[slot] = intendedMs;
        perSlot[slot] = (perSlot[slot] as number) + 1;
        return 'sent';
      },
      onEnd: () => {
        ticker.stop();
        resolve({ s, perSlot, intendedGapsOk });
      },
    });
    ticker.start();
    s.start(ticker);
    if (opts.blockAtMs !== undefined) setTimeout(() => busyWaitMs(opts.blockMs ?? 300), opts.blockAtMs);
  });
}

test('a 300 ms event-loop stall is counted as lateness and drops, not hidden', async () => {
  // 20 devices at 50 Hz (20 ms period) for 1 s; block the loop for 300 ms at 400 ms.
  const { s, intendedGapsOk } = await runScheduler({ slots: 20, rateHz: 50, durationMs: 1000, blockAtMs: 400, blockMs: 300 });
  const c = s.counters();
  const lat = s.lateness.summary();
  assert.ok(lat.maxMs >= 250, `max lateness ${lat.maxMs} ms should reflect the 300 ms stall`);
  assert.ok(c.late >= 1, `sends right after the stall are late (late=${c.late})`);
  // Dropped sends carry their lateness into the histogram, so the stall moves p99, not just max.
  assert.ok(lat.p99Ms >= 100, `p99 lateness ${lat.p99Ms} ms`);
  // Each device missed ~14 whole periods during the stall: counted, not sent in a bunch.
  assert.ok(c.dropped >= 20 * 10, `dropped=${c.dropped}`);
  assert.ok(intendedGapsOk, 'sends of one device were never bunched closer than one period');
  assert.is(c.intended, c.sent + c.dropped + c.notConnected + c.blocked);
});

test('without a stall every intended send goes out, none dropped', async () => {
  const { s, perSlot } = await runScheduler({ slots: 10, rateHz: 20, durationMs: 500 });
  const c = s.counters();
  assert.is(c.dropped, 0);
  assert.is(c.intended, c.sent);
  // 500 ms at 20 Hz = 10 intended sends per device (phase-spread start), allow one at the edges.
  for (const n of perSlot) assert.ok(n >= 9 && n <= 11, `per-device sends ${n}`);
});

test('sends due while a device is disconnected are counted as notConnected', async () => {
  const { s } = await runScheduler({ slots: 4, rateHz: 20, durationMs: 300, connected: (slot) => slot !== 0 });
  const c = s.counters();
  assert.ok(c.notConnected >= 5, `notConnected=${c.notConnected}`);
  assert.is(c.intended, c.sent + c.dropped + c.notConnected + c.blocked);
});

test('ramp stage activates devices gradually', async () => {
  const ticker = new SharedTicker();
  const firstSendAt: number[] = [];
  let startMs = 0;
  await new Promise<void>((resolve) => {
    const s = new OpenModelScheduler({
      slots: 10, rateHz: 10, durationMs: 600,
      stages: [{ kind: 'ramp', fromDevices: 0, toDevices: 10, durationMs: 500 }],
      send: (slot, intendedMs) => {
        if (firstSendAt[slot] === undefined) firstSendAt[slot] = intendedMs - startMs;
        return 'sent';
      },
      onEnd: () => { ticker.stop(); resolve(); },
    });
    ticker.start();
    startMs = performance.now();
    s.start(ticker, startMs);
  });
  assert.is(firstSendAt.length, 10);
  assert.ok((firstSendAt[0] as number) < 100 && (firstSendAt[9] as number) >= 400, `first sends ${firstSendAt.map((x) => Math.round(x)).join(',')}`);
});

test.run();
