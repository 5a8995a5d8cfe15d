// Starts a real nats-server (Debian package `nats-server`) with JetStream on a free loopback port
// and a temp store dir, for tests and benches. Callers skip when it is not installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function natsServerAvailable(): boolean {
  return spawnSync('nats-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface NatsFixture {
  readonly url: string;
  readonly port: number;
  readonly child: ChildProcess;
  /** SIGSTOP/SIGCONT: a frozen server looks like a network partition to clients. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

export async function startNatsServer(port?: number, storeDir?: string): Promise<NatsFixture> {
  const p = port ?? (await freePort());
  const dir = storeDir ?? mkdtempSync(join(tmpdir(), 'emberload-nats-'));
  const child = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(p), '-sd', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`nats-server did not become ready on ${p}: ${log}`)), 10_000);
    child.stderr?.on('data', (b: Buffer) => {
      log += b.toString();
      if (log.includes('Server is ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`nats-server exited with ${code}: ${log}`));
    });
  });
  child.stderr?.resume();
  return {
    url: `nats://127.0.0.1:${p}`,
    port: p,
    child,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGCONT');
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGKILL');
      await exited;
      if (storeDir === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
