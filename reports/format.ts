// Formatting shared by every renderer: numbers with units, tag labels, escaping. Pure.

/** A number with precision that suits its size: 1234 → "1234", 12.34 → "12.3", 0.01234 → "0.0123". */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (Number.isInteger(value)) return value.toString();
  // Number(…) drops trailing zeros, so 99.98 prints as 100, not 100.0.
  if (abs >= 100) return Math.round(value).toString();
  if (abs >= 10) return Number(value.toFixed(1)).toString();
  if (abs >= 1) return Number(value.toFixed(2)).toString();
  return Number(value.toPrecision(3)).toString();
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

export function formatBytes(bytes: number): string {
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${formatNumber(v)} ${BYTE_UNITS[i]}`;
}

/** A value with its unit for people: ratios as percent (with the raw ratio), bytes binary-prefixed. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined) return 'no data';
  if (unit === 'bytes') return formatBytes(value);
  if (unit === 'ratio') return `${formatNumber(value * 100)} %`;
  if (unit === '' || unit === 'count') return formatNumber(value);
  return `${formatNumber(value)} ${unit}`;
}

/** `{camera: 'cam01'}` → `camera=cam01`; empty tags → ''. Sorted so labels are stable. */
export function tagsLabel(tags: Readonly<Record<string, string>>): string {
  return Object.keys(tags)
    .sort()
    .map((k) => `${k}=${tags[k] ?? ''}`)
    .join(',');
}

/** k6's sub-metric key: `name{tag:value,tag2:value}`; the bare name when untagged. */
export function metricKey(name: string, tags: Readonly<Record<string, string>>): string {
  const keys = Object.keys(tags).sort();
  return keys.length === 0 ? name : `${name}{${keys.map((k) => `${k}:${tags[k] ?? ''}`).join(',')}}`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** XML 1.0 also forbids most control characters; drop them rather than emit an unparsable file. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return escapeHtml(text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ''));
}

/** Markdown table cells cannot hold pipes or newlines. */
export function escapeMdCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function formatDurationS(seconds: number): string {
  if (seconds < 120) return `${formatNumber(seconds)} s`;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
}

export function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : 'unknown';
}

/** Plain marks for HTML: headless and minimal browsers often lack an emoji font. */
export function verdictMarkPlain(verdict: string): string {
  return verdict === 'pass' ? '✓ pass' : verdict === 'fail' ? '✗ fail' : verdict === 'aborted' ? '⊘ aborted' : verdict === 'not-applicable' ? '– n/a' : verdict;
}

/** Emoji marks for Markdown (GitHub renders them everywhere). */
export function verdictMark(verdict: string): string {
  return verdict === 'pass' ? '✅ pass' : verdict === 'fail' ? '❌ fail' : verdict === 'aborted' ? '⛔ aborted' : verdict === 'not-applicable' ? '➖ n/a' : verdict;
}
