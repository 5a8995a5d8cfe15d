// Scheduled faults of the sensor fleet: what they are, the `--faults` text grammar, validation.
// Grammar: comma-separated items `<kind>[@<at>][+<duration>][:key=value]…`, e.g.
//   malformed:ratio=0.01                       1 % of sends replaced by malformed lines, whole run
//   malformed@10s+5s:ratio=0.5:variant=frame-length
//   packet-storm@30s+10s:x=3                   3× rate for 10 s
//   reconnect-storm@60s:mode=backoff           every device drops; reconnects with backoff + jitter
//   slow-device@20s+10s:devices=5:stall=2s     5 devices stall mid-line for 2 s on each send
//   clock-skew@0s+30s:devices=10:skew=-5s      TS= of 10 devices off by −5 s
//   invalid-token:devices=3                    3 devices send a wrong TOKEN=
//   outside-allowlist:devices=2:from=127.0.0.2 2 devices connect from 127.0.0.2
// or a JSON array of SensorFaultSpec.
import { EmberError, type Problem } from '../../protocol/errors.ts';
import { parseDurationMs } from '../../protocol/units.ts';
import { MALFORMED_VARIANTS, type MalformedVariant } from './malformed.ts';

export type SensorFaultSpec =
  | { readonly kind: 'malformed'; readonly atMs?: number; readonly durationMs?: number; readonly ratio: number; readonly variants?: readonly MalformedVariant[] }
  | { readonly kind: 'packet-storm'; readonly atMs?: number; readonly durationMs: number; readonly multiplier: number }
  | { readonly kind: 'reconnect-storm'; readonly atMs?: number; readonly mode: 'all-at-once' | 'backoff' }
  | { readonly kind: 'slow-device'; readonly atMs?: number; readonly durationMs: number; readonly devices: number; readonly stallMs: number }
  | { readonly kind: 'clock-skew'; readonly atMs?: number; readonly durationMs?: number; readonly devices: number; readonly skewMs: number }
  | { readonly kind: 'invalid-token'; readonly atMs?: number; readonly durationMs?: number; readonly devices: number }
  | { readonly kind: 'outside-allowlist'; readonly atMs?: number; readonly devices: number; readonly localAddress: string };

export type SensorFaultKind = SensorFaultSpec['kind'];
export const SENSOR_FAULT_KINDS: readonly SensorFaultKind[] = ['malformed', 'packet-storm', 'reconnect-storm', 'slow-device', 'clock-skew', 'invalid-token', 'outside-allowlist'];

const ITEM_RE = /^([a-z-]+)(?:@([^+:]+))?(?:\+([^:]+))?((?::[^:]+)*)$/;

function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Every problem of a fault list at once (path, rule, value). */
export function validateFaults(list: readonly unknown[], devices: number, basePath = 'faults'): Problem[] {
  const problems: Problem[] = [];
  list.forEach((raw, i) => {
    const path = `${basePath}[${i}]`;
    if (typeof raw !== 'object' || raw === null) return void problems.push({ path, rule: 'must be an object {kind, ...}', received: raw });
    const f = raw as Record<string, unknown>;
    const need = (key: string, ok: boolean, rule: string): void => {
      if (!ok) problems.push({ path: `${path}.${key}`, rule, received: f[key] });
    };
    if (!(SENSOR_FAULT_KINDS as readonly unknown[]).includes(f.kind)) return void problems.push({ path: `${path}.kind`, rule: `must be one of ${SENSOR_FAULT_KINDS.join(', ')}`, received: f.kind });
    if (f.atMs !== undefined) need('atMs', num(f.atMs) && f.atMs >= 0, 'must be a time offset ≥ 0');
    const durationRequired = f.kind === 'packet-storm' || f.kind === 'slow-device';
    if (durationRequired || f.durationMs !== undefined) need('durationMs', num(f.durationMs) && f.durationMs > 0, 'must be a duration > 0');
    const deviceCount = (): void => need('devices', num(f.devices) && Number.isInteger(f.devices) && f.devices >= 1 && f.devices <= devices, `must be an integer 1…${devices} (the fleet size)`);
    switch (f.kind) {
      case 'malformed':
        need('ratio', num(f.ratio) && f.ratio > 0 && f.ratio <= 1, 'must be a ratio in (0, 1]');
        if (f.variants !== undefined) need('variants', Array.isArray(f.variants) && f.variants.length > 0 && f.variants.every((v) => (MALFORMED_VARIANTS as readonly unknown[]).includes(v)), `must list variants among ${MALFORMED_VARIANTS.join(', ')}`);
        break;
      case 'packet-storm':
        need('multiplier', num(f.multiplier) && f.multiplier > 1 && f.multiplier <= 1000, 'must be a rate multiplier in (1, 1000]');
        break;
      case 'reconnect-storm':
        need('mode', f.mode === 'all-at-once' || f.mode === 'backoff', 'must be all-at-once or backoff');
        break;
      case 'slow-device':
        deviceCount();
        need('stallMs', num(f.stallMs) && f.stallMs > 0, 'must be a stall duration > 0');
        break;
      case 'clock-skew':
        deviceCount();
        need('skewMs', num(f.skewMs) && f.skewMs !== 0, 'must be a non-zero skew (ms, may be negative)');
        break;
      case 'invalid-token':
        deviceCount();
        break;
      case 'outside-allowlist':
        deviceCount();
        need('localAddress', typeof f.localAddress === 'string' && /^\d{1,3}(\.\d{1,3}){3}$/.test(f.localAddress), 'must be an IPv4 address of this host (e.g. 127.0.0.2)');
        break;
    }
  });
  return problems;
}

