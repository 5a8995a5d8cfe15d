// Backpressure rule (MediaMTX / gortsplib #351): a client that stops reading never receives a partial
// interleaved packet or a partial frame. When its socket queue passes the bound, whole frames are
// dropped (counted) and the stream resumes at a keyframe; other clients are unaffected.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { nalType, NAL_TYPE_SPS } from '../../../protocol/h264.ts';
import { parseRtpPacket, type ParsedRtpPacket } from '../../../protocol/rtp.ts';
import { readRtspResponse } from '../../../protocol/rtsp.ts';
import { startCameraServer, type CameraServer } from '../../../simulators/cameras/camera-server.ts';
import { RtspLightClient } from '../../../simulators/cameras/rtsp-light-client.ts';
import { sleep, waitFor } from './camera-test-helpers.ts';

const CAMERAS = 16;
let sim: CameraServer | undefined;
const clients: RtspLightClient[] = [];

test.before(async () => {
  sim = await startCameraServer({
    port: 0,
    cameras: CAMERAS + 1,
    fps: 15,
    seed: 9,
    maxClientQueueBytes: 64 * 1024,
    // The fire clip has the highest bitrate: fills the socket buffers quickly.
    incidents: Array.from({ length: CAMERAS }, (_, i) => ({ id: `f${i}`, kind: 'vision-fire' as const, atS: 0, durationS: 600, cameraId: String(i + 1) })),
  });
});

test.after(async () => {
  for (const c of clients) c.close();
  await sim?.close();
});

test('a slow client gets only whole packets and whole frames; drops are counted; others keep streaming', async () => {
  const port = sim?.port ?? 0;
  const slow = await RtspLightClient.connect('127.0.0.1', port, { captureBytes: true });
  const fast = await RtspLightClient.connect('127.0.0.1', port);
  clients.push(slow, fast);
  // One connection carrying CAMERAS sessions on channels 0,2,4,...
  for (let i = 0; i < CAMERAS; i++) await slow.play(`rtsp://127.0.0.1:${port}/cam/${i + 1}`, 2 * i);
  await fast.play(`rtsp://127.0.0.1:${port}/cam/${CAMERAS + 1}`);
  slow.socket.pause();
  const fastBefore = fast.packetsReceived;
  await waitFor(() => (sim?.snapshot().totals.framesDropped ?? 0) > 0, 15_000, 'backpressure drops');
  await sleep(500);
  assert.ok(fast.packetsReceived > fastBefore, 'the other connection kept receiving');
  assert.is(sim?.snapshot().cameras[CAMERAS]?.framesDropped, 0, 'no drops for the reading client');
  slow.socket.resume();
  await sleep(1500);
  const dropped = sim?.snapshot().totals.framesDropped ?? 0;
  slow.close();

  // Walk every byte the slow client received: RTSP responses and interleaved packets only.
  let rest = Buffer.concat(slow.captured);
  const byChannel = new Map<number, ParsedRtpPacket[]>();
  let responses = 0;
  for (;;) {
    const r = readRtspResponse(rest);
    if (r.kind === 'incomplete') break; // only the capture's cut-off tail may be partial
    assert.is.not(r.kind, 'error', 'stream parses as RTSP + interleaved frames');
    if (r.kind === 'error') return;
    rest = rest.subarray(r.usedBytes);
    if (r.kind === 'message') {
      responses++;
      continue;
    }
    const p = parseRtpPacket(Buffer.from(r.frame.payload));
    assert.ok(p, 'each interleaved payload is a valid RTP packet');
    if (!p) return;
    const list = byChannel.get(r.frame.channel) ?? [];
    list.push(p);
    byChannel.set(r.frame.channel, list);
  }
  assert.is(responses, CAMERAS * 3, 'DESCRIBE, SETUP, PLAY per camera');
  assert.is(byChannel.size, CAMERAS);
  let gaps = 0;
  for (const [channel, packets] of byChannel) {
    assert.is(nalType(packets[0]?.payload ?? Buffer.alloc(1)), NAL_TYPE_SPS, `channel ${channel} starts at a keyframe`);
    for (let i = 1; i < packets.length; i++) {
      const prev = packets[i - 1] as ParsedRtpPacket;
      const cur = packets[i] as ParsedRtpPacket;
      if (cur.sequenceNumber === ((prev.sequenceNumber + 1) & 0xffff)) continue;
      gaps++;
      assert.ok(prev.marker, `channel ${channel}: a gap only after the last packet of a frame`);
      assert.is(nalType(cur.payload), NAL_TYPE_SPS, `channel ${channel}: after a gap the stream resumes at a keyframe`);
      assert.is.not(cur.timestamp, prev.timestamp, 'the gap is between frames');
    }
  }
  assert.ok(gaps > 0, 'the slow client saw whole frames dropped');
  assert.ok(dropped > 0, `drops counted (${dropped})`);
});

test.run();
