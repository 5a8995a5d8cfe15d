// Exit codes are API (k6's numbering, so CI users recognise 99). Every CLI returns one of these.
export const EXIT_OK = 0;
/** A bug or an environment failure we did not anticipate. */
export const EXIT_INTERNAL = 1;
/** Bad usage or bad configuration: nothing was started. */
export const EXIT_USAGE = 2;
/** The run completed but at least one threshold failed (or compare found a regression). */
export const EXIT_THRESHOLDS_FAILED = 99;

export type ExitCode = typeof EXIT_OK | typeof EXIT_INTERNAL | typeof EXIT_USAGE | typeof EXIT_THRESHOLDS_FAILED;

export const EXIT_CODES: ReadonlyArray<{ code: ExitCode; name: string; meaning: string }> = [
  { code: EXIT_OK, name: 'ok', meaning: 'success; for gates: every threshold passed' },
  { code: EXIT_INTERNAL, name: 'internal', meaning: 'internal error (a bug, or the environment failed in a way we did not foresee)' },
  { code: EXIT_USAGE, name: 'usage', meaning: 'bad command line, configuration or input file; nothing was started' },
  { code: EXIT_THRESHOLDS_FAILED, name: 'thresholds-failed', meaning: 'at least one threshold failed, or compare found a regression' },
];
