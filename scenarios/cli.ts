// `emberload gate <phase>`, `emberload run <file>`, `emberload export k6 <phase|file>`: the scenario
// area's only I/O boundary. Everything is validated before anything starts (exit 2); the run's exit
// code is 0 all pass, 99 any threshold failed, 1 internal error or an interrupted run.
import { writeFileSync } from 'node:fs';
import { EmberError } from '../protocol/errors.ts';
import { EXIT_OK } from '../protocol/exit-codes.ts';
import { formatOptionsHelp, parseOptions, type OptionSpecs } from '../protocol/cli-options.ts';
import { main as reportMain } from '../reports/cli.ts';
import { phaseById, PHASES } from './phases/index.ts';
import { buildPhaseScenario } from './phases/phase-definition.ts';
import { PROFILES, PROFILE_NAMES, type ProfileName } from './phases/profiles.ts';
import { RUN_MODES, type RunMode, type ScenarioSpec } from './scenario-types.ts';
import { readScenarioFile } from './scenario-file.ts';
import { runScenario } from './runner.ts';
import { renderVerdictTable } from './verdict-table.ts';
import { renderK6Script } from './k6-export.ts';

const RUN_OPTIONS = {
  profile: { kind: 'enum', values: PROFILE_NAMES, default: 'quick', describe: 'durations: smoke ~1 min, quick ~5 min, full 2 h soak + 10 min stress, exit 24 h' },
  mode: { kind: 'enum', values: RUN_MODES, default: 'soak+stress', describe: 'soak (steady), stress (2× burst then back), or both' },
  target: { kind: 'string', describe: 'host:port of an existing deployment\'s sensor listener (default: start the embedded reference server)' },
  'metrics-url': { kind: 'string', describe: 'Prometheus /metrics URL of the target (required with --target)' },
  'http-url': { kind: 'string', describe: 'base URL of the target\'s HTTP API (default: origin of --metrics-url)' },
  topology: { kind: 'enum', values: ['auto', 'single', 'cluster'], default: 'auto', describe: "auto: the phase's topology (phase3: serve --cluster --nodes 1, phase5: --nodes 2) when nats-server is installed, else the single-process server" },
  'out-dir': { kind: 'string', default: 'runs', describe: 'folder for run folders' },
  seed: { kind: 'int', min: 0, default: 1, describe: 'seed for device identities and noise' },
  'no-report': { kind: 'boolean', describe: 'do not render report.md/html after the run' },
  json: { kind: 'boolean', describe: 'print result.json\'s verdict part as JSON instead of the table' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const satisfies OptionSpecs;

const EXPORT_OPTIONS = {
  profile: { kind: 'enum', values: PROFILE_NAMES, default: 'quick', describe: 'profile whose duration the k6 scenarios use (phases only)' },
  out: { kind: 'string', describe: 'file to write (default: stdout)' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const satisfies OptionSpecs;

function usage(): string {
  return [
    'usage: emberload gate <phase0…phase5> [options]',
    '       emberload run <scenario.json|yaml> [options]',
    '       emberload export k6 <phase|scenario file> [--out file.ts]',
    `phases: ${PHASES.map((p) => `${p.id} (${p.title})`).join(', ')}`,
    'exit codes: 0 all thresholds pass, 99 a threshold failed, 2 bad input (nothing started), 1 internal error or interrupted',
    formatOptionsHelp(RUN_OPTIONS),
  ].join('\n');
}

function scenarioFor(ref: string | undefined, profile: string, mode: RunMode, seed: number): ScenarioSpec {
  if (ref === undefined) throw new EmberError('EMBER_ERR_CLI_MISSING_ARGUMENT', 'phase or scenario file', [{ path: '<phase|file>', rule: 'is required', received: undefined }]);
  if (/^phase\d+$/.test(ref) || !/[./]/.test(ref)) {
    return buildPhaseScenario(phaseById(ref), profile, PROFILES[profile as ProfileName], mode, seed);
  }
  return readScenarioFile(ref);
}

async function runMain(argv: string[]): Promise<number> {
  const o = parseOptions(argv.slice(1), RUN_OPTIONS);
  if (o.help) {
    process.stdout.write(`${usage()}\n`);
    return EXIT_OK;
  }
  if (argv[0] === 'run' && o._[0] !== undefined && !/[./]/.test(o._[0])) {
    throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', 'run takes a scenario file', [{ path: '<file>', rule: 'must be a .json/.yaml scenario file (use `emberload gate` for phases)', received: o._[0] }]);
  }
  const spec = scenarioFor(o._[0], o.profile, o.mode as RunMode, o.seed);
  const outcome = await runScenario(spec, {
    outDir: o['out-dir'],
    topology: o.topology as 'auto' | 'single' | 'cluster',
    ...(o.target !== undefined ? { external: { target: o.target, metricsUrl: o['metrics-url'], httpUrl: o['http-url'] } } : {}),
  });
  if (o.json) process.stdout.write(`${JSON.stringify({ dir: outcome.dir, verdict: outcome.result.verdict, thresholds: outcome.result.thresholds }, null, 2)}\n`);
  else process.stdout.write(`\n${renderVerdictTable(outcome.result)}\n`);
  process.stdout.write(`result: ${outcome.dir}/result.json\n`);
  if (!o['no-report']) {
    try {
      await reportMain(['report', outcome.dir]);
      process.stdout.write(`report: ${outcome.dir}/report.html (and report.md)\n`);
    } catch (err) {
      process.stderr.write(`warning: report rendering failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
  return outcome.exitCode;
}

async function exportMain(argv: string[]): Promise<number> {
  const o = parseOptions(argv.slice(2), EXPORT_OPTIONS);
  if (o.help) {
    process.stdout.write(`usage: emberload export k6 <phase|scenario file> [options]\n${formatOptionsHelp(EXPORT_OPTIONS)}\n`);
    return EXIT_OK;
  }
  const spec = scenarioFor(o._[0], o.profile, 'soak+stress', 1);
  const script = renderK6Script(spec);
  if (o.out) {
    writeFileSync(o.out, script);
    process.stdout.write(`wrote ${o.out}\n`);
  } else process.stdout.write(script);
  return EXIT_OK;
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'export') return exportMain(argv);
  return runMain(argv);
}
