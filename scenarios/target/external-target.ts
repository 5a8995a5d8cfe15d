// An existing deployment: we only check that it answers before anything starts (exit 2 otherwise),
// then drive it like the embedded one. Camera registration is the deployment's business.
import { connect } from 'node:net';
import { EmberError, type Problem } from '../../protocol/errors.ts';

export interface ExternalTarget {
  readonly host: string;
  readonly port: number;
  readonly metricsUrl: string;
  readonly httpUrl: string | undefined;
}

export function parseHostPort(text: string): { host: string; port: number } | undefined {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: (m[1] as string).replace(/^\[|\]$/g, ''), port } : undefined;
}

function tcpReachable(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((r) => {
    const s = connect({ host, port });
    const done = (err?: string) => {
      s.destroy();
      r(err);
    };
    s.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    s.once('connect', () => done());
    s.once('error', (e) => done(e.message));
  });
}

export async function checkExternalTarget(o: { target: string; metricsUrl: string | undefined; httpUrl: string | undefined }): Promise<ExternalTarget> {
  const problems: Problem[] = [];
  const hp = parseHostPort(o.target);
  if (!hp) problems.push({ path: '--target', rule: 'must be host:port of the sensor TCP listener', received: o.target });
  if (!o.metricsUrl) problems.push({ path: '--metrics-url', rule: 'is required with --target (the Prometheus /metrics URL)', received: undefined });
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', `${problems.length} problem(s)`, problems);
  const { host, port } = hp as { host: string; port: number };
  const tcpErr = await tcpReachable(host, port, 3000);
  if (tcpErr) problems.push({ path: '--target', rule: `must accept TCP connections (${tcpErr})`, received: o.target });
  try {
    const res = await fetch(o.metricsUrl as string, { signal: AbortSignal.timeout(3000) });
    if (!res.ok) problems.push({ path: '--metrics-url', rule: `must answer 200 (got HTTP ${res.status})`, received: o.metricsUrl });
  } catch (err) {
    problems.push({ path: '--metrics-url', rule: `must be reachable (${err instanceof Error ? err.message : String(err)})`, received: o.metricsUrl });
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_SCENARIO_TARGET_UNREACHABLE', o.target, problems);
  const httpUrl = o.httpUrl ?? new URL(o.metricsUrl as string).origin;
  return { host, port, metricsUrl: o.metricsUrl as string, httpUrl };
}
