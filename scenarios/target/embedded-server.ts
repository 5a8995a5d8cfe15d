// The embedded target: the reference server as a child process (never imported — scenarios meet it
// over sockets), plus a supervisor that restarts it after a crash or a deliberate kill -9 on the SAME
// ports so simulators can reconnect. Unexpected exits are counted as crashes; fault kills are not.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { EmberError } from '../../protocol/errors.ts';

export interface ListeningPorts {
  readonly tcp: number;
  readonly http: number;
  readonly ws: number;
}

export interface EmbeddedServerOptions {
  readonly repoRoot: string;
  readonly dataDir: string;
  readonly logPath: string;
  readonly configPath?: string;
  readonly host?: string;
  readonly startTimeoutMs?: number;
}

const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export class EmbeddedServer {
  ports: ListeningPorts = { tcp: 0, http: 0, ws: 0 };
  pid = 0;
  crashes = 0;
  restarts = 0;
  /** Epoch ms when the current process printed its listening line. */
  listeningAtMs = 0;
  private child: ChildProcess | undefined;
  private stopping = false;
  private expectedKill = false;
  private readonly log: WriteStream;
  private restartTimer: NodeJS.Timeout | undefined;
  private readonly listeners: Array<(e: { kind: 'exit' | 'restarted'; expected: boolean }) => void> = [];

  private constructor(private readonly o: EmbeddedServerOptions) {
    this.log = createWriteStream(o.logPath, { flags: 'a' });
  }

  static async start(o: EmbeddedServerOptions): Promise<EmbeddedServer> {
    const s = new EmbeddedServer(o);
    await s.spawnOnce({ tcp: 0, http: 0, ws: 0 });
    return s;
  }

  get host(): string {
    return this.o.host ?? '127.0.0.1';
  }

  get httpUrl(): string {
    return `http://${this.host}:${this.ports.http}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  onEvent(fn: (e: { kind: 'exit' | 'restarted'; expected: boolean }) => void): void {
    this.listeners.push(fn);
  }

  private spawnOnce(ports: ListeningPorts): Promise<void> {
    const args = [
      '--import', 'tsx', resolve(this.o.repoRoot ?? REPO_ROOT, 'reference-server/main.ts'), 'serve',
      '--tcp-port', String(ports.tcp), '--http-port', String(ports.http), '--ws-port', String(ports.ws),
      '--host', this.host, '--data-dir', this.o.dataDir,
      ...(this.o.configPath ? ['--config', this.o.configPath] : []),
    ];
    // Own process group: Ctrl-C on the terminal reaches only the runner, which then stops the server
    // itself (otherwise the server would die first and be counted as a crash and restarted).
    const child = spawn(process.execPath, args, { cwd: this.o.repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    // If the runner itself dies, do not leave the server behind.
    const reap = () => child.kill('SIGKILL');
    process.once('exit', reap);
    child.once('exit', () => process.removeListener('exit', reap));
    child.stderr?.pipe(this.log, { end: false });
    return new Promise<void>((resolveStart, rejectStart) => {
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        child.kill('SIGKILL');
        rejectStart(new EmberError('EMBER_ERR_SCENARIO_SERVER_START_FAILED', `no listening line within ${this.o.startTimeoutMs ?? 30_000} ms`, [{ path: 'server', rule: 'must print {"event":"listening",…} on stdout', received: this.o.logPath }]));
      }, this.o.startTimeoutMs ?? 30_000);
      const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      lines.on('line', (line) => {
        this.log.write(`${line}\n`);
        if (settled) return;
        try {
          const msg = JSON.parse(line) as { event?: string; tcp?: number; http?: number; ws?: number; pid?: number };
          if (msg.event === 'listening' && typeof msg.tcp === 'number' && typeof msg.http === 'number') {
            settled = true;
            clearTimeout(timer);
            this.ports = { tcp: msg.tcp, http: msg.http, ws: msg.ws ?? 0 };
            this.pid = child.pid ?? msg.pid ?? 0;
            this.listeningAtMs = Date.now();
            resolveStart();
          }
        } catch {
          // Not JSON: ordinary log output.
        }
      });
      child.on('exit', (code, signal) => {
        this.log.write(`# server pid ${child.pid} exited code=${code} signal=${signal}\n`);
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          rejectStart(new EmberError('EMBER_ERR_SCENARIO_SERVER_START_FAILED', `exited with code ${code} signal ${signal} before listening`, [{ path: 'server', rule: 'must start and listen', received: this.o.logPath }]));
          return;
        }
        if (this.child !== child) return;
        const expected = this.expectedKill;
        this.expectedKill = false;
        if (!expected && !this.stopping) this.crashes++;
        for (const l of this.listeners) l({ kind: 'exit', expected });
        if (!this.stopping) this.scheduleRestart(0);
      });
    });
  }

  private scheduleRestart(attempt: number): void {
    // Back off a little so a server that dies at start does not spin the CPU the gate is measuring.
    const delayMs = Math.min(5_000, 100 * 2 ** attempt);
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      this.spawnOnce(this.ports).then(
        () => {
          this.restarts++;
          for (const l of this.listeners) l({ kind: 'restarted', expected: false });
        },
        () => this.scheduleRestart(attempt + 1),
      );
    }, delayMs);
  }

  /** The kill -9 fault: not a crash; the supervisor restarts the server on the same ports. */
  kill9(): void {
    if (!this.running) return;
    this.expectedKill = true;
    this.child?.kill('SIGKILL');
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await new Promise<void>((r) => this.log.end(() => r()));
  }
}
