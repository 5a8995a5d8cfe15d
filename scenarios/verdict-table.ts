// The verdict table printed at the end of a gate: one row per threshold, observed value with unit,
// and why a threshold did not apply. Plain text so it reads the same in a terminal and in CI logs.
import type { RunResult } from '../protocol/run-result.ts';
import { formatMetricKey } from './thresholds/expression.ts';

const MARK: Record<string, string> = { pass: '✓ pass', fail: '✗ FAIL', 'not-applicable': '– n/a', aborted: '! aborted' };

function fmt(v: number | null, unit: string): string {
  if (v === null) return '–';
  if (unit === 'bytes') return `${(v / 1024 / 1024).toFixed(1)} MiB`;
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 2 : 4;
  return `${v.toFixed(digits)} ${unit}`;
}

export function renderVerdictTable(r: RunResult): string {
  const rows = r.thresholds.map((t) => [MARK[t.verdict] ?? t.verdict, formatMetricKey(t.metric, t.tags), t.expression, fmt(t.observed, t.unit), t.note]);
  const head = ['verdict', 'metric', 'threshold', 'observed', 'note'];
  const widths = head.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length))));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const counts = (v: string) => r.thresholds.filter((t) => t.verdict === v).length;
  return [
    `${r.phase} ${r.profile} (${r.mode}, ${r.durationS.toFixed(0)} s, ${r.status}): verdict ${r.verdict.toUpperCase()} — ${counts('pass')} pass, ${counts('fail')} fail, ${counts('not-applicable')} not applicable`,
    line(head),
    ...rows.map(line),
    ...(r.faults.length > 0 ? ['', 'faults:', ...r.faults.map((f) => `  ${f.kind} at ${f.atS}s: recovery ${f.recoveryMs === null ? 'never' : `${f.recoveryMs} ms`}; ${f.detail}; lost ${JSON.stringify(f.lost)}`)] : []),
    `alerts: ${r.alertAccuracy.alertsSeen} seen, ${r.alertAccuracy.matched}/${r.incidents.length} incidents detected, ${r.alertAccuracy.duplicates} duplicates, ${r.alertAccuracy.unmatched} unmatched; probe overhead ${(r.probeOverheadCores * 100).toFixed(2)} % of a core`,
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n');
}
