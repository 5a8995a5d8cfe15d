// GET /api/devices (the device registry), GET /api/stats/all (per-location snapshot, the
// aggregated endpoint of the dashboard seed), baseline candidates with approve/reject, and
// POST /api/devices/:target/commands to send a device command (PERIOD_ON, EEPROM1, REQUEST1, PERIODIC_ON).
import type { FastifyInstance } from 'fastify';
import { CMD_EEPROM1, CMD_PERIOD_ON, CMD_PERIODIC_ON, CMD_REQUEST1 } from '../../protocol/sensor-packets.ts';
import type { ServerContext } from '../context.ts';
import { QueryProblems } from './query.ts';

const COMMANDS: Readonly<Record<string, string>> = { PERIOD_ON: CMD_PERIOD_ON, EEPROM1: CMD_EEPROM1, REQUEST1: CMD_REQUEST1, PERIODIC_ON: CMD_PERIODIC_ON };

export function registerDeviceRoutes(app: FastifyInstance, ctx: ServerContext): void {
  app.get('/api/devices', async (req, reply) => {
    const q = new QueryProblems(req.query as Record<string, unknown>);
    const limit = q.int('limit', { min: 1, max: 10_000, dflt: 1_000 }) as number;
    const offset = q.int('offset', { min: 0, dflt: 0 }) as number;
    if (q.problems.length > 0) return reply.code(400).send(q.body());
    ctx.store.saveDevices(ctx.devices.takeDirty());
    return { ...ctx.store.listDevices(limit, offset), limit, offset, connections: ctx.tcp.listConnections().slice(0, limit) };
  });

  app.get('/api/stats/all', async () => {
    const open = new Map<string, number>();
    for (const a of ctx.fusion.openAlerts()) open.set(a.locId, (open.get(a.locId) ?? 0) + 1);
    const p = ctx.metrics.processingHistogram('sensor');
    return {
      serverTimeMs: Date.now(),
      nodeId: ctx.config.nodeId,
      connections: ctx.tcp.connectionCount,
      queueDepth: ctx.tcp.queue.length,
      openAlerts: ctx.fusion.openAlertCount,
      alertFloodDebounce: ctx.fusion.debounceActive,
      sensorProcessingP99UpperBoundS: p?.quantileUpperBoundS(0.99) ?? null,
      locations: ctx.fusion.snapshots().map((s) => ({ ...s, packets: ctx.devices.packetsOf(s.locId), openAlerts: open.get(s.locId) ?? 0 })),
    };
  });

  app.get('/api/baselines', async () => ({ candidates: ctx.baseline.candidates() }));
  for (const action of ['approve', 'reject'] as const) {
    app.post<{ Params: { locId: string } }>(`/api/baselines/:locId/${action}`, async (req, reply) => {
      const ok = action === 'approve' ? ctx.baseline.approve(req.params.locId) : ctx.baseline.reject(req.params.locId);
      if (!ok) return reply.code(404).send({ error: `no ${action === 'approve' ? 'ready ' : ''}baseline candidate for this location`, locId: req.params.locId });
      return { ok, locId: req.params.locId, action };
    });
  }

  app.post<{ Params: { target: string }; Body: { cmd?: unknown } }>('/api/devices/:target/commands', async (req, reply) => {
    const cmd = req.body?.cmd;
    const wire = typeof cmd === 'string' ? COMMANDS[cmd] : undefined;
    if (wire === undefined) return reply.code(400).send({ error: 'EMBER_ERR_SERVER_HTTP_QUERY_INVALID', problems: [{ path: 'cmd', rule: `must be one of ${Object.keys(COMMANDS).join(', ')}`, received: cmd }] });
    const target = /^\d+$/.test(req.params.target) && !ctx.devices.packetsOf(req.params.target) ? Number(req.params.target) : req.params.target;
    const sent = ctx.tcp.sendCommand(target, wire);
    return reply.code(sent ? 200 : 404).send({ sent, target: req.params.target, cmd });
  });
}
