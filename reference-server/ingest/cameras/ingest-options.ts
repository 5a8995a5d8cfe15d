// Tuning of the camera ingest (the `cameras:` section of the server config, camelCase or
// snake_case keys). Defaults follow Frigate (20 s watchdog, staggered starts) and the original
// EmberEye (8 pending detections, floor 5 fps). Validated whole like the stream list.
import { EmberError, type Problem } from '../../../protocol/errors.ts';
import { DEFAULT_VISION, type VisionOptions } from '../../detect/vision/vision-detector.ts';

export interface SnapshotOptions {
  /** Directory for anomaly snapshots; undefined disables them. */
  readonly dir?: string;
  readonly maxCount: number;
  readonly maxAgeMs: number;
}

export interface CameraIngestOptions {
  /** Detection resolution (ffmpeg scales to it), even numbers. */
  readonly width: number;
  readonly height: number;
  /** Decode rate and adaptive-FPS ceiling unless a stream sets its own `fps`. */
  readonly baseFps: number;
  readonly minFps: number;
  /** At most this many frames waiting for or in detection per camera (original: 8). */
  readonly maxPending: number;
  /** Restart a camera that produced no frame for this long (Frigate: 20 s). */
  readonly stallTimeoutMs: number;
  /** Deadline for the first frame after a (re)start: RTSP setup + probing take 1–3 s, more under load. */
  readonly firstFrameTimeoutMs: number;
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
  /** ± share of each backoff delay drawn at random, so cameras do not reconnect in lockstep. */
  readonly backoffJitter: number;
  /** Delay between consecutive camera starts (≈10 spawns/s). */
  readonly startStaggerMs: number;
  /** Worker threads; 'auto' = min(cores, ceil(cameras/25)); 0 = run in the calling thread. */
  readonly workers: number | 'auto';
  /** Risks-seed trigger: queue > this share of maxPending for longer than sustainedQueueMs → −25 % fps. */
  readonly highQueueShare: number;
  readonly sustainedQueueMs: number;
  /** Scale-out signal when drops exceed this share of offered frames over the window. */
  readonly scaleOutDropShare: number;
  readonly scaleOutWindowMs: number;
  readonly snapshots: SnapshotOptions;
  readonly vision: VisionOptions;
}

export const DEFAULT_INGEST: CameraIngestOptions = {
  width: 320,
  height: 240,
  baseFps: 15,
  minFps: 5,
  maxPending: 8,
  stallTimeoutMs: 20_000,
  firstFrameTimeoutMs: 20_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 30_000,
  backoffJitter: 0.3,
  startStaggerMs: 100,
  workers: 'auto',
  highQueueShare: 0.7,
  sustainedQueueMs: 30_000,
  scaleOutDropShare: 0.05,
  scaleOutWindowMs: 5 * 60_000,
  snapshots: { maxCount: 200, maxAgeMs: 7 * 86_400_000 },
  vision: DEFAULT_VISION,
};

type NumericKey = { [K in keyof CameraIngestOptions]: CameraIngestOptions[K] extends number ? K : never }[keyof CameraIngestOptions];

const NUMERIC_RULES: ReadonlyArray<[NumericKey, number, number, boolean, string]> = [
  // key, min, max, integer, rule text
  ['width', 16, 3840, true, 'an even integer 16–3840'],
  ['height', 16, 2160, true, 'an even integer 16–2160'],
  ['baseFps', 1, 60, true, 'an integer 1–60'],
  ['minFps', 1, 60, true, 'an integer 1–60, at most baseFps'],
  ['maxPending', 1, 1024, true, 'an integer 1–1024'],
  ['stallTimeoutMs', 100, 600_000, false, 'a number of ms 100–600000'],
  ['firstFrameTimeoutMs', 100, 600_000, false, 'a number of ms 100–600000'],
  ['backoffBaseMs', 1, 600_000, false, 'a number of ms 1–600000'],
  ['backoffMaxMs', 1, 3_600_000, false, 'a number of ms ≥ backoffBaseMs'],
  ['backoffJitter', 0, 1, false, 'a share 0–1'],
  ['startStaggerMs', 0, 60_000, false, 'a number of ms 0–60000'],
  ['highQueueShare', 0, 1, false, 'a share 0–1'],
  ['sustainedQueueMs', 0, 3_600_000, false, 'a number of ms ≥ 0'],
  ['scaleOutDropShare', 0, 1, false, 'a share 0–1'],
  ['scaleOutWindowMs', 1000, 86_400_000, false, 'a number of ms ≥ 1000'],
];

