// Human output of `emberload sim sensors`: the live progress line (TTY), the quiet per-interval line
// (logs, CI) and the final summary. Pure formatting: the CLI decides where it goes.
import { formatBytes, formatDurationMs } from '../../protocol/units.ts';
import type { SensorFleetReport, SensorFleetSnapshot } from './fleet-snapshot.ts';

export interface RateWindow {
  readonly ticks: number;
  readonly atMs: number;
}

export function progressLine(s: SensorFleetSnapshot, durationMs: number, previous: RateWindow | undefined): string {
  const elapsed = Math.min(s.elapsedMs, durationMs);
  const etaMs = Math.max(0, durationMs - elapsed);
  const sentPerS = previous && s.elapsedMs > previous.atMs ? ((s.sent.ticks - previous.ticks) * 1000) / (s.elapsedMs - previous.atMs) : 0;
  return [
    `${formatDurationMs(elapsed)}/${formatDurationMs(durationMs)} (ETA ${formatDurationMs(etaMs)})`,
    `sent ${Math.round(sentPerS)}/s`,
    `late ${s.late}`,
    `dropped ${s.dropped}`,
    `reconnects ${s.reconnects}`,
    `connected ${s.connectedDevices}/${s.devices}`,
    `lateness p99 ${s.lateness.p99Ms.toFixed(2)} ms`,
  ].join(' | ');
}

export function summaryText(r: SensorFleetReport): string {
  const seconds = r.elapsedMs / 1000;
  const l = r.lateness;
  const kv = (o: Readonly<Record<string, number>>): string => (Object.keys(o).length === 0 ? 'none' : Object.entries(o).map(([k, v]) => `${k}=${v}`).join(', '));
  return [
    `sensor fleet: ${r.devices} devices for ${formatDurationMs(r.elapsedMs)}`,
    `  sent           ${r.sent.ticks} scheduled sends (${(r.sent.ticks / Math.max(seconds, 1e-9)).toFixed(1)}/s): ${r.sent.frames} frames, ${r.sent.sensorLines} sensor lines, ${r.sent.malformed} malformed, ${formatBytes(r.sent.bytes)}`,
    `  intended       ${r.intended} = sent ${r.sent.ticks} + dropped ${r.dropped} + not connected ${r.notConnected} + blocked ${r.blocked}`,
    `  late           ${r.late} (lateness > ${l.toleranceMs} ms)`,
    `  lateness (ms)  p50 ${l.p50Ms.toFixed(3)}  p90 ${l.p90Ms.toFixed(3)}  p95 ${l.p95Ms.toFixed(3)}  p99 ${l.p99Ms.toFixed(3)}  max ${l.maxMs.toFixed(3)}  (n=${l.count}, HDR µs, from intended send time)`,
    `  connections    reconnects ${r.reconnects}, connect errors ${r.connectErrors}, disconnects ${r.disconnects}`,
    `  errors         ${kv(r.errorsByKind)}`,
    `  faults         ${kv(r.faultsInjected)}`,
    `  commands       ${kv(r.commandsReceived)}`,
    `  incidents      ${r.injectedIncidents.length === 0 ? 'none' : r.injectedIncidents.map((i) => `${i.id}@${new Date(i.injectedAtMs).toISOString()}`).join(', ')}`,
  ].join('\n');
}
