// The public option and fault types of the camera simulator, and their validation: every problem of
// the whole option object is collected at once (path, rule, value) before anything starts.
import type { IncidentSpec } from '../../protocol/alert.ts';
import { EmberError, type Problem } from '../../protocol/errors.ts';
import { validateIncidents } from '../core/incident-script.ts';
import type { CameraCodec, CameraResolution } from './clip-recipes.ts';

export type CameraFaultKind = 'stop' | 'stall' | 'reconnect-storm' | 'corrupt' | 'truncate' | 'refuse-setup';
export const CAMERA_FAULT_KINDS: readonly CameraFaultKind[] = ['stop', 'stall', 'reconnect-storm', 'corrupt', 'truncate', 'refuse-setup'];

/**
 * One scripted fault. Kinds:
 * - `stop`: the camera goes offline — its sessions end (their TCP connections close) and DESCRIBE/SETUP
 *   answer 503 for `durationS` (forever when absent);
 * - `stall`: the camera keeps its sessions but sends no packets for `durationS` (default 5 s), then resumes at a keyframe;
 * - `reconnect-storm`: the server drops every session at once (of `cameraId` only, when given) — clients must reconnect;
 * - `corrupt` / `truncate`: the slice/scan data of every frame is damaged / cut in half for `durationS` (default 1 s);
 * - `refuse-setup`: SETUP answers 503 for `durationS` (forever when absent).
 */
export interface CameraFaultSpec {
  readonly kind: CameraFaultKind;
  /** Camera id "1".."N". Required except for reconnect-storm (all cameras when absent). */
  readonly cameraId?: string;
  /** Seconds from server start; absent = now (triggerFault) or at start (options.faults). */
  readonly atS?: number;
  readonly durationS?: number;
}

export interface CameraServerOptions {
  host?: string;
  /** 0 = a free port. */
  port: number;
  cameras: number;
  fps: number;
  codec?: CameraCodec;
  resolution?: CameraResolution;
  /** Incidents with a cameraId switch that camera to the fire clip; others are ignored here. */
  incidents?: readonly IncidentSpec[];
  faults?: readonly CameraFaultSpec[];
  cacheDir?: string;
  /** Seeds SSRCs, initial sequence numbers/timestamps and session ids' order (reproducible runs). */
  seed?: number;
  /** Backpressure bound: a frame is dropped whole for a client whose socket queue holds more. Default 2 MiB. */
  maxClientQueueBytes?: number;
  /** RTSP session timeout advertised in `Session: id;timeout=N` and enforced. Default 60 s. */
  sessionTimeoutS?: number;
  /** Offer RTP over UDP unicast besides TCP interleaved. Default true. */
  udp?: boolean;
}

export interface ResolvedCameraServerOptions {
  readonly host: string;
  readonly port: number;
  readonly cameras: number;
  readonly fps: number;
  readonly codec: CameraCodec;
  readonly resolution: CameraResolution;
  readonly incidents: readonly IncidentSpec[];
  readonly faults: readonly CameraFaultSpec[];
  readonly cacheDir: string | undefined;
  readonly seed: number;
  readonly maxClientQueueBytes: number;
  readonly sessionTimeoutS: number;
  readonly udp: boolean;
}

export const DEFAULT_MAX_CLIENT_QUEUE_BYTES = 2 * 1024 * 1024;
export const DEFAULT_SESSION_TIMEOUT_S = 60;
export const MAX_CAMERAS = 10_000;

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

export function cameraIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i + 1));
}

/** Problems of one fault; `cameras` bounds cameraId. */
export function validateFault(raw: unknown, cameras: number, path: string): Problem[] {
  if (typeof raw !== 'object' || raw === null) return [{ path, rule: 'must be an object {kind, cameraId?, atS?, durationS?}', received: raw }];
  const f = raw as Record<string, unknown>;
  const problems: Problem[] = [];
  if (!(CAMERA_FAULT_KINDS as readonly unknown[]).includes(f.kind)) problems.push({ path: `${path}.kind`, rule: `must be one of ${CAMERA_FAULT_KINDS.join(', ')}`, received: f.kind });
  if (f.cameraId === undefined) {
    if (f.kind !== 'reconnect-storm') problems.push({ path: `${path}.cameraId`, rule: `is required for ${String(f.kind)} (a camera id 1..${cameras})`, received: f.cameraId });
  } else if (typeof f.cameraId !== 'string' || !/^\d+$/.test(f.cameraId) || Number(f.cameraId) < 1 || Number(f.cameraId) > cameras) {
    problems.push({ path: `${path}.cameraId`, rule: `must be a camera id "1".."${cameras}" (a string)`, received: f.cameraId });
  }
  if (f.atS !== undefined && !(typeof f.atS === 'number' && Number.isFinite(f.atS) && f.atS >= 0)) problems.push({ path: `${path}.atS`, rule: 'must be a number ≥ 0 (seconds from start)', received: f.atS });
  if (f.durationS !== undefined && !(typeof f.durationS === 'number' && Number.isFinite(f.durationS) && f.durationS > 0)) problems.push({ path: `${path}.durationS`, rule: 'must be a number > 0 (seconds)', received: f.durationS });
  return problems;
}

