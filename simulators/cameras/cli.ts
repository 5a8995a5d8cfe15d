// `emberload sim cameras`: serve N synthetic RTSP cameras until --duration ends or SIGINT/SIGTERM.
import { formatOptionsHelp, parseOptions, type OptionSpecs } from '../../protocol/cli-options.ts';
import { EXIT_OK } from '../../protocol/exit-codes.ts';
import { startCameraServer } from './camera-server.ts';
import { DEFAULT_CLIP_CACHE_DIR } from './clip-cache.ts';
import { formatProgress, rateWindowOf, type RateWindow } from './progress-line.ts';
import { readCameraScript } from './script-file.ts';

export const CAMERA_CLI_OPTIONS = {
  cameras: { kind: 'int', min: 1, max: 10_000, required: true, describe: 'number of cameras, served at rtsp://host:port/cam/1..N' },
  port: { kind: 'int', min: 0, max: 65535, default: 8554, describe: 'TCP port to listen on (0 = a free port)' },
  host: { kind: 'string', default: '127.0.0.1', describe: 'address to listen on' },
  codec: { kind: 'enum', values: ['h264', 'mjpeg'], default: 'h264', describe: 'H.264 baseline (RFC 6184) or MJPEG (RFC 2435)' },
  resolution: { kind: 'enum', values: ['320x240', '640x480'], default: '320x240', describe: 'picture size of every camera' },
  fps: { kind: 'int', min: 1, max: 60, default: 15, describe: 'frames per second (1 keyframe per second)' },
  incidents: { kind: 'string', describe: 'JSON/YAML file: a list of incidents, or {incidents: [...], faults: [...]}' },
  duration: { kind: 'duration', describe: 'stop after this long (e.g. 10m); runs until Ctrl-C when absent' },
  interval: { kind: 'duration', default: '5s', describe: 'progress line interval when not on a TTY, and JSON snapshot interval' },
  'cache-dir': { kind: 'string', default: DEFAULT_CLIP_CACHE_DIR, describe: 'where encoded clips are cached' },
  seed: { kind: 'int', min: 0, max: 4294967295, describe: 'seed for SSRCs and RTP sequence/timestamp origins' },
  'tcp-only': { kind: 'boolean', describe: 'refuse RTP over UDP (SETUP answers 461), as TCP-only cameras do' },
  json: { kind: 'boolean', describe: 'print JSON lines (urls, snapshots, final snapshot with injected incidents) instead of text' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const satisfies OptionSpecs;

function waitForStop(durationMs: number | undefined): Promise<string> {
  return new Promise((resolve) => {
    const done = (why: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (timer) clearTimeout(timer);
      resolve(why);
    };
    const onInt = (): void => done('SIGINT');
    const onTerm = (): void => done('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const timer = durationMs === undefined ? undefined : setTimeout(() => done('duration'), durationMs);
  });
}

export async function main(argv: string[]): Promise<number> {
  const args = argv[0] === 'sim' && argv[1] === 'cameras' ? argv.slice(2) : argv;
  if (args.includes('--help')) {
    process.stdout.write(`usage: emberload sim cameras --cameras N [options]\n\n${formatOptionsHelp(CAMERA_CLI_OPTIONS)}\n`);
    return EXIT_OK;
  }
  const opts = parseOptions(args, CAMERA_CLI_OPTIONS);
  const script = opts.incidents === undefined ? { incidents: [], faults: [] } : await readCameraScript(opts.incidents);
  const server = await startCameraServer({
    host: opts.host,
    port: opts.port,
    cameras: opts.cameras,
    fps: opts.fps,
    codec: opts.codec as 'h264' | 'mjpeg',
    resolution: opts.resolution as '320x240' | '640x480',
    incidents: script.incidents,
    faults: script.faults,
    cacheDir: opts['cache-dir'],
    udp: !opts['tcp-only'],
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
  });
  // As in `sim sensors`: progress goes to stderr, so stdout carries only the URLs and the result.
  const out = process.stdout;
  const err = process.stderr;
  const tty = err.isTTY === true && !opts.json;
  if (opts.json) out.write(`${JSON.stringify({ type: 'started', port: server.port, urls: server.urls })}\n`);
  else {
    const shown = server.urls.length <= 10 ? server.urls : [...server.urls.slice(0, 3), `… (${server.urls.length} cameras) …`, ...server.urls.slice(-2)];
    out.write(`serving ${server.urls.length} ${opts.codec} ${opts.resolution}@${opts.fps} cameras (append ?tcp&rtsp_transport=tcp if your client wants it):\n${shown.map((u) => `  ${u}`).join('\n')}\n`);
  }
  let previous: RateWindow | undefined;
  const report = (): void => {
    const snap = server.snapshot();
    if (opts.json) out.write(`${JSON.stringify({ type: 'snapshot', ...snap, cameras: undefined })}\n`);
    else err.write(tty ? `\r\x1b[2K${formatProgress(snap, previous)}` : `${formatProgress(snap, previous)}\n`);
    previous = rateWindowOf(snap);
  };
  const timer = setInterval(report, tty ? 1000 : opts.interval);
  const why = await waitForStop(opts.duration);
  clearInterval(timer);
  const final = server.snapshot();
  const injected = server.injectedIncidents();
  await server.close();
  if (opts.json) out.write(`${JSON.stringify({ type: 'final', reason: why, snapshot: final, injectedIncidents: injected })}\n`);
  else {
    if (tty) err.write('\n');
    out.write(`stopped (${why}): ${formatProgress(final, undefined)}\n`);
    for (const i of injected) out.write(`  incident ${i.id}: camera ${i.cameraId} switched to fire at ${new Date(i.injectedAtMs).toISOString()}\n`);
  }
  return EXIT_OK;
}
