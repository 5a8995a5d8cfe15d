// Loads and validates the server configuration whole: a JSON or YAML file, then CLI overrides,
// then every rule is checked and ALL problems are reported at once (path, rule, value received)
// as one EMBER_ERR_CONFIG_INVALID. Nothing starts on a bad config.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { EmberError, type Problem } from '../protocol/errors.ts';
import { DEFAULT_CONFIG, type ServerConfig } from './config-schema.ts';
import { isValidCidr } from './ingest/cidr.ts';

export type { ServerConfig } from './config-schema.ts';
export { DEFAULT_CONFIG } from './config-schema.ts';

type Json = Record<string, unknown>;
type Check = (path: string, value: unknown, problems: Problem[]) => void;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function num(opts: { int?: boolean; min?: number; max?: number }): Check {
  return (path, v, problems) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || (opts.int === true && !Number.isInteger(v))) {
      problems.push({ path, rule: opts.int === true ? 'must be an integer' : 'must be a finite number', received: v });
    } else if (opts.min !== undefined && v < opts.min) problems.push({ path, rule: `must be ≥ ${opts.min}`, received: v });
    else if (opts.max !== undefined && v > opts.max) problems.push({ path, rule: `must be ≤ ${opts.max}`, received: v });
  };
}
const port = num({ int: true, min: 0, max: 65_535 });
const bool: Check = (path, v, problems) => {
  if (typeof v !== 'boolean') problems.push({ path, rule: 'must be true or false', received: v });
};
const nonEmptyString: Check = (path, v, problems) => {
  if (typeof v !== 'string' || v.trim() === '') problems.push({ path, rule: 'must be a non-empty string', received: v });
};

/** Section name → key → check. Keys not listed are reported as unknown (typos must not pass silently). */
const SECTIONS: Record<string, Record<string, Check>> = {
  ingest: {
    queueCapacity: num({ int: true, min: 1, max: 10_000_000 }),
    dropOldestFromRatio: num({ min: 0.01, max: 1 }),
    maxLineBytes: num({ int: true, min: 64, max: 64 * 1024 * 1024 }),
    idleTimeoutMs: num({ int: true, min: 0 }),
    periodicOnConnect: bool,
    maxBatchPerTurn: num({ int: true, min: 1, max: 1_000_000 }),
    inlineProcessFrom: num({ int: true, min: 1, max: 10_000_000 }),
  },
  thermal: {
    useEmbeddedTailOffset: bool,
    calibrationOffsetC: num({ min: -100, max: 100 }),
    baselineDiffRatio: num({ min: 0, max: 1 }),
    baselineCandidatePersistMs: num({ int: true, min: 0 }),
    baselineCandidateTimeoutMs: num({ int: true, min: 1 }),
  },
  fusion: {
    windowMs: num({ int: true, min: 0, max: 3_600_000 }),
    tempThresholdC: num({ min: -300, max: 400 }),
    criticalTempC: num({ min: -300, max: 400 }),
    smokePct: num({ min: 0, max: 100 }),
    flamePct: num({ min: 0, max: 100 }),
    gasPpm: num({ min: 0 }),
    visionScore: num({ min: 0, max: 1 }),
    quietCloseMs: num({ int: true, min: 1 }),
    updateIntervalMs: num({ int: true, min: 0 }),
    floodFactor: num({ min: 1 }),
    floodWindowMs: num({ int: true, min: 1_000 }),
    floodBaselineWindowMs: num({ int: true, min: 1_000 }),
    floodMinBaselinePerS: num({ min: 0 }),
    debounceMs: num({ int: true, min: 0 }),
    maxLocations: num({ int: true, min: 1 }),
  },
};

const TOP: Record<string, Check> = {
  host: nonEmptyString,
  tcpPort: port,
  httpPort: port,
  wsPort: port,
  dataDir: nonEmptyString,
  nodeId: nonEmptyString,
  maxLocationLabels: num({ int: true, min: 1, max: 1_000_000 }),
};

function checkSecurity(v: unknown, problems: Problem[]): void {
  if (!isObject(v)) return void problems.push({ path: 'security', rule: 'must be an object', received: v });
  for (const key of Object.keys(v)) {
    if (!['authTokens', 'sharedToken', 'cidrAllowlist'].includes(key)) problems.push({ path: `security.${key}`, rule: 'is not a known key (authTokens, sharedToken, cidrAllowlist)', received: v[key] });
  }
  if (v.authTokens !== undefined) {
    if (!isObject(v.authTokens)) problems.push({ path: 'security.authTokens', rule: 'must map loc_id → token', received: v.authTokens });
    else for (const [loc, tok] of Object.entries(v.authTokens)) nonEmptyString(`security.authTokens.${loc}`, tok, problems);
  }
  if (v.sharedToken !== undefined) nonEmptyString('security.sharedToken', v.sharedToken, problems);
  if (v.cidrAllowlist !== undefined) {
    if (!Array.isArray(v.cidrAllowlist)) problems.push({ path: 'security.cidrAllowlist', rule: 'must be a list of IPv4 CIDRs', received: v.cidrAllowlist });
    else v.cidrAllowlist.forEach((c, i) => {
      if (typeof c !== 'string' || !isValidCidr(c)) problems.push({ path: `security.cidrAllowlist[${i}]`, rule: 'must be an IPv4 CIDR like 10.0.0.0/8 or an IPv4 address', received: c });
    });
  }
}

