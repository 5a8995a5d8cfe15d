// GET /api/alerts (filter from/to/locId/level, paginated, newest first) and the live stream
// GET /api/alerts/stream: Server-Sent Events, each `data: <AlertStreamEvent JSON>`, a heartbeat
// event every second. An alert appears on the stream only after its store commit.
import type { FastifyInstance } from 'fastify';
import type { AlertLevel, AlertStreamEvent } from '../../protocol/alert.ts';
import type { ServerContext } from '../context.ts';
import { QueryProblems } from './query.ts';

const LEVELS: readonly AlertLevel[] = ['info', 'warning', 'critical'];
const HEARTBEAT_MS = 1_000;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export function registerAlertRoutes(app: FastifyInstance, ctx: ServerContext): () => void {
  app.get('/api/alerts', async (req, reply) => {
    const q = new QueryProblems(req.query as Record<string, unknown>);
    const fromMs = q.int('from', { min: 0 });
    const toMs = q.int('to', { min: 0 });
    const locId = q.text('locId');
    const level = q.oneOf('level', LEVELS);
    const limit = q.int('limit', { min: 1, max: 1_000, dflt: 100 }) as number;
    const offset = q.int('offset', { min: 0, dflt: 0 }) as number;
    if (q.problems.length > 0) return reply.code(400).send(q.body());
    const { alerts, total } = ctx.store.list({ ...(fromMs !== undefined && { fromMs }), ...(toMs !== undefined && { toMs }), ...(locId !== undefined && { locId }), ...(level !== undefined && { level }), limit, offset });
    return { total, limit, offset, alerts };
  });

  const clients = new Set<(chunk: string) => void>();
  const heartbeat = setInterval(() => {
    if (clients.size === 0) return;
    const chunk = sse({ type: 'heartbeat', serverTimeMs: Date.now() });
    for (const send of clients) send(chunk);
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const unsubscribe = ctx.alerts.subscribe((event) => {
    if (clients.size === 0) return;
    const chunk = sse(event);
    for (const send of clients) send(chunk);
  });

  app.get('/api/alerts/stream', (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(`retry: 1000\n${sse({ type: 'heartbeat', serverTimeMs: Date.now() })}`);
    // A client that stops reading must not grow our memory: past MAX_BUFFERED_BYTES it is dropped
    // (it reconnects after `retry` and can catch up from /api/alerts).
    const send = (chunk: string): void => {
      if (res.writableLength > MAX_BUFFERED_BYTES) {
        done();
        res.destroy();
        return;
      }
      res.write(chunk);
    };
    clients.add(send);
    const done = (): void => void clients.delete(send);
    req.raw.on('close', done);
    res.on('error', done);
  });

  return () => {
    clearInterval(heartbeat);
    unsubscribe();
    clients.clear();
  };
}

function sse(event: AlertStreamEvent): string {
  return `data: ${JSON.stringify(event)}\n\n`;
}
