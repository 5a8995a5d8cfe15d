// sizing-model.md §4.4–4.5 golden cases (network, CPU, RAM, measurement derivation), exact.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { q } from '../../calculators/rational.ts';
import { cameraIngressBps, ingestWriteBytesPerS, portsNeeded, prefixFor, sensorsBps, switchesFor, uplinkBps } from '../../calculators/network.ts';
import { utilCheck, fitCheck } from '../../calculators/checks.ts';
import { busyCoresForCameras, camerasPerDetector, coreSecPerFrame, detectorInferencesPerS, frigateShmBytes, FRIGATE_LOGS_BYTES, memoryBreakdown, requiredCores } from '../../calculators/compute.ts';
import { olsFit } from '../../calculators/ols.ts';
import { MIB, GIB } from '../../calculators/units.ts';
import { Q } from '../../calculators/rational.ts';

const mbps = (n: number) => q(n * 1_000_000);
const dec = (s: string) => Q.parse(s) as Q;

test('G18 sensorsBps(20, 50 pps, 40 B, header 0/58/78); (100, 50, 40, 58)', () => {
  assert.equal([0n, 58n, 78n].map((h) => sensorsBps(20n, q(50), 40n, h).toString()), ['320000', '784000', '944000']);
  assert.is(sensorsBps(100n, q(50), 40n, 58n).toString(), '3920000');
});

test('G19 cameraIngress(200 × 4 Mbps, +1/5) = 960 Mbps: 1 GbE 24/25 FAIL; 10 GbE 12/125 PASS', () => {
  const bps = cameraIngressBps(200n, mbps(4), q(1, 5));
  assert.is(bps.toString(), '960000000');
  const one = utilCheck('link', '1 GbE', 'bps', bps, q(1_000_000_000), q(7, 10), q(4, 5));
  const ten = utilCheck('link', '10 GbE', 'bps', bps, q(10_000_000_000), q(7, 10), q(4, 5));
  assert.equal([one.utilisation?.toString(), one.verdict], ['24/25', 'FAIL']);
  assert.equal([ten.utilisation?.toString(), ten.verdict], ['12/125', 'PASS']);
});

test('G20 uplink(50 viewers × 2 Mbps + 20 Mbps API, headroom 0 / 1/4)', () => {
  assert.is(uplinkBps(50n, mbps(2), mbps(20), q(0)).toString(), '120000000');
  assert.is(uplinkBps(50n, mbps(2), mbps(20), q(1, 4)).toString(), '150000000');
});

test('G21 ingestWrite(40 × 4 Mbps) = 20,000,000 B/s per node; 5 active = 100,000,000 B/s', () => {
  const perNode = ingestWriteBytesPerS(40n, mbps(4));
  assert.is(perNode.toString(), '20000000');
  assert.is(perNode.mul(5n).toString(), '100000000');
});

test('G22 ports: 25 cams + 1 uplink on 24-port → 26 > 24 FAIL; 100 cams on 24-port with 1 uplink → 5 switches', () => {
  const c = fitCheck('switch ports', '24-port', 'ports', q(portsNeeded(25n, 1n)), q(24));
  assert.equal([c.required.toString(), c.verdict], ['26', 'FAIL']);
  assert.is(switchesFor(100n, 24n, 1n), 5n);
});

test('G23 prefixFor(200) = /24; prefixFor(346) = /23', () => {
  assert.is(prefixFor(200n), 24);
  assert.is(prefixFor(346n), 23);
  assert.is(prefixFor(254n), 24);
  assert.is(prefixFor(255n), 23);
});

test('G24 scenario B corrected network: 101,960,000 bit/s (100,392,000 at 10 Hz)', () => {
  const cams = mbps(4).mul(25n);
  assert.is(cams.add(sensorsBps(50n, q(50), 40n, 58n)).toString(), '101960000');
  assert.is(cams.add(sensorsBps(50n, q(10), 40n, 58n)).toString(), '100392000');
});

