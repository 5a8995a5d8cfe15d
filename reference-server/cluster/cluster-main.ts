// `emberload serve --cluster --nodes 2 --bus nats --nats-url nats://127.0.0.1:4222`
// One supervisor on this machine runs N node groups (separate ports) sharing one NATS server:
// each node's processes reach NATS through their own gate (a one-backend TCP proxy, so a
// partition of one node can be injected), devices enter through one TCP balancer in front of the
// nodes' ingest-sensors. Prints ONE JSON line when everything is up:
//   {"event":"listening","mode":"cluster","tcp":<balancer>,"http":<node-1 api>,"health":<supervisor>,
//    "natsUrl":…,"nodes":[{"nodeId","tcp","http","ingestHttp","fusionHttp","natsGate","cameraWorkers"}],"pid"}
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmberError } from '../../protocol/errors.ts';
import { EXIT_OK } from '../../protocol/exit-codes.ts';
import { loadConfig } from '../config.ts';
import { createBus } from '../bus/create-bus.ts';
import { resolveBusOptions } from '../bus/options.ts';
import { BALANCER_DEFAULTS, TcpBalancer, type BalanceStrategy } from './balancer.ts';
import { startClusterHttp } from './cluster-http.ts';
import { Supervisor, type Listening } from './supervisor.ts';
import { planCluster, type PlannedProcess } from './topology.ts';
import type { ScaleOutOptions } from './serve-options.ts';

const SERVER_MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Checks the bus before starting anything: unreachable NATS is an error naming the URL (exit 2). */
async function probeNats(natsUrl: string, nodeId: string): Promise<void> {
  const { bus } = await createBus(resolveBusOptions({ kind: 'nats', natsUrl, nodeId }, (f) => (f === 'natsUrl' ? '--nats-url' : `bus.${f}`)));
  await bus.close();
}

function natsHostPort(natsUrl: string): { host: string; port: number } {
  const u = new URL(natsUrl.includes('://') ? natsUrl : `nats://${natsUrl}`);
  return { host: u.hostname, port: u.port === '' ? 4222 : Number(u.port) };
}

export interface RunningCluster {
  readonly listening: Record<string, unknown>;
  readonly supervisor: Supervisor;
  stop(): Promise<void>;
}

