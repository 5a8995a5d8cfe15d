// `emberload report` and `emberload compare` through their real CLI entry, on real files in a temp
// folder: files written, exit codes (0 / 99 / 2), and clear errors for missing, corrupt or too-new results.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isEmberError } from '../../protocol/errors.ts';
import { main } from '../../reports/cli.ts';
import { makeRunResult, type FixtureOptions } from '../fixtures/run-results/make-fixture.ts';

const t = suite('reports-cli');
const FIXTURE_DIR = resolve(import.meta.dirname, '../fixtures/run-results/phase0-smoke');
let dir = '';
const out: string[] = [];
const realWrite = process.stdout.write.bind(process.stdout);
const realErr = process.stderr.write.bind(process.stderr);

function writeRun(name: string, opts: FixtureOptions): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'result.json'), JSON.stringify(makeRunResult(opts)));
  return d;
}

/** Runs main() with stdout captured (the CLI prints its Markdown there). */
async function run(argv: string[]): Promise<{ code: number; stdout: string }> {
  out.length = 0;
  process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), stdout: out.join('') };
  } finally {
    process.stdout.write = realWrite;
    process.stderr.write = realErr;
  }
}

async function errorOf(argv: string[]): Promise<{ code: string; problems: string }> {
  try {
    await run(argv);
  } catch (err) {
    if (isEmberError(err)) return { code: err.code, problems: JSON.stringify(err.problems) };
    throw err;
  }
  throw new Error(`expected ${argv.join(' ')} to throw`);
}

t.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'emberload-reports-'));
});
t.after(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env['GITHUB_STEP_SUMMARY'];
});

