import type { ErrorCatalogPart } from './catalog-types.ts';

// SERVER area. Append entries; never rename or reuse a code.
// Protocol-parse problems are NOT errors here: a device cannot read our stderr, so malformed packets
// are counted by reason (emberload_packets_malformed_total) and logged, and the server keeps serving.
export const SERVER_ERRORS = {
  EMBER_ERR_SERVER_LISTEN_FAILED: {
    message: 'the server could not listen on a configured address',
    hint: 'pick a free port (0 = any free port) or a host this machine owns; see the problem list for which listener failed',
    exit: 2,
  },
  EMBER_ERR_SERVER_STORE_OPEN_FAILED: {
    message: 'the alert store could not be opened',
    hint: 'check that dataDir exists or can be created and is writable, and that no other server uses the same dataDir',
    exit: 2,
  },
  EMBER_ERR_SERVER_HTTP_QUERY_INVALID: {
    message: 'an HTTP API request has invalid parameters',
    hint: 'fix every parameter listed in the 400 response body (path, rule, value received)',
    exit: 2,
  },
} as const satisfies ErrorCatalogPart;
