import type { ErrorCatalogPart } from './catalog-types.ts';

// REPORT area. Append entries; never rename or reuse a code.
export const REPORT_ERRORS = {
  EMBER_ERR_REPORT_RESULT_INVALID: { message: 'run result is missing or malformed', hint: 'point at a runs/<id>/ folder written by `emberload gate` (it holds result.json); re-run the gate if the file was truncated', exit: 2 },
  EMBER_ERR_REPORT_RESULT_NEWER: { message: 'run result was written by a newer emberload (schema version too new)', hint: 'upgrade emberload to read this result', exit: 2 },
  EMBER_ERR_REPORT_PHASE_MISMATCH: { message: 'baseline and candidate are runs of different phases', hint: 'compare runs of the same phase; for a deliberate "diff vs previous phase" add --cross-phase (the result is then informational)', exit: 2 },
  EMBER_ERR_REPORT_COMPARE_INPUT: { message: 'cannot compare these runs', hint: 'usage: emberload compare <baseline> [<more baselines>...] <candidate> [--repeat <candidate run>...]; repeats on one side must share phase and profile', exit: 2 },
  EMBER_ERR_REPORT_WRITE_FAILED: { message: 'could not write report files', hint: 'check that the run folder exists and is writable', exit: 1 },
  EMBER_ERR_REPORT_BASELINE_REFUSED: { message: 'refusing to make this run a baseline', hint: 'baselines should come from completed, passing runs on a quiet machine; pass --allow-failing or --allow-contended to store it anyway, deliberately', exit: 2 },
} as const satisfies ErrorCatalogPart;
