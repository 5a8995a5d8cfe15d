// SensorFleetOptions: the scenario runner's contract, plus whole-object validation (every problem
// at once, before any socket is opened).
import type { IncidentSpec } from '../../protocol/alert.ts';
import { EmberError, type Problem } from '../../protocol/errors.ts';
import { validateIncidents } from '../core/incident-script.ts';
import { validateStages, type StageSpec } from '../core/stages.ts';
import { validateFaults, type SensorFaultSpec } from './faults.ts';
import type { ReconnectPolicy } from './virtual-device.ts';

export interface SensorFleetOptions {
  /** >1 = consistent-hash split of devices across nodes (scale-out). */
  readonly targets: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  readonly devices: number;
  /** Ticks per second per device (each tick: a frame every `frameEveryTicks` + one sensor line). */
  readonly rateHz: number;
  readonly durationMs: number;
  readonly seed?: number;
  /** Default: one 'hold' stage for durationMs. */
  readonly stages?: readonly StageSpec[];
  /** Sensor incidents (locId = one of fleet.locIds). */
  readonly incidents?: readonly IncidentSpec[];
  /** Scheduled faults (atMs offsets from the start of the schedule). */
  readonly faults?: readonly SensorFaultSpec[];
  /** Send `#serialno`/`#locid` on connect like the original simulator (the real device does not). Default false. */
  readonly greeting?: boolean;
  /** Split each frame over 3 writes like the real device. Default true. */
  readonly splitFrames?: boolean;
  /** Gap between split-frame chunks; default 1 ms (the real device: ~110 ms then ~60 ms). */
  readonly frameChunkGapMs?: number;
  /** Sent as TOKEN=<token> in every sensor line (servers with auth); absent = no TOKEN field. */
  readonly authToken?: string;
  /** New connections per second while connecting the fleet (no SYN flood). Default 500. */
  readonly connectPacingPerSec?: number;
  readonly reconnect?: ReconnectPolicy;
  /** 1 = a frame every tick (real device); n = every n-th tick; 0 = sensor lines only. Default 1. */
  readonly frameEveryTicks?: number;
  /** Lateness above this counts as `late`. Default 5 ms. */
  readonly lateToleranceMs?: number;
  /** Wait for PERIODIC_ON/PERIOD_ON before streaming (real devices do). Default true. The original
   *  async server sends PERIODIC_ON once per client IP only, so many devices from one IP need false. */
  readonly waitForPeriodOn?: boolean;
  /** Probe each target once before starting and fail fast with its address. Default true. */
  readonly preflight?: boolean;
  /** Longest wait for the initial devices to connect before the schedule starts anyway. Default 10 s + devices / pacing. */
  readonly connectTimeoutMs?: number;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { baseMs: 200, maxMs: 10_000, jitter: 0.5 };
export const MAX_FLEET_DEVICES = 200_000;

function check(problems: Problem[], path: string, ok: boolean, rule: string, received: unknown): void {
  if (!ok) problems.push({ path, rule, received });
}

const isInt = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isNum = (v: unknown, minExclusive: number, max: number): boolean => typeof v === 'number' && Number.isFinite(v) && v > minExclusive && v <= max;

export function validateFleetOptions(o: SensorFleetOptions, locIds: readonly string[]): void {
  const p: Problem[] = [];
  check(p, 'targets', Array.isArray(o.targets) && o.targets.length > 0, 'must list at least one host:port', o.targets);
  (o.targets ?? []).forEach((t, i) => {
    check(p, `targets[${i}].host`, typeof t.host === 'string' && t.host !== '', 'must be a host name or IP', t.host);
    check(p, `targets[${i}].port`, isInt(t.port, 1, 65535), 'must be a TCP port 1…65535', t.port);
  });
  check(p, 'devices', isInt(o.devices, 1, MAX_FLEET_DEVICES), `must be an integer 1…${MAX_FLEET_DEVICES}`, o.devices);
  check(p, 'rateHz', isNum(o.rateHz, 0, 1000), 'must be a rate in (0, 1000] per device per second', o.rateHz);
  check(p, 'durationMs', isNum(o.durationMs, 0, 30 * 86_400_000), 'must be a duration > 0 (at most 30 days)', o.durationMs);
  if (o.seed !== undefined) check(p, 'seed', isInt(o.seed, 0, 2 ** 32 - 1), 'must be an integer 0…2^32−1', o.seed);
  if (o.connectPacingPerSec !== undefined) check(p, 'connectPacingPerSec', isNum(o.connectPacingPerSec, 0, 1_000_000), 'must be > 0 connections per second', o.connectPacingPerSec);
  if (o.frameEveryTicks !== undefined) check(p, 'frameEveryTicks', isInt(o.frameEveryTicks, 0, 1_000_000), 'must be an integer ≥ 0 (0 = no frames)', o.frameEveryTicks);
  if (o.frameChunkGapMs !== undefined) check(p, 'frameChunkGapMs', typeof o.frameChunkGapMs === 'number' && o.frameChunkGapMs >= 0 && o.frameChunkGapMs <= 10_000, 'must be 0…10000 ms', o.frameChunkGapMs);
  if (o.lateToleranceMs !== undefined) check(p, 'lateToleranceMs', isNum(o.lateToleranceMs, 0, 60_000), 'must be > 0 ms', o.lateToleranceMs);
  if (o.connectTimeoutMs !== undefined) check(p, 'connectTimeoutMs', isNum(o.connectTimeoutMs, 0, 3_600_000), 'must be > 0 ms', o.connectTimeoutMs);
  if (o.authToken !== undefined) check(p, 'authToken', typeof o.authToken === 'string' && /^[^\s,!=]+$/.test(o.authToken), 'must be non-empty without spaces, commas, "=" or "!"', o.authToken);
  if (o.reconnect !== undefined) {
    check(p, 'reconnect.baseMs', isNum(o.reconnect.baseMs, 0, 3_600_000), 'must be > 0 ms (never a tight loop)', o.reconnect.baseMs);
    check(p, 'reconnect.maxMs', isNum(o.reconnect.maxMs, 0, 3_600_000) && o.reconnect.maxMs >= o.reconnect.baseMs, 'must be ≥ reconnect.baseMs', o.reconnect.maxMs);
    check(p, 'reconnect.jitter', typeof o.reconnect.jitter === 'number' && o.reconnect.jitter >= 0 && o.reconnect.jitter < 1, 'must be in [0, 1)', o.reconnect.jitter);
  }
  const devices = isInt(o.devices, 1, MAX_FLEET_DEVICES) ? o.devices : 1;
  if (o.stages !== undefined) p.push(...validateStages(o.stages, devices));
  if (o.faults !== undefined) p.push(...validateFaults(o.faults, devices));
  if (o.incidents !== undefined) {
    p.push(...validateIncidents(o.incidents, { knownLocIds: locIds, runDurationS: o.durationMs / 1000 }));
    o.incidents.forEach((s, i) => check(p, `incidents[${i}].kind`, s.kind !== 'vision-fire', 'must be a sensor incident (vision-fire belongs to the camera simulator)', s.kind));
  }
  if (p.length > 0) throw new EmberError('EMBER_ERR_SIM_FLEET_OPTIONS_INVALID', `${p.length} problem(s)`, p);
}
