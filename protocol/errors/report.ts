import type { ErrorCatalogPart } from './catalog-types.ts';

// REPORT area. Append entries; never rename or reuse a code.
export const REPORT_ERRORS = {
  EMBER_ERR_REPORT_RESULT_INVALID: { message: 'run result is missing or malformed', hint: 'point at a runs/<id>/ folder written by `emberload gate` (it holds result.json); re-run the gate if the file was truncated', exit: 2 },
  EMBER_ERR_REPORT_RESULT_NEWER: { message: 'run result was written by a newer emberload (schema version too new)', hint: 'upgrade emberload to read this result', exit: 2 },
} as const satisfies ErrorCatalogPart;
