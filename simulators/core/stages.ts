// Load stages: how many devices are active and how hard they send, as a function of run time.
// Text grammar (comma or semicolon separated, case-insensitive):
//   ramp <from>-><to> over <duration>     e.g. `ramp 0->100 over 30s` (also `→` or `to`)
//   hold <duration> [at <devices>]        e.g. `hold 10m`
//   burst <k>x for <duration>             e.g. `burst 2x for 60s` (rate multiplier k)
// or JSON: an array of StageSpec objects. Validated whole: every problem is reported at once.
import { EmberError, type Problem } from '../../protocol/errors.ts';
import { parseDurationMs } from '../../protocol/units.ts';

export type StageSpec =
  | { readonly kind: 'ramp'; readonly fromDevices: number; readonly toDevices: number; readonly durationMs: number }
  | { readonly kind: 'hold'; readonly durationMs: number; readonly devices?: number }
  | { readonly kind: 'burst'; readonly multiplier: number; readonly durationMs: number };

/** What the load should be at one instant. */
export interface StageState {
  readonly activeDevices: number;
  readonly rateMultiplier: number;
  /** Index into the stage list, or -1 once every stage has ended (the last state holds). */
  readonly stageIndex: number;
}

const RAMP_RE = /^ramp\s+(\d+)\s*(?:->|→|to)\s*(\d+)\s+over\s+(\S+)$/i;
const HOLD_RE = /^hold\s+(\S+)(?:\s+at\s+(\d+))?$/i;
const BURST_RE = /^burst\s+(\d+(?:\.\d+)?)\s*x\s+for\s+(\S+)$/i;

function durationOrProblem(text: string, path: string, problems: Problem[]): number {
  const ms = parseDurationMs(text);
  if (ms === undefined || ms <= 0) {
    problems.push({ path, rule: 'must be a positive duration like 500ms, 30s, 10m', received: text });
    return 0;
  }
  return ms;
}

function parseStageText(part: string, path: string, problems: Problem[]): StageSpec | undefined {
  let m = RAMP_RE.exec(part);
  if (m) return { kind: 'ramp', fromDevices: Number(m[1]), toDevices: Number(m[2]), durationMs: durationOrProblem(m[3] ?? '', path, problems) };
  m = HOLD_RE.exec(part);
  if (m) {
    const durationMs = durationOrProblem(m[1] ?? '', path, problems);
    return m[2] === undefined ? { kind: 'hold', durationMs } : { kind: 'hold', durationMs, devices: Number(m[2]) };
  }
  m = BURST_RE.exec(part);
  if (m) return { kind: 'burst', multiplier: Number(m[1]), durationMs: durationOrProblem(m[2] ?? '', path, problems) };
  problems.push({ path, rule: 'must be `ramp A->B over D`, `hold D [at N]` or `burst Kx for D`', received: part });
  return undefined;
}

function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0;
}

/** Check shapes and ranges of already-structured stages (from JSON or from code). */
export function validateStages(stages: readonly unknown[], maxDevices: number, basePath = 'stages'): Problem[] {
  const problems: Problem[] = [];
  stages.forEach((raw, i) => {
    const path = `${basePath}[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      problems.push({ path, rule: 'must be an object {kind, ...}', received: raw });
      return;
    }
    const s = raw as Record<string, unknown>;
    if (typeof s.durationMs !== 'number' || !(s.durationMs > 0) || !Number.isFinite(s.durationMs)) problems.push({ path: `${path}.durationMs`, rule: 'must be a number > 0', received: s.durationMs });
    if (s.kind === 'ramp') {
      for (const k of ['fromDevices', 'toDevices'] as const) {
        if (!isCount(s[k]) || (s[k] as number) > maxDevices) problems.push({ path: `${path}.${k}`, rule: `must be an integer 0…${maxDevices} (the fleet size)`, received: s[k] });
      }
    } else if (s.kind === 'hold') {
      if (s.devices !== undefined && (!isCount(s.devices) || s.devices > maxDevices)) problems.push({ path: `${path}.devices`, rule: `must be an integer 0…${maxDevices} (the fleet size)`, received: s.devices });
    } else if (s.kind === 'burst') {
      if (typeof s.multiplier !== 'number' || !(s.multiplier > 0) || s.multiplier > 1000) problems.push({ path: `${path}.multiplier`, rule: 'must be a number in (0, 1000]', received: s.multiplier });
    } else {
      problems.push({ path: `${path}.kind`, rule: 'must be ramp, hold or burst', received: s.kind });
    }
  });
  return problems;
}

/** Parse the text grammar or a JSON array; throws one EmberError listing every problem. */
export function parseStages(text: string, maxDevices: number): StageSpec[] {
  const trimmed = text.trim();
  const problems: Problem[] = [];
  let stages: StageSpec[];
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      throw new EmberError('EMBER_ERR_SIM_STAGES_INVALID', undefined, [{ path: 'stages', rule: `must be valid JSON (${(err as Error).message})`, received: text }]);
    }
    const list = Array.isArray(parsed) ? parsed : [];
    problems.push(...validateStages(list, maxDevices));
    stages = list as StageSpec[];
  } else {
    stages = [];
    trimmed.split(/[,;]/).map((p) => p.trim()).filter((p) => p !== '').forEach((part, i) => {
      const s = parseStageText(part, `stages[${i}]`, problems);
      if (s) stages.push(s);
    });
    if (stages.length === 0 && problems.length === 0) problems.push({ path: 'stages', rule: 'must list at least one stage', received: text });
    // Durations were already checked while parsing the text; only ranges remain.
    problems.push(...validateStages(stages, maxDevices).filter((p) => !p.path.endsWith('.durationMs')));
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_SIM_STAGES_INVALID', `${problems.length} problem(s)`, problems);
  return stages;
}

export function totalStagesMs(stages: readonly StageSpec[]): number {
  return stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/**
 * The load at `elapsedMs`. Before the first ramp/hold that sets a count, all `devices` are active;
 * a hold keeps the previous count (or sets `devices`); a burst multiplies the rate for its duration
 * only. After the last stage the final device count holds with multiplier 1.
 */
export function stageStateAt(stages: readonly StageSpec[], devices: number, elapsedMs: number): StageState {
  let active = devices;
  const first = stages[0];
  if (first?.kind === 'ramp') active = first.fromDevices;
  let startMs = 0;
  for (let i = 0; i < stages.length; i++) {
    const s = stages[i] as StageSpec;
    const endMs = startMs + s.durationMs;
    if (s.kind === 'hold' && s.devices !== undefined) active = s.devices;
    if (elapsedMs < endMs) {
      if (s.kind === 'ramp') {
        const fraction = (elapsedMs - startMs) / s.durationMs;
        return { activeDevices: Math.floor(s.fromDevices + (s.toDevices - s.fromDevices) * fraction), rateMultiplier: 1, stageIndex: i };
      }
      return { activeDevices: active, rateMultiplier: s.kind === 'burst' ? s.multiplier : 1, stageIndex: i };
    }
    if (s.kind === 'ramp') active = s.toDevices;
    startMs = endMs;
  }
  return { activeDevices: active, rateMultiplier: 1, stageIndex: -1 };
}
