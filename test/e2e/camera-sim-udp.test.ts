// The optional UDP transport: ffmpeg with -rtsp_transport udp, and ffprobe with no transport option
// (its default tries UDP first), read the stream with no warnings; RTP arrives as plain datagrams.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startCameraServer, type CameraServer } from '../../simulators/cameras/camera-server.ts';
import { FFMPEG, FFPROBE, runTool } from '../simulators/cameras/camera-test-helpers.ts';

let sim: CameraServer | undefined;

test.before(async () => {
  sim = await startCameraServer({ port: 0, cameras: 1, fps: 15, seed: 4 });
});

test.after(async () => {
  await sim?.close();
});

test('ffmpeg decodes 30 frames over RTP/UDP without a warning', async () => {
  const r = await runTool(FFMPEG, ['-v', 'warning', '-rtsp_transport', 'udp', '-i', sim?.urls[0] as string, '-frames:v', '30', '-f', 'rawvideo', 'pipe:1'], 30_000);
  assert.is(r.stderr, '', r.stderr);
  assert.is(r.code, 0);
  assert.is(r.stdout.length, 30 * ((320 * 240 * 3) / 2), '30 whole 320x240 frames');
  assert.ok((sim?.snapshot().totals.framesSent ?? 0) >= 30);
});

test('ffprobe with its default transport order reads the stream', async () => {
  const r = await runTool(FFPROBE, ['-v', 'warning', '-show_entries', 'stream=codec_name,width,height', '-of', 'csv=p=0', sim?.urls[0] as string]);
  assert.is(r.stderr, '', r.stderr);
  assert.is(r.stdout.toString().trim(), 'h264,320,240');
});

test.run();
