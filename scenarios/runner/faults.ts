// Fault steps inside a scenario. Each returns a FaultOutcome: when it happened, how long until all
// streams flowed and the alert path worked again (null if never within the limit), and what was lost.
import type { FaultOutcome } from '../../protocol/run-result.ts';
import type { FaultStep } from '../scenario-types.ts';
import type { EmbeddedServer } from '../target/embedded-server.ts';
import type { ClusterTarget } from '../target/cluster-target.ts';
import type { SensorLoad } from '../load/sensor-load.ts';
import type { CameraLoad } from '../load/camera-load.ts';
import type { AlertStreamListener } from '../probes/alert-listener.ts';
import { SampleTrend } from '../metrics/trend.ts';
import type { Collector } from './collector.ts';

export interface FaultDeps {
  readonly server: EmbeddedServer | undefined;
  readonly cluster: ClusterTarget | undefined;
  readonly sensors: SensorLoad | undefined;
  readonly cameras: CameraLoad | undefined;
  readonly listener: AlertStreamListener | undefined;
  readonly collector: Collector;
  readonly devices: number;
  readonly startedAtMs: number;
  /** The stage multiplier in force, to restore after a packet storm. */
  readonly currentMultiplier: () => number;
  readonly recoveryLimitMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function healthOk(url: string): Promise<boolean> {
  try {
    const r = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) });
    return r.ok;
  } catch {
    return false;
  }
}

/** Poll until `ready()` or the limit; returns ms since `sinceMs` or null. */
async function waitRecovered(sinceMs: number, limitMs: number, ready: () => Promise<boolean>): Promise<number | null> {
  while (Date.now() - sinceMs < limitMs) {
    if (await ready()) return Date.now() - sinceMs;
    await sleep(200);
  }
  return null;
}

