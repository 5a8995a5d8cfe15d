// Real sources for the ingest tests: an HTTP server on 127.0.0.1:0 that serves encoded media the
// way a misbehaving camera would (whole clip then silence, garbage bytes, or a wrong media type),
// and a recorder standing in for the server's metrics (it records calls, it computes nothing).
import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { CameraMetricsSink } from '../../../reference-server/ingest/cameras/ingest-deps.ts';

export type SourceMode = { kind: 'stall-after-clip'; clip: Buffer } | { kind: 'garbage' } | { kind: 'bytes'; body: Buffer };

export interface TestSource {
  readonly url: string;
  connections: number;
  close(): Promise<void>;
}

export async function startHttpSource(mode: SourceMode): Promise<TestSource> {
  const sockets = new Set<import('node:net').Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const src: { connections: number } = { connections: 0 };
  const server: Server = createServer((req, res) => {
    src.connections++;
    res.writeHead(200, { 'content-type': 'video/mp2t' });
    if (mode.kind === 'stall-after-clip') res.write(mode.clip); // …and never end: a stalled camera
    else if (mode.kind === 'bytes') res.end(mode.body);
    else {
      const t = setInterval(() => res.write(randomBytes(4096)), 20);
      timers.add(t);
      res.on('close', () => clearInterval(t));
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(src, {
    url: `http://127.0.0.1:${port}/stream.ts`,
    async close() {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  });
}

export interface MetricCall {
  readonly name: keyof CameraMetricsSink;
  readonly args: readonly unknown[];
}

export function recordingMetrics(): CameraMetricsSink & { calls: MetricCall[]; count(name: keyof CameraMetricsSink, streamId?: string): number } {
  const calls: MetricCall[] = [];
  const rec = (name: keyof CameraMetricsSink) => (...args: unknown[]) => void calls.push({ name, args });
  return {
    calls,
    count: (name, streamId) => calls.filter((c) => c.name === name && (streamId === undefined || c.args[0] === streamId)).length,
    cameraFrameProcessed: rec('cameraFrameProcessed'),
    cameraFrameDropped: rec('cameraFrameDropped'),
    cameraFps: rec('cameraFps'),
    cameraQueueDepth: rec('cameraQueueDepth'),
    visionLatency: rec('visionLatency'),
    cameraUp: rec('cameraUp'),
    cameraRestart: rec('cameraRestart'),
    scaleOutSignal: rec('scaleOutSignal'),
  };
}

export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
