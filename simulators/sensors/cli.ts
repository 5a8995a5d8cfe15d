// `emberload sim sensors`: drive a server (ours or a real EmberEye) with a fleet of virtual PF
// devices. Every invalid option is reported at once (exit 2); an unreachable target is one clear
// error naming the address (exit 1), retried with backoff only with --retry.
import { readFileSync } from 'node:fs';
import { EmberError, isEmberError, type Problem } from '../../protocol/errors.ts';
import { EXIT_OK } from '../../protocol/exit-codes.ts';
import { formatOptionsHelp, parseOptions, type OptionSpec, type OptionSpecs } from '../../protocol/cli-options.ts';
import type { IncidentSpec } from '../../protocol/alert.ts';
import { parseIncidentScript } from '../core/incident-script.ts';
import { parseStages, type StageSpec } from '../core/stages.ts';
import { parseFaults, type SensorFaultSpec } from './faults.ts';
import { startSensorFleet, type SensorFleet } from './fleet.ts';
import { MAX_FLEET_DEVICES, type SensorFleetOptions } from './fleet-options.ts';
import { locIdFor } from './identities.ts';
import { progressLine, summaryText, type RateWindow } from './progress.ts';
import type { TargetAddress } from './target-hash.ts';

const SPECS = {
  target: { kind: 'string', required: true, describe: 'sensor TCP address(es) host:port[,host:port] (several = consistent-hash split)' },
  devices: { kind: 'int', min: 1, max: 200_000, default: 100, describe: 'number of virtual devices' },
  rate: { kind: 'number', min: 0.001, max: 1000, default: 1, describe: 'ticks per second per device (frame + sensor line per tick)' },
  duration: { kind: 'duration', default: '1m', describe: 'length of the schedule (500ms, 30s, 10m, 2h)' },
  stages: { kind: 'string', describe: 'load stages, e.g. "ramp 0->100 over 30s, hold 10m, burst 2x for 60s" or a JSON array' },
  incidents: { kind: 'string', describe: 'incident script file (JSON or YAML list of {id, kind, atS, durationS, locId})' },
  faults: { kind: 'string', describe: 'faults, e.g. "malformed:ratio=0.01,packet-storm@30s+10s:x=3,reconnect-storm@60s:mode=backoff"' },
  seed: { kind: 'int', min: 0, max: 4294967295, default: 1, describe: 'seed for identities and noise (same seed = same run)' },
  token: { kind: 'string', describe: 'auth token sent as TOKEN=<token> in sensor lines' },
  'frames-every': { kind: 'int', min: 0, default: 1, describe: 'send a frame every n-th tick (0 = sensor lines only)' },
  'connect-rate': { kind: 'number', min: 0.001, default: 500, describe: 'new connections per second at start' },
  'late-ms': { kind: 'number', min: 0.001, default: 5, describe: 'lateness above this counts as late' },
  interval: { kind: 'duration', default: '10s', describe: 'progress line interval when stderr is not a TTY' },
  greeting: { kind: 'boolean', describe: 'send #serialno/#locid on connect (the original simulator does; the real device does not)' },
  'no-split-frames': { kind: 'boolean', describe: 'write each frame in one write instead of 3 chunks like the real device' },
  'stream-without-command': { kind: 'boolean', describe: 'stream right after connecting (the original async server sends PERIODIC_ON once per client IP only)' },
  retry: { kind: 'boolean', describe: 'if the target is unreachable, retry with backoff (1 s … 30 s, 10 attempts)' },
  json: { kind: 'boolean', describe: 'print the final report as JSON on stdout' },
  help: { kind: 'boolean', describe: 'show this help' },
} as const satisfies OptionSpecs;

type Loose = { [K in keyof typeof SPECS]: (typeof SPECS)[K] extends { kind: 'boolean' } ? { kind: 'boolean'; describe: string } : { kind: 'string'; describe: string } };

/** First pass: every value as text (catches unknown options and missing values); then each typed. */
function looseSpecs(): Loose {
  const out: Record<string, OptionSpec> = {};
  for (const [k, s] of Object.entries(SPECS)) out[k] = s.kind === 'boolean' ? s : { kind: 'string', describe: s.describe };
  return out as Loose;
}

function typed<K extends keyof typeof SPECS>(name: K, raw: string | undefined, problems: Problem[]): ReturnType<typeof parseOptions<Pick<typeof SPECS, K>>>[K] | undefined {
  try {
    const spec = { [name]: SPECS[name] } as Pick<typeof SPECS, K>;
    return parseOptions(raw === undefined ? [] : [`--${name}`, raw], spec)[name];
  } catch (err) {
    if (!isEmberError(err)) throw err;
    problems.push(...err.problems);
    return undefined;
  }
}

export function parseTargets(text: string, problems: Problem[]): TargetAddress[] {
  const out: TargetAddress[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\[[^\]]+\]|[^:\s]+):(\d+)$/.exec(part);
    const port = m ? Number(m[2]) : NaN;
    if (!m || !(port >= 1 && port <= 65535)) problems.push({ path: '--target', rule: 'must be host:port with a port 1…65535 (comma-separated for several)', received: part });
    else out.push({ host: (m[1] as string).replace(/^\[|\]$/g, ''), port });
  }
  return out;
}

function prefixed(err: unknown, option: string, problems: Problem[]): void {
  if (!isEmberError(err)) throw err;
  for (const p of err.problems) problems.push({ path: `${option} ${p.path}`, rule: p.rule, received: p.received });
}

