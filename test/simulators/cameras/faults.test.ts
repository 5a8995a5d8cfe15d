// Every fault happens on the wire and is counted: refuse-setup (503), stop (sessions closed, 503
// while stopped), stall (no packets for N s, resume at a keyframe), reconnect storm (every session
// dropped), corrupt and truncated NAL units (a real decoder reports errors). Invalid faults are refused.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nalType, NAL_TYPE_SPS } from '../../../protocol/h264.ts';
import { isEmberError } from '../../../protocol/errors.ts';
import { parseRtpPacket } from '../../../protocol/rtp.ts';
import { startCameraServer, type CameraServer } from '../../../simulators/cameras/camera-server.ts';
import { RtspLightClient, type LightClientOptions } from '../../../simulators/cameras/rtsp-light-client.ts';
import { FFMPEG, runTool, sleep, waitFor } from './camera-test-helpers.ts';

let sim: CameraServer | undefined;
const clients: RtspLightClient[] = [];
let base = '';

async function client(o: LightClientOptions = {}): Promise<RtspLightClient> {
  const c = await RtspLightClient.connect('127.0.0.1', sim?.port ?? 0, o);
  clients.push(c);
  return c;
}

test.before(async () => {
  sim = await startCameraServer({ port: 0, cameras: 6, fps: 15, seed: 5 });
  base = `rtsp://127.0.0.1:${sim.port}`;
});

test.after(async () => {
  for (const c of clients) c.close();
  await sim?.close();
});

test('refuse-setup: SETUP answers 503 and each refusal is counted; other cameras still work', async () => {
  sim?.triggerFault({ kind: 'refuse-setup', cameraId: '1', durationS: 60 });
  const c = await client();
  const r = await c.request('SETUP', `${base}/cam/1/trackID=0`, [['Transport', 'RTP/AVP/TCP;unicast;interleaved=0-1']]);
  assert.is(r.status, 503);
  await c.request('SETUP', `${base}/cam/1/trackID=0`, [['Transport', 'RTP/AVP/TCP;unicast;interleaved=0-1']]);
  const snap = sim?.snapshot();
  assert.is(snap?.faults.refuseSetupWindows, 1);
  assert.is(snap?.faults.setupRefusals, 2);
  assert.equal(snap?.cameras[0]?.activeFaults, ['refuse-setup']);
  await c.play(`${base}/cam/2`);
});

test('stop: the camera closes its sessions, answers 503 while stopped, and comes back', async () => {
  const c = await client();
  await c.play(`${base}/cam/2`);
  await waitFor(() => c.packetsReceived > 0, 5000, 'packets from cam 2');
  sim?.triggerFault({ kind: 'stop', cameraId: '2', durationS: 1 });
  await waitFor(() => c.closed, 2000, 'the connection to close');
  const probe = await client();
  assert.is((await probe.request('DESCRIBE', `${base}/cam/2`)).status, 503);
  const snap = sim?.snapshot();
  assert.is(snap?.faults.stops, 1);
  assert.ok((snap?.faults.sessionsEndedByStop ?? 0) >= 1);
  assert.ok((snap?.faults.requestsRefusedWhileStopped ?? 0) >= 1);
  await sleep(1100);
  assert.is((await probe.request('DESCRIBE', `${base}/cam/2`)).status, 200, 'back after the stop window');
});