function camel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Merges `raw` over the defaults; collects every problem. */
export function parseIngestOptions(raw: unknown, path = 'cameras'): { options: CameraIngestOptions; problems: Problem[] } {
  const problems: Problem[] = [];
  if (raw === undefined) return { options: DEFAULT_INGEST, problems };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { options: DEFAULT_INGEST, problems: [{ path, rule: 'must be an object', received: raw }] };
  const given: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) given[camel(k)] = v;
  const out: Record<string, unknown> = { ...DEFAULT_INGEST };
  for (const [key, min, max, integer, rule] of NUMERIC_RULES) {
    const v = given[key];
    if (v === undefined) continue;
    const even = key === 'width' || key === 'height';
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)) || (even && v % 2 !== 0)) problems.push({ path: `${path}.${key}`, rule: `must be ${rule}`, received: v });
    else out[key] = v;
  }
  const workers = given['workers'];
  if (workers !== undefined) {
    if (workers === 'auto' || (typeof workers === 'number' && Number.isInteger(workers) && workers >= 0 && workers <= 64)) out['workers'] = workers;
    else problems.push({ path: `${path}.workers`, rule: "must be 'auto' or an integer 0–64", received: workers });
  }
  if ((out['minFps'] as number) > (out['baseFps'] as number)) problems.push({ path: `${path}.minFps`, rule: 'must be at most baseFps', received: out['minFps'] });
  if ((out['backoffMaxMs'] as number) < (out['backoffBaseMs'] as number)) problems.push({ path: `${path}.backoffMaxMs`, rule: 'must be at least backoffBaseMs', received: out['backoffMaxMs'] });
  out['snapshots'] = parseSnapshots(given['snapshots'], `${path}.snapshots`, problems);
  out['vision'] = parseVision(given['vision'], `${path}.vision`, problems);
  const known = new Set([...Object.keys(DEFAULT_INGEST)]);
  for (const k of Object.keys(given)) if (!known.has(k)) problems.push({ path: `${path}.${k}`, rule: `is not a known option (${[...known].join(', ')})`, received: given[k] });
  return { options: out as unknown as CameraIngestOptions, problems };
}

function parseSnapshots(raw: unknown, path: string, problems: Problem[]): SnapshotOptions {
  if (raw === undefined) return DEFAULT_INGEST.snapshots;
  if (typeof raw !== 'object' || raw === null) {
    problems.push({ path, rule: 'must be an object {dir, maxCount, maxAgeMs}', received: raw });
    return DEFAULT_INGEST.snapshots;
  }
  const r = raw as Record<string, unknown>;
  const dir = r['dir'];
  const maxCount = r['maxCount'] ?? r['max_count'] ?? DEFAULT_INGEST.snapshots.maxCount;
  const maxAgeMs = r['maxAgeMs'] ?? r['max_age_ms'] ?? DEFAULT_INGEST.snapshots.maxAgeMs;
  if (dir !== undefined && (typeof dir !== 'string' || dir === '')) problems.push({ path: `${path}.dir`, rule: 'must be a non-empty path', received: dir });
  if (typeof maxCount !== 'number' || !Number.isInteger(maxCount) || maxCount < 1) problems.push({ path: `${path}.maxCount`, rule: 'must be an integer ≥ 1', received: maxCount });
  if (typeof maxAgeMs !== 'number' || !(maxAgeMs >= 1000)) problems.push({ path: `${path}.maxAgeMs`, rule: 'must be a number of ms ≥ 1000', received: maxAgeMs });
  return { ...(typeof dir === 'string' && dir !== '' ? { dir } : {}), maxCount: Number(maxCount), maxAgeMs: Number(maxAgeMs) };
}

function parseVision(raw: unknown, path: string, problems: Problem[]): VisionOptions {
  if (raw === undefined) return DEFAULT_VISION;
  if (typeof raw !== 'object' || raw === null) {
    problems.push({ path, rule: 'must be an object {hitThreshold, requireFlicker, stepPx}', received: raw });
    return DEFAULT_VISION;
  }
  const r = raw as Record<string, unknown>;
  const hitThreshold = r['hitThreshold'] ?? DEFAULT_VISION.hitThreshold;
  const requireFlicker = r['requireFlicker'] ?? DEFAULT_VISION.requireFlicker;
  const stepPx = r['stepPx'] ?? DEFAULT_VISION.stepPx;
  if (typeof hitThreshold !== 'number' || !(hitThreshold > 0 && hitThreshold <= 1)) problems.push({ path: `${path}.hitThreshold`, rule: 'must be a number in (0, 1]', received: hitThreshold });
  if (typeof requireFlicker !== 'boolean') problems.push({ path: `${path}.requireFlicker`, rule: 'must be true or false', received: requireFlicker });
  if (stepPx !== 1 && stepPx !== 2) problems.push({ path: `${path}.stepPx`, rule: 'must be 1 or 2', received: stepPx });
  return { ...DEFAULT_VISION, hitThreshold: Number(hitThreshold), requireFlicker: requireFlicker === true, stepPx: stepPx === 2 ? 2 : 1 };
}

export function loadIngestOptions(raw: unknown, path = 'cameras'): CameraIngestOptions {
  const { options, problems } = parseIngestOptions(raw, path);
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CAMERA_INGEST_CONFIG_INVALID', `${problems.length} problem(s) in ${path}`, problems);
  return options;
}
