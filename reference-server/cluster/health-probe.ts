// One health check of a backend: HTTP GET of its health URL (2xx = healthy) when given, else a TCP
// connect to its service port. Returns undefined when healthy, or the reason it is not.
import { connect } from 'node:net';
import type { BackendSpec } from './balancer.ts';

export async function probeBackend(spec: BackendSpec, timeoutMs: number): Promise<string | undefined> {
  if (spec.healthUrl !== undefined) {
    try {
      const res = await fetch(spec.healthUrl, { signal: AbortSignal.timeout(timeoutMs) });
      await res.arrayBuffer();
      return res.ok ? undefined : `health ${spec.healthUrl} answered ${res.status}`;
    } catch (err) {
      return `health ${spec.healthUrl}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  return new Promise((resolve) => {
    const s = connect({ host: spec.host, port: spec.port });
    const done = (reason: string | undefined): void => {
      s.destroy();
      resolve(reason);
    };
    s.setTimeout(timeoutMs, () => done(`tcp connect timed out after ${timeoutMs} ms`));
    s.once('connect', () => done(undefined));
    s.once('error', (err) => done(`tcp connect: ${err.message}`));
  });
}
