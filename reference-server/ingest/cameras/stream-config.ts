// The camera list (`streams[]` in the server config, or the body of PUT /api/cameras) and the
// ingest tuning options, validated whole: every problem is collected (path, rule, value received)
// and reported at once, and nothing starts unless all of it is valid.
import { EmberError, type Problem } from '../../../protocol/errors.ts';

export interface CameraStream {
  /** Stable id: the `stream_id` metric label, the snapshot file prefix and the /api/cameras key. */
  readonly id: string;
  readonly locId: string;
  readonly url: string;
  /** Decode rate for this camera (its native rate); defaults to the ingest's baseFps. */
  readonly fps?: number;
}

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const URL_SCHEMES = ['rtsp:', 'rtsps:', 'http:', 'https:', 'file:'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates `streams[]` (snake_case keys as in the original stream_config.json). */
export function parseStreams(raw: unknown, path = 'streams'): { streams: CameraStream[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const streams: CameraStream[] = [];
  if (!Array.isArray(raw)) {
    problems.push({ path, rule: 'must be an array of {id, loc_id, url[, fps]}', received: raw });
    return { streams, problems };
  }
  const seen = new Set<string>();
  raw.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(entry)) {
      problems.push({ path: at, rule: 'must be an object {id, loc_id, url[, fps]}', received: entry });
      return;
    }
    const before = problems.length;
    const { id, loc_id: locId, url, fps } = entry;
    if (typeof id !== 'string' || !ID_RE.test(id)) problems.push({ path: `${at}.id`, rule: 'must be 1–64 characters of A–Z a–z 0–9 . _ - (starting with a letter or digit)', received: id });
    else if (seen.has(id)) problems.push({ path: `${at}.id`, rule: 'must be unique across streams', received: id });
    else seen.add(id);
    if (typeof locId !== 'string' || locId.trim() === '') problems.push({ path: `${at}.loc_id`, rule: 'must be a non-empty string', received: locId });
    if (typeof url !== 'string' || !validUrl(url)) problems.push({ path: `${at}.url`, rule: `must be a URL with scheme ${URL_SCHEMES.map((s) => s.replace(':', '')).join('|')}`, received: url });
    if (fps !== undefined && (typeof fps !== 'number' || !Number.isInteger(fps) || fps < 1 || fps > 60)) problems.push({ path: `${at}.fps`, rule: 'must be an integer 1–60 when given', received: fps });
    for (const key of Object.keys(entry)) {
      if (!['id', 'loc_id', 'url', 'fps', 'name', 'group'].includes(key)) problems.push({ path: `${at}.${key}`, rule: 'is not a known stream key (id, loc_id, url, fps, name, group)', received: entry[key] });
    }
    if (problems.length === before) streams.push({ id: id as string, locId: locId as string, url: url as string, ...(fps !== undefined ? { fps: fps as number } : {}) });
  });
  return { streams, problems };
}

function validUrl(text: string): boolean {
  try {
    return URL_SCHEMES.includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Throws one EmberError listing every problem of the camera list; returns it frozen otherwise. */
export function loadStreams(raw: unknown, path = 'streams'): readonly CameraStream[] {
  const { streams, problems } = parseStreams(raw, path);
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CAMERA_INGEST_CONFIG_INVALID', `${problems.length} problem(s) in ${path}`, problems);
  return Object.freeze(streams.map((s) => Object.freeze(s)));
}
