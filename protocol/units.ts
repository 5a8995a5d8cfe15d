// Small, pure unit helpers shared by every part. Exact sizing arithmetic lives in calculators/;
// these are for run-time options (durations, rates) and display.

const DURATION_RE = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const DURATION_FACTOR_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parse a duration such as `500ms`, `30s`, `10m`, `2h`, `1h30m` into milliseconds.
 * A bare number is seconds (k6 and most CLIs agree). Returns undefined when malformed.
 */
export function parseDurationMs(text: string): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const bare = DURATION_RE.exec(trimmed);
  if (bare && bare[2] === undefined) return Number(bare[1]) * 1000;
  let total = 0;
  let rest = trimmed;
  const part = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)/;
  while (rest.length > 0) {
    const m = part.exec(rest);
    if (!m) return undefined;
    total += Number(m[1]) * (DURATION_FACTOR_MS[m[2] ?? 's'] ?? 1000);
    rest = rest.slice(m[0].length);
  }
  return total;
}

export function formatDurationMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m${String(s).padStart(2, '0')}s` : m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export const MICROS_PER_MS = 1000;
export const NANOS_PER_MICRO = 1000n;

/** Wall-clock now in epoch microseconds (the unit of the `TS=` packet field). */
export function epochMicrosNow(): number {
  // performance.timeOrigin + now() has sub-ms resolution and is monotonic within a process.
  return Math.round((performance.timeOrigin + performance.now()) * 1000);
}
