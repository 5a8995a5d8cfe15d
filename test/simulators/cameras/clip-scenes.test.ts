// The cached clips themselves: the H.264 clip has exactly one IDR per second carrying SPS/PPS, the
// prepared RTP frames reassemble to the original NAL units, and the original HSV heuristic scores
// every fire frame ≥ 0.7 and every normal frame < 0.4.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { depacketizeNal, groupAccessUnits, nalType, NAL_TYPE_FU_A, NAL_TYPE_PPS, NAL_TYPE_SEI, NAL_TYPE_SPS, splitAnnexB } from '../../../protocol/h264.ts';
import { parseRtpPacket, readInterleavedFrame } from '../../../protocol/rtp.ts';
import { loadClip } from '../../../simulators/cameras/clip-cache.ts';
import { CLIP_DURATION_S } from '../../../simulators/cameras/clip-recipes.ts';
import { prepareH264Track } from '../../../simulators/cameras/h264-track.ts';
import { jpegPayloads, prepareJpegTrack, splitJpegStream } from '../../../simulators/cameras/jpeg-track.ts';
import type { PreparedFrame } from '../../../simulators/cameras/rtp-frame-template.ts';
import { FFMPEG, runTool } from './camera-test-helpers.ts';
import { hsvFireScore } from './hsv-fire-score.ts';

const FPS = 15;

function payloadsOf(frame: PreparedFrame): { payloads: Buffer[]; markers: boolean[] } {
  const payloads: Buffer[] = [];
  const markers: boolean[] = [];
  let rest = frame.template;
  while (rest.length > 0) {
    const r = readInterleavedFrame(rest);
    assert.ok(r, 'whole interleaved packets');
    const p = parseRtpPacket(r.frame.payload);
    assert.ok(p, 'valid RTP');
    payloads.push(p.payload);
    markers.push(p.marker);
    rest = rest.subarray(r.usedBytes);
  }
  return { payloads, markers };
}

test('H.264 clip: one IDR per second with SPS+PPS, RTP frames reassemble to the source NAL units', async () => {
  const clip = await loadClip({ codec: 'h264', resolution: '320x240', fps: FPS, scene: 'normal' });
  const track = prepareH264Track(clip.bytes, 320, 240, FPS);
  assert.is(track.frames.length, FPS * CLIP_DURATION_S);
  track.frames.forEach((f, i) => assert.is(f.isKeyframe, i % FPS === 0, `frame ${i} keyframe flag`));
  const units = groupAccessUnits(splitAnnexB(clip.bytes));
  for (const [i, frame] of track.frames.entries()) {
    const { payloads, markers } = payloadsOf(frame);
    assert.equal(markers.map((m, k) => m === (k === markers.length - 1)), markers.map(() => true), 'marker only on the last packet');
    // Group FU-A fragments back into NAL units.
    const nals: Buffer[] = [];
    let fu: Buffer[] = [];
    for (const p of payloads) {
      if (((p[0] ?? 0) & 0x1f) !== NAL_TYPE_FU_A) nals.push(p);
      else {
        fu.push(p);
        if ((p[1] ?? 0) & 0x40) {
          nals.push(depacketizeNal(fu));
          fu = [];
        }
      }
    }
    const expected = (units[i]?.nals ?? []).filter((n) => nalType(n) !== NAL_TYPE_SEI);
    assert.equal(nals.map((n) => n.toString('hex')), expected.map((n) => n.toString('hex')), `frame ${i} NAL units`);
    if (frame.isKeyframe) assert.equal(nals.slice(0, 2).map(nalType), [NAL_TYPE_SPS, NAL_TYPE_PPS]);
  }
  assert.is(track.sdpCodec.kind, 'h264');
  if (track.sdpCodec.kind === 'h264') assert.match(track.sdpCodec.profileLevelId, /^42/);
});

test('MJPEG clip: RFC 2435 fragments have contiguous offsets, type 1 (4:2:0), Q 255 and two tables first', async () => {
  const clip = await loadClip({ codec: 'mjpeg', resolution: '320x240', fps: FPS, scene: 'fire' });
  const jpegs = splitJpegStream(clip.bytes);
  assert.is(jpegs.length, FPS * CLIP_DURATION_S);
  const track = prepareJpegTrack(clip.bytes, FPS);
  for (const [i, j] of jpegs.entries()) {
    const payloads = jpegPayloads(j);
    let expectedOffset = 0;
    let scan = Buffer.alloc(0);
    for (const [k, p] of payloads.entries()) {
      assert.is(p.readUInt32BE(0) & 0xffffff, expectedOffset, `jpeg ${i} fragment ${k} offset`);
      assert.equal([p[4], p[5], p[6], p[7]], [1, 255, 40, 30]);
      const data = k === 0 ? p.subarray(8 + 4 + 128) : p.subarray(8);
      if (k === 0) assert.is(p.readUInt16BE(10), 128, 'two 64-byte tables');
      scan = Buffer.concat([scan, data]);
      expectedOffset += data.length;
    }
    assert.ok(scan.equals(j.scan), `jpeg ${i} scan reassembles`);
    assert.ok(track.frames[i]?.isKeyframe);
  }
});

for (const codec of ['h264', 'mjpeg'] as const) {
  test(`${codec} scenes: every fire frame scores ≥ 0.7, every normal frame < 0.4 (original HSV heuristic)`, async () => {
    for (const scene of ['fire', 'normal'] as const) {
      const clip = await loadClip({ codec, resolution: '320x240', fps: FPS, scene });
      const r = await runTool(FFMPEG, ['-v', 'error', '-i', clip.path, '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1']);
      assert.is(r.code, 0, r.stderr);
      const size = 320 * 240 * 3;
      assert.is(r.stdout.length / size, FPS * CLIP_DURATION_S);
      for (let i = 0; i < r.stdout.length / size; i++) {
        const s = hsvFireScore(r.stdout.subarray(i * size, (i + 1) * size), 320, 240);
        if (scene === 'fire') assert.ok(s.score >= 0.7 && s.fireRatio >= 0.15 && s.fireRatio <= 0.4, `${codec} fire frame ${i}: ${JSON.stringify(s)}`);
        else assert.ok(s.score < 0.4, `${codec} normal frame ${i}: ${JSON.stringify(s)}`);
      }
    }
  });
}

test.run();