function parseItem(item: string, path: string, problems: Problem[]): Record<string, unknown> | undefined {
  const m = ITEM_RE.exec(item);
  if (!m) return void problems.push({ path, rule: 'must look like kind[@at][+duration][:key=value]…', received: item });
  const out: Record<string, unknown> = { kind: m[1] };
  const duration = (text: string, key: string): number | undefined => {
    const negative = text.startsWith('-');
    const ms = parseDurationMs(negative ? text.slice(1) : text);
    if (ms === undefined) problems.push({ path: `${path}.${key}`, rule: 'must be a duration like 500ms, 30s, 10m', received: text });
    return ms === undefined ? undefined : negative ? -ms : ms;
  };
  if (m[2] !== undefined) out.atMs = duration(m[2], 'atMs');
  if (m[3] !== undefined) out.durationMs = duration(m[3], 'durationMs');
  for (const pair of (m[4] ?? '').split(':').filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    switch (key) {
      case 'ratio':
      case 'devices':
        out[key] = Number(value);
        break;
      case 'x':
        out.multiplier = Number(value.replace(/x$/i, ''));
        break;
      case 'mode':
        out.mode = value;
        break;
      case 'variant':
        out.variants = value.split('|');
        break;
      case 'stall':
        out.stallMs = duration(value, 'stallMs');
        break;
      case 'skew':
        out.skewMs = duration(value, 'skewMs');
        break;
      case 'from':
        out.localAddress = value;
        break;
      default:
        problems.push({ path: `${path}.${key}`, rule: 'is not a fault parameter (ratio, variant, x, mode, devices, stall, skew, from)', received: pair });
    }
  }
  if (out.kind === 'reconnect-storm' && out.mode === undefined) out.mode = 'all-at-once';
  return out;
}

/** Parse `--faults` text or a JSON array; throws one EmberError with every problem. */
export function parseFaults(text: string, devices: number): SensorFaultSpec[] {
  const trimmed = text.trim();
  const problems: Problem[] = [];
  let list: unknown[] = [];
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed)) list = parsed;
      else problems.push({ path: 'faults', rule: 'must be a JSON array', received: parsed });
    } catch (err) {
      problems.push({ path: 'faults', rule: `must be valid JSON (${(err as Error).message})`, received: text });
    }
  } else {
    trimmed.split(',').map((s) => s.trim()).filter((s) => s !== '').forEach((item, i) => {
      const f = parseItem(item, `faults[${i}]`, problems);
      if (f) list.push(f);
    });
  }
  if (problems.length === 0) problems.push(...validateFaults(list, devices));
  if (problems.length > 0) throw new EmberError('EMBER_ERR_SIM_FAULTS_INVALID', `${problems.length} problem(s)`, problems);
  return list as SensorFaultSpec[];
}

/** Deterministic, evenly spread choice of `count` device slots out of `devices`. */
export function pickSlots(count: number, devices: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push(Math.floor((i * devices) / count));
  return out;
}
