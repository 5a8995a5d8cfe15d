// The same input through the in-process bus and through NATS JetStream gives identical fusion
// results: ingest side = BusForwardingFusion (what the ingest roles run), fusion side =
// attachFusionBridge + FusionEngine (what the fusion role runs). Time is driven by the events.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_CONFIG } from '../../../reference-server/config-schema.ts';
import { createBus } from '../../../reference-server/bus/create-bus.ts';
import { resolveBusOptions } from '../../../reference-server/bus/options.ts';
import type { Bus } from '../../../reference-server/bus/types.ts';
import { BusForwardingFusion } from '../../../reference-server/cluster/bus-forwarding-fusion.ts';
import { attachFusionBridge } from '../../../reference-server/cluster/fusion-bridge.ts';
import { FusionEngine } from '../../../reference-server/fuse/fusion.ts';
import type { AlertChange } from '../../../reference-server/fuse/alert-tracker.ts';
import { natsServerAvailable, startNatsServer } from '../bus/nats-fixture.ts';

const T0 = 1_700_000_000_000;

/** 5 locations × 40 ticks of 100 ms: idle readings, a hot spot, smoke, flame+thermal, vision+sensor. */
function drive(ingest: FusionEngine): void {
  for (let tick = 0; tick < 40; tick++) {
    const atMs = T0 + tick * 100;
    for (let loc = 0; loc < 5; loc++) {
      const locId = `loc-${loc}`;
      const hot = loc === 1 && tick >= 10 ? 65 : loc === 3 && tick >= 20 ? 45 : 28 + (tick % 3);
      ingest.ingestThermal({ locId, maxC: hot, hotCellCount: hot > 40 ? 4 : 0, atMs });
      const smokePct = loc === 2 && tick >= 15 ? 31.5 : 6.5;
      const flamePct = loc === 3 && tick >= 25 ? 40 : 12;
      ingest.ingestSensor({ locId, smokePct, flamePct, flameDigital: 0, atMs: atMs + 40, sentUs: (atMs + 30) * 1000 });
      if (loc === 4 && tick >= 30) ingest.ingestVision({ locId, cameraId: 'cam-4', score: 0.92, atMs: atMs + 60 });
    }
    if (tick >= 30) ingest.ingestSensor({ locId: 'loc-4', smokePct: 30, flamePct: 10, flameDigital: 0, atMs: atMs + 70 });
  }
}

async function fuseThrough(bus: Bus): Promise<Omit<AlertChange['alert'], 'id'>[]> {
  let nowMs = T0;
  let ids = 0;
  const changes: AlertChange[] = [];
  const fusion = new FusionEngine(DEFAULT_CONFIG.fusion, { clock: () => nowMs, newId: () => `a${++ids}`, onChanges: (c) => changes.push(...c) });
  const bridge = attachFusionBridge(bus, fusion, { beforeIngest: (atMs) => (nowMs = Math.max(nowMs, atMs)) });
  await bridge.ready;
  const ingest = new BusForwardingFusion(DEFAULT_CONFIG.fusion, { clock: () => T0, newId: () => 'unused' }, bus);
  drive(ingest);
  await bus.flush();
  const expected = 5 * 40 * 2 + 10 + 10;
  const until = Date.now() + 10_000;
  while (bridge.stats.eventsIn < expected && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  assert.is(bridge.stats.eventsIn, expected, 'every event crossed the bus');
  bridge.close();
  return changes.map((c) => {
    const { id: _id, ...rest } = c.alert;
    return { ...rest, type: c.type } as Omit<AlertChange['alert'], 'id'>;
  });
}

if (!natsServerAvailable()) {
  console.log('SKIP bus-parity: install the Debian package nats-server');
} else {
  test('in-process bus and NATS bus give identical fusion results on the same input', async () => {
    const nats = await startNatsServer();
    const inproc = (await createBus(resolveBusOptions({ kind: 'inproc', nodeId: 'n1' }))).bus;
    const natsBus = (await createBus(resolveBusOptions({ kind: 'nats', natsUrl: nats.url, nodeId: 'n1' }))).bus;
    try {
      const viaInproc = await fuseThrough(inproc);
      const viaNats = await fuseThrough(natsBus);
      const causes = new Set(viaInproc.map((a) => a.cause));
      // Hand-checked: loc-1 critical temperature (65 °C), loc-2 smoke, loc-3 flame+thermal, loc-4 vision+sensor.
      for (const c of ['critical-temperature', 'smoke', 'flame-thermal', 'vision-sensor']) assert.ok(causes.has(c as never), `expected a ${c} alert, got ${[...causes].join(', ')}`);
      assert.equal(viaNats, viaInproc);
    } finally {
      await inproc.close();
      await natsBus.close();
      await nats.stop();
    }
  });
}

test.run();
