// Interop with real clients: ffprobe and ffmpeg read the simulator's H.264 and MJPEG streams over
// RTSP/TCP interleaved with no warnings at all (-v warning prints nothing), with the right codec,
// resolution and frame count; the original app's `?tcp&rtsp_transport=tcp` suffix works.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startCameraServer, type CameraServer } from '../../simulators/cameras/camera-server.ts';
import { decodeYuvFrames, FFPROBE, runTool } from '../simulators/cameras/camera-test-helpers.ts';

const FPS = 15;

for (const codec of ['h264', 'mjpeg'] as const) {
  const t = suite(`camera-sim ${codec} interop`);
  let sim: CameraServer | undefined;
  t.before(async () => {
    sim = await startCameraServer({ port: 0, cameras: 2, fps: FPS, codec, seed: 7 });
  });
  t.after(async () => {
    await sim?.close();
  });

  t('ffprobe reads codec, profile and 320x240 without a warning (original app URL suffix)', async () => {
    const url = `${sim?.urls[0]}?tcp&rtsp_transport=tcp`;
    const r = await runTool(FFPROBE, ['-v', 'warning', '-rtsp_transport', 'tcp', '-show_entries', 'stream=codec_name,profile,width,height,r_frame_rate', '-of', 'json', url]);
    assert.is(r.stderr, '', `ffprobe stderr: ${r.stderr}`);
    assert.is(r.code, 0);
    const stream = (JSON.parse(r.stdout.toString()) as { streams: Array<Record<string, unknown>> }).streams[0];
    assert.ok(stream, 'one stream');
    assert.is(stream.codec_name, codec);
    assert.is(stream.width, 320);
    assert.is(stream.height, 240);
    assert.is(stream.r_frame_rate, `${FPS}/1`);
    if (codec === 'h264') assert.is(stream.profile, 'Constrained Baseline');
  });

  t('ffmpeg decodes 2 s of frames (30) at 320x240 with an empty warning log', async () => {
    const before = sim?.snapshot().totals.framesSent ?? 0;
    const r = await decodeYuvFrames(sim?.urls[1] as string, 2 * FPS, 320, 240);
    assert.is(r.stderr, '', `ffmpeg stderr: ${r.stderr}`);
    assert.is(r.code, 0);
    assert.is(r.frames.length, 2 * FPS, 'every requested frame decoded whole at 320x240 (4:2:0)');
    assert.is(r.frames.at(-1)?.length, (320 * 240 * 3) / 2);
    assert.ok((sim?.snapshot().totals.framesSent ?? 0) - before >= 2 * FPS - 1, 'the server counted the frames it sent');
    assert.is(sim?.snapshot().totals.framesDropped, 0);
  });

  t.run();
}
