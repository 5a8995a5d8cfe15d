// The resolved scenario the runner executes, whether it came from a phase gate or a user's file.
import type { IncidentSpec } from '../protocol/alert.ts';
import type { ThresholdsInput } from './thresholds/definitions.ts';
import type { TargetFeature } from './thresholds/metric-catalog.ts';

export type RunMode = 'soak' | 'stress' | 'soak+stress';
export const RUN_MODES: readonly RunMode[] = ['soak', 'stress', 'soak+stress'];

export interface LoadShape {
  readonly cameras: number;
  readonly cameraFps: number;
  readonly sensors: number;
  readonly sensorHz: number;
}

/** Dashboard viewers (seed 004): each user polls these endpoints at these periods. */
export interface ViewerLoad {
  readonly users: number;
  readonly statsAllEveryS: number;
  readonly alertsEveryS: number;
  readonly cameraStatsEveryS: number;
}

export type FaultKind = 'kill-server' | 'kill-node' | 'stall-camera' | 'reconnect-storm' | 'packet-storm';
export const FAULT_STEP_KINDS: readonly FaultKind[] = ['kill-server', 'kill-node', 'stall-camera', 'reconnect-storm', 'packet-storm'];

export interface FaultStep {
  readonly kind: FaultKind;
  readonly atS: number;
  /** Stall / storm length. */
  readonly durationS?: number;
  /** Camera id for stall-camera (cam01…). */
  readonly camera?: string;
  /** Rate multiplier for packet-storm. */
  readonly multiplier?: number;
}

export interface Stage {
  readonly name: string;
  readonly startS: number;
  readonly durationS: number;
  readonly rateMultiplier: number;
}

export interface ScenarioSpec {
  readonly name: string;
  readonly phase: string;
  readonly profile: string;
  readonly mode: RunMode;
  readonly question: string;
  readonly load: LoadShape;
  readonly viewers: ViewerLoad;
  readonly stages: readonly Stage[];
  readonly durationS: number;
  readonly thresholds: ThresholdsInput;
  /** Extra features a threshold needs beyond its metric's (key as written in `thresholds`). */
  readonly thresholdRequires: Readonly<Record<string, readonly TargetFeature[]>>;
  /** Sensor incidents by device index (0-based); resolved to loc ids once the fleet exists. */
  readonly incidents: ReadonlyArray<Omit<IncidentSpec, 'locId'> & { readonly deviceIndex?: number }>;
  readonly faults: readonly FaultStep[];
  readonly seed: number;
  readonly notes: readonly string[];
  /** Preferred topology: node groups of `serve --cluster` (0 = the single-process server). */
  readonly clusterNodes: number;
}
