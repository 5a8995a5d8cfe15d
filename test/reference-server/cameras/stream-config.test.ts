// Invalid camera configuration is rejected whole, with every problem listed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { EmberError } from '../../../protocol/errors.ts';
import { loadStreams, parseStreams } from '../../../reference-server/ingest/cameras/stream-config.ts';
import { loadIngestOptions, parseIngestOptions, DEFAULT_INGEST } from '../../../reference-server/ingest/cameras/ingest-options.ts';
import { decodeArgs } from '../../../reference-server/ingest/cameras/ffmpeg-args.ts';
import { classifyFfmpegError } from '../../../reference-server/ingest/cameras/ffmpeg-reason.ts';

test('a valid list loads, including the original URL suffix', () => {
  const s = loadStreams([{ id: 'cam1', loc_id: 'demo_room', url: 'rtsp://127.0.0.1:8554/cam/1?tcp&rtsp_transport=tcp', fps: 15 }]);
  assert.equal(s, [{ id: 'cam1', locId: 'demo_room', url: 'rtsp://127.0.0.1:8554/cam/1?tcp&rtsp_transport=tcp', fps: 15 }]);
});

test('every problem of a bad list is reported at once', () => {
  const { problems } = parseStreams([
    { id: 'a', loc_id: 'x', url: 'rtsp://h/1' },
    { id: 'a', loc_id: '', url: 'ftp://h/2' },
    { id: 'bad id!', loc_id: 'y', url: 'rtsp://h/3', fps: 0, colour: 'red' },
    'nope',
  ]);
  assert.equal(problems.map((p) => p.path), ['streams[1].id', 'streams[1].loc_id', 'streams[1].url', 'streams[2].id', 'streams[2].fps', 'streams[2].colour', 'streams[3]']);
  try {
    loadStreams({ not: 'a list' });
    assert.unreachable();
  } catch (err) {
    assert.ok(err instanceof EmberError);
    assert.is(err.code, 'EMBER_ERR_CAMERA_INGEST_CONFIG_INVALID');
    assert.is(err.exitCode, 2);
    assert.equal(err.problems[0]?.received, { not: 'a list' });
  }
});

test('ingest options: snake_case accepted, bad values all listed, defaults kept', () => {
  const o = loadIngestOptions({ stall_timeout_ms: 2000, workers: 0 });
  assert.is(o.stallTimeoutMs, 2000);
  assert.is(o.workers, 0);
  assert.is(o.maxPending, DEFAULT_INGEST.maxPending);
  const { problems } = parseIngestOptions({ width: 321, minFps: 30, baseFps: 15, workers: -1, vision: { stepPx: 3 }, turbo: true });
  assert.equal(problems.map((p) => p.path).sort(), ['cameras.minFps', 'cameras.turbo', 'cameras.vision.stepPx', 'cameras.width', 'cameras.workers'].sort());
});

test('decode command: RTSP over TCP, raw yuv420p at the detection size and rate', () => {
  const a = decodeArgs({ url: 'rtsp://h:1/cam/2', width: 320, height: 240, fps: 15 });
  assert.ok(a.join(' ').includes('-rtsp_transport tcp'));
  assert.ok(a.join(' ').includes('-vf fps=15,scale=320:240 -pix_fmt yuv420p -f rawvideo pipe:1'));
  const f = decodeArgs({ url: 'file:///tmp/a%20b.mp4', width: 160, height: 120, fps: 5 });
  assert.ok(f.includes('/tmp/a b.mp4') && f.includes('-stream_loop'));
});

test('ffmpeg error lines map to bounded reasons', () => {
  assert.is(classifyFfmpegError('rtsp://127.0.0.1:1/x: Connection refused', 1), 'unreachable');
  assert.is(classifyFfmpegError('http://h/x: Invalid data found when processing input', 1), 'bad-stream');
  assert.is(classifyFfmpegError(undefined, 0), 'exited');
});

test.run();
