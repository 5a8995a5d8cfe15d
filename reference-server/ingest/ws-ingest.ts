// The original's WebSocket sensor bus on :8765 (embereye/core/sensor_server.py): a JSON message
// with `loc_id`, `temperature` and `fire_alarm` is stamped with a local ISO `timestamp`, broadcast
// to every client (the sender included), and answered with {"status":"ACK"}. Anything else is
// ignored (counted here; the original ignores it silently). As in the original it feeds no fusion.
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from '../metrics.ts';

const ACK = JSON.stringify({ status: 'ACK' });

export class WsIngest {
  private wss: WebSocketServer | null = null;

  constructor(
    private readonly metrics: ServerMetrics,
    private readonly log: Logger,
  ) {}

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const wss = new WebSocketServer({ port, host, maxPayload: 64 * 1024 });
      wss.once('error', reject);
      wss.once('listening', () => {
        wss.off('error', reject);
        wss.on('error', (err) => this.log.error('websocket server error', { error: err.message }));
        const addr = wss.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
      wss.on('connection', (ws) => this.accept(wss, ws));
      this.wss = wss;
    });
  }

  private accept(wss: WebSocketServer, ws: WebSocket): void {
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      const msg = parseSensorMessage(isBinary ? '' : data.toString());
      if (!msg) {
        this.metrics.malformed('ws-message');
        return;
      }
      // Not an emberye_tcp_* packet (the original counts only TCP there): our per-kind counter only.
      this.metrics.processedByKind.inc('ws');
      const out = JSON.stringify({ ...msg, timestamp: new Date().toISOString() });
      for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(out);
      ws.send(ACK);
    });
  }

  close(): Promise<void> {
    const wss = this.wss;
    if (!wss) return Promise.resolve();
    for (const c of wss.clients) c.terminate();
    return new Promise((resolve) => wss.close(() => resolve()));
  }
}

/** The original's acceptance rule: a JSON object holding all three keys. */
export function parseSensorMessage(text: string): Record<string, unknown> | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  return 'loc_id' in o && 'temperature' in o && 'fire_alarm' in o ? o : null;
}
