// `emberload baseline update`: copies a run into the baselines folder with a provenance note,
// refuses failing or aborted runs unless told otherwise, and shows what changes against the old one.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineFiles, main } from '../../ci/cli.ts';
import { isEmberError } from '../../protocol/errors.ts';
import { parseRunResult, type RunResult } from '../../protocol/run-result.ts';
import { makeRunResult } from '../fixtures/run-results/make-fixture.ts';

const t = suite('baseline-update');
let dir = '';
const printed: string[] = [];

function writeRun(name: string, r: RunResult): string {
  const d = join(dir, 'runs', name);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'result.json'), JSON.stringify(r));
  return d;
}

async function run(argv: string[]): Promise<number> {
  const write = process.stdout.write.bind(process.stdout);
  printed.length = 0;
  process.stdout.write = ((c: string) => (printed.push(String(c)), true)) as typeof process.stdout.write;
  try {
    return await main(argv);
  } finally {
    process.stdout.write = write;
  }
}

t.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'emberload-baseline-'));
});
t.after(() => rmSync(dir, { recursive: true, force: true }));

t('stores <phase>-<profile>.json with a provenance note, still a valid RunResult', async () => {
  const src = writeRun('a', makeRunResult({ seed: 71 }));
  const base = join(dir, 'baselines');
  assert.is(await run(['baseline', 'update', src, '--dir', base, '--reason', 'first baseline']), 0);
  const stored = parseRunResult(JSON.parse(readFileSync(join(base, 'phase0-smoke.json'), 'utf8')), 'stored');
  assert.is(stored.runId, 'fixture-phase0-71');
  const note = stored.notes[stored.notes.length - 1] ?? '';
  assert.match(note, /^baseline: stored \d{4}-\d\d-\d\dT.* from .*runs\/a\/result\.json \(run fixture-phase0-71\) measured on fixture-host \(Fixture CPU @ 2\.0GHz, 2 cores, Node v20\.19\.0\); run commit 0{40}, stored at commit (?:[0-9a-f]{40}|unknown); reason: first baseline$/);
  assert.match(printed.join(''), /wrote .*phase0-smoke\.json/);
});

t('a second update shows the comparison with the baseline it replaces', async () => {
  const base = join(dir, 'baselines');
  const src = writeRun('b', makeRunResult({ seed: 72, sensorLatencyScale: 1.5 }));
  assert.is(await run(['baseline', 'update', src, '--dir', base]), 0);
  assert.match(printed.join(''), /against the previous baseline \(1 file\(s\)\): [1-9]\d* regressed/);
});

t('several runs are stored as repeats, and a later update replaces all of them', async () => {
  const base = join(dir, 'repeats');
  const srcs = [91, 92, 93].map((seed) => writeRun(`rep${seed}`, makeRunResult({ seed })));
  assert.is(await run(['baseline', 'update', ...srcs, '--dir', base]), 0);
  assert.equal(baselineFiles(base, 'phase0-smoke').map((f) => f.slice(base.length + 1)), ['phase0-smoke.json', 'phase0-smoke.r2.json', 'phase0-smoke.r3.json']);
  assert.match(printed.join(''), /emberload compare .*phase0-smoke\*\.json <candidate>/);
  assert.is(await run(['baseline', 'update', srcs[0] as string, '--dir', base]), 0);
  assert.match(printed.join(''), /against the previous baseline \(3 file\(s\)\)/);
  assert.equal(baselineFiles(base, 'phase0-smoke').map((f) => f.slice(base.length + 1)), ['phase0-smoke.json']);
});

t('failing or aborted runs are refused unless --allow-failing', async () => {
  const base = join(dir, 'baselines2');
  const failing = writeRun('f', { ...makeRunResult({ seed: 73 }), verdict: 'fail' });
  try {
    await run(['baseline', 'update', failing, '--dir', base]);
    assert.unreachable('should refuse');
  } catch (err) {
    assert.ok(isEmberError(err));
    assert.is(err.code, 'EMBER_ERR_REPORT_BASELINE_REFUSED');
    assert.match(JSON.stringify(err.problems), /verdict fail/);
  }
  const aborted = writeRun('ab', { ...makeRunResult({ seed: 74 }), status: 'aborted' });
  assert.is(await run(['baseline', 'update', aborted, '--dir', base, '--allow-failing', '--name', 'odd_one']), 0);
  assert.ok(readFileSync(join(base, 'odd_one.json'), 'utf8').includes('"status": "aborted"'));
});

t('a run from a busy machine (late sender) is refused unless --allow-contended', async () => {
  const base = join(dir, 'baselines3');
  const busy = writeRun('busy', makeRunResult({ seed: 76, senderLatenessP50Ms: 6 }));
  try {
    await run(['baseline', 'update', busy, '--dir', base]);
    assert.unreachable('should refuse');
  } catch (err) {
    assert.ok(isEmberError(err));
    assert.is(err.code, 'EMBER_ERR_REPORT_BASELINE_REFUSED');
    assert.match(JSON.stringify(err.problems), /sender lateness must be P50 ≤ 2 ms and P95 ≤ 60 ms/);
  }
  assert.is(await run(['baseline', 'update', busy, '--dir', base, '--allow-contended']), 0);
});

t('bad names and missing runs are usage errors', async () => {
  const codeOf = async (argv: string[]): Promise<string> => {
    try {
      await run(argv);
    } catch (err) {
      return isEmberError(err) ? err.code : String(err);
    }
    return 'no error';
  };
  const src = writeRun('n', makeRunResult({ seed: 75 }));
  assert.is(await codeOf(['baseline', 'update', src, '--dir', dir, '--name', '../escape']), 'EMBER_ERR_CLI_INVALID_OPTIONS');
  assert.is(await codeOf(['baseline', 'update', join(dir, 'nope')]), 'EMBER_ERR_REPORT_RESULT_INVALID');
  assert.is(await codeOf(['baseline', 'update']), 'EMBER_ERR_CLI_INVALID_OPTIONS');
});

t.run();