export async function runFault(step: FaultStep, d: FaultDeps): Promise<FaultOutcome> {
  const atMs = Date.now();
  const atS = Math.round((atMs - d.startedAtMs) / 100) / 10;
  const sent0 = d.sensors?.figures().sent ?? 0;
  const processed0 = d.collector.processedTotal();
  const lostSince = () => {
    const sent = (d.sensors?.figures().sent ?? 0) - sent0;
    const processed = d.collector.processedTotal() - processed0;
    return { sensorPacketsSent: sent, sensorPacketsProcessed: processed, sensorPacketsNotProcessed: Math.max(0, sent - processed) };
  };
  const record = (kind: string, recoveryMs: number | null) => {
    let t = d.collector.recovery.get(kind);
    if (!t) d.collector.recovery.set(kind, (t = new SampleTrend()));
    // A fault that never recovered is recorded at the limit so `max<…` fails instead of passing.
    t.add(recoveryMs ?? d.recoveryLimitMs);
  };
  switch (step.kind) {
    case 'kill-server': {
      if (!d.server) return { kind: step.kind, atS, detail: d.cluster ? 'skipped: the target is a cluster (see kill-node)' : 'skipped: kill -9 needs the embedded target (an external deployment is not ours to kill)', recoveryMs: null, lost: {} };
      const oldPid = d.server.pid;
      const connects0 = d.listener?.connects ?? 0;
      d.server.kill9();
      const server = d.server;
      let processedAtRestart: number | undefined;
      const recoveryMs = await waitRecovered(atMs, d.recoveryLimitMs, async () => {
        if (!server.running || server.pid === oldPid || !(await healthOk(server.httpUrl))) return false;
        // Streams flowing: packets processed by the new process, every device connected again.
        const processed = d.collector.processedTotal();
        processedAtRestart ??= processed;
        if (processed <= processedAtRestart) return false;
        const connected = d.sensors?.figures().connected;
        if (connected !== undefined && connected < d.devices) return false;
        // Alert path: the stream listener reconnected to the new process.
        return d.listener === undefined || (d.listener.connected && d.listener.connects > connects0);
      });
      record(step.kind, recoveryMs);
      return { kind: step.kind, atS, detail: `kill -9 pid ${oldPid}; supervisor restarted it as pid ${server.pid} on the same ports`, recoveryMs, lost: lostSince() };
    }
    case 'packet-storm': {
      if (!d.sensors) return { kind: step.kind, atS, detail: 'skipped: no sensor load', recoveryMs: null, lost: {} };
      const m = step.multiplier ?? 5;
      const durMs = (step.durationS ?? 5) * 1000;
      d.sensors.setRateMultiplier(m);
      await sleep(durMs);
      d.sensors.setRateMultiplier(d.currentMultiplier());
      const endMs = Date.now();
      // Recovered when the server has caught up with everything sent (backlog < 1 s of load).
      const recoveryMs = await waitRecovered(endMs, d.recoveryLimitMs, async () => {
        const f = d.sensors?.figures();
        return f !== undefined && f.sent - d.collector.processedTotal() <= Math.max(10, d.devices * 2 * 10);
      });
      record(step.kind, recoveryMs);
      return { kind: step.kind, atS, detail: `sensor rate ×${m} for ${durMs / 1000} s; recovery measured from the end of the storm`, recoveryMs, lost: lostSince() };
    }
    case 'reconnect-storm': {
      if (!d.sensors) return { kind: step.kind, atS, detail: 'skipped: no sensor load', recoveryMs: null, lost: {} };
      d.sensors.triggerFault({ kind: 'reconnect-storm', atMs: 0, mode: 'all-at-once' });
      await sleep(500);
      const recoveryMs = await waitRecovered(atMs, d.recoveryLimitMs, async () => {
        const c = d.sensors?.figures().connected;
        return c === undefined || c >= d.devices;
      });
      record(step.kind, recoveryMs);
      return { kind: step.kind, atS, detail: 'every device dropped its connection at once and reconnected', recoveryMs, lost: lostSince() };
    }
    case 'stall-camera': {
      if (!d.cameras) return { kind: step.kind, atS, detail: 'skipped: no camera load (camera path not available)', recoveryMs: null, lost: {} };
      const cam = step.camera ?? 'cam01';
      const durationS = step.durationS ?? 5;
      const framesOf = () => d.collector.acc.increase('emberye_frames_processed_total', { stream_id: cam }) ?? 0;
      d.cameras.triggerFault({ kind: 'stall', cameraId: String(Number(/(\d+)$/.exec(cam)?.[1] ?? '1')), durationS });
      await sleep(durationS * 1000);
      const endMs = Date.now();
      const frames0 = framesOf();
      // Recovered when the server processes frames of that camera again (its watchdog may restart it).
      const recoveryMs = await waitRecovered(endMs, d.recoveryLimitMs, async () => framesOf() > frames0);
      record(step.kind, recoveryMs);
      return { kind: step.kind, atS, detail: `camera ${cam} sent nothing for ${durationS} s; recovery measured from the end of the stall to its next processed frame`, recoveryMs, lost: lostSince() };
    }
    case 'kill-node': {
      const nodes = d.cluster?.listening.nodes ?? [];
      if (!d.cluster || nodes.length < 2) return { kind: step.kind, atS, detail: 'skipped: needs the two-node cluster topology (`emberload serve --cluster --nodes 2`), not the current target', recoveryMs: null, lost: {} };
      const cluster = d.cluster;
      // The last node: the alert stream we listen to is served by node-1's api.
      const victim = (nodes[nodes.length - 1] as { nodeId: string }).nodeId;
      const connects0 = d.listener?.connects ?? 0;
      const reconnects0 = d.sensors?.figures().reconnects ?? 0;
      d.collector.expectRestartsUntilMs = atMs + d.recoveryLimitMs;
      const answer = await cluster.killNode(victim);
      let processedAtKill: number | undefined;
      const recoveryMs = await waitRecovered(atMs, d.recoveryLimitMs, async () => {
        const processed = d.collector.processedTotal();
        processedAtKill ??= processed;
        // Devices of the dead node reconnected through the balancer to the survivor, packets flow.
        const fig = d.sensors?.figures();
        // The victim's devices must have noticed and come back (not just "nothing dropped yet").
        if (fig && fig.reconnects !== undefined && fig.reconnects <= reconnects0) return false;
        if (fig?.connected !== undefined && fig.connected < d.devices) return false;
        if (processed <= processedAtKill) return false;
        return d.listener === undefined || d.listener.connected || d.listener.connects > connects0;
      });
      record(step.kind, recoveryMs);
      return { kind: step.kind, atS, detail: `kill -9 of every process of ${victim} (cluster supervisor: ${answer.slice(0, 120)}); recovery = devices reconnected via the balancer and packets processed again`, recoveryMs, lost: lostSince() };
    }
  }
}
