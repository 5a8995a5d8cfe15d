// THE sensor fleet API (the scenario runner codes against it): N virtual PF devices on one shared
// ticker, an open-model schedule with intended-time lateness, scripted incidents, scheduled faults.
// Lifecycle: validate everything → probe targets → connect devices (paced) → run the schedule for
// durationMs → close every socket → resolve `done` with the report.
import { connect } from 'node:net';
import type { IncidentSpec, InjectedIncident } from '../../protocol/alert.ts';
import { EmberError } from '../../protocol/errors.ts';
import { InjectionLog } from '../core/incident-script.ts';
import { OpenModelScheduler } from '../core/open-model-scheduler.ts';
import { seededRandom } from '../core/prng.ts';
import { SharedTicker } from '../core/shared-ticker.ts';
import { TimerQueue } from '../core/timer-queue.ts';
import { buildFramePool } from './frame-pool.ts';
import { buildIdentities } from './identities.ts';
import { FaultController } from './fault-controller.ts';
import { FleetCounters } from './fleet-counters.ts';
import { DEFAULT_RECONNECT, validateFleetOptions, type SensorFleetOptions } from './fleet-options.ts';
import { buildSnapshot, type SensorFleetReport, type SensorFleetSnapshot } from './fleet-snapshot.ts';
import { formatTarget, targetFor, type TargetAddress } from './target-hash.ts';
import { VirtualDevice, type DeviceContext } from './virtual-device.ts';
import type { SensorFaultSpec } from './faults.ts';

export type { SensorFleetOptions } from './fleet-options.ts';
export type { SensorFleetReport, SensorFleetSnapshot } from './fleet-snapshot.ts';
export type { SensorFaultSpec } from './faults.ts';
export type { StageSpec } from '../core/stages.ts';

export interface SensorFleet {
  /** Available right after start (before connecting). */
  readonly locIds: readonly string[];
  /** Room name per loc id (same order as locIds). */
  readonly rooms: readonly string[];
  /** Epoch ms at which the schedule started (incident and fault offsets count from here). */
  readonly startedAtMs: number;
  snapshot(): SensorFleetSnapshot;
  injectedIncidents(): readonly InjectedIncident[];
  /** Apply a fault now (its atMs is ignored; its duration counts from now). */
  triggerFault(f: SensorFaultSpec): void;
  /** Stress stages driven by the runner: multiplies the send rate (1 = back to the schedule). */
  setRateMultiplier(m: number): void;
  /** Resolves when durationMs has elapsed and sockets are closed. */
  readonly done: Promise<SensorFleetReport>;
  stop(): Promise<SensorFleetReport>;
}

const DEFAULT_PACING_PER_SEC = 500;
const CLOSE_GRACE_MS = 2000;
const PREFLIGHT_TIMEOUT_MS = 3000;

/** Try one TCP connection; resolves undefined on success, or the error code. */
export function probeTarget(t: TargetAddress, timeoutMs = PREFLIGHT_TIMEOUT_MS): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = connect({ host: t.host, port: t.port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve('ETIMEDOUT');
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(timer);
      s.destroy();
      resolve(undefined);
    });
    s.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(err.code ?? err.message);
    });
  });
}

