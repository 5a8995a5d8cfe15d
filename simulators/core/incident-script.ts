// Scripted incidents (ground truth): parse and validate a JSON/YAML list, then record when each one
// was actually rendered into traffic, giving the InjectedIncident list the scenarios match alerts to.
import { parse as parseYaml } from 'yaml';
import type { IncidentKind, IncidentSpec, InjectedIncident } from '../../protocol/alert.ts';
import { EmberError, type Problem } from '../../protocol/errors.ts';

export const INCIDENT_KINDS: readonly IncidentKind[] = ['hot-spot', 'smoke', 'flame', 'combined', 'vision-fire'];
const SENSOR_KINDS: readonly IncidentKind[] = ['hot-spot', 'smoke', 'flame', 'combined'];

export interface IncidentValidationContext {
  /** When given, sensor incidents must name one of these locations. */
  readonly knownLocIds?: readonly string[];
  /** When given, vision incidents must name one of these cameras. */
  readonly knownCameraIds?: readonly string[];
  /** When given, incidents must start before the run ends. */
  readonly runDurationS?: number;
}

function isNonNegative(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

/** Every problem of an incident list at once (path, rule, value). */
export function validateIncidents(list: unknown, context: IncidentValidationContext = {}, basePath = 'incidents'): Problem[] {
  if (!Array.isArray(list)) return [{ path: basePath, rule: 'must be a list of incidents', received: list }];
  const problems: Problem[] = [];
  const ids = new Set<string>();
  const locIds = context.knownLocIds ? new Set(context.knownLocIds) : undefined;
  const cameraIds = context.knownCameraIds ? new Set(context.knownCameraIds) : undefined;
  list.forEach((raw: unknown, i) => {
    const path = `${basePath}[${i}]`;
    if (typeof raw !== 'object' || raw === null) {
      problems.push({ path, rule: 'must be an object {id, kind, atS, durationS, locId|cameraId}', received: raw });
      return;
    }
    const r = raw as Record<string, unknown>;
    if (typeof r.id !== 'string' || r.id === '') problems.push({ path: `${path}.id`, rule: 'must be a non-empty string', received: r.id });
    else if (ids.has(r.id)) problems.push({ path: `${path}.id`, rule: 'must be unique in the script', received: r.id });
    else ids.add(r.id);
    const kindOk = typeof r.kind === 'string' && (INCIDENT_KINDS as readonly string[]).includes(r.kind);
    if (!kindOk) problems.push({ path: `${path}.kind`, rule: `must be one of ${INCIDENT_KINDS.join(', ')}`, received: r.kind });
    if (!isNonNegative(r.atS)) problems.push({ path: `${path}.atS`, rule: 'must be a number ≥ 0 (seconds from the start of the run)', received: r.atS });
    else if (context.runDurationS !== undefined && r.atS >= context.runDurationS) problems.push({ path: `${path}.atS`, rule: `must be before the end of the run (< ${context.runDurationS} s)`, received: r.atS });
    if (!isNonNegative(r.durationS) || r.durationS === 0) problems.push({ path: `${path}.durationS`, rule: 'must be a number > 0 (seconds)', received: r.durationS });
    if (!kindOk) return;
    if (r.kind === 'vision-fire') {
      if (typeof r.cameraId !== 'string' || r.cameraId === '') problems.push({ path: `${path}.cameraId`, rule: 'is required for vision-fire (camera id as a string)', received: r.cameraId });
      else if (cameraIds && !cameraIds.has(r.cameraId)) problems.push({ path: `${path}.cameraId`, rule: `must be one of the run's cameras (${[...cameraIds].slice(0, 5).join(', ')}${cameraIds.size > 5 ? ', …' : ''})`, received: r.cameraId });
    } else if (SENSOR_KINDS.includes(r.kind as IncidentKind)) {
      if (typeof r.locId !== 'string' || r.locId === '') problems.push({ path: `${path}.locId`, rule: `is required for ${String(r.kind)} (a sensor location id)`, received: r.locId });
      else if (locIds && !locIds.has(r.locId)) problems.push({ path: `${path}.locId`, rule: `must be one of the fleet's locations (${[...locIds].slice(0, 5).join(', ')}${locIds.size > 5 ? ', …' : ''})`, received: r.locId });
    }
  });
  return problems;
}

/** Parse JSON or YAML text: a list, or an object with an `incidents` list. Throws with every problem. */
export function parseIncidentScript(text: string, context: IncidentValidationContext = {}): IncidentSpec[] {
  let doc: unknown;
  try {
    doc = parseYaml(text); // YAML is a superset of JSON, so one parser takes both
  } catch (err) {
    throw new EmberError('EMBER_ERR_SIM_INCIDENTS_INVALID', undefined, [{ path: 'incidents', rule: `must be valid JSON or YAML (${(err as Error).message.split('\n')[0]})`, received: text }]);
  }
  const list = typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'incidents' in doc ? (doc as { incidents: unknown }).incidents : doc;
  const problems = validateIncidents(list, context);
  if (problems.length > 0) throw new EmberError('EMBER_ERR_SIM_INCIDENTS_INVALID', `${problems.length} problem(s)`, problems);
  return (list as IncidentSpec[]).map((r) => copyIncident(r));
}

function copyIncident(r: IncidentSpec): IncidentSpec {
  // Keep only the contract's fields, so stray keys never leak into results.
  const base = { id: r.id, kind: r.kind, atS: r.atS, durationS: r.durationS };
  return { ...base, ...(r.locId !== undefined ? { locId: r.locId } : {}), ...(r.cameraId !== undefined ? { cameraId: r.cameraId } : {}) };
}

/** Records the first time each incident was carried by a packet/frame. */
export class InjectionLog {
  private readonly injected = new Map<string, InjectedIncident>();

  /** Idempotent: only the first call for an id counts (the first packet that carried it). */
  markInjected(spec: IncidentSpec, atEpochMs: number): void {
    if (!this.injected.has(spec.id)) this.injected.set(spec.id, { ...copyIncident(spec), injectedAtMs: atEpochMs });
  }

  has(id: string): boolean {
    return this.injected.has(id);
  }

  list(): InjectedIncident[] {
    return [...this.injected.values()].sort((a, b) => a.injectedAtMs - b.injectedAtMs);
  }
}