export interface SensorCliConfig {
  readonly fleet: SensorFleetOptions;
  readonly json: boolean;
  readonly retry: boolean;
  readonly intervalMs: number;
}

/** Validate the whole command line at once; returns frozen fleet options or throws one EmberError. */
export function resolveSensorCli(argv: readonly string[]): SensorCliConfig | 'help' {
  const problems: Problem[] = [];
  const args = argv.slice(2);
  let loose: ReturnType<typeof parseOptions<Loose>>;
  try {
    loose = parseOptions(args, looseSpecs());
  } catch (err) {
    if (!isEmberError(err)) throw err;
    // Keep going without the offending options so every other problem is reported in the same run.
    problems.push(...err.problems);
    const bad = new Set(err.problems.map((p) => p.path));
    loose = parseOptions(args.filter((a) => !a.startsWith('--') || !bad.has(a.split('=')[0] as string)), looseSpecs());
  }
  if (loose.help) return 'help';
  const devices = typed('devices', loose.devices, problems) ?? MAX_FLEET_DEVICES; // invalid count: skip range checks that depend on it
  const rate = typed('rate', loose.rate, problems);
  const durationMs = typed('duration', loose.duration, problems);
  const seed = typed('seed', loose.seed, problems);
  const framesEvery = typed('frames-every', loose['frames-every'], problems);
  const connectRate = typed('connect-rate', loose['connect-rate'], problems);
  const lateMs = typed('late-ms', loose['late-ms'], problems);
  const intervalMs = typed('interval', loose.interval, problems);
  const targets = loose.target === undefined ? (problems.push({ path: '--target', rule: 'is required (host:port of the sensor TCP listener)', received: undefined }), []) : parseTargets(loose.target, problems);
  let stages: StageSpec[] | undefined;
  let faults: SensorFaultSpec[] | undefined;
  let incidents: IncidentSpec[] | undefined;
  if (loose.stages !== undefined) try { stages = parseStages(loose.stages, devices); } catch (err) { prefixed(err, '--stages', problems); }
  if (loose.faults !== undefined) try { faults = parseFaults(loose.faults, devices); } catch (err) { prefixed(err, '--faults', problems); }
  if (loose.incidents !== undefined) {
    let text: string | undefined;
    try {
      text = readFileSync(loose.incidents, 'utf8');
    } catch (err) {
      problems.push({ path: '--incidents', rule: `must be a readable file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, received: loose.incidents });
    }
    const knownLocIds = Array.from({ length: devices }, (_, i) => locIdFor(i, devices));
    if (text !== undefined) try { incidents = parseIncidentScript(text, { knownLocIds, ...(durationMs !== undefined ? { runDurationS: durationMs / 1000 } : {}) }); } catch (err) { prefixed(err, '--incidents', problems); }
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', `${problems.length} problem(s)`, problems);
  const fleet: SensorFleetOptions = {
    targets,
    devices,
    rateHz: rate as number,
    durationMs: durationMs as number,
    seed: seed as number,
    frameEveryTicks: framesEvery as number,
    connectPacingPerSec: connectRate as number,
    lateToleranceMs: lateMs as number,
    greeting: loose.greeting,
    splitFrames: !loose['no-split-frames'],
    waitForPeriodOn: !loose['stream-without-command'],
    ...(stages !== undefined ? { stages } : {}),
    ...(faults !== undefined ? { faults } : {}),
    ...(incidents !== undefined ? { incidents } : {}),
    ...(loose.token !== undefined ? { authToken: loose.token } : {}),
  };
  return Object.freeze({ fleet: Object.freeze(fleet), json: loose.json, retry: loose.retry, intervalMs: intervalMs as number });
}

const RETRY_ATTEMPTS = 10;

async function startWithRetry(cfg: SensorCliConfig): Promise<SensorFleet> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startSensorFleet(cfg.fleet);
    } catch (err) {
      if (!cfg.retry || !isEmberError(err) || err.code !== 'EMBER_ERR_SIM_TARGET_UNREACHABLE' || attempt + 1 >= RETRY_ATTEMPTS) throw err;
      const waitMs = Math.min(30_000, 1000 * 2 ** attempt);
      process.stderr.write(`${err.message}; retry ${attempt + 1}/${RETRY_ATTEMPTS - 1} in ${waitMs / 1000}s\n`);
      await new Promise((r) => setTimeout(r, waitMs));
    }
  }
}

export async function main(argv: string[]): Promise<number> {
  const cfg = resolveSensorCli(argv);
  if (cfg === 'help') {
    process.stdout.write(`usage: emberload sim sensors --target host:port [options]\n\n${formatOptionsHelp(SPECS)}\n`);
    return EXIT_OK;
  }
  const fleet = await startWithRetry(cfg);
  const tty = process.stderr.isTTY === true;
  let window: RateWindow | undefined;
  const progress = setInterval(
    () => {
      const s = fleet.snapshot();
      const line = progressLine(s, cfg.fleet.durationMs, window);
      window = { ticks: s.sent.ticks, atMs: s.elapsedMs };
      process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    tty ? 1000 : cfg.intervalMs,
  );
  const onSignal = (): void => void fleet.stop();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const report = await fleet.done;
    if (tty) process.stderr.write('\n');
    process.stdout.write(cfg.json ? `${JSON.stringify(report, null, 2)}\n` : `${summaryText(report)}\n`);
    return EXIT_OK;
  } finally {
    clearInterval(progress);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