// streams[] is checked here only as data (objects with non-empty id, loc_id, url; unique ids). The
// camera ingest plug-in applies its own stricter rules (id charset, URL schemes, fps) when it starts,
// before the server listens, and reports them under its own code (EMBER_ERR_CAMERA_INGEST_CONFIG_INVALID).
function checkStreams(v: unknown, problems: Problem[]): void {
  if (!Array.isArray(v)) return void problems.push({ path: 'streams', rule: 'must be a list of {id, loc_id, url}', received: v });
  const ids = new Set<string>();
  v.forEach((s: unknown, i) => {
    const path = `streams[${i}]`;
    if (!isObject(s)) return void problems.push({ path, rule: 'must be an object {id, loc_id, url}', received: s });
    for (const key of ['id', 'loc_id', 'url']) nonEmptyString(`${path}.${key}`, s[key], problems);
    if (typeof s.id === 'string') {
      if (ids.has(s.id)) problems.push({ path: `${path}.id`, rule: 'must be unique among streams', received: s.id });
      ids.add(s.id);
    }
  });
}

/** Validate a raw config object (already merged with overrides). Returns a frozen, defaulted config or throws. */
export function validateConfig(raw: unknown): ServerConfig {
  const problems: Problem[] = [];
  if (!isObject(raw)) throw new EmberError('EMBER_ERR_CONFIG_INVALID', '1 problem(s)', [{ path: '(root)', rule: 'must be an object', received: raw }]);
  const known = new Set([...Object.keys(TOP), ...Object.keys(SECTIONS), 'security', 'streams']);
  for (const key of Object.keys(raw)) if (!known.has(key)) problems.push({ path: key, rule: `is not a known key (known: ${[...known].join(', ')})`, received: raw[key] });
  for (const [key, check] of Object.entries(TOP)) if (raw[key] !== undefined) check(key, raw[key], problems);
  for (const [section, checks] of Object.entries(SECTIONS)) {
    const value = raw[section];
    if (value === undefined) continue;
    if (!isObject(value)) {
      problems.push({ path: section, rule: 'must be an object', received: value });
      continue;
    }
    for (const key of Object.keys(value)) {
      const check = checks[key];
      if (check) check(`${section}.${key}`, value[key], problems);
      else problems.push({ path: `${section}.${key}`, rule: `is not a known key (known: ${Object.keys(checks).join(', ')})`, received: value[key] });
    }
  }
  if (raw.security !== undefined) checkSecurity(raw.security, problems);
  if (raw.streams !== undefined) checkStreams(raw.streams, problems);

  const merged = {
    ...DEFAULT_CONFIG,
    ...raw,
    ingest: { ...DEFAULT_CONFIG.ingest, ...(isObject(raw.ingest) ? raw.ingest : {}) },
    thermal: { ...DEFAULT_CONFIG.thermal, ...(isObject(raw.thermal) ? raw.thermal : {}) },
    fusion: { ...DEFAULT_CONFIG.fusion, ...(isObject(raw.fusion) ? raw.fusion : {}) },
    security: isObject(raw.security) ? raw.security : {},
  } as ServerConfig;
  // Cross-field rules: only meaningful once the single fields are valid.
  if (problems.length === 0) {
    if (merged.fusion.criticalTempC < merged.fusion.tempThresholdC) problems.push({ path: 'fusion.criticalTempC', rule: `must be ≥ fusion.tempThresholdC (${merged.fusion.tempThresholdC})`, received: merged.fusion.criticalTempC });
    const busy = [['tcpPort', merged.tcpPort], ['httpPort', merged.httpPort], ['wsPort', merged.wsPort]] as const;
    for (let i = 0; i < busy.length; i++) for (let j = i + 1; j < busy.length; j++) {
      const [a, pa] = busy[i] as readonly [string, number];
      const [b, pb] = busy[j] as readonly [string, number];
      if (pa !== 0 && pa === pb) problems.push({ path: b, rule: `must differ from ${a}`, received: pb });
    }
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CONFIG_INVALID', `${problems.length} problem(s)`, problems);
  return deepFreeze(merged);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Read a JSON or YAML file (by extension; YAML is a superset, so unknown extensions parse as YAML). */
export function readConfigFile(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EmberError('EMBER_ERR_CONFIG_UNREADABLE', path, [{ path: '--config', rule: 'must name a readable file', received: path }], { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new EmberError('EMBER_ERR_CONFIG_UNREADABLE', path, [{ path: '--config', rule: `must be valid ${path.endsWith('.json') ? 'JSON' : 'YAML'} (${(err as Error).message.split('\n')[0]})`, received: path }], { cause: err });
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isObject(parsed)) throw new EmberError('EMBER_ERR_CONFIG_INVALID', '1 problem(s)', [{ path: '(root)', rule: 'must be a mapping of keys to values', received: parsed }]);
  return parsed;
}

/** File (optional) + flat CLI overrides (already typed by parseOptions) → validated config. */
export function loadConfig(file: string | undefined, overrides: Readonly<Partial<Record<'host' | 'tcpPort' | 'httpPort' | 'wsPort' | 'dataDir' | 'nodeId', unknown>>>): ServerConfig {
  const base = file === undefined ? {} : readConfigFile(file);
  const raw: Json = { ...base };
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) raw[k] = v;
  return validateConfig(raw);
}
