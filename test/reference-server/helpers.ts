// Shared helpers for server tests: a built server on 127.0.0.1 port 0 with a temp data dir,
// a real TCP device client, metric scraping and polling with a deadline (behaviour, not speed).
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildServer, type BuiltServer, type BuildServerOptions } from '../../reference-server/app.ts';
import { validateConfig } from '../../reference-server/config.ts';
import { createLogger } from '../../reference-server/log.ts';

/** Tests keep stderr clean; set EMBERLOAD_TEST_LOG=debug to see the server log. */
export const testLog = process.env.EMBERLOAD_TEST_LOG ? createLogger(process.env.EMBERLOAD_TEST_LOG as 'debug') : createLogger('error', () => {});

export interface TestServer {
  readonly server: BuiltServer;
  readonly tcpPort: number;
  readonly httpPort: number;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export async function startTestServer(raw: Record<string, unknown> = {}, extra: Partial<BuildServerOptions> = {}, listenHttp = false): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'emberload-srv-'));
  const config = validateConfig({ host: '127.0.0.1', tcpPort: 0, httpPort: 0, wsPort: 0, dataDir, ...raw });
  const server = await buildServer({ config, log: testLog, ...extra });
  const tcpPort = await server.tcp.listen(0, '127.0.0.1');
  let httpPort = 0;
  if (listenHttp) {
    await server.http.listen({ port: 0, host: '127.0.0.1' });
    const addr = server.http.server.address();
    httpPort = typeof addr === 'object' && addr ? addr.port : 0;
  }
  server.setReady(true);
  return {
    server,
    tcpPort,
    httpPort,
    dataDir,
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface DeviceClient {
  readonly socket: Socket;
  /** Everything the server wrote to this connection so far. */
  received(): string;
  send(data: string | Buffer): Promise<void>;
  closed(): Promise<void>;
  end(): void;
}

export function connectDevice(port: number): Promise<DeviceClient> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let got = '';
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('error', () => {});
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => got,
        send: (data) => new Promise((r) => (socket.destroyed ? r() : socket.write(data, () => r()))),
        closed: () => closed,
        end: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}

/** Poll `check` until it returns truthy or the deadline passes (then throw with `what`). */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Parse Prometheus text into `name{labels}` → value. */
export function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}

export async function scrape(server: BuiltServer): Promise<Map<string, number>> {
  return parseMetrics(await server.ctx.metrics.render());
}
