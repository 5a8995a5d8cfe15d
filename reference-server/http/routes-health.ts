// GET /health (the original's `OK\n`), GET /ready, GET /metrics (Prometheus text 0.0.4).
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';

export function registerHealthRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/health', async (_req, reply) => reply.type('text/plain').send('OK\n'));
  app.get('/ready', async (_req, reply) => {
    const ready = ctx.isReady() && ctx.store.isOpen();
    return reply.code(ready ? 200 : 503).send({ ready, queueDepth: ctx.tcp.queue.length, connections: ctx.tcp.connectionCount });
  });
  app.get('/metrics', async (_req, reply) => {
    const body = await ctx.metrics.render();
    return reply.type(ctx.metrics.contentType()).send(body);
  });
}
