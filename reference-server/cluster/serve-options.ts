// Options of `emberload serve` once scale-out flags are present: the server's own options plus
// role, bus and cluster options. Parsed whole (every problem at once) and cross-checked.
import { EmberError, type Problem } from '../../protocol/errors.ts';
import { parseOptions, type ParsedOptions } from '../../protocol/cli-options.ts';
import { ROLES, parseShard } from './roles.ts';

export const SCALE_OUT_SPECS = {
  config: { kind: 'string', describe: 'JSON or YAML configuration file (validated whole before anything starts)' },
  'tcp-port': { kind: 'int', min: 0, max: 65_535, describe: 'role ingest-sensors: PF-device TCP port (0 = any free port)' },
  'http-port': { kind: 'int', min: 0, max: 65_535, describe: 'HTTP API + /metrics + /cluster/health port of this role (0 = any free port)' },
  'ws-port': { kind: 'int', min: 0, max: 65_535, describe: 'accepted for compatibility; roles do not open the WebSocket bus' },
  host: { kind: 'string', describe: 'address to bind listeners to (config default 127.0.0.1)' },
  'data-dir': { kind: 'string', describe: 'directory of this process’s SQLite store' },
  'node-id': { kind: 'string', describe: 'node name (subjects, alerts, durable consumers)' },
  'log-level': { kind: 'enum', values: ['debug', 'info', 'warn', 'error'], default: 'info', describe: 'stderr log level (JSON lines)' },
  help: { kind: 'boolean', describe: 'show this help' },
  role: { kind: 'enum', values: ROLES, default: 'all', describe: 'process role: all | ingest-sensors | camera-worker | fusion | api' },
  bus: { kind: 'enum', values: ['inproc', 'nats'], default: 'inproc', describe: 'event bus; every role but all needs nats' },
  'nats-url': { kind: 'string', describe: 'NATS server with JetStream, e.g. nats://127.0.0.1:4222' },
  'bus-fallback': { kind: 'enum', values: ['none', 'inproc'], default: 'none', describe: 'cluster: when NATS is unreachable at start, fail (exit 2) or run ONE single-process server instead' },
  'camera-shard': { kind: 'string', describe: 'role camera-worker: i/k takes config streams whose index ≡ i mod k' },
  'alert-durable': { kind: 'string', describe: 'role api: durable consumer name (resume after restart)' },
  'camera-workers': { kind: 'string', describe: 'role api: comma-separated base URLs of camera workers whose /api/cameras it merges' },
  cluster: { kind: 'boolean', describe: 'start a supervised cluster: per node ingest-sensors, camera workers, fusion, api; a TCP balancer in front' },
  nodes: { kind: 'int', min: 1, max: 8, default: 1, describe: 'cluster: node groups on this machine (separate ports, one NATS)' },
  'cameras-per-worker': { kind: 'int', min: 1, max: 1000, default: 10, describe: 'cluster: cameras per camera-worker process' },
  'balancer-port': { kind: 'int', min: 0, max: 65_535, default: 0, describe: 'cluster: the devices’ TCP entry point (balancer)' },
  'health-port': { kind: 'int', min: 0, max: 65_535, default: 0, describe: 'cluster: supervisor HTTP (aggregated /health, fault endpoints)' },
  balance: { kind: 'enum', values: ['round-robin', 'hash-ip', 'hash-ip-port'], default: 'round-robin', describe: 'cluster: how the balancer assigns device connections to nodes' },
} as const;

export type ScaleOutOptions = ParsedOptions<typeof SCALE_OUT_SPECS>;

export function parseScaleOutOptions(args: readonly string[]): ScaleOutOptions {
  const o = parseOptions(args, SCALE_OUT_SPECS);
  const problems: Problem[] = [];
  if (o.cluster && o.role !== 'all') problems.push({ path: '--role', rule: 'cannot be combined with --cluster (the supervisor starts every role)', received: o.role });
  if ((o.cluster || o.role !== 'all') && o.bus !== 'nats') problems.push({ path: '--bus', rule: 'must be nats for --cluster and for split roles (processes meet only over the bus)', received: o.bus });
  if (o.bus === 'nats' && o['nats-url'] === undefined) problems.push({ path: '--nats-url', rule: 'is required with --bus nats', received: undefined });
  if (o['camera-shard'] !== undefined && parseShard(o['camera-shard']) === undefined) problems.push({ path: '--camera-shard', rule: 'must be i/k with 0 ≤ i < k', received: o['camera-shard'] });
  const badWorker = (o['camera-workers'] ?? '').split(',').filter((u) => u !== '' && !/^https?:\/\/[^\s/]+(:\d+)?$/.test(u));
  if (badWorker.length > 0) problems.push({ path: '--camera-workers', rule: 'must be comma-separated http://host:port URLs', received: badWorker.join(',') });
  if (o._.length > 0) problems.push({ path: 'arguments', rule: 'serve takes options only', received: o._.join(' ') });
  if (problems.length > 0) throw new EmberError('EMBER_ERR_BUS_CLUSTER_OPTIONS', `${problems.length} problem(s)`, problems);
  return o;
}
