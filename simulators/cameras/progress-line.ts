// The live status line of `emberload sim cameras`: one rewritten line on a TTY, one line per
// interval otherwise (logs, CI), or one JSON object per interval with --json.
import { formatBytes, formatDurationMs } from '../../protocol/units.ts';
import type { CameraServerSnapshot } from './camera-snapshot.ts';

export interface RateWindow {
  readonly framesSent: number;
  readonly bytesSent: number;
  readonly atMs: number;
}

export function formatProgress(s: CameraServerSnapshot, previous: RateWindow | undefined): string {
  const dtS = previous ? Math.max(0.001, (s.uptimeMs - previous.atMs) / 1000) : s.uptimeMs / 1000;
  const fps = (s.totals.framesSent - (previous?.framesSent ?? 0)) / dtS;
  const bps = ((s.totals.bytesSent - (previous?.bytesSent ?? 0)) * 8) / dtS;
  const fire = s.cameras.filter((c) => c.scene === 'fire').length;
  const faulty = s.cameras.filter((c) => c.activeFaults.length > 0).length;
  return [
    `t=${formatDurationMs(s.uptimeMs)}`,
    `sessions=${s.totals.playingSessions}/${s.totals.sessions}`,
    `sent=${fps.toFixed(0)} frames/s`,
    `${(bps / 1e6).toFixed(2)} Mbit/s`,
    `total=${formatBytes(s.totals.bytesSent)}`,
    `dropped=${s.totals.framesDropped} frames`,
    `fire=${fire} cams`,
    `faulted=${faulty} cams`,
    `lateness p99=${s.pacing.latenessMs.p99Ms.toFixed(1)} ms`,
  ].join('  ');
}

export function rateWindowOf(s: CameraServerSnapshot): RateWindow {
  return { framesSent: s.totals.framesSent, bytesSent: s.totals.bytesSent, atMs: s.uptimeMs };
}