export async function startSensorFleet(o: SensorFleetOptions): Promise<SensorFleet> {
  const seed = o.seed ?? 1;
  const identities = buildIdentities(Number.isInteger(o.devices) && o.devices > 0 ? o.devices : 0, seed);
  const locIds = identities.map((d) => d.locId);
  validateFleetOptions(o, locIds);

  if (o.preflight !== false) {
    const results = await Promise.all(o.targets.map(async (t) => ({ t, code: await probeTarget(t) })));
    const failed = results.filter((r) => r.code !== undefined);
    if (failed.length > 0) {
      throw new EmberError('EMBER_ERR_SIM_TARGET_UNREACHABLE', failed.map((f) => formatTarget(f.t)).join(', '), failed.map((f) => ({ path: 'target', rule: `must accept TCP connections (${f.code})`, received: formatTarget(f.t) })));
    }
  }

  const counters = new FleetCounters();
  const ticker = new SharedTicker();
  const timers = new TimerQueue(ticker);
  const random = seededRandom(seed ^ 0x9e3779b9);
  const injections = new InjectionLog();
  let running = true;
  let scheduleStartPerfMs = performance.now();
  const faults = new FaultController(counters);

  const ctx: DeviceContext = {
    counters,
    pool: buildFramePool(seededRandom(seed)),
    random,
    timers,
    greeting: o.greeting ?? false,
    splitFrames: o.splitFrames ?? true,
    frameChunkGapMs: o.frameChunkGapMs ?? 1,
    frameEveryTicks: o.frameEveryTicks ?? 1,
    reconnect: o.reconnect ?? DEFAULT_RECONNECT,
    eepromOffsetC: 1.76, // the real device's EEPROM word 0 (0x00B0)
    authToken: o.authToken,
    injections,
    get startMs() {
      return scheduleStartPerfMs;
    },
    running: () => running,
    nextMalformed: () => faults.nextMalformed(),
  };

  const incidentsByLoc = new Map<string, IncidentSpec[]>();
  for (const s of o.incidents ?? []) if (s.locId !== undefined) incidentsByLoc.set(s.locId, [...(incidentsByLoc.get(s.locId) ?? []), s]);
  const devices = identities.map((id) => {
    const d = new VirtualDevice(id, targetFor(id.locId, o.targets), ctx);
    d.incidents = incidentsByLoc.get(id.locId);
    return d;
  });
  if (o.waitForPeriodOn === false) for (const d of devices) d.streamOnConnect = true;

  const scheduler = new OpenModelScheduler({
    slots: devices.length,
    rateHz: o.rateHz,
    durationMs: o.durationMs,
    ...(o.stages !== undefined ? { stages: o.stages } : {}),
    ...(o.lateToleranceMs !== undefined ? { lateToleranceMs: o.lateToleranceMs } : {}),
    send: (slot, intendedMs) => (devices[slot] as VirtualDevice).sendTick(intendedMs),
    onEnd: () => void finish(),
  });
  faults.attach(devices, scheduler, timers);
  ticker.start();

  // Connect phase: paced (no SYN flood unless a reconnect storm asks for one), then start the schedule.
  const pacing = o.connectPacingPerSec ?? DEFAULT_PACING_PER_SEC;
  const connectStartMs = performance.now();
  let nextToConnect = 0;
  const pacer = {
    onTick(nowMs: number): number {
      const allowed = Math.min(devices.length, Math.floor(((nowMs - connectStartMs) * pacing) / 1000) + 1);
      while (nextToConnect < allowed) (devices[nextToConnect++] as VirtualDevice).connect();
      return nextToConnect >= devices.length ? Infinity : connectStartMs + (nextToConnect * 1000) / pacing;
    },
  };
  const unsubscribePacer = ticker.subscribe(pacer);
  const connectTimeoutMs = o.connectTimeoutMs ?? 10_000 + (devices.length * 1000) / pacing;
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (counters.streaming >= devices.length || performance.now() - connectStartMs > connectTimeoutMs) resolve();
      else setTimeout(check, 10);
    };
    check();
  });
  // Devices not yet connected after the timeout keep their paced turn (the pacer stays subscribed):
  // their sends count as notConnected until then, and there is still no burst of connections.

  scheduleStartPerfMs = performance.now();
  const startedAtMs = performance.timeOrigin + scheduleStartPerfMs;
  scheduler.start(ticker, scheduleStartPerfMs);
  faults.schedule(o.faults ?? [], scheduleStartPerfMs);

  const snapshot = (): SensorFleetSnapshot => buildSnapshot(counters, scheduler, devices.length, performance.now() - scheduleStartPerfMs);
  let resolveDone: (r: SensorFleetReport) => void = () => {};
  const done = new Promise<SensorFleetReport>((resolve) => {
    resolveDone = resolve;
  });
  let finishing: Promise<SensorFleetReport> | undefined;
  const finish = (): Promise<SensorFleetReport> => {
    finishing ??= (async () => {
      scheduler.stop();
      faults.stop();
      unsubscribePacer();
      running = false;
      const endedPerfMs = performance.now();
      // Close first, then count: a split frame in progress still writes its last chunks and its
      // sensor line before the FIN, and those must be in the report (they reach the server).
      const closing = Promise.all(devices.map((d) => d.close()));
      const grace = new Promise<void>((r) => setTimeout(r, CLOSE_GRACE_MS).unref());
      await Promise.race([closing, grace]);
      for (const d of devices) d.destroy();
      const final = buildSnapshot(counters, scheduler, devices.length, endedPerfMs - scheduleStartPerfMs);
      timers.close();
      ticker.stop();
      const report: SensorFleetReport = { ...final, connectedDevices: 0, streamingDevices: 0, startedAtMs, endedAtMs: Date.now(), injectedIncidents: injections.list() };
      resolveDone(report);
      return report;
    })();
    return finishing;
  };

  return {
    locIds,
    rooms: identities.map((d) => d.room),
    startedAtMs,
    snapshot,
    injectedIncidents: () => injections.list(),
    triggerFault: (f) => faults.trigger(f),
    setRateMultiplier: (m) => {
      if (!(m > 0) || !Number.isFinite(m)) throw new EmberError('EMBER_ERR_SIM_FLEET_OPTIONS_INVALID', undefined, [{ path: 'rateMultiplier', rule: 'must be a number > 0', received: m }]);
      scheduler.setMultiplier('runner', m);
    },
    done,
    stop: finish,
  };
}
