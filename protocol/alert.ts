// The server's output contract: what an alert looks like on the wire (HTTP API and live stream),
// and what a scripted incident (ground truth) looks like. Shared by the reference server,
// the simulators (which script incidents) and the scenarios (which match one to the other).

export type AlertLevel = 'info' | 'warning' | 'critical';

/** Why an alert was raised; one open alert per (locId, cause) at a time (dedup key). */
export type AlertCause =
  | 'smoke'
  | 'critical-temperature'
  | 'flame-thermal'
  | 'vision-sensor'
  | 'gas'
  | 'vision'
  | 'thermal';

export type DetectionSource = 'thermal' | 'smoke' | 'flame' | 'vision' | 'gas';

export interface Alert {
  /** Server-assigned id, stable across restarts (the store's primary key). */
  readonly id: string;
  readonly locId: string;
  readonly cause: AlertCause;
  readonly level: AlertLevel;
  /** Exact `alarm_reason` string of the original EmberEye fusion where one exists. */
  readonly reason: string;
  readonly confidence: number;
  readonly sources: readonly DetectionSource[];
  /** When the first evidence of this alert arrived at the server (epoch ms). */
  readonly firstSeenMs: number;
  /** When the alert was committed durably (epoch ms): only then is it acknowledged on the stream. */
  readonly committedMs: number;
  /** Updated while the alert stays open (dedup: updates, not repeats). */
  readonly lastSeenMs: number;
  readonly updateCount: number;
  /** The device's own `TS=` (epoch µs) of the packet that raised it, when the packet carried one. */
  readonly sourceSentUs?: number;
  /** The camera id when vision contributed. */
  readonly cameraId?: string;
  readonly thermalMaxC?: number;
  /** Node that raised it (scale-out); absent on a single node. */
  readonly nodeId?: string;
}

/** Live stream event (SSE `data:` payload, one JSON per event). */
export type AlertStreamEvent =
  | { readonly type: 'alert-opened'; readonly alert: Alert }
  | { readonly type: 'alert-updated'; readonly alert: Alert }
  | { readonly type: 'alert-closed'; readonly alert: Alert }
  | { readonly type: 'heartbeat'; readonly serverTimeMs: number };

export type IncidentKind = 'hot-spot' | 'smoke' | 'flame' | 'combined' | 'vision-fire';

/** Ground truth, scripted in the simulators: "fire at sensor 12 at t=40 s". */
export interface IncidentSpec {
  readonly id: string;
  readonly kind: IncidentKind;
  /** Seconds from the start of the run. */
  readonly atS: number;
  readonly durationS: number;
  /** Sensor location id, for sensor incidents. */
  readonly locId?: string;
  /** Camera id (1-based number as string), for vision incidents. */
  readonly cameraId?: string;
}

/** An incident as it actually happened: the injection time is recorded when it was rendered. */
export interface InjectedIncident extends IncidentSpec {
  /** Epoch ms of the first packet/frame that carried the incident. */
  readonly injectedAtMs: number;
}

/** Which alert causes count as detecting which incident kind (used by the matcher). */
export const CAUSES_DETECTING: Readonly<Record<IncidentKind, readonly AlertCause[]>> = {
  'hot-spot': ['critical-temperature', 'thermal', 'flame-thermal'],
  smoke: ['smoke'],
  flame: ['flame-thermal', 'vision-sensor'],
  combined: ['smoke', 'critical-temperature', 'flame-thermal', 'vision-sensor', 'thermal'],
  'vision-fire': ['vision', 'vision-sensor'],
};
