// The one error catalog. Codes are stable API (EMBER_ERR_<AREA>_<WHAT>, like fastify's FST_ERR_*):
// never rename or reuse a code. Each area keeps its entries in protocol/errors/<area>.ts so that
// parallel work does not collide; this file merges them and docs/errors.md is generated from it
// (`npm run docs:errors`); test/protocol/errors-catalog.test.ts keeps the two in step.
import { EXIT_INTERNAL, type ExitCode } from './exit-codes.ts';
import type { ErrorSpec } from './errors/catalog-types.ts';
import { CLI_ERRORS } from './errors/cli.ts';
import { CONFIG_ERRORS } from './errors/config.ts';
import { PROTO_ERRORS } from './errors/proto.ts';
import { SERVER_ERRORS } from './errors/server.ts';
import { SIM_ERRORS } from './errors/sim.ts';
import { CAMERA_ERRORS } from './errors/camera.ts';
import { SCENARIO_ERRORS } from './errors/scenario.ts';
import { REPORT_ERRORS } from './errors/report.ts';
import { CALC_ERRORS } from './errors/calc.ts';
import { BUS_ERRORS } from './errors/bus.ts';

export type { ErrorSpec } from './errors/catalog-types.ts';

export const ERROR_CATALOG = {
  ...CLI_ERRORS,
  ...CONFIG_ERRORS,
  ...PROTO_ERRORS,
  ...SERVER_ERRORS,
  ...SIM_ERRORS,
  ...CAMERA_ERRORS,
  ...SCENARIO_ERRORS,
  ...REPORT_ERRORS,
  ...CALC_ERRORS,
  ...BUS_ERRORS,
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/** One concrete thing wrong with user input: where, which rule, what we got. */
export interface Problem {
  /** Option name (`--devices`), config path (`tiers[1].toDay`) or input name. */
  readonly path: string;
  /** The rule that was broken, phrased as the requirement (`must be an integer ≥ 1`). */
  readonly rule: string;
  /** The value received, as given (stringified for display). */
  readonly received: unknown;
}

export class EmberError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly exitCode: ExitCode;
  readonly problems: readonly Problem[];

  constructor(code: ErrorCode, detail?: string, problems: readonly Problem[] = [], options?: { cause?: unknown }) {
    const spec: ErrorSpec = ERROR_CATALOG[code];
    super(detail ? `${spec.message}: ${detail}` : spec.message, options);
    this.name = 'EmberError';
    this.code = code;
    this.hint = spec.hint;
    this.exitCode = spec.exit;
    this.problems = problems;
  }
}

export function isEmberError(err: unknown): err is EmberError {
  return err instanceof EmberError;
}

export function formatReceived(value: unknown): string {
  if (value === undefined) return '(missing)';
  if (typeof value === 'string') return JSON.stringify(value.length > 120 ? `${value.slice(0, 117)}...` : value);
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(value);
  }
}

/** Human text of an error: code + message, one line per problem, then the hint. */
export function formatError(err: unknown): string {
  if (!isEmberError(err)) return `internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`;
  const lines = [`error ${err.code}: ${err.message}`];
  for (const p of err.problems) lines.push(`  - ${p.path}: ${p.rule} (received ${formatReceived(p.received)})`);
  lines.push(`  hint: ${err.hint}`);
  return lines.join('\n');
}

/** Exit code for any thrown value: catalog errors carry theirs, anything else is internal. */
export function exitCodeOf(err: unknown): ExitCode {
  return isEmberError(err) ? err.exitCode : EXIT_INTERNAL;
}
