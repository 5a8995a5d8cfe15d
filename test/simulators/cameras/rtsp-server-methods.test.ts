// The simulator's RTSP methods and status codes, driven by a raw client over real loopback sockets.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from 'node:net';
import { parseSdp } from '../../../protocol/sdp.ts';
import { startCameraServer, type CameraServer } from '../../../simulators/cameras/camera-server.ts';
import { RtspLightClient } from '../../../simulators/cameras/rtsp-light-client.ts';
import { sleep, waitFor } from './camera-test-helpers.ts';

let sim: CameraServer | undefined;
const clients: RtspLightClient[] = [];
let base = '';

async function client(): Promise<RtspLightClient> {
  const c = await RtspLightClient.connect('127.0.0.1', sim?.port ?? 0);
  clients.push(c);
  return c;
}

test.before(async () => {
  sim = await startCameraServer({ port: 0, cameras: 3, fps: 15, seed: 11, sessionTimeoutS: 2 });
  base = `rtsp://127.0.0.1:${sim.port}`;
});

test.after(async () => {
  for (const c of clients) c.close();
  await sim?.close();
});

test('urls name cameras 1..N on the bound port', () => {
  assert.equal(sim?.urls, [1, 2, 3].map((n) => `${base}/cam/${n}`));
});

test('OPTIONS lists the methods; DESCRIBE returns SDP with Content-Base, also with the original app suffix', async () => {
  const c = await client();
  const o = await c.request('OPTIONS', `${base}/cam/1`);
  assert.is(o.status, 200);
  assert.match(o.headers.get('public') ?? '', /DESCRIBE.*SETUP.*PLAY.*TEARDOWN.*GET_PARAMETER/);
  for (const url of [`${base}/cam/2`, `${base}/cam/2?tcp&rtsp_transport=tcp`, `${base}/cam/2?rtsp_transport=tcp`]) {
    const d = await c.request('DESCRIBE', url, [['Accept', 'application/sdp']]);
    assert.is(d.status, 200, url);
    assert.is(d.headers.get('content-base'), `${base}/cam/2/`);
    assert.is(d.headers.get('content-type'), 'application/sdp');
    const sdp = parseSdp(d.body.toString());
    assert.equal(sdp?.media[0]?.attributes.get('control'), ['trackID=0']);
    assert.match(sdp?.media[0]?.attributes.get('fmtp')?.[0] ?? '', /packetization-mode=1;profile-level-id=42[0-9A-F]{4};sprop-parameter-sets=/);
  }
});

test('unknown cameras and paths are 404', async () => {
  const c = await client();
  for (const path of ['/cam/0', '/cam/4', '/cam/01', '/cam/x', '/other/1', '/cam/1/trackID=7']) {
    const method = path.includes('trackID') ? 'SETUP' : 'DESCRIBE';
    const r = await c.request(method, `${base}${path}`, [['Transport', 'RTP/AVP/TCP;unicast;interleaved=0-1']]);
    assert.is(r.status, 404, path);
  }
});

test('SETUP over multicast is 461; UDP unicast gets server ports; TCP interleaved gets a session with timeout; RTP-Info on PLAY', async () => {
  const c = await client();
  const udp = await c.request('SETUP', `${base}/cam/1/trackID=0`, [['Transport', 'RTP/AVP;unicast;client_port=5000-5001']]);
  assert.is(udp.status, 200);
  assert.match(udp.headers.get('transport') ?? '', /^RTP\/AVP;unicast;client_port=5000-5001;server_port=\d+-\d+;ssrc=[0-9A-F]{8};mode=play$/);
  assert.is((await c.request('TEARDOWN', `${base}/cam/1/`, [['Session', (udp.headers.get('session') ?? '').split(';')[0] as string]])).status, 200);
  const mc = await c.request('SETUP', `${base}/cam/1/trackID=0`, [['Transport', 'RTP/AVP/TCP;multicast']]);
  assert.is(mc.status, 461);
  const s = await c.request('SETUP', `${base}/cam/1/trackID=0`, [['Transport', 'RTP/AVP/TCP;unicast;interleaved=4-5']]);
  assert.is(s.status, 200);
  assert.match(s.headers.get('transport') ?? '', /^RTP\/AVP\/TCP;unicast;interleaved=4-5;ssrc=[0-9A-F]{8};mode=play$/);
  assert.match(s.headers.get('session') ?? '', /^[0-9a-f]+;timeout=2$/);
  const id = (s.headers.get('session') ?? '').split(';')[0] as string;
  const p = await c.request('PLAY', `${base}/cam/1/`, [['Session', id]]);
  assert.is(p.status, 200);
  assert.match(p.headers.get('rtp-info') ?? '', new RegExp(`^url=${base}/cam/1/trackID=0;seq=\\d+;rtptime=\\d+$`));
  await waitFor(() => c.packetsReceived > 0, 5000, 'RTP packets');
  const t = await c.request('TEARDOWN', `${base}/cam/1/`, [['Session', id]]);
  assert.is(t.status, 200);
  const again = await c.request('PLAY', `${base}/cam/1/`, [['Session', id]]);
  assert.is(again.status, 454, 'torn-down session is gone');
});

