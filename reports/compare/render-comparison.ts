// Comparison → Markdown (printed by `emberload compare`, appended to $GITHUB_STEP_SUMMARY in CI).
// Regressions first; warnings above the table so they cannot be missed. Pure.
import { escapeMdCell as cell, formatNumber, formatValue } from '../format.ts';
import type { Comparison, ComparisonRow, FigureVerdict } from './compare-runs.ts';

const MARK: Readonly<Record<FigureVerdict, string>> = { regressed: '❌ regressed', improved: '✅ improved', unchanged: '· unchanged', 'not-comparable': '? not comparable', informational: 'ℹ️ shown only' };
const ORDER: readonly FigureVerdict[] = ['regressed', 'improved', 'not-comparable', 'informational', 'unchanged'];

function signed(text: string, delta: number): string {
  return delta > 0 ? `+${text}` : text;
}

function deltaText(r: ComparisonRow): string {
  if (r.deltaAbs === null) return '–';
  const abs = r.unit === 'ratio' ? `${formatNumber(r.deltaAbs * 100)} pp` : formatValue(r.deltaAbs, r.unit);
  const rel = r.deltaRel === null ? '' : ` (${signed(formatNumber(r.deltaRel * 100), r.deltaRel)} %)`;
  return `${signed(abs, r.deltaAbs)}${rel}`;
}

function toleranceText(r: ComparisonRow): string {
  const floor = r.tolerance.absoluteFloor > 0 ? `, floor ${r.unit === 'ratio' ? `${formatNumber(r.tolerance.absoluteFloor * 100)} pp` : formatValue(r.tolerance.absoluteFloor, ['p50', 'p95', 'p99', 'max'].includes(r.cls) ? 'ms' : r.unit)}` : '';
  return `±${formatNumber(r.tolerance.relative * 100)} %${floor}`;
}

export function renderComparisonMarkdown(c: Comparison, opts: { onlyChanged?: boolean } = {}): string {
  const b = c.baselines[0];
  const k = c.candidates[0];
  const title = c.verdict === 'informational' ? 'ℹ️ INFORMATIONAL (cross-phase)' : c.verdict === 'regressed' ? '❌ REGRESSED' : c.verdict === 'improved' ? '✅ IMPROVED' : '✅ UNCHANGED';
  const refText = (runs: Comparison['baselines']): string => runs.map((r) => `\`${r.runId}\` (${r.phase}/${r.profile} on ${r.hostname}${r.gitCommit ? `, commit ${r.gitCommit.slice(0, 12)}` : ''})`).join(', ');
  const lines = [
    `### emberload compare: ${b?.phase ?? '?'}${c.crossPhase ? ` → ${k?.phase ?? '?'}` : ''} · ${title}`,
    '',
    `${c.counts.regressed} regressed, ${c.counts.improved} improved, ${c.counts.unchanged} unchanged, ${c.counts['not-comparable']} not comparable, ${c.counts.informational} shown only.`,
    '',
    `- baseline: ${refText(c.baselines)}`,
    `- candidate: ${refText(c.candidates)}`,
    ...c.notes.map((n) => `- ${n}`),
    '',
  ];
  for (const w of c.warnings) lines.push(`> ⚠️ **warning:** ${w}`, '');
  const rows = [...c.rows]
    .filter((r) => !opts.onlyChanged || r.verdict === 'regressed' || r.verdict === 'improved')
    .sort((x, y) => ORDER.indexOf(x.verdict) - ORDER.indexOf(y.verdict));
  if (rows.length === 0) return `${[...lines, '_No figure changed beyond tolerance._'].join('\n')}\n`;
  lines.push('| verdict | figure | baseline | candidate | change | tolerance | note |', '|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const fmt = (v: number | null): string => (v === null ? '–' : formatValue(v, r.unit));
    lines.push(`| ${MARK[r.verdict]} | \`${cell(r.key)}\` | ${fmt(r.baseline)} | ${fmt(r.candidate)} | ${deltaText(r)} | ${toleranceText(r)} | ${cell(r.note)} |`);
  }
  return `${lines.join('\n')}\n`;
}
