// The api role's GET /api/cameras: the camera workers' own /api/cameras merged into one answer
// (cameras concatenated, counters summed), so a client sees the whole cluster's cameras in the
// same shape as a single server. Cached for 500 ms so dashboard polling does not fan out per call.
import type { FastifyInstance } from 'fastify';

interface WorkerCameras {
  readonly cameras: readonly unknown[];
  readonly totals: Readonly<Record<string, number | boolean>>;
}

const CACHE_MS = 500;

export function mergeCameraStats(parts: readonly WorkerCameras[]): { cameras: unknown[]; totals: Record<string, number | boolean>; workers: number } {
  const totals: Record<string, number | boolean> = {};
  const cameras: unknown[] = [];
  for (const p of parts) {
    cameras.push(...p.cameras);
    for (const [k, v] of Object.entries(p.totals)) {
      const prev = totals[k];
      if (typeof v === 'boolean') totals[k] = prev === true || v;
      // A share (drop_share_window) cannot be summed: the worst worker's share is reported.
      else if (k.includes('share')) totals[k] = Math.max(typeof prev === 'number' ? prev : 0, v);
      else totals[k] = (typeof prev === 'number' ? prev : 0) + v;
    }
  }
  return { cameras, totals, workers: parts.length };
}

export function registerClusterCameraRoute(http: FastifyInstance, workerUrls: readonly string[]): void {
  let cached: { atMs: number; body: unknown } | undefined;
  http.get('/api/cameras', async (_req, reply) => {
    if (cached && Date.now() - cached.atMs < CACHE_MS) return cached.body;
    const results = await Promise.all(
      workerUrls.map(async (u) => {
        try {
          const res = await fetch(`${u}/api/cameras`, { signal: AbortSignal.timeout(1_000) });
          return res.ok ? ((await res.json()) as WorkerCameras) : { error: `${u} answered ${res.status}` };
        } catch (err) {
          return { error: `${u}: ${err instanceof Error ? err.message : String(err)}` };
        }
      }),
    );
    const ok = results.filter((r): r is WorkerCameras => 'cameras' in r);
    const unreachable = results.filter((r): r is { error: string } => 'error' in r).map((r) => r.error);
    if (workerUrls.length > 0 && ok.length === 0) return reply.code(503).send({ error: 'no camera worker answered', unreachable });
    const body = { ...mergeCameraStats(ok), unreachable };
    cached = { atMs: Date.now(), body };
    return body;
  });
}
