// The scale-out target: `emberload serve --cluster --nodes N` (reference-server/cluster/, spawned as
// a process, never imported) on a private NATS server. Devices enter through its TCP balancer; every
// role process exposes its own /metrics, so the runner scrapes them all; per-node CPU comes from the
// process tree grouped by each process's `--node-id`.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EmberError } from '../../protocol/errors.ts';
import { processTree, type RootProcess } from '../probes/process-sampler.ts';
import { NatsServer } from './nats-server.ts';

export interface ClusterNode {
  readonly nodeId: string;
  readonly tcp: number;
  readonly http: number;
  readonly ingestHttp?: number;
  readonly fusionHttp?: number;
  readonly cameraWorkers?: ReadonlyArray<{ http?: number }>;
}

interface ClusterListening {
  readonly tcp: number;
  readonly http: number;
  readonly health: number;
  readonly nodes: readonly ClusterNode[];
  readonly pid: number;
}

export class ClusterTarget {
  private rootsCache: { atMs: number; roots: RootProcess[] } | undefined;
  private constructor(
    private readonly child: ChildProcess,
    private readonly nats: NatsServer,
    private readonly log: WriteStream,
    readonly listening: ClusterListening,
  ) {}

  static async start(o: { repoRoot: string; dir: string; nodes: number; configPath?: string }): Promise<ClusterTarget> {
    const nats = await NatsServer.start(join(o.dir, 'nats-store'));
    const log = createWriteStream(join(o.dir, 'server.log'), { flags: 'a' });
    const args = ['--import', 'tsx', resolve(o.repoRoot, 'reference-server/main.ts'), 'serve', '--cluster', '--nodes', String(o.nodes), '--bus', 'nats', '--nats-url', nats.url, '--host', '127.0.0.1', '--data-dir', join(o.dir, 'server-data'), '--log-level', 'warn', ...(o.configPath ? ['--config', o.configPath] : [])];
    const child = spawn(process.execPath, args, { cwd: o.repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.removeListener('exit', reap));
    child.stderr?.pipe(log, { end: false });
    try {
      const listening = await new Promise<ClusterListening>((res, rej) => {
        const timer = setTimeout(() => rej(new Error('no listening line within 60 s')), 60_000);
        createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
          log.write(`${line}\n`);
          try {
            const msg = JSON.parse(line) as ClusterListening & { event?: string };
            if (msg.event === 'listening' && Array.isArray(msg.nodes)) {
              clearTimeout(timer);
              res(msg);
            }
          } catch {
            // log line
          }
        });
        child.once('exit', (code) => rej(new Error(`cluster exited with code ${code} before listening`)));
      });
      return new ClusterTarget(child, nats, log, listening);
    } catch (err) {
      child.kill('SIGKILL');
      await nats.stop();
      throw new EmberError('EMBER_ERR_SCENARIO_SERVER_START_FAILED', `cluster: ${(err as Error).message}`, [{ path: 'server', rule: 'emberload serve --cluster must start and print its listening line', received: join(o.dir, 'server.log') }]);
    }
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.listening.http}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Every role process's /metrics (ingest, fusion, api, camera workers) of every node. */
  metricsUrls(): string[] {
    const ports = new Set<number>();
    for (const n of this.listening.nodes) {
      for (const p of [n.http, n.ingestHttp, n.fusionHttp, ...(n.cameraWorkers ?? []).map((w) => w.http)]) if (typeof p === 'number') ports.add(p);
    }
    return [...ports].map((p) => `http://127.0.0.1:${p}/metrics`);
  }

  /** One root per node: the role processes carrying `--node-id <node>` (their ffmpeg children follow). */
  nodeRoots(): RootProcess[] {
    // Role pids change only when the supervisor restarts one: refresh every 2 s, not every tick.
    const now = Date.now();
    if (this.rootsCache && now - this.rootsCache.atMs < 2_000) return this.rootsCache.roots;
    const out: RootProcess[] = [];
    for (const pid of processTree(this.child.pid ?? 0)) {
      let cmd = '';
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      } catch {
        continue;
      }
      const m = /--node-id (\S+)/.exec(cmd);
      if (m && /reference-server\/main\.ts/.test(cmd)) out.push({ pid, role: m[1] as string });
    }
    this.rootsCache = { atMs: now, roots: out };
    return out;
  }

  async killNode(nodeId: string): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${this.listening.health}/faults/kill?node=${encodeURIComponent(nodeId)}`, { method: 'POST' });
    return `${res.status} ${await res.text()}`;
  }

  async stop(): Promise<void> {
    if (this.running) {
      const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
      this.child.kill('SIGTERM');
      const t = setTimeout(() => this.child.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(t);
    }
    await this.nats.stop();
    await new Promise<void>((r) => this.log.end(() => r()));
  }
}
