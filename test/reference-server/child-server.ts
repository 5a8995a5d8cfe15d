// Runs the real server as a child process (`tsx reference-server/main.ts serve`, the way the
// scenario runner does), reads its one "listening" JSON line, and offers an SSE client.
import { spawn, type ChildProcess } from 'node:child_process';
import { get, type IncomingMessage } from 'node:http';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { AlertStreamEvent } from '../../protocol/alert.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

export interface ChildServer {
  readonly child: ChildProcess;
  readonly ports: { tcp: number; http: number; ws: number; pid: number };
  stderr(): string;
  exited(): Promise<number | null>;
}

export function startChildServer(args: readonly string[], timeoutMs = 60_000): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'reference-server', 'main.ts'), 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d) => (err += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not report listening within ${timeoutMs} ms; stderr: ${err}`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        const ports = JSON.parse(line) as ChildServer['ports'] & { event: string };
        if (ports.event !== 'listening') throw new Error(line);
        resolvePromise({ child, ports, stderr: () => err, exited: () => exited });
      } catch (e) {
        reject(e);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening; stderr: ${err}`));
    });
  });
}

export interface SseClient {
  readonly events: AlertStreamEvent[];
  close(): void;
}

export function openAlertStream(httpPort: number): Promise<SseClient> {
  return new Promise((resolvePromise, reject) => {
    const events: AlertStreamEvent[] = [];
    const req = get({ host: '127.0.0.1', port: httpPort, path: '/api/alerts/stream' }, (res: IncomingMessage) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf('\n\n')) !== -1) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          for (const line of block.split('\n')) if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as AlertStreamEvent);
        }
      });
      res.on('error', () => {});
      resolvePromise({ events, close: () => req.destroy() });
    });
    req.on('error', (e) => (events.length === 0 ? reject(e) : undefined));
  });
}

export async function httpJson<T>(port: number, path: string): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return (await res.json()) as T;
}
