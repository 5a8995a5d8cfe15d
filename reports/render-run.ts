// Everything `emberload report` writes, as a map of relative path → content. Pure, so tests can
// check the outputs without touching disk; reports/cli.ts writes the map.
import type { RunResult } from '../protocol/run-result.ts';
import { renderHtmlReport } from './html-report.ts';
import { renderJunit } from './junit-report.ts';
import { toK6Summary } from './k6-summary.ts';
import { renderMarkdownReport } from './markdown-report.ts';
import { renderChartPngs } from './png-charts.ts';
import { renderStepSummary } from './step-summary.ts';

export interface RenderedRun {
  readonly files: ReadonlyMap<string, string | Buffer>;
  readonly stepSummary: string;
}

export function renderRun(result: RunResult, opts: { chartJsSource: string; runDirLabel: string }): RenderedRun {
  const files = new Map<string, string | Buffer>();
  files.set('report.md', renderMarkdownReport(result));
  files.set('report.html', renderHtmlReport({ result, chartJsSource: opts.chartJsSource }));
  files.set('junit.xml', renderJunit(result));
  files.set('summary.json', `${JSON.stringify(toK6Summary(result), null, 2)}\n`);
  for (const c of renderChartPngs(result)) files.set(`charts/${c.id}.png`, c.png);
  const stepSummary = renderStepSummary(result, opts.runDirLabel);
  files.set('step-summary.md', stepSummary);
  return { files, stepSummary };
}
