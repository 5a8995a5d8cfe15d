// Starts role processes, restarts crashed ones with exponential backoff, and reports their state.
// Each child is a forked Node process (same loader flags as ours) that prints one JSON
// "listening" line on stdout when ready; the IPC channel ties its life to ours (a role exits when
// the supervisor goes away, so no orphan keeps a port). Restarts reuse the ports the child got
// the first time, so a balancer's backend list stays valid.
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { backoffMs } from '../bus/options.ts';

export interface Listening {
  readonly event: 'listening';
  readonly pid: number;
  readonly http?: number;
  readonly tcp?: number;
  readonly [k: string]: unknown;
}

export interface ChildSpec {
  readonly name: string;
  /** Node group the child belongs to (fault injection kills a whole group). */
  readonly group: string;
  readonly role: string;
  readonly modulePath: string;
  /** Arguments for a start; `previous` is what the last run listened on (reuse its ports). */
  readonly argsFor: (previous: Listening | undefined) => string[];
}

export type ChildState = 'starting' | 'running' | 'backoff' | 'stopped';

export interface ChildStatus {
  readonly name: string;
  readonly group: string;
  readonly role: string;
  readonly state: ChildState;
  readonly pid: number | undefined;
  readonly restarts: number;
  readonly lastExit?: string;
  readonly listening?: Listening;
}

export interface SupervisorOptions {
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** A child that ran this long resets its backoff. */
  readonly stableAfterMs: number;
  readonly startTimeoutMs: number;
  readonly onEvent?: (e: { type: 'started' | 'exited' | 'restarting'; name: string; detail: string }) => void;
}

export const SUPERVISOR_DEFAULTS: SupervisorOptions = { backoffBaseMs: 250, backoffMaxMs: 10_000, stableAfterMs: 30_000, startTimeoutMs: 60_000 };

interface Managed {
  readonly spec: ChildSpec;
  child: ChildProcess | undefined;
  state: ChildState;
  restarts: number;
  failuresInARow: number;
  startedAtMs: number;
  lastExit: string | undefined;
  listening: Listening | undefined;
  timer: NodeJS.Timeout | undefined;
  waiters: Array<{ resolve: (l: Listening) => void; reject: (e: Error) => void }>;
}

export class Supervisor {
  readonly #opts: SupervisorOptions;
  readonly #children = new Map<string, Managed>();
  #stopping = false;

  constructor(opts: Partial<SupervisorOptions> = {}) {
    this.#opts = { ...SUPERVISOR_DEFAULTS, ...opts };
  }

  /** Starts a child and resolves with its listening line (rejects if it exits or times out first). */
  start(spec: ChildSpec): Promise<Listening> {
    const m: Managed = { spec, child: undefined, state: 'starting', restarts: 0, failuresInARow: 0, startedAtMs: 0, lastExit: undefined, listening: undefined, timer: undefined, waiters: [] };
    this.#children.set(spec.name, m);
    const first = this.#waitListening(m);
    this.#spawn(m);
    return first;
  }

  status(): ChildStatus[] {
    return [...this.#children.values()].map((m) => ({
      name: m.spec.name,
      group: m.spec.group,
      role: m.spec.role,
      state: m.state,
      pid: m.child?.pid,
      restarts: m.restarts,
      ...(m.lastExit !== undefined && { lastExit: m.lastExit }),
      ...(m.listening !== undefined && { listening: m.listening }),
    }));
  }

  /** Fault injection: SIGKILL every process of a group; they come back through the normal restart path. */
  killGroup(group: string): number[] {
    const pids: number[] = [];
    for (const m of this.#children.values()) {
      if (m.spec.group !== group || !m.child?.pid || m.child.exitCode !== null) continue;
      pids.push(m.child.pid);
      // Not running from now on, so whenRunning() waits for the restarted process.
      m.state = 'backoff';
      m.child.kill('SIGKILL');
    }
    return pids;
  }

  /** Resolves when the named child is running again (after a crash or kill). */
  whenRunning(name: string): Promise<Listening> {
    const m = this.#children.get(name);
    if (!m) return Promise.reject(new Error(`no child ${name}`));
    if (m.state === 'running' && m.listening) return Promise.resolve(m.listening);
    return this.#waitListening(m);
  }

  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    const exits: Promise<void>[] = [];
    for (const m of this.#children.values()) {
      if (m.timer) clearTimeout(m.timer);
      m.state = 'stopped';
      const c = m.child;
      if (!c || c.exitCode !== null || c.signalCode !== null) continue;
      exits.push(
        new Promise<void>((resolve) => {
          const kill = setTimeout(() => c.kill('SIGKILL'), graceMs);
          c.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          c.kill('SIGTERM');
        }),
      );
    }
    await Promise.all(exits);
  }

  #waitListening(m: Managed): Promise<Listening> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${m.spec.name} did not print its listening line within ${this.#opts.startTimeoutMs} ms`)), this.#opts.startTimeoutMs);
      timer.unref();
      m.waiters.push({
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  }

  #spawn(m: Managed): void {
    m.state = 'starting';
    m.startedAtMs = Date.now();
    const child = fork(m.spec.modulePath, m.spec.argsFor(m.listening), { execArgv: process.execArgv, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    m.child = child;
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        try {
          const parsed = JSON.parse(line) as Partial<Listening>;
          if (parsed.event !== 'listening') return;
          m.listening = parsed as Listening;
          m.state = 'running';
          this.#opts.onEvent?.({ type: 'started', name: m.spec.name, detail: line });
          for (const w of m.waiters.splice(0)) w.resolve(m.listening);
        } catch {
          // Not our line; roles print only JSON on stdout, logs go to stderr.
        }
      });
    }
    child.once('exit', (code, signal) => {
      m.lastExit = signal ? `signal ${signal}` : `exit code ${code}`;
      this.#opts.onEvent?.({ type: 'exited', name: m.spec.name, detail: m.lastExit });
      if (this.#stopping || m.state === 'stopped') {
        m.state = 'stopped';
        return;
      }
      const neverStarted = m.listening === undefined;
      if (neverStarted) {
        // A role that cannot even start (bad config, port taken) would only crash-loop.
        m.state = 'stopped';
        for (const w of m.waiters.splice(0)) w.reject(new Error(`${m.spec.name} exited before listening (${m.lastExit})`));
        return;
      }
      m.failuresInARow = Date.now() - m.startedAtMs >= this.#opts.stableAfterMs ? 0 : m.failuresInARow + 1;
      const delay = backoffMs(Math.max(0, m.failuresInARow - 1), this.#opts.backoffBaseMs, this.#opts.backoffMaxMs);
      m.state = 'backoff';
      m.restarts++;
      this.#opts.onEvent?.({ type: 'restarting', name: m.spec.name, detail: `in ${delay} ms (restart ${m.restarts})` });
      m.timer = setTimeout(() => {
        m.timer = undefined;
        if (!this.#stopping) this.#spawn(m);
      }, delay);
    });
  }
}
