import type { ExitCode } from '../exit-codes.ts';

/** One catalog entry. `message` states what went wrong in general; specifics travel as Problems. */
export interface ErrorSpec {
  readonly message: string;
  /** What the user can do about it; the CLI prints it on its own line (k6 style). */
  readonly hint: string;
  /** Exit code a CLI returns when this error ends the command. */
  readonly exit: ExitCode;
}

export type ErrorCatalogPart = Readonly<Record<`EMBER_ERR_${string}`, ErrorSpec>>;
