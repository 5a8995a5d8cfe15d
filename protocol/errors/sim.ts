import type { ErrorCatalogPart } from './catalog-types.ts';

// SIM area. Append entries; never rename or reuse a code.
export const SIM_ERRORS = {
  EMBER_ERR_SIM_FLEET_OPTIONS_INVALID: { message: 'sensor fleet options are invalid', hint: 'fix every problem listed (option, rule, value received); no device was started', exit: 2 },
  EMBER_ERR_SIM_STAGES_INVALID: { message: 'load stages are invalid', hint: 'write stages like `ramp 0->100 over 30s, hold 10m, burst 2x for 60s` or as a JSON array of {kind, ...}', exit: 2 },
  EMBER_ERR_SIM_INCIDENTS_INVALID: { message: 'incident script is invalid', hint: 'each incident needs id, kind (hot-spot|smoke|flame|combined|vision-fire), atS ≥ 0, durationS > 0 and a locId (sensors) or cameraId (vision-fire)', exit: 2 },
  EMBER_ERR_SIM_FAULTS_INVALID: { message: 'fault specification is invalid', hint: 'write faults like `malformed:0.01,packet-storm@30s:3x:10s,reconnect-storm@60s:backoff` (see docs/simulators.md)', exit: 2 },
  EMBER_ERR_SIM_TARGET_UNREACHABLE: { message: 'sensor target is unreachable', hint: 'check that the server listens on the address shown (host:port of its sensor TCP port); pass --retry to keep retrying with backoff', exit: 1 },
  EMBER_ERR_SIM_HISTOGRAM_INVALID: { message: 'encoded HDR histogram cannot be decoded', hint: 'pass the base64 text written by the recorder (HdrRecorder.encode), unmodified', exit: 2 },
} as const satisfies ErrorCatalogPart;