test('with udp: false, a UDP-only SETUP is 461 and names the TCP transport', async () => {
  const tcpOnly = await startCameraServer({ port: 0, cameras: 1, fps: 15, udp: false });
  try {
    const c = await RtspLightClient.connect('127.0.0.1', tcpOnly.port);
    clients.push(c);
    const r = await c.request('SETUP', `rtsp://127.0.0.1:${tcpOnly.port}/cam/1/trackID=0`, [['Transport', 'RTP/AVP;unicast;client_port=5000-5001']]);
    assert.is(r.status, 461);
    assert.match(r.headers.get('transport') ?? '', /RTP\/AVP\/TCP/);
  } finally {
    await tcpOnly.close();
  }
});

test('session errors: 455 PLAY without a session, 454 unknown session, 459 wrong camera, and sessions are per connection', async () => {
  const c = await client();
  assert.is((await c.request('PLAY', `${base}/cam/1/`)).status, 455);
  assert.is((await c.request('PLAY', `${base}/cam/1/`, [['Session', 'nope']])).status, 454);
  assert.is((await c.request('GET_PARAMETER', `${base}/cam/1/`, [['Session', 'nope']])).status, 454);
  const { sessionId } = await c.play(`${base}/cam/3`);
  assert.is((await c.request('PLAY', `${base}/cam/2/`, [['Session', sessionId]])).status, 459);
  const other = await client();
  assert.is((await other.request('PLAY', `${base}/cam/3/`, [['Session', sessionId]])).status, 454, "another connection cannot use it");
});

test('methods a camera does not serve: 405 with Allow for ANNOUNCE/RECORD, 501 for unknown, 505 for RTSP/2.0, 400 without CSeq', async () => {
  const c = await client();
  const a = await c.request('ANNOUNCE', `${base}/cam/1`);
  assert.is(a.status, 405);
  assert.match(a.headers.get('allow') ?? '', /DESCRIBE/);
  assert.is((await c.request('FLY', `${base}/cam/1`)).status, 501);
  const raw = (text: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const s = connect(sim?.port ?? 0, '127.0.0.1', () => s.write(text));
      let got = '';
      s.on('data', (d) => {
        got += d.toString();
        if (got.includes('\r\n\r\n')) {
          s.destroy();
          resolve(got);
        }
      });
      s.on('error', reject);
    });
  assert.match(await raw('OPTIONS * RTSP/2.0\r\nCSeq: 1\r\n\r\n'), /^RTSP\/1\.0 505 /);
  assert.match(await raw('OPTIONS * RTSP/1.0\r\n\r\n'), /^RTSP\/1\.0 400 /);
  assert.match(await raw('THIS IS NOT RTSP\r\n\r\n'), /^RTSP\/1\.0 400 /);
  assert.ok((sim?.snapshot().rtsp.framingErrors ?? 0) >= 1, 'framing error counted');
});

test('GET_PARAMETER keeps a session alive past its timeout; idle sessions and idle connections expire and are counted', async () => {
  const keep = await client();
  const idle = await client();
  const bare = await client();
  const k = await keep.play(`${base}/cam/2`);
  await idle.play(`${base}/cam/2`);
  assert.is((await bare.request('OPTIONS', '*')).status, 200);
  const before = sim?.snapshot().rtsp.sessionsTimedOut ?? 0;
  for (let i = 0; i < 8; i++) {
    await sleep(400);
    assert.is((await keep.request('GET_PARAMETER', `${base}/cam/2/`, [['Session', k.sessionId]])).status, 200);
  }
  await waitFor(() => idle.closed, 4000, 'the idle connection to be closed');
  assert.ok((sim?.snapshot().rtsp.sessionsTimedOut ?? 0) >= before + 1);
  await waitFor(() => bare.closed, 3000, 'the idle connection without a session to be closed');
  assert.ok((sim?.snapshot().rtsp.idleConnectionsClosed ?? 0) >= 1);
  assert.not.ok(keep.closed);
  assert.is((await keep.request('GET_PARAMETER', `${base}/cam/2/`, [['Session', k.sessionId]])).status, 200, 'kept session still there');
});

test.run();
