// Scripted incidents are rendered into the packets (ground truth) and their injection time is the
// first packet that carried them. Checked at a real listener with the protocol decoder.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startSensorFleet } from '../../simulators/sensors/fleet.ts';
import { LineSink } from '../simulators/sensors/line-sink.ts';

test('hot spot rises to ≥ 60 °C, smoke ADC1 ≥ 1024, flame MPY30=1, combined; injection times recorded', async () => {
  const sink = new LineSink('async-original');
  const port = await sink.listen();
  try {
    const fleet = await startSensorFleet({
      targets: [{ host: '127.0.0.1', port }], devices: 5, rateHz: 10, durationMs: 1200, seed: 3,
      incidents: [
        { id: 'hot', kind: 'hot-spot', atS: 0.2, durationS: 0.8, locId: 'dev0002' },
        { id: 'smoke', kind: 'smoke', atS: 0.3, durationS: 0.5, locId: 'dev0003' },
        { id: 'flame', kind: 'flame', atS: 0.3, durationS: 0.5, locId: 'dev0004' },
        { id: 'all', kind: 'combined', atS: 0.4, durationS: 0.5, locId: 'dev0005' },
      ],
    });
    const report = await fleet.done;
    const frames = (loc: string) => sink.lines.flatMap((l) => (l.result.ok && l.result.packet.kind === 'frame' && l.result.packet.locId === loc ? [{ l, p: l.result.packet }] : []));
    const sensors = (loc: string) => sink.lines.flatMap((l) => (l.result.ok && l.result.packet.kind === 'sensor' && l.result.packet.locId === loc ? [{ l, p: l.result.packet }] : []));

    // Quiet device: ambient only, never an alarm-level reading.
    assert.ok(frames('dev0001').every(({ p }) => p.maxValue <= 27.01));
    assert.ok(sensors('dev0001').every(({ p }) => (p.fields.ADC1 as number) < 1024 && p.flameDigital === 0 && (p.flamePct as number) < 25));

    // Hot spot: rises over a few frames to ≥ 60 °C, then returns to ambient after the incident.
    const hot = frames('dev0002').map(({ p }) => p.maxValue);
    const firstHot = hot.findIndex((m) => m > 30);
    assert.ok(firstHot > 0, `hot series ${hot.map((m) => m.toFixed(1)).join(' ')}`);
    assert.ok((hot[firstHot] as number) < 60 && (hot[firstHot + 2] as number) >= 60, 'rising, ≥ 60 °C by the third frame');
    assert.ok((hot.at(-1) as number) <= 27.01, 'back to ambient after durationS');

    assert.ok(sensors('dev0003').some(({ p }) => (p.fields.ADC1 as number) >= 1024 && (p.smokePct as number) >= 25));
    assert.ok(sensors('dev0004').some(({ p }) => p.flameDigital === 1 && (p.flamePct as number) >= 80));
    const all = sensors('dev0005').filter(({ p }) => p.flameDigital === 1 && (p.fields.ADC1 as number) >= 1024);
    assert.ok(all.length > 0 && frames('dev0005').some(({ p }) => p.maxValue > 40));

    const injected = report.injectedIncidents;
    assert.equal(injected.map((i) => i.id).sort(), ['all', 'flame', 'hot', 'smoke']);
    for (const i of injected) {
      const intendedMs = fleet.startedAtMs + i.atS * 1000;
      assert.ok(i.injectedAtMs >= intendedMs - 5 && i.injectedAtMs <= intendedMs + 1000, `${i.id} injected ${i.injectedAtMs - intendedMs} ms after its atS`);
    }
    // The first carrying packet reached the listener no earlier than the recorded injection.
    const firstSmoke = sensors('dev0003').find(({ p }) => (p.fields.ADC1 as number) >= 1024);
    const smokeAt = injected.find((i) => i.id === 'smoke')?.injectedAtMs ?? 0;
    assert.ok(firstSmoke && performance.timeOrigin + firstSmoke.l.atMs >= smokeAt - 2);
  } finally {
    await sink.close();
  }
});

test('incidents naming unknown locations are rejected before anything starts', async () => {
  try {
    await startSensorFleet({ targets: [{ host: '127.0.0.1', port: 1 }], devices: 2, rateHz: 1, durationMs: 1000, incidents: [{ id: 'x', kind: 'smoke', atS: 0, durationS: 1, locId: 'dev9999' }] });
    assert.unreachable();
  } catch (err) {
    assert.is((err as { code?: string }).code, 'EMBER_ERR_SIM_FLEET_OPTIONS_INVALID');
    assert.is((err as { problems: Array<{ path: string }> }).problems[0]?.path, 'incidents[0].locId');
  }
});

test.run();
