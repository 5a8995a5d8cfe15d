// `emberload report <run>` and `emberload compare <baseline>... <candidate>`: the only module in
// reports/ that touches the file system or the environment. Everything it writes comes from the
// pure renderers next to it.
import { appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { formatOptionsHelp, parseOptions, type OptionSpecs } from '../protocol/cli-options.ts';
import { EmberError } from '../protocol/errors.ts';
import { EXIT_OK, EXIT_THRESHOLDS_FAILED } from '../protocol/exit-codes.ts';
import { parseRunResult, type RunResult } from '../protocol/run-result.ts';
import { compareRuns } from './compare/compare-runs.ts';
import { renderComparisonMarkdown } from './compare/render-comparison.ts';
import { parseTolerances } from './compare/tolerance.ts';
import { renderRun } from './render-run.ts';
import { validateForReport } from './validate-result.ts';

/** A run folder (holding result.json) or a result.json file itself. */
export function resultPath(input: string): string {
  try {
    return statSync(input).isDirectory() ? join(input, 'result.json') : input;
  } catch {
    return input;
  }
}

export function loadRunResult(input: string): RunResult {
  const file = resultPath(input);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new EmberError('EMBER_ERR_REPORT_RESULT_INVALID', `${file}: ${code}`, [{ path: input, rule: 'must be a run folder holding result.json, or a result.json file', received: `${file} (${code})` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new EmberError('EMBER_ERR_REPORT_RESULT_INVALID', `${file} is not valid JSON`, [{ path: file, rule: 'must be valid JSON (a truncated file means the run was interrupted while writing)', received: (err as Error).message }]);
  }
  return validateForReport(parseRunResult(value, file), file);
}

function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  return readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
}

const REPORT_OPTIONS = {
  out: { kind: 'string', describe: 'folder to write into (default: the run folder)' },
  'step-summary': { kind: 'boolean', describe: 'append the short verdict block to $GITHUB_STEP_SUMMARY when that variable is set (default; --step-summary=false turns it off)' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const satisfies OptionSpecs;

async function reportMain(argv: string[]): Promise<number> {
  const o = parseOptions(argv.slice(1), REPORT_OPTIONS);
  if (o.help) {
    process.stdout.write(`usage: emberload report <runs/<id>|result.json> [options]\n${formatOptionsHelp(REPORT_OPTIONS)}\n`);
    return EXIT_OK;
  }
  if (o._.length !== 1) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', 'one run expected', [{ path: '<run>', rule: 'give exactly one run folder or result.json', received: o._ }]);
  const input = o._[0] as string;
  const result = loadRunResult(input);
  const outDir = o.out ?? dirname(resultPath(input));
  const rendered = renderRun(result, { chartJsSource: chartJsSource(), runDirLabel: relative(process.cwd(), outDir) || '.' });
  try {
    mkdirSync(join(outDir, 'charts'), { recursive: true });
    for (const [rel, content] of rendered.files) writeFileSync(join(outDir, rel), content);
    const summaryFile = process.env['GITHUB_STEP_SUMMARY'];
    // On by default in GitHub Actions; `--step-summary=false` turns it off.
    if (summaryFile && !argv.includes('--step-summary=false')) appendFileSync(summaryFile, `${rendered.stepSummary}\n`);
  } catch (err) {
    throw new EmberError('EMBER_ERR_REPORT_WRITE_FAILED', `${outDir}: ${(err as Error).message}`, [{ path: '--out', rule: 'must be a writable folder', received: outDir }], { cause: err });
  }
  const charts = [...rendered.files.keys()].filter((k) => k.startsWith('charts/')).length;
  process.stdout.write(`${result.phase} ${result.profile}: ${result.verdict}; wrote report.md, report.html, ${charts} charts, junit.xml, summary.json, step-summary.md to ${outDir}\n`);
  return EXIT_OK;
}

const COMPARE_OPTIONS = {
  tolerance: { kind: 'list', describe: 'relative tolerance for all figures (20% or 0.2), or per class: p50|p95|p99|max|throughput|drops|cpu|rss=<value>, <class>.floor=<absolute, in ms for latency>' },
  repeat: { kind: 'list', describe: 'another candidate run of the same build (repeats enable a two-sample t test)' },
  'cross-phase': { kind: 'boolean', describe: 'allow baseline and candidate of different phases: an informational "diff vs previous phase" that never fails' },
  json: { kind: 'boolean', describe: 'print the comparison as JSON instead of Markdown' },
  'only-changed': { kind: 'boolean', describe: 'list only figures that regressed or improved (the counts still cover all)' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const satisfies OptionSpecs;

async function compareMain(argv: string[]): Promise<number> {
  const o = parseOptions(argv.slice(1), COMPARE_OPTIONS);
  if (o.help) {
    process.stdout.write(`usage: emberload compare <baseline> [<baseline>...] <candidate> [options]\nexit: 0 no regression, 99 regression beyond tolerance, 2 bad input\n${formatOptionsHelp(COMPARE_OPTIONS)}\n`);
    return EXIT_OK;
  }
  // Validate everything before reading anything.
  const tolerances = parseTolerances(o.tolerance);
  if (o._.length < 2) throw new EmberError('EMBER_ERR_REPORT_COMPARE_INPUT', 'need a baseline and a candidate', [{ path: '<baseline> <candidate>', rule: 'give at least two runs (the last one is the candidate)', received: o._ }]);
  const paths = [...o._];
  const candidatePath = paths.pop() as string;
  const baselines = paths.map(loadRunResult);
  const candidates = [candidatePath, ...o.repeat].map(loadRunResult);
  const comparison = compareRuns(baselines, candidates, { tolerances, crossPhase: o['cross-phase'] });
  const markdown = renderComparisonMarkdown(comparison, { onlyChanged: o['only-changed'] });
  process.stdout.write(o.json ? `${JSON.stringify(comparison, null, 2)}\n` : markdown);
  const summaryFile = process.env['GITHUB_STEP_SUMMARY'];
  if (summaryFile) appendFileSync(summaryFile, `${renderComparisonMarkdown(comparison, { onlyChanged: true })}\n`);
  if (comparison.warnings.length > 0) for (const w of comparison.warnings) process.stderr.write(`warning: ${w}\n`);
  return comparison.verdict === 'regressed' ? EXIT_THRESHOLDS_FAILED : EXIT_OK;
}

export async function main(argv: string[]): Promise<number> {
  return argv[0] === 'compare' ? compareMain(argv) : reportMain(argv);
}