/** Validate the whole option object; throws one EmberError listing every problem. */
export function resolveCameraServerOptions(o: CameraServerOptions): ResolvedCameraServerOptions {
  const problems: Problem[] = [];
  const host = o.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host === '') problems.push({ path: 'host', rule: 'must be a non-empty host name or address', received: o.host });
  if (!isInt(o.port, 0, 65535)) problems.push({ path: 'port', rule: 'must be an integer 0..65535 (0 = a free port)', received: o.port });
  if (!isInt(o.cameras, 1, MAX_CAMERAS)) problems.push({ path: 'cameras', rule: `must be an integer 1..${MAX_CAMERAS}`, received: o.cameras });
  if (!isInt(o.fps, 1, 60)) problems.push({ path: 'fps', rule: 'must be an integer 1..60 (frames per second)', received: o.fps });
  const codec = o.codec ?? 'h264';
  if (codec !== 'h264' && codec !== 'mjpeg') problems.push({ path: 'codec', rule: 'must be h264 or mjpeg', received: o.codec });
  const resolution = o.resolution ?? '320x240';
  if (resolution !== '320x240' && resolution !== '640x480') problems.push({ path: 'resolution', rule: 'must be 320x240 or 640x480', received: o.resolution });
  const cameras = isInt(o.cameras, 1, MAX_CAMERAS) ? o.cameras : 0;
  const incidents = o.incidents ?? [];
  problems.push(...validateIncidents(incidents, cameras > 0 ? { knownCameraIds: cameraIds(cameras) } : {}));
  const faults = o.faults ?? [];
  if (!Array.isArray(faults)) problems.push({ path: 'faults', rule: 'must be a list of faults', received: faults });
  else faults.forEach((f, i) => problems.push(...validateFault(f, cameras, `faults[${i}]`)));
  if (o.cacheDir !== undefined && (typeof o.cacheDir !== 'string' || o.cacheDir === '')) problems.push({ path: 'cacheDir', rule: 'must be a non-empty directory path', received: o.cacheDir });
  if (o.seed !== undefined && !isInt(o.seed, 0, 2 ** 32 - 1)) problems.push({ path: 'seed', rule: 'must be an integer 0..2^32-1', received: o.seed });
  const maxQ = o.maxClientQueueBytes ?? DEFAULT_MAX_CLIENT_QUEUE_BYTES;
  if (!isInt(maxQ, 1024, 2 ** 31)) problems.push({ path: 'maxClientQueueBytes', rule: 'must be an integer ≥ 1024 (bytes)', received: o.maxClientQueueBytes });
  const timeoutS = o.sessionTimeoutS ?? DEFAULT_SESSION_TIMEOUT_S;
  // ffmpeg sends keep-alives every floor(timeout/2) s: a 1 s timeout makes it send one per packet.
  if (!isInt(timeoutS, 2, 3600)) problems.push({ path: 'sessionTimeoutS', rule: 'must be an integer 2..3600 (seconds)', received: o.sessionTimeoutS });
  if (o.udp !== undefined && typeof o.udp !== 'boolean') problems.push({ path: 'udp', rule: 'must be true or false', received: o.udp });
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CAMERA_SIM_OPTIONS_INVALID', `${problems.length} problem(s)`, problems);
  return {
    host,
    port: o.port,
    cameras: o.cameras,
    fps: o.fps,
    codec,
    resolution,
    incidents: incidents.filter((i) => i.cameraId !== undefined),
    faults,
    cacheDir: o.cacheDir,
    seed: o.seed ?? Math.floor(Math.random() * 2 ** 32),
    maxClientQueueBytes: maxQ,
    sessionTimeoutS: timeoutS,
    udp: o.udp ?? true,
  };
}
