// The calculators' single I/O boundary: `emberload size …` and `emberload size calibrate …`.
// Reads plan, profile and run files; writes reports and profiles; everything else is pure.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { EmberError } from '../protocol/errors.ts';
import { parseOptions, formatOptionsHelp } from '../protocol/cli-options.ts';
import { parseRunResult } from '../protocol/run-result.ts';
import { EXIT_OK } from '../protocol/exit-codes.ts';
import { parsePlan } from './plan-parse.ts';
import { sizePlan } from './size-plan.ts';
import { sizingToJson } from './format-json.ts';
import { renderSizingMarkdown } from './report-md.ts';
import { markdownToHtml } from './md-html.ts';
import { parseProfile, profileToJson, type CalibrationProfile } from './calibration-profile.ts';
import { calibrate, type RunInput } from './calibrate.ts';

const SIZE_OPTIONS = {
  plan: { kind: 'string', required: true, describe: 'plan file (JSON), e.g. calculators/plans/seed-003-200-cameras.json' },
  calibration: { kind: 'string', describe: 'calibration profile from `emberload size calibrate` (replaces the plan\'s compute costs)' },
  json: { kind: 'boolean', describe: 'print JSON (every value exact "n/d" plus display string) instead of tables' },
  report: { kind: 'string', describe: 'directory to write sizing.md and sizing.html into' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const;

const CALIBRATE_OPTIONS = {
  out: { kind: 'string', describe: 'write the profile here (default: print it)' },
  id: { kind: 'string', describe: 'profile id (default: derived from the run ids)' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const;

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EmberError('EMBER_ERR_CALC_FILE_UNREADABLE', path, [{ path, rule: 'must be a readable file', received: (err as NodeJS.ErrnoException).code ?? String(err) }]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new EmberError('EMBER_ERR_CALC_FILE_UNREADABLE', path, [{ path, rule: 'must be valid JSON', received: (err as Error).message }]);
  }
}

/** A run argument is a run directory (holding result.json) or a result.json file. */
function resultPath(arg: string): string {
  try {
    return statSync(arg).isDirectory() ? join(arg, 'result.json') : arg;
  } catch {
    return arg;
  }
}

async function sizeMain(argv: string[]): Promise<number> {
  // Help first: a missing required --plan must not hide the help text.
  if (argv.includes('--help')) {
    process.stdout.write(`usage: emberload size --plan plan.json [--calibration profile.json] [--json] [--report out-dir]\n${formatOptionsHelp(SIZE_OPTIONS)}\n`);
    return EXIT_OK;
  }
  const opts = parseOptions(argv.slice(1), SIZE_OPTIONS);
  if (opts._.length > 0) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', 'unexpected arguments', [{ path: 'arguments', rule: 'size takes options only (did you mean `size calibrate`?)', received: opts._ }]);
  const plan = parsePlan(readJson(opts.plan), opts.plan);
  let calibration: CalibrationProfile | undefined;
  if (opts.calibration) calibration = parseProfile(readJson(opts.calibration), opts.calibration);
  const result = sizePlan(plan, calibration ? { calibration } : {});
  const md = renderSizingMarkdown(result, plan, calibration ? { calibrationId: calibration.id } : {});
  if (opts.report) {
    mkdirSync(opts.report, { recursive: true });
    writeFileSync(join(opts.report, 'sizing.md'), md);
    writeFileSync(join(opts.report, 'sizing.html'), markdownToHtml(md, `Sizing: ${plan.name}`));
    writeFileSync(join(opts.report, 'sizing.json'), `${JSON.stringify(sizingToJson(result), null, 2)}\n`);
  }
  process.stdout.write(opts.json ? `${JSON.stringify(sizingToJson(result), null, 2)}\n` : md);
  if (opts.report && !opts.json) process.stdout.write(`\nwrote ${join(opts.report, 'sizing.md')}, sizing.html, sizing.json\n`);
  return EXIT_OK;
}

async function calibrateMain(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    process.stdout.write(`usage: emberload size calibrate runs/<id>… [--out profile.json]\n${formatOptionsHelp(CALIBRATE_OPTIONS)}\n`);
    return EXIT_OK;
  }
  const opts = parseOptions(argv.slice(2), CALIBRATE_OPTIONS);
  const inputs: RunInput[] = opts._.map((arg) => {
    const path = resultPath(arg);
    return { source: path, result: parseRunResult(readJson(path), path) };
  });
  const first = inputs[0] ? inputs[0].result.runId || basename(inputs[0].source) : 'none';
  const id = opts.id ?? `fit-${inputs.length}-runs-from-${first}`;
  const profile = calibrate(inputs, id);
  const json = `${JSON.stringify(profileToJson(profile), null, 2)}\n`;
  if (opts.out) writeFileSync(opts.out, json);
  const m = profile.cpuCores;
  process.stdout.write(
    [
      `calibration ${profile.id} from ${profile.runs.length} run(s)`,
      `  cpu cores = ${m.intercept.toFixed(6)} + ${m.perCamera.toFixed(6)}·cameras + ${m.perSensor.toFixed(8)}·sensors   R² ${m.r2.toFixed(4)} (exact ${m.r2.toString()}); upper 95 % bound at max load ${m.upper95AtMaxLoad === null ? 'n/a (no residual df)' : m.upper95AtMaxLoad.toFixed(4)} cores`,
      `  rss bytes = ${profile.rssBytes.intercept.toFixed(0)} + ${profile.rssBytes.perCamera.toFixed(0)}·cameras + ${profile.rssBytes.perSensor.toFixed(0)}·sensors   R² ${profile.rssBytes.r2.toFixed(4)}`,
      `  core-s per decoded frame ${profile.coreSecPerFrame?.toFixed(9) ?? 'n/a'}; per sensor packet ${profile.coreSecPerSensorPacket?.toFixed(9) ?? 'n/a'}; wire bytes per packet ${profile.wireBytesPerPacket?.toFixed(2) ?? 'n/a'}`,
      ...profile.notes.map((n) => `  note: ${n}`),
      opts.out ? `wrote ${opts.out}` : json,
    ].join('\n') + '\n',
  );
  return EXIT_OK;
}

export async function main(argv: string[]): Promise<number> {
  return argv[1] === 'calibrate' ? calibrateMain(argv) : sizeMain(argv);
}
