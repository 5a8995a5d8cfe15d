// The supervisor's HTTP endpoint (`--health-port`):
//   GET  /health                          aggregated: every role's state, restarts and /cluster/health
//   GET  /balancer                        backend stats of the device balancer
//   POST /faults/kill?node=node-2         SIGKILL every process of that node (they restart with backoff)
//   POST /faults/partition?node=node-2&ms=10000   cut that node's NATS connections for ms (then heal)
//   POST /faults/heal?node=node-2         end a partition early
// 200 when every role is running and connected, 503 otherwise (body says what is wrong).
import { createServer, type Server } from 'node:http';
import type { TcpBalancer } from './balancer.ts';
import type { Supervisor } from './supervisor.ts';

export interface ClusterHttpDeps {
  readonly supervisor: Supervisor;
  readonly balancer: TcpBalancer | undefined;
  /** Per node: the gate between its processes and NATS (partition injection). */
  readonly natsGates: ReadonlyMap<string, TcpBalancer>;
}

async function roleHealth(http: number | undefined): Promise<{ ok: boolean; body: unknown }> {
  if (http === undefined) return { ok: false, body: 'no http port' };
  try {
    const res = await fetch(`http://127.0.0.1:${http}/cluster/health`, { signal: AbortSignal.timeout(1_000) });
    return { ok: res.ok, body: await res.json() };
  } catch (err) {
    return { ok: false, body: err instanceof Error ? err.message : String(err) };
  }
}

export async function aggregatedHealth(deps: ClusterHttpDeps): Promise<{ ok: boolean; body: Record<string, unknown> }> {
  const roles = await Promise.all(
    deps.supervisor.status().map(async (s) => {
      const h = s.state === 'running' ? await roleHealth(s.listening?.http) : { ok: false, body: s.state };
      return { ...s, healthy: h.ok, health: h.body };
    }),
  );
  const ok = roles.length > 0 && roles.every((r) => r.healthy);
  const partitioned = [...deps.natsGates].filter(([, g]) => g.blocked).map(([n]) => n);
  return { ok, body: { state: ok ? 'ok' : roles.some((r) => r.healthy) ? 'degraded' : 'down', partitioned, balancer: deps.balancer?.stats() ?? [], roles } };
}

export function startClusterHttp(deps: ClusterHttpDeps, port: number, host: string): Promise<{ server: Server; port: number }> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (code: number, body: unknown): void => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const node = url.searchParams.get('node') ?? '';
    const gate = deps.natsGates.get(node);
    if (req.method === 'GET' && url.pathname === '/health') {
      aggregatedHealth(deps).then(
        (h) => send(h.ok ? 200 : 503, h.body),
        (err: unknown) => send(500, { error: String(err) }),
      );
    } else if (req.method === 'GET' && url.pathname === '/balancer') {
      send(200, deps.balancer?.stats() ?? []);
    } else if (req.method === 'POST' && url.pathname === '/faults/kill') {
      const pids = deps.supervisor.killGroup(node);
      send(pids.length > 0 ? 200 : 404, { node, killedPids: pids, atMs: Date.now() });
    } else if (req.method === 'POST' && (url.pathname === '/faults/partition' || url.pathname === '/faults/heal')) {
      if (!gate) return send(404, { error: `unknown node ${JSON.stringify(node)}`, nodes: [...deps.natsGates.keys()] });
      const heal = url.pathname === '/faults/heal';
      const ms = Number(url.searchParams.get('ms') ?? '10000');
      if (!heal && (!Number.isInteger(ms) || ms < 1 || ms > 3_600_000)) return send(400, { error: 'ms must be an integer 1…3600000', received: url.searchParams.get('ms') });
      gate.setBlocked(!heal);
      if (!heal) {
        const t = setTimeout(() => {
          timers.delete(t);
          gate.setBlocked(false);
        }, ms);
        t.unref();
        timers.add(t);
      }
      send(200, { node, partitioned: !heal, ...(heal ? {} : { forMs: ms }), atMs: Date.now() });
    } else send(404, { error: 'not found', endpoints: ['GET /health', 'GET /balancer', 'POST /faults/kill?node=', 'POST /faults/partition?node=&ms=', 'POST /faults/heal?node='] });
  });
  server.on('close', () => timers.forEach((t) => clearTimeout(t)));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({ server, port: typeof addr === 'object' && addr ? addr.port : port });
    });
  });
}
