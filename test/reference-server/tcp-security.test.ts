// Optional security (off by default): per-device TOKEN= on #Sensor lines authenticating the
// connection for that loc_id, the CIDR allowlist, and the idle timeout.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { encodeFrameLine, encodeSensorLine, FRAME_CELLS } from '../../protocol/sensor-packets.ts';
import { connectDevice, scrape, startTestServer, waitFor } from './helpers.ts';

const t = suite('tcp security');
const hot = encodeFrameLine('secure', new Array<number>(FRAME_CELLS).fill(70));

t('auth on: frames before a valid TOKEN are rejected and counted; after it they are processed', async () => {
  const ts = await startTestServer({ security: { authTokens: { secure: 'tok-1' } } });
  const dev = await connectDevice(ts.tcpPort);
  try {
    await dev.send(`${hot}\n`);
    await dev.send(`${encodeSensorLine('secure', { ADC1: 10, TOKEN: 'wrong' })}\n`);
    await waitFor('two rejections', async () => (await scrape(ts.server)).get('emberload_packets_rejected_total{reason="auth-token"}') === 2);
    assert.is(ts.server.ctx.fusion.snapshot('secure'), null, 'rejected packets are never processed');
    await dev.send(`${encodeSensorLine('secure', { ADC1: 10, TOKEN: 'tok-1' })}\n`);
    await dev.send(`${hot}\n`);
    await waitFor('frame processed after auth', () => ts.server.ctx.fusion.snapshot('secure')?.thermalMaxC);
    const other = await connectDevice(ts.tcpPort);
    await other.send(`${hot}\n`);
    await waitFor('per-connection: another connection is not authenticated', async () => (await scrape(ts.server)).get('emberload_packets_rejected_total{reason="auth-token"}') === 3);
    other.end();
  } finally {
    dev.end();
    await ts.stop();
  }
});

t('CIDR allowlist: a connection from outside is refused and counted', async () => {
  const ts = await startTestServer({ security: { cidrAllowlist: ['10.0.0.0/8'] } });
  try {
    const dev = await connectDevice(ts.tcpPort);
    await dev.closed();
    assert.is(dev.received(), '', 'no PERIODIC_ON for a refused connection');
    assert.is((await scrape(ts.server)).get('emberload_connections_rejected_total{reason="cidr-allowlist"}'), 1);
  } finally {
    await ts.stop();
  }
});

t('idle timeout closes a silent connection', async () => {
  const ts = await startTestServer({ ingest: { idleTimeoutMs: 200 } });
  try {
    const dev = await connectDevice(ts.tcpPort);
    await dev.closed();
    assert.is((await scrape(ts.server)).get('emberload_connections_rejected_total{reason="idle-timeout"}'), 1);
    await waitFor('server forgot the connection', () => ts.server.tcp.connectionCount === 0);
  } finally {
    await ts.stop();
  }
});

t.run();
