// A small TCP balancer for the two-node topology and its tests (HAProxy does the same job in
// production; ci/haproxy/haproxy.cfg is the equivalent config). It proxies each client connection
// to one healthy backend, chosen by rendezvous hash of the client (sticky per device, stable when
// a backend leaves) or round-robin. Backends are health-checked (TCP connect, or HTTP GET when a
// health URL is given); a dead backend is removed and its clients are disconnected so they
// reconnect to a survivor. A backend that refuses a new connection is marked down at once and the
// client is retried on another one before anything is forwarded.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { EmberError } from '../../protocol/errors.ts';
import { probeBackend } from './health-probe.ts';
import { pickRendezvous } from './rendezvous-hash.ts';

export type BalanceStrategy = 'hash-ip' | 'hash-ip-port' | 'round-robin';

export interface BackendSpec {
  readonly host: string;
  readonly port: number;
  /** Optional HTTP health URL (e.g. the node's /health); TCP connect to host:port otherwise. */
  readonly healthUrl?: string;
}

export interface BalancerOptions {
  readonly backends: readonly BackendSpec[];
  readonly strategy: BalanceStrategy;
  readonly healthIntervalMs: number;
  readonly healthTimeoutMs: number;
  /** Consecutive failed checks before a backend is taken out (passive failures take it out at once). */
  readonly fallAfter: number;
  /** Consecutive good checks before it is put back. */
  readonly riseAfter: number;
}

export interface BackendStats {
  readonly name: string;
  readonly up: boolean;
  readonly activeConnections: number;
  readonly totalConnections: number;
  readonly downEvents: number;
}

export type BalancerEvent = { readonly type: 'backend-down' | 'backend-up'; readonly backend: string; readonly atMs: number; readonly reason: string };

interface Backend {
  readonly spec: BackendSpec;
  readonly name: string;
  up: boolean;
  fails: number;
  oks: number;
  total: number;
  downEvents: number;
  readonly clients: Set<Socket>;
}

export const BALANCER_DEFAULTS = { strategy: 'hash-ip-port', healthIntervalMs: 500, healthTimeoutMs: 400, fallAfter: 2, riseAfter: 2 } as const;

export class TcpBalancer {
  readonly #opts: BalancerOptions;
  readonly #backends: Backend[];
  readonly #server: Server;
  readonly #listeners = new Set<(e: BalancerEvent) => void>();
  #rr = 0;
  #timer: NodeJS.Timeout | undefined;
  #checking = false;
  #blocked = false;

  constructor(opts: BalancerOptions) {
    if (opts.backends.length === 0) throw new EmberError('EMBER_ERR_BUS_NO_BACKENDS', undefined, [{ path: '--backend', rule: 'at least one host:port', received: [] }]);
    this.#opts = opts;
    this.#backends = opts.backends.map((spec) => ({ spec, name: `${spec.host}:${spec.port}`, up: true, fails: 0, oks: 0, total: 0, downEvents: 0, clients: new Set() }));
    this.#server = createServer({ noDelay: true }, (client) => this.#route(client, new Set()));
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve());
    });
    const tick = (): void => void this.#checkAll();
    this.#timer = setInterval(tick, this.#opts.healthIntervalMs);
    this.#timer.unref();
    const addr = this.#server.address();
    return typeof addr === 'object' && addr ? addr.port : port;
  }

  /**
   * Fault injection: while blocked, every proxied connection is cut and new ones are closed at
   * once — a network partition between the clients and the backends (used between a node and NATS).
   */
  setBlocked(blocked: boolean): void {
    this.#blocked = blocked;
    if (blocked) for (const b of this.#backends) for (const c of b.clients) c.destroy();
  }

  get blocked(): boolean {
    return this.#blocked;
  }

  onEvent(listener: (e: BalancerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  stats(): BackendStats[] {
    return this.#backends.map((b) => ({ name: b.name, up: b.up, activeConnections: b.clients.size, totalConnections: b.total, downEvents: b.downEvents }));
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    for (const b of this.#backends) for (const c of b.clients) c.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #pick(client: Socket, exclude: ReadonlySet<Backend>): Backend | undefined {
    const live = this.#backends.filter((b) => b.up && !exclude.has(b));
    if (live.length === 0) return undefined;
    if (this.#opts.strategy === 'round-robin') return live[this.#rr++ % live.length];
    const key = this.#opts.strategy === 'hash-ip' ? String(client.remoteAddress) : `${client.remoteAddress}:${client.remotePort}`;
    const name = pickRendezvous(key, live.map((b) => b.name));
    return live.find((b) => b.name === name);
  }

  #route(client: Socket, tried: Set<Backend>): void {
    const backend = this.#blocked ? undefined : this.#pick(client, tried);
    if (!backend) {
      client.destroy();
      return;
    }
    client.pause();
    const upstream = connect({ host: backend.spec.host, port: backend.spec.port, noDelay: true });
    let established = false;
    upstream.once('connect', () => {
      established = true;
      backend.total++;
      backend.clients.add(client);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (established) return;
      // Refused before anything was forwarded: take the backend out now and try the next one.
      this.#markDown(backend, 'connect refused');
      tried.add(backend);
      if (!client.destroyed) this.#route(client, tried);
    });
    const cleanup = (): void => {
      backend.clients.delete(client);
      client.destroy();
      upstream.destroy();
    };
    upstream.once('close', () => established && cleanup());
    client.once('close', () => (established ? cleanup() : upstream.destroy()));
    client.on('error', () => undefined);
  }

  #markDown(b: Backend, reason: string): void {
    b.fails = this.#opts.fallAfter;
    b.oks = 0;
    if (!b.up) return;
    b.up = false;
    b.downEvents++;
    // Its clients must reconnect to survivors now, not when their sockets time out.
    for (const c of b.clients) c.destroy();
    this.#emit({ type: 'backend-down', backend: b.name, atMs: Date.now(), reason });
  }

  async #checkAll(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    try {
      await Promise.all(
        this.#backends.map(async (b) => {
          const error = await probeBackend(b.spec, this.#opts.healthTimeoutMs);
          if (error === undefined) {
            b.fails = 0;
            if (!b.up && ++b.oks >= this.#opts.riseAfter) {
              b.up = true;
              this.#emit({ type: 'backend-up', backend: b.name, atMs: Date.now(), reason: 'health checks pass' });
            }
          } else {
            b.oks = 0;
            if (b.up && ++b.fails >= this.#opts.fallAfter) this.#markDown(b, error);
          }
        }),
      );
    } finally {
      this.#checking = false;
    }
  }

  #emit(e: BalancerEvent): void {
    for (const l of this.#listeners) l(e);
  }
}
