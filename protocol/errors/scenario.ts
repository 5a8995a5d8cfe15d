import type { ErrorCatalogPart } from './catalog-types.ts';

// SCENARIO area. Append entries; never rename or reuse a code.
export const SCENARIO_ERRORS = {
  EMBER_ERR_SCENARIO_THRESHOLD_INVALID: {
    message: 'threshold definitions are invalid',
    hint: 'write thresholds k6-style: `metric{tag:value}: ["p(95)<25", {threshold: "rate<0.005", abortOnFail: true, delayAbortEval: "30s"}]`; metric names, tag keys and tag values must exist (see docs/scenarios.md)',
    exit: 2,
  },
  EMBER_ERR_SCENARIO_UNKNOWN_PHASE: {
    message: 'unknown phase',
    hint: 'use one of phase0, phase1, phase2, phase3, phase4, phase5 (`emberload gate --help`)',
    exit: 2,
  },
  EMBER_ERR_SCENARIO_FILE_INVALID: {
    message: 'scenario file is invalid',
    hint: 'fix every problem listed (path, rule, value received); docs/scenarios.md shows a complete example',
    exit: 2,
  },
  EMBER_ERR_SCENARIO_FILE_UNREADABLE: {
    message: 'scenario file cannot be read or parsed',
    hint: 'check the path and that the file is valid JSON or YAML',
    exit: 2,
  },
  EMBER_ERR_SCENARIO_TARGET_UNREACHABLE: {
    message: 'the target deployment is unreachable',
    hint: 'check --target host:port (sensor TCP listener) and --metrics-url; nothing was started',
    exit: 2,
  },
  EMBER_ERR_SCENARIO_SERVER_START_FAILED: {
    message: 'the embedded reference server did not start',
    hint: 'run `emberload serve --tcp-port 0 --http-port 0 --ws-port 0` by hand to see its error; the server output is in the run folder (server.log)',
    exit: 1,
  },
} as const satisfies ErrorCatalogPart;