t('report writes every output next to the committed fixture result.json and appends the step summary', async () => {
  const run1 = join(dir, 'fixture-run');
  cpSync(FIXTURE_DIR, run1, { recursive: true });
  const summary = join(dir, 'step-summary.md');
  writeFileSync(summary, '# earlier step\n');
  process.env['GITHUB_STEP_SUMMARY'] = summary;
  const { code, stdout } = await run(['report', run1]);
  delete process.env['GITHUB_STEP_SUMMARY'];
  assert.is(code, 0);
  assert.match(stdout, /phase0 smoke: pass/);
  for (const f of ['report.md', 'report.html', 'junit.xml', 'summary.json', 'step-summary.md']) assert.ok(existsSync(join(run1, f)), f);
  const pngs = readdirSync(join(run1, 'charts')).filter((f) => f.endsWith('.png'));
  assert.ok(pngs.includes('sensor-processing-ms.png') && pngs.includes('incident-alert-timeline.png'), pngs.join(','));
  const appended = readFileSync(summary, 'utf8');
  assert.ok(appended.startsWith('# earlier step\n'), 'appends, never overwrites');
  assert.match(appended, /### emberload phase0 · smoke: PASS/);
  const html = readFileSync(join(run1, 'report.html'), 'utf8');
  assert.ok(html.includes('Chart.js v4') || html.includes('chart.js'), 'chart.js inlined');
  assert.not.match(html, /<script[^>]+src=/, 'no external scripts');
});

t('compare exits 99 on an injected 30 % P95 regression and 0 on a same-build rerun', async () => {
  const base = writeRun('base', { seed: 201 });
  const same = writeRun('same', { seed: 202 });
  const slow = writeRun('slow', { seed: 203, sensorLatencyScale: 1.3 });
  const a = await run(['compare', base, slow]);
  assert.is(a.code, 99);
  assert.match(a.stdout, /❌ REGRESSED/);
  assert.match(a.stdout, /❌ regressed \| `sensor_processing_ms p95`/);
  const b = await run(['compare', base, same]);
  assert.is(b.code, 0);
  assert.match(b.stdout, /✅ UNCHANGED/);
  const j = await run(['compare', base, join(slow, 'result.json'), '--json']);
  const parsed = JSON.parse(j.stdout) as { verdict: string; rows: Array<{ key: string; verdict: string }> };
  assert.is(parsed.verdict, 'regressed');
  assert.is(parsed.rows.find((r) => r.key === 'sensor_processing_ms p95')?.verdict, 'regressed');
  // A generous tolerance lets the same regression through, deliberately.
  assert.is((await run(['compare', base, slow, '--tolerance', 'p50=50%', '--tolerance', 'p95=50%'])).code, 0);
});

t('compare with several baselines runs the t test and says so', async () => {
  const bs = [301, 302, 303].map((s) => writeRun(`rep-${s}`, { seed: s }));
  const cand = writeRun('rep-cand', { seed: 304, sensorLatencyScale: 1.3 });
  const r = await run(['compare', ...bs, cand]);
  assert.is(r.code, 99);
  assert.match(r.stdout, /3 baseline runs: a figure beyond tolerance must also pass a one-sided t test/);
  assert.match(r.stdout, /sensor_processing_ms p95.*significant \(t=/);
});

t('candidate repeats (--repeat) with baseline repeats use the two-sample t test', async () => {
  const bs = [311, 312, 313].map((s) => writeRun(`b2-${s}`, { seed: s }));
  const cs = [314, 315].map((s) => writeRun(`c2-${s}`, { seed: s, sensorLatencyScale: 1.4 }));
  const r = await run(['compare', ...bs, cs[0] as string, '--repeat', cs[1] as string, '--json']);
  assert.is(r.code, 99);
  const parsed = JSON.parse(r.stdout) as { candidates: unknown[]; rows: Array<{ key: string; verdict: string; test?: { method: string } }> };
  assert.is(parsed.candidates.length, 2);
  const p95 = parsed.rows.find((x) => x.key === 'sensor_processing_ms p95');
  assert.is(p95?.verdict, 'regressed');
  assert.is(p95?.test?.method, 'two-sample-t');
});

t('compare refuses different phases without --cross-phase and warns loudly with it', async () => {
  const p0 = writeRun('p0', { seed: 401 });
  const p1 = writeRun('p1', { seed: 402, phase: 'phase1', cameras: 10 });
  const e = await errorOf(['compare', p0, p1]);
  assert.is(e.code, 'EMBER_ERR_REPORT_PHASE_MISMATCH');
  assert.match(e.problems, /candidate\.phase/);
  const r = await run(['compare', p0, p1, '--cross-phase']);
  assert.is(r.code, 0, 'cross-phase diffs are informational');
  assert.match(r.stdout, /INFORMATIONAL \(cross-phase\)/);
  assert.match(r.stdout, /warning:\*\* CROSS-PHASE DIFF: phase0 .* vs phase1 .*loads differ/);
});

t('missing, corrupt and newer-schema results are refused with the file named', async () => {
  const good = writeRun('good', { seed: 501 });
  const missing = await errorOf(['compare', good, join(dir, 'no-such-run')]);
  assert.is(missing.code, 'EMBER_ERR_REPORT_RESULT_INVALID');
  assert.match(missing.problems, /no-such-run.*ENOENT/);
  const corrupt = join(dir, 'corrupt');
  mkdirSync(corrupt);
  writeFileSync(join(corrupt, 'result.json'), '{"schemaVersion":1,"runId":"x","metr');
  const c = await errorOf(['report', corrupt]);
  assert.is(c.code, 'EMBER_ERR_REPORT_RESULT_INVALID');
  assert.match(c.problems, /must be valid JSON/);
  const newer = join(dir, 'newer');
  mkdirSync(newer);
  writeFileSync(join(newer, 'result.json'), JSON.stringify({ ...makeRunResult({ seed: 1 }), schemaVersion: 2 }));
  assert.is((await errorOf(['compare', good, newer])).code, 'EMBER_ERR_REPORT_RESULT_NEWER');
  const partial = join(dir, 'partial');
  mkdirSync(partial);
  writeFileSync(join(partial, 'result.json'), JSON.stringify({ schemaVersion: 1, runId: 'p' }));
  const p = await errorOf(['report', partial]);
  assert.is(p.code, 'EMBER_ERR_REPORT_RESULT_INVALID');
  assert.match(p.problems, /"path":"metrics"/);
  // Parseable but broken inside: every problem listed, no crash while rendering.
  const inner = join(dir, 'inner');
  mkdirSync(inner);
  const r = makeRunResult({ seed: 2 });
  writeFileSync(join(inner, 'result.json'), JSON.stringify({ ...r, series: [{ name: 'x', unit: 'ms', tags: {}, points: [[1, 'a']] }, { name: 7 }], incidents: [{ id: 'i' }] }));
  const q = await errorOf(['report', inner]);
  assert.is(q.code, 'EMBER_ERR_REPORT_RESULT_INVALID');
  for (const path of ['series[0].points[0]', 'series[1].name', 'series[1].points', 'incidents[0]']) assert.ok(q.problems.includes(`"path":"${path}"`), `${path} in ${q.problems}`);
});

t('usage errors: one run for report, two for compare, bad options all at once', async () => {
  assert.is((await errorOf(['report'])).code, 'EMBER_ERR_CLI_INVALID_OPTIONS');
  assert.is((await errorOf(['compare', 'only-one'])).code, 'EMBER_ERR_REPORT_COMPARE_INPUT');
  const e = await errorOf(['compare', 'a', 'b', '--tolerance', 'lots', '--bogus']);
  assert.is(e.code, 'EMBER_ERR_CLI_INVALID_OPTIONS');
  assert.match(e.problems, /--bogus/);
});

t.run();