test('G25 seed-003 rule: 40 cams × 0.2 core at 0.7 → busy 8, required 12 (80/7 → ceil)', () => {
  const busy = q(40).mul(dec('0.2'));
  assert.is(busy.toString(), '8');
  assert.is(busy.div(dec('0.7')).toString(), '80/7');
  assert.is(requiredCores(busy, dec('0.7')), 12n);
});

test('G26 c_dec = 2/125 core-s/frame; 40 cams @ 15 fps → busy 51/5, required 15 (102/7 → ceil)', () => {
  const frames = q(10 * 15 * 7200);
  const c = coreSecPerFrame(q(21_600), dec('0.6'), q(7200), frames);
  assert.is(c.toString(), '2/125');
  const busy = busyCoresForCameras(dec('0.6'), 40n, q(15), c);
  assert.is(busy.toString(), '51/5');
  assert.is(busy.div(dec('0.7')).toString(), '102/7');
  assert.is(requiredCores(busy, dec('0.7')), 15n);
});

test('G27 sensor run: 7,200,000 packets; 98 B/packet; 1/50,000 core-s per packet', () => {
  const packets = q(20 * 50 * 7200);
  assert.is(packets.toString(), '7200000');
  assert.is(q(705_600_000).div(packets).toString(), '98');
  assert.is(coreSecPerFrame(q(144), q(0), q(7200), packets).toString(), '1/50000');
});

test('G29 memory breakdowns A (8 GiB) and B (32 GiB) in MiB', () => {
  const mib = (xs: number[]) => xs.map((x) => MIB.mul(BigInt(x)));
  const a = memoryBreakdown(mib([2048, 500, 300, 100, 50, 100]), GIB.mul(8n));
  const b = memoryBreakdown(mib([3072, 1024, 750, 250, 100, 2048]), GIB.mul(32n));
  assert.equal([a.usedBytes.div(MIB).toString(), a.headroomBytes.div(MIB).toString()], ['3098', '5094']);
  assert.equal([b.usedBytes.div(MIB).toString(), b.headroomBytes.div(MIB).toString()], ['7244', '25524']);
});

test('G30 Frigate shm: 1280×720 27,918,480 B = 26.6251 MiB; +logs 66.63; 8 cams + logs 253.00; 1080p 59.5841', () => {
  const hd = frigateShmBytes(1280n, 720n);
  assert.is(hd.toString(), '27918480');
  assert.is(hd.div(MIB).toFixed(4), '26.6251');
  assert.is(hd.add(FRIGATE_LOGS_BYTES).div(MIB).toFixed(2), '66.63');
  assert.is(hd.mul(8n).add(FRIGATE_LOGS_BYTES).div(MIB).toFixed(2), '253.00');
  assert.is(frigateShmBytes(1920n, 1080n).div(MIB).toFixed(4), '59.5841');
});

test('G31 detector: 10 ms inference → 100 inf/s; 5 fps × 1.5 inf/frame → floor(40/3) = 13 cameras', () => {
  assert.is(detectorInferencesPerS(q(10)).toString(), '100');
  assert.is(camerasPerDetector(q(10), q(5), dec('1.5')), 13n);
});

test('G43 exact OLS on loadtest rows: server and clients fits, busy at 100 cams 843/1400 → 1 core', () => {
  const x = [[q(50)], [q(100)], [q(200)]];
  const server = olsFit(x, ['0.022', '0.039', '0.061'].map(dec));
  const clients = olsFit(x, ['0.298', '0.585', '1.069'].map(dec));
  assert.ok(server && clients);
  assert.equal(server.beta.map(String), ['11/1000', '89/350000']);
  assert.is(server.r2.toString(), '7921/8029');
  assert.equal(clients.beta.map(String), ['7/125', '223/43750']);
  assert.is(clients.r2.toString(), '3182656/3188731');
  const at = (b: readonly Q[]) => (b[0] as Q).add((b[1] as Q).mul(100n));
  const busy = at(server.beta).add(at(clients.beta));
  assert.is(busy.toString(), '843/1400');
  assert.is(requiredCores(busy, dec('0.7')), 1n);
});

test.run();
