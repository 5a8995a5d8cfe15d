// The TCP balancer against real loopback backends: split, health checks, failover.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { TcpBalancer } from '../../../reference-server/cluster/balancer.ts';
import { pickRendezvous } from '../../../reference-server/cluster/rendezvous-hash.ts';

interface NamedBackend {
  server: Server;
  port: number;
  sockets: Set<Socket>;
  kill(): Promise<void>;
}

/** A backend that answers every connection with its name, like a node accepting a device. */
async function backend(name: string): Promise<NamedBackend> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.write(`${name}\n`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    server,
    port,
    sockets,
    kill: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Connects through the balancer and resolves with the name of the backend that answered. */
function whoAnswers(port: number, keep: Socket[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: '127.0.0.1', port });
    keep.push(s);
    s.once('data', (b) => resolve(b.toString().trim()));
    s.on('error', reject);
    s.once('close', () => reject(new Error('closed before an answer')));
  });
}

test('rendezvous hashing: removing a backend moves only the keys it owned', () => {
  const all = ['a:1', 'b:2', 'c:3'];
  const keys = Array.from({ length: 300 }, (_, i) => `10.0.0.${i}`);
  const before = new Map(keys.map((k) => [k, pickRendezvous(k, all)]));
  const counts = new Map<string, number>();
  for (const v of before.values()) counts.set(v ?? '', (counts.get(v ?? '') ?? 0) + 1);
  for (const b of all) assert.ok((counts.get(b) ?? 0) > 60, `each backend gets a fair share (${b}: ${counts.get(b)})`);
  const survivors = ['a:1', 'c:3'];
  for (const k of keys) {
    const was = before.get(k);
    const now = pickRendezvous(k, survivors);
    if (was !== 'b:2') assert.is(now, was, `key ${k} stayed on its backend`);
  }
  assert.is(pickRendezvous('x', []), undefined);
});

test('round-robin splits 50/50; killing a backend sends its clients to the survivor', async () => {
  const a = await backend('A');
  const b = await backend('B');
  const lb = new TcpBalancer({ backends: [{ host: '127.0.0.1', port: a.port }, { host: '127.0.0.1', port: b.port }], strategy: 'round-robin', healthIntervalMs: 100, healthTimeoutMs: 200, fallAfter: 1, riseAfter: 1 });
  const clients: Socket[] = [];
  try {
    const port = await lb.listen(0);
    const names = await Promise.all(Array.from({ length: 10 }, () => whoAnswers(port, clients)));
    assert.is(names.filter((n) => n === 'A').length, 5);
    assert.is(names.filter((n) => n === 'B').length, 5);
    const closedAt: number[] = [];
    for (const c of clients) c.on('close', () => closedAt.push(Date.now()));
    const killedAt = Date.now();
    await b.kill();
    // B's five clients lose their connection (proxied close); A's stay.
    while (closedAt.length < 5) await new Promise((r) => setTimeout(r, 10));
    const again = await Promise.all(Array.from({ length: 5 }, () => whoAnswers(port, clients)));
    assert.equal(again, ['A', 'A', 'A', 'A', 'A'], 'reconnects land on the survivor');
    assert.ok(lb.stats().find((s) => s.name.endsWith(`:${b.port}`))?.up === false);
    assert.ok(Date.now() - killedAt >= 0);
  } finally {
    for (const c of clients) c.destroy();
    await lb.close();
    await a.kill();
    await b.kill().catch(() => undefined);
  }
});

test('a backend that refuses is taken out at once and the client is retried elsewhere', async () => {
  const a = await backend('A');
  const dead = await backend('dead');
  await dead.kill(); // port now refuses
  const events: string[] = [];
  const lb = new TcpBalancer({ backends: [{ host: '127.0.0.1', port: dead.port }, { host: '127.0.0.1', port: a.port }], strategy: 'round-robin', healthIntervalMs: 60_000, healthTimeoutMs: 200, fallAfter: 3, riseAfter: 1 });
  lb.onEvent((e) => events.push(`${e.type} ${e.reason}`));
  const clients: Socket[] = [];
  try {
    const port = await lb.listen(0);
    const names = await Promise.all(Array.from({ length: 4 }, () => whoAnswers(port, clients)));
    assert.equal(names, ['A', 'A', 'A', 'A']);
    assert.equal(events, ['backend-down connect refused']);
  } finally {
    for (const c of clients) c.destroy();
    await lb.close();
    await a.kill();
  }
});

test('health checks bring a recovered backend back', async () => {
  const a = await backend('A');
  const lb = new TcpBalancer({ backends: [{ host: '127.0.0.1', port: a.port }], strategy: 'hash-ip-port', healthIntervalMs: 50, healthTimeoutMs: 200, fallAfter: 1, riseAfter: 2 });
  const events: string[] = [];
  lb.onEvent((e) => events.push(e.type));
  try {
    await lb.listen(0);
    const port = a.port;
    await a.kill();
    while (!events.includes('backend-down')) await new Promise((r) => setTimeout(r, 10));
    const back = createServer((s) => {
      s.on('error', () => undefined);
      s.end('A2\n');
    });
    await new Promise<void>((r) => back.listen(port, '127.0.0.1', () => r()));
    while (!events.includes('backend-up')) await new Promise((r) => setTimeout(r, 10));
    assert.equal(events, ['backend-down', 'backend-up']);
    await new Promise<void>((r) => back.close(() => r()));
  } finally {
    await lb.close();
  }
});

test.run();
