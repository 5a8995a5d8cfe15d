// Protocol-level server behaviour with real sockets on 127.0.0.1:0: every malformed kind is counted
// by reason, nothing crashes, other connections keep being served, memory stays bounded.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CMD_PERIODIC_ON, encodeFrameLine, encodeSensorLine, FRAME_CELLS } from '../../protocol/sensor-packets.ts';
import { connectDevice, scrape, startTestServer, waitFor, type TestServer } from './helpers.ts';

const t = suite('tcp bad input');
let ts: TestServer;
t.before(async () => {
  ts = await startTestServer();
});
t.after(async () => {
  await ts.stop();
});

const malformed = async (reason: string): Promise<number> => (await scrape(ts.server)).get(`emberload_packets_malformed_total{reason="${reason}"}`) ?? 0;
const received = async (loc: string): Promise<number> => (await scrape(ts.server)).get(`emberye_tcp_packets_received_total{location_id="${loc}"}`) ?? 0;

t('PERIODIC_ON (11 bytes, no newline) on every connection, even two from one IP', async () => {
  const a = await connectDevice(ts.tcpPort);
  const b = await connectDevice(ts.tcpPort);
  try {
    await waitFor('PERIODIC_ON on both', () => a.received() === CMD_PERIODIC_ON && b.received() === CMD_PERIODIC_ON);
  } finally {
    a.end();
    b.end();
  }
});

t('every malformed kind of the original is counted by reason and never processed', async () => {
  const dev = await connectDevice(ts.tcpPort);
  const cases: Array<[string, string]> = [
    ['#bogus!', 'unknown-packet-type'],
    ['#frame:no_data!', 'frame-length'],
    ['#frame:room:0102 0103!', 'frame-count'],
    ['#framenocolon!', 'frame-parse'],
    [`#frame1234:${'ZZZZ'.repeat(834)}!`, 'frame-parse'],
    ['#EEPROM1234:00B0!', 'eeprom-length'],
    ['#EEPROMnocolon!', 'eeprom-parse'],
    ['#Sensornocolon!', 'sensor-parse'],
    ['#Sensor1234:ADC1=abc!', 'sensor-parse'],
  ];
  const before = new Map<string, number>();
  for (const [, r] of cases) before.set(r, await malformed(r));
  try {
    for (const [line] of cases) await dev.send(`${line}\r\n`);
    await dev.send(`${encodeSensorLine('after-garbage', { ADC1: 100, ADC2: 100 })}\r\n`);
    await waitFor('the good line after the garbage', async () => (await received('after-garbage')) === 1);
    const expected = new Map<string, number>();
    for (const [, r] of cases) expected.set(r, (expected.get(r) ?? 0) + 1);
    for (const [r, n] of expected) assert.is((await malformed(r)) - (before.get(r) ?? 0), n, r);
    assert.is(await received('room'), 0, 'a malformed frame is not counted as received (as the original)');
    assert.not.ok(dev.socket.destroyed, 'malformed packets do not close the connection');
  } finally {
    dev.end();
  }
});

t('non-UTF-8 bytes: counted and the line still decoded with the bad bytes dropped', async () => {
  const dev = await connectDevice(ts.tcpPort);
  const before = await malformed('not-utf8');
  try {
    await dev.send(Buffer.concat([Buffer.from('#Sensorutf'), Buffer.from([0xff, 0xfe]), Buffer.from('room:ADC1=50,ADC2=60!\n')]));
    await waitFor('decoded line', async () => (await received('utfroom')) === 1);
    assert.is((await malformed('not-utf8')) - before, 1);
  } finally {
    dev.end();
  }
});

t('a 1 MiB line closes that connection only, is counted, and the others keep being served', async () => {
  const bad = await connectDevice(ts.tcpPort);
  const good = await connectDevice(ts.tcpPort);
  const before = await malformed('line-too-long');
  try {
    bad.socket.write(Buffer.alloc(1024 * 1024, 0x41));
    bad.socket.write('\n');
    await bad.closed();
    assert.is((await malformed('line-too-long')) - before, 1);
    await good.send(`${encodeSensorLine('still-served', { ADC1: 1, ADC2: 1 })}\n`);
    await waitFor('other connection served', async () => (await received('still-served')) === 1);
    const m = await scrape(ts.server);
    assert.ok((m.get('emberye_tcp_packets_error_total{location_id="127.0.0.1"}') ?? 0) >= 1, 'the original counts it as a client error');
  } finally {
    bad.end();
    good.end();
  }
});

t('a half packet then disconnect: discarded and counted, never processed', async () => {
  const dev = await connectDevice(ts.tcpPort);
  const before = await malformed('half-packet');
  const line = encodeFrameLine('half', new Array<number>(FRAME_CELLS).fill(70));
  await dev.send(line.slice(0, 1300));
  dev.end();
  await waitFor('half packet counted', async () => (await malformed('half-packet')) - before === 1);
  assert.is(await received('half'), 0);
  assert.is(ts.server.ctx.fusion.snapshot('half'), null);
});

t('10 000 garbage lines: counted, connection kept, other devices served, state bounded', async () => {
  const garbage = await connectDevice(ts.tcpPort);
  const good = await connectDevice(ts.tcpPort);
  const dropped = async (): Promise<number> => (await scrape(ts.server)).get('emberload_packets_dropped_total{reason="queue-drop-oldest"}') ?? 0;
  const accounted = async (): Promise<number> => (await malformed('unknown-packet-type')) + (await malformed('sensor-parse')) + (await dropped());
  const before = await accounted();
  try {
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(i % 2 === 0 ? `garbage ${i} \u00e9\u0000!` : `#Sensor:g${i}:ADC1=x${i}!`);
    await garbage.send(`${lines.join('\n')}\n`);
    await good.send(`${encodeSensorLine('good-during-garbage', { ADC1: 10, ADC2: 10 })}\n`);
    // Each line is either processed (and counted malformed) or dropped from the full queue (and counted).
    await waitFor('every garbage line accounted for', async () => (await accounted()) - before === 10_000, 30_000);
    await waitFor('good device served', async () => (await received('good-during-garbage')) === 1);
    assert.not.ok(garbage.socket.destroyed);
    assert.ok(ts.server.tcp.queue.length <= ts.server.tcp.queue.dropFrom);
    const m = await scrape(ts.server);
    const locationLabels = [...m.keys()].filter((k) => k.startsWith('emberye_tcp_packets_received_total{')).length;
    assert.ok(locationLabels < 50, `garbage must not create location labels (${locationLabels})`);
  } finally {
    garbage.end();
    good.end();
  }
});

t('the server never died: a fresh device still gets PERIODIC_ON and is served', async () => {
  const dev = await connectDevice(ts.tcpPort);
  try {
    await waitFor('PERIODIC_ON', () => dev.received() === CMD_PERIODIC_ON);
    await dev.send(`${encodeSensorLine('alive', { ADC1: 10 })}\n`);
    await waitFor('served', async () => (await received('alive')) === 1);
  } finally {
    dev.end();
  }
});

t.run();
