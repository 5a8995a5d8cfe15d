// Turns ffmpeg's last error line into a bounded reason category (the `reason` label of
// emberload_camera_restarts_total and the `reason` field of /api/cameras; the line itself is kept
// as `detail`).

export type DownReason = 'unreachable' | 'bad-stream' | 'stalled' | 'exited' | 'spawn-failed';

const UNREACHABLE = /connection refused|no route to host|network is unreachable|timed out|name or service not known|could not resolve|not found|server returned [45]\d\d|method (describe|setup|play) failed|connection reset|broken pipe|end of file|5\d\d |4\d\d /i;
const BAD_STREAM = /invalid data found|does not contain any stream|no video stream|could not find codec|unsupported codec|decoder .* not found|no decoder|error while decoding|non-existing pps|decode_slice_header|no frame!|missing picture|invalid nal|corrupt|unknown format/i;

export function classifyFfmpegError(lastLine: string | undefined, exitCode: number | null): DownReason {
  if (lastLine && BAD_STREAM.test(lastLine)) return 'bad-stream';
  if (lastLine && UNREACHABLE.test(lastLine)) return 'unreachable';
  if (exitCode === null) return 'exited';
  return 'exited';
}
