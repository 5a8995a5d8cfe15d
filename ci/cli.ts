// `emberload baseline update runs/<id>`: copy a run's result.json into ci/baselines/ deliberately,
// stamped with where it came from (machine, commit, time, reason), after showing what changes
// against the baseline it replaces. Refuses aborted or failing runs unless told otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatOptionsHelp, parseOptions, type OptionSpecs } from '../protocol/cli-options.ts';
import { EmberError, isEmberError } from '../protocol/errors.ts';
import { EXIT_OK } from '../protocol/exit-codes.ts';
import type { RunResult } from '../protocol/run-result.ts';
import { compareRuns } from '../reports/compare/compare-runs.ts';
import { loadRunResult, resultPath } from '../reports/cli.ts';

export const DEFAULT_BASELINE_DIR = 'ci/baselines';

const OPTIONS = {
  dir: { kind: 'string', default: DEFAULT_BASELINE_DIR, describe: 'folder holding the committed baselines' },
  name: { kind: 'string', describe: 'baseline file name without .json (default: <phase>-<profile>)' },
  reason: { kind: 'string', describe: 'why the baseline moves (recorded in the file, e.g. "new detector, +8 % CPU accepted")' },
  'allow-failing': { kind: 'boolean', describe: 'store a run that failed thresholds or did not complete' },
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

export async function main(argv: string[]): Promise<number> {
  const o = parseOptions(argv.slice(2), OPTIONS);
  if (o.help) {
    process.stdout.write(`usage: emberload baseline update <runs/<id>|result.json> [options]\n${formatOptionsHelp(OPTIONS)}\n`);
    return EXIT_OK;
  }
  if (o._.length !== 1) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', 'one run expected', [{ path: '<run>', rule: 'give exactly one run folder or result.json', received: o._ }]);
  const source = o._[0] as string;
  const run = loadRunResult(source);
  if (!o['allow-failing'] && (run.status !== 'completed' || run.verdict === 'fail' || run.verdict === 'aborted')) {
    throw new EmberError('EMBER_ERR_REPORT_BASELINE_REFUSED', `${run.runId} is ${run.status} with verdict ${run.verdict}`, [{ path: source, rule: 'must be a completed run whose thresholds passed', received: `status ${run.status}, verdict ${run.verdict}` }]);
  }
  const name = o.name ?? `${run.phase}-${run.profile}`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', 'bad name', [{ path: '--name', rule: 'must use letters, digits, dot, dash or underscore only', received: name }]);
  const target = join(o.dir, `${name}.json`);
  if (existsSync(target)) {
    try {
      const c = compareRuns([loadRunResult(target)], [run]);
      process.stdout.write(`against the previous baseline: ${c.counts.regressed} regressed, ${c.counts.improved} improved, ${c.counts.unchanged} unchanged (emberload compare ${target} ${resultPath(source)} shows each figure)\n`);
      for (const w of c.warnings) process.stdout.write(`warning: ${w}\n`);
    } catch (err) {
      process.stdout.write(`note: could not compare with the previous baseline ${target}: ${isEmberError(err) ? err.message : String(err)}\n`);
    }
  }
  const stamped = stampBaseline(run, resolve(resultPath(source)), new Date(), gitCommit(), o.reason);
  mkdirSync(o.dir, { recursive: true });
  writeFileSync(target, `${JSON.stringify(stamped, null, 2)}\n`);
  process.stdout.write(`wrote ${target} from run ${run.runId} (${run.phase}/${run.profile} on ${run.environment.hostname}); review and commit it deliberately\n`);
  return EXIT_OK;
}
