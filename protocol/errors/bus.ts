import type { ErrorCatalogPart } from './catalog-types.ts';

// BUS area. Append entries; never rename or reuse a code.
export const BUS_ERRORS = {
  EMBER_ERR_BUS_INVALID_OPTIONS: {
    message: 'invalid event-bus options',
    hint: 'fix every listed option; `--bus nats` needs `--nats-url nats://host:port`',
    exit: 2,
  },
  EMBER_ERR_BUS_NATS_UNREACHABLE: {
    message: 'cannot reach the NATS server',
    hint: 'start one with `nats-server -js` (Debian: apt-get install nats-server), check --nats-url, or (with --cluster) pass --bus-fallback inproc to run one single-process server instead',
    exit: 2,
  },
  EMBER_ERR_BUS_JETSTREAM_UNAVAILABLE: {
    message: 'the NATS server does not offer JetStream',
    hint: 'start nats-server with -js (and -sd <dir> for file storage); alert dedup needs JetStream',
    exit: 2,
  },
  EMBER_ERR_BUS_STREAM_SETUP: {
    message: 'could not create or update a JetStream stream',
    hint: 'an existing stream with the same name has an incompatible configuration; delete it (`nats stream rm`) or use a fresh -sd directory',
    exit: 2,
  },
  EMBER_ERR_BUS_CLOSED: {
    message: 'the event bus is closed',
    hint: 'this is a shutdown-order bug: publish only while the server runs',
    exit: 1,
  },
  EMBER_ERR_BUS_CLUSTER_OPTIONS: {
    message: 'invalid cluster options',
    hint: 'fix every listed option; see `emberload serve --help` and docs/scale-out.md',
    exit: 2,
  },
  EMBER_ERR_BUS_NO_BACKENDS: {
    message: 'the balancer has no backends',
    hint: 'give at least one --backend host:port',
    exit: 2,
  },
  EMBER_ERR_BUS_ROLE_FAILED: {
    message: 'a role process failed to start',
    hint: 'run that role alone (`emberload serve --role <role>`) to see its own error',
    exit: 1,
  },
} as const satisfies ErrorCatalogPart;
