import type { ErrorCatalogPart } from './catalog-types.ts';

// CALC area. Append entries; never rename or reuse a code.
export const CALC_ERRORS = {
  EMBER_ERR_CALC_PLAN_INVALID: { message: 'sizing plan is invalid', hint: 'fix every problem listed (field path, rule, value received); nothing was sized', exit: 2 },
  EMBER_ERR_CALC_PROFILE_INVALID: { message: 'calibration profile is invalid', hint: 'regenerate it with `emberload size calibrate runs/<id>… --out profile.json`', exit: 2 },
  EMBER_ERR_CALC_FILE_UNREADABLE: { message: 'input file cannot be read or parsed as JSON', hint: 'check the path and that the file is valid JSON', exit: 2 },
  EMBER_ERR_CALC_RUNS_UNUSABLE: { message: 'run results cannot be used for calibration', hint: 'give 3 or more completed runs at different loads that record cpu_cores, rss_bytes, frames_processed and sensor_packets_processed', exit: 2 },
} as const satisfies ErrorCatalogPart;