test('stall: no packets during the stall, then the stream resumes at a keyframe (SPS first)', async () => {
  // Judged on RTP timestamps (the camera's clock runs on during a stall), not on arrival times, so a
  // busy test machine cannot blur the window.
  const packets: Array<{ timestamp: number; nal: number; marker: boolean }> = [];
  const c = await RtspLightClient.connect('127.0.0.1', sim?.port ?? 0, {
    onInterleaved: (f) => {
      const p = parseRtpPacket(f.payload);
      if (p) packets.push({ timestamp: p.timestamp, nal: nalType(p.payload), marker: p.marker });
    },
  });
  clients.push(c);
  await c.play(`${base}/cam/3`);
  await waitFor(() => packets.length > 0, 5000, 'packets from cam 3');
  const suppressedBefore = sim?.snapshot().cameras[2]?.framesSuppressedByStall ?? 0;
  sim?.triggerFault({ kind: 'stall', cameraId: '3', durationS: 1.2 });
  assert.equal(sim?.snapshot().cameras[2]?.activeFaults, ['stall']);
  const countAtTrigger = packets.length;
  await waitFor(() => (sim?.snapshot().cameras[2]?.activeFaults.length ?? 1) === 0 && packets.length > countAtTrigger + 5, 8000, 'the stall to end and packets to resume');
  await sleep(300);
  const frameTicks = 90_000 / 15;
  const gaps = packets.slice(1).map((p, i) => ({ deltaFrames: (((p.timestamp - (packets[i]?.timestamp ?? 0)) >>> 0) / frameTicks), after: p, before: packets[i] }));
  const stallGap = gaps.find((g) => g.deltaFrames >= 10);
  assert.ok(stallGap, `a gap of ≥ 10 frame periods in RTP time (largest ${Math.max(...gaps.map((g) => g.deltaFrames))})`);
  assert.ok(stallGap?.before?.marker, 'the last packet before the stall ends its frame');
  assert.is(stallGap?.after.nal, NAL_TYPE_SPS, 'resumes with a keyframe');
  for (const g of gaps) if (g !== stallGap) assert.ok(g.deltaFrames <= 1, `no other gap (${g.deltaFrames} frames)`);
  const suppressed = (sim?.snapshot().cameras[2]?.framesSuppressedByStall ?? 0) - suppressedBefore;
  assert.ok(suppressed >= 10, `frames suppressed by the stall: ${suppressed}`);
  assert.is(sim?.snapshot().faults.stalls, 1);
});

test('reconnect storm: every session is dropped at once and counted; clients can reconnect', async () => {
  const storm = await Promise.all([client(), client(), client()]);
  await Promise.all(storm.map((c, i) => c.play(`${base}/cam/${4 + (i % 2)}`)));
  const sessions = sim?.snapshot().totals.sessions ?? 0;
  assert.ok(sessions >= 3);
  sim?.triggerFault({ kind: 'reconnect-storm' });
  await waitFor(() => storm.every((c) => c.closed), 2000, 'all storm clients closed');
  const snap = sim?.snapshot();
  assert.is(snap?.faults.reconnectStorms, 1);
  assert.is(snap?.faults.sessionsDroppedByStorm, sessions);
  assert.is(snap?.totals.sessions, 0);
  const again = await client();
  await again.play(`${base}/cam/4`);
  await waitFor(() => again.packetsReceived > 0, 5000, 'packets after reconnect');
});

for (const kind of ['corrupt', 'truncate'] as const) {
  test(`${kind}: a real decoder reports damaged frames, and they are counted`, async () => {
    const cameraId = kind === 'corrupt' ? '5' : '6';
    const clean = await runTool(FFMPEG, ['-v', 'error', '-rtsp_transport', 'tcp', '-i', `${base}/cam/${cameraId}`, '-t', '1', '-f', 'null', '-']);
    assert.is(clean.stderr, '', 'no errors before the fault');
    sim?.triggerFault({ kind, cameraId, durationS: 30 });
    const damaged = await runTool(FFMPEG, ['-v', 'error', '-rtsp_transport', 'tcp', '-i', `${base}/cam/${cameraId}`, '-t', '1.5', '-f', 'null', '-']);
    assert.ok(damaged.stderr.length > 0, 'decoder errors reported');
    const cam = sim?.snapshot().cameras[Number(cameraId) - 1];
    const counted = kind === 'corrupt' ? cam?.corruptFramesEmitted : cam?.truncatedFramesEmitted;
    assert.ok((counted ?? 0) > 0);
    assert.is(kind === 'corrupt' ? sim?.snapshot().faults.corruptWindows : sim?.snapshot().faults.truncateWindows, 1);
  });
}

test('an invalid fault is refused with every problem listed', () => {
  try {
    sim?.triggerFault({ kind: 'explode' as 'stall', cameraId: '99', durationS: -1 });
    assert.unreachable('should throw');
  } catch (err) {
    assert.ok(isEmberError(err));
    if (!isEmberError(err)) return;
    assert.is(err.code, 'EMBER_ERR_CAMERA_SIM_FAULT_INVALID');
    assert.equal(err.problems.map((p) => p.path).sort(), ['fault.cameraId', 'fault.durationS', 'fault.kind']);
  }
});

test.run();
