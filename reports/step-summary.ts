// The short Markdown block for $GITHUB_STEP_SUMMARY: verdict line, the threshold table, and where the
// full report is. Kept short because GitHub shows it on the run page (1 MiB limit per step).
import type { RunResult } from '../protocol/run-result.ts';
import { verdictSection } from './markdown-report.ts';

export function renderStepSummary(result: RunResult, reportPath: string): string {
  const lines = [
    `### emberload ${result.phase} · ${result.profile}: ${result.verdict.toUpperCase()}`,
    '',
    ...verdictSection(result).map((l) => l.replace(/^## /, '#### ')),
    `Full report: \`${reportPath}\` (report.md, report.html, charts/, junit.xml, summary.json).`,
    '',
  ];
  return lines.join('\n');
}
