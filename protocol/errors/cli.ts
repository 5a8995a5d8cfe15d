import type { ErrorCatalogPart } from './catalog-types.ts';

// Errors of the command line itself: unknown commands and options, malformed values.
export const CLI_ERRORS = {
  EMBER_ERR_CLI_UNKNOWN_COMMAND: { message: 'unknown command', hint: 'run `emberload help` for the list of commands', exit: 2 },
  EMBER_ERR_CLI_INVALID_OPTIONS: { message: 'invalid command-line options', hint: 'fix every option listed above; `emberload <command> --help` shows the accepted forms', exit: 2 },
  EMBER_ERR_CLI_MISSING_ARGUMENT: { message: 'a required argument is missing', hint: 'see `emberload <command> --help`', exit: 2 },
} as const satisfies ErrorCatalogPart;
