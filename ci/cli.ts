// `emberload baseline update runs/<id> [runs/<id2>...]`: copy runs' result.json into ci/baselines/
// deliberately, stamped with where they came from (machine, commit, time, reason), after showing what
// changes against the baseline they replace. Several runs of one build are stored as repeats
// (<name>.json, <name>.r2.json, …) so compare can test differences against their spread.
// Refuses aborted or failing runs unless told otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatOptionsHelp, parseOptions, type OptionSpecs } from '../protocol/cli-options.ts';
import { EmberError, isEmberError } from '../protocol/errors.ts';
import { EXIT_OK } from '../protocol/exit-codes.ts';
import type { RunResult } from '../protocol/run-result.ts';
import { compareRuns } from '../reports/compare/compare-runs.ts';
import { CONTENDED_SENDER_P50_MS, CONTENDED_SENDER_P95_MS, contendedRuns } from '../reports/compare/figure-policy.ts';
import { loadRunResult, resultPath } from '../reports/cli.ts';

export const DEFAULT_BASELINE_DIR = 'ci/baselines';

const OPTIONS = {
  dir: { kind: 'string', default: DEFAULT_BASELINE_DIR, describe: 'folder holding the committed baselines' },
  name: { kind: 'string', describe: 'baseline file name without .json (default: <phase>-<profile>)' },
  reason: { kind: 'string', describe: 'why the baseline moves (recorded in the file, e.g. "new detector, +8 % CPU accepted")' },
  'allow-failing': { kind: 'boolean', describe: 'store a run that failed thresholds or did not complete' },
  'allow-contended': { kind: 'boolean', describe: 'store a run whose load generator ran late (a busy machine); compare would then skip latency figures' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const satisfies OptionSpecs;

function gitCommit(): string | undefined {
  const r = spawnSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

/** The stored baseline: the run unchanged but for a note of its provenance. */
export function stampBaseline(run: RunResult, source: string, at: Date, toolkitCommit: string | undefined, reason: string | undefined): RunResult {
  const e = run.environment;
  const note = `baseline: stored ${at.toISOString()} from ${source} (run ${run.runId}) measured on ${e.hostname} (${e.cpuModel}, ${e.cpuCores} cores, Node ${e.nodeVersion}); run commit ${e.gitCommit ?? 'unknown'}, stored at commit ${toolkitCommit ?? 'unknown'}${reason ? `; reason: ${reason}` : ''}`;
  return { ...run, notes: [...run.notes, note] };
}

/** `<name>.json` and its repeats `<name>.r<N>.json` in `dir`. */
export function baselineFiles(dir: string, name: string): string[] {
  if (!existsSync(dir)) return [];
  const re = new RegExp(`^${name.replace(/[.]/g, '\\.')}(\\.r\\d+)?\\.json$`);
  return readdirSync(dir)
    .filter((f) => re.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv.slice(2), OPTIONS);
  if (o.help) {
    process.stdout.write(`usage: emberload baseline update <runs/<id>|result.json> [<more repeats>...] [options]\n${formatOptionsHelp(OPTIONS)}\n`);
    return EXIT_OK;
  }
  if (o._.length === 0) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', 'a run is required', [{ path: '<run>', rule: 'give one or more run folders or result.json files (several = repeats of one build)', received: o._ }]);
  const sources = [...o._];
  const runs = sources.map(loadRunResult);
  const problems = runs.flatMap((run, i) =>
    !o['allow-failing'] && (run.status !== 'completed' || run.verdict === 'fail' || run.verdict === 'aborted')
      ? [{ path: sources[i] as string, rule: 'must be a completed run whose thresholds passed', received: `status ${run.status}, verdict ${run.verdict}` }]
      : [],
  );
  // A baseline measured on a busy machine would switch off every latency comparison against it.
  if (!o['allow-contended']) {
    for (const c of contendedRuns(runs)) {
      problems.push({ path: sources[runs.findIndex((r) => r.runId === c.runId)] as string, rule: `sender lateness must be P50 ≤ ${CONTENDED_SENDER_P50_MS} ms and P95 ≤ ${CONTENDED_SENDER_P95_MS} ms (the machine was busy; re-run it)`, received: `P50 ${c.senderLatenessP50Ms} ms, P95 ${c.senderLatenessP95Ms} ms` });
    }
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_REPORT_BASELINE_REFUSED', `${problems.length} run(s) not fit to be a baseline`, problems);
  const first = runs[0] as RunResult;
  const mixed = runs.filter((r) => r.phase !== first.phase || r.profile !== first.profile);
  if (mixed.length > 0) throw new EmberError('EMBER_ERR_REPORT_COMPARE_INPUT', 'repeats of different phases/profiles', mixed.map((r) => ({ path: r.runId, rule: `repeats must be ${first.phase}/${first.profile}`, received: `${r.phase}/${r.profile}` })));
  const name = o.name ?? `${first.phase}-${first.profile}`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', 'bad name', [{ path: '--name', rule: 'must use letters, digits, dot, dash or underscore only', received: name }]);
  const existing = baselineFiles(o.dir, name);
  if (existing.length > 0) {
    try {
      const c = compareRuns(existing.map(loadRunResult), runs);
      process.stdout.write(`against the previous baseline (${existing.length} file(s)): ${c.counts.regressed} regressed, ${c.counts.improved} improved, ${c.counts.unchanged} unchanged (emberload compare shows each figure)\n`);
      for (const w of c.warnings) process.stdout.write(`warning: ${w}\n`);
    } catch (err) {
      process.stdout.write(`note: could not compare with the previous baseline: ${isEmberError(err) ? err.message : String(err)}\n`);
    }
  }
  // Old repeats must not mix with the new ones.
  for (const f of existing) rmSync(f);
  mkdirSync(o.dir, { recursive: true });
  const commit = gitCommit();
  const now = new Date();
  runs.forEach((run, i) => {
    const target = join(o.dir, i === 0 ? `${name}.json` : `${name}.r${i + 1}.json`);
    writeFileSync(target, `${JSON.stringify(stampBaseline(run, resolve(resultPath(sources[i] as string)), now, commit, o.reason), null, 2)}\n`);
    process.stdout.write(`wrote ${target} from run ${run.runId} (${run.phase}/${run.profile} on ${run.environment.hostname})\n`);
  });
  process.stdout.write(`review and commit ${name}*.json deliberately; compare with: emberload compare ${join(o.dir, name)}*.json <candidate>\n`);
  return EXIT_OK;
}
