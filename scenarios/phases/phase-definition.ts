// What a phase file declares, and how a phase + profile + mode becomes a runnable ScenarioSpec.
import type { ThresholdsInput } from '../thresholds/definitions.ts';
import { cameraId, type TargetFeature } from '../thresholds/metric-catalog.ts';
import type { FaultStep, LoadShape, RunMode, ScenarioSpec, ViewerLoad } from '../scenario-types.ts';
import { stagesFor, totalS, type ProfileDurations } from './profiles.ts';

export interface PhaseDefinition {
  readonly id: string;
  readonly title: string;
  /** The question the phase answers (shown in reports). */
  readonly question: string;
  readonly load: LoadShape;
  readonly viewers: ViewerLoad;
  /** Server features the roadmap expects at this phase (for the report; not all are probed). */
  readonly exercises: readonly string[];
  readonly thresholds: (cameras: number) => ThresholdsInput;
  readonly thresholdRequires?: Readonly<Record<string, readonly TargetFeature[]>>;
  readonly faults?: (p: ProfileDurations) => readonly FaultStep[];
  readonly notes?: readonly string[];
  /** Node groups of the scale-out topology this phase is about (0/absent = single process). */
  readonly clusterNodes?: number;
}

/** The roadmap's always-on thresholds (phase-gates.md); alert E2E tightens to 120 ms from phase 3. */
export function alwaysOnThresholds(cameras: number, alertP95Ms: 150 | 120): Record<string, string[]> {
  const t: Record<string, string[]> = {
    sensor_processing_ms: ['p(95)<25'],
    sensor_packet_loss: ['rate<0.005'],
    alert_e2e_ms: [`p(95)<${alertP95Ms}`],
    vision_detection_ms: ['p(95)<10'],
  };
  for (const id of cameraIds(cameras)) t[`dropped_frame_ratio{camera:${id}}`] = ['rate<0.05'];
  return t;
}

export function cameraIds(cameras: number): string[] {
  return Array.from({ length: cameras }, (_, i) => cameraId(i + 1));
}

export function perCamera(cameras: number, metric: string, expressions: string[]): Record<string, string[]> {
  return Object.fromEntries(cameraIds(cameras).map((id) => [`${metric}{camera:${id}}`, expressions]));
}

export const DEFAULT_VIEWERS: ViewerLoad = { users: 5, statsAllEveryS: 1, alertsEveryS: 5, cameraStatsEveryS: 1 };

export function buildPhaseScenario(def: PhaseDefinition, profileName: string, p: ProfileDurations, mode: RunMode, seed = 1): ScenarioSpec {
  const stages = stagesFor(p, mode);
  const durationS = totalS(stages);
  // Sensor incidents: a hot spot on a different device every incidentEveryS, the first after 5 s,
  // each lasting 3 s; none in the last 8 s so every alert has time to arrive before the end.
  const incidents: Array<ScenarioSpec['incidents'][number]> = [];
  for (let at = 5, n = 0; at + 8 <= durationS; at += p.incidentEveryS, n++) {
    incidents.push({ id: `inc${String(n + 1).padStart(3, '0')}`, kind: 'hot-spot', atS: at, durationS: 3, deviceIndex: n % Math.max(1, def.load.sensors) });
  }
  return {
    name: `${def.id}-${profileName}`,
    phase: def.id,
    profile: profileName,
    mode,
    question: def.question,
    load: def.load,
    viewers: def.viewers,
    stages,
    durationS,
    thresholds: def.thresholds(def.load.cameras),
    thresholdRequires: def.thresholdRequires ?? {},
    incidents,
    faults: def.faults?.(p) ?? [],
    seed,
    notes: def.notes ?? [],
    clusterNodes: def.clusterNodes ?? 0,
  };
}