export async function startCluster(o: ScaleOutOptions, runAllInOne: () => Promise<number>): Promise<RunningCluster | number> {
  const natsUrl = o['nats-url'] as string;
  try {
    await probeNats(natsUrl, 'probe');
  } catch (err) {
    if (o['bus-fallback'] !== 'inproc' || !(err instanceof EmberError) || err.code !== 'EMBER_ERR_BUS_NATS_UNREACHABLE') throw err;
    process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'NATS unreachable; --bus-fallback inproc: running ONE single-process server instead of a cluster', natsUrl })}\n`);
    return runAllInOne();
  }
  const config = loadConfig(o.config, { host: o.host, dataDir: o['data-dir'] });
  const host = config.host;
  const runId = randomBytes(4).toString('hex');
  const plan = planCluster(o.nodes, config.streams.length, o['cameras-per-worker']);
  const nats = natsHostPort(natsUrl);
  const gates = new Map<string, TcpBalancer>();
  const gatePorts = new Map<string, number>();
  const quiet = o['log-level'] === 'error';
  let stopping = false;
  const supervisor = new Supervisor({
    onEvent: (e) => {
      // Exits during our own shutdown are expected; everything else about a role is worth a line.
      if (quiet || e.type === 'started' || stopping) return;
      process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'warn', msg: `role ${e.type}`, name: e.name, detail: e.detail })}\n`);
    },
  });
  let balancer: TcpBalancer | undefined;
  let httpServer: Awaited<ReturnType<typeof startClusterHttp>> | undefined;
  const stop = async (): Promise<void> => {
    stopping = true;
    await supervisor.stop();
    await balancer?.close();
    for (const g of gates.values()) await g.close();
    await new Promise<void>((r) => (httpServer ? httpServer.server.close(() => r()) : r()));
  };
  try {
    for (const nodeId of new Set(plan.map((p) => p.nodeId))) {
      const gate = new TcpBalancer({ backends: [nats], strategy: 'round-robin', healthIntervalMs: 1_000, healthTimeoutMs: 500, fallAfter: 2, riseAfter: 1 });
      gates.set(nodeId, gate);
      gatePorts.set(nodeId, await gate.listen(0, '127.0.0.1'));
    }
    const common = (p: PlannedProcess): string[] => [
      'serve',
      '--role', p.role,
      '--node-id', p.nodeId,
      '--bus', 'nats',
      '--nats-url', `nats://127.0.0.1:${gatePorts.get(p.nodeId)}`,
      '--data-dir', join(config.dataDir, 'cluster', p.nodeId, p.name.split('/')[1] ?? p.role),
      '--host', host,
      '--log-level', o['log-level'],
      ...(o.config !== undefined ? ['--config', o.config] : []),
      ...(p.cameraShard !== undefined ? ['--camera-shard', p.cameraShard] : []),
      ...(p.role === 'api' ? ['--alert-durable', `api-${p.nodeId}-${runId}`] : []),
    ];
    const startAll = (procs: readonly PlannedProcess[], extra: (p: PlannedProcess) => string[]) =>
      Promise.all(
        procs.map(async (p) => {
          const listening = await supervisor.start({
            name: p.name,
            group: p.nodeId,
            role: p.role,
            modulePath: SERVER_MAIN,
            // Restarts keep the ports of the first run so the balancer's backends stay valid.
            argsFor: (prev: Listening | undefined) => [...common(p), ...extra(p), ...(p.role === 'ingest-sensors' ? ['--tcp-port', String(prev?.tcp ?? 0)] : []), '--http-port', String(prev?.http ?? 0)],
          });
          return { p, listening };
        }),
      );
    // Two waves: the api roles merge every camera worker's /api/cameras, so they need the workers' ports.
    const workers = await startAll(plan.filter((p) => p.role !== 'api'), () => []);
    const workerUrls = workers.filter((w) => w.p.role === 'camera-worker').map((w) => `http://127.0.0.1:${w.listening.http}`);
    const apis = await startAll(plan.filter((p) => p.role === 'api'), () => (workerUrls.length > 0 ? ['--camera-workers', workerUrls.join(',')] : []));
    const started = [...workers, ...apis];
    const byName = new Map(started.map((s) => [s.p.name, s.listening]));
    const nodes = [...gates.keys()].map((nodeId) => ({
      nodeId,
      tcp: byName.get(`${nodeId}/ingest-sensors`)?.tcp,
      http: byName.get(`${nodeId}/api`)?.http,
      ingestHttp: byName.get(`${nodeId}/ingest-sensors`)?.http,
      fusionHttp: byName.get(`${nodeId}/fusion`)?.http,
      natsGate: gatePorts.get(nodeId),
      cameraWorkers: plan.filter((p) => p.nodeId === nodeId && p.role === 'camera-worker').map((p) => ({ shard: p.cameraShard, cameras: p.cameras, http: byName.get(p.name)?.http })),
    }));
    balancer = new TcpBalancer({
      backends: nodes.map((n) => ({ host: '127.0.0.1', port: n.tcp as number, healthUrl: `http://127.0.0.1:${n.ingestHttp}/cluster/health` })),
      strategy: o.balance as BalanceStrategy,
      healthIntervalMs: BALANCER_DEFAULTS.healthIntervalMs,
      healthTimeoutMs: BALANCER_DEFAULTS.healthTimeoutMs,
      fallAfter: BALANCER_DEFAULTS.fallAfter,
      riseAfter: BALANCER_DEFAULTS.riseAfter,
    });
    const tcp = await balancer.listen(o['balancer-port'], host);
    httpServer = await startClusterHttp({ supervisor, balancer, natsGates: gates }, o['health-port'], host);
    const listening = { event: 'listening', mode: 'cluster', tcp, http: nodes[0]?.http, health: httpServer.port, natsUrl, runId, nodes, pid: process.pid };
    return { listening, supervisor, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function runCluster(o: ScaleOutOptions, runAllInOne: () => Promise<number>): Promise<number> {
  const started = await startCluster(o, runAllInOne);
  if (typeof started === 'number') return started;
  process.stdout.write(`${JSON.stringify(started.listening)}\n`);
  return new Promise<number>((resolve) => {
    const stop = (): void => void started.stop().then(() => resolve(EXIT_OK), () => resolve(1));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
