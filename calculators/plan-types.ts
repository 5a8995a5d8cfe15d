// A validated sizing plan: every quantity already in base units as an exact rational (or bigint for
// counts). Produced only by parsePlan (plan-parse.ts), so the engine never sees raw strings.
import type { Q } from './rational.ts';
import type { Parity } from './storage.ts';
import type { Redundancy } from './nodes.ts';

export type Provenance = 'input' | 'default' | 'measured' | 'derived';

export interface Duty {
  readonly continuous: Q;
  readonly motion: Q;
  readonly events: Q;
}

export type KeepClass = keyof Duty;

export interface CameraGroup {
  readonly id: string;
  readonly count: bigint;
  /** Average recorded bitrate: storage uses this. */
  readonly bitrateBps: Q;
  /** Peak (VBR max or P95): links use this; equals the average when not given. */
  readonly bitrateMaxBps: Q;
  readonly fps: Q;
  readonly width: bigint;
  readonly height: bigint;
  readonly codec: string;
  readonly duty: Duty;
}

export interface SensorGroup {
  readonly id: string;
  readonly count: bigint;
  readonly ppsPerSensor: Q;
  readonly payloadBytes: bigint;
  readonly headerBytes: bigint;
}

export interface NodeSpec {
  readonly maxCameras?: bigint;
  readonly capexUsd: Q;
  readonly watts: Q;
  readonly cores?: Q;
  readonly ramBytes?: Q;
  readonly nicBps?: Q;
  readonly diskWriteBytesPerS?: Q;
}

/** Per-unit costs; from the plan (rule of thumb, provenance 'input') or a calibration profile ('measured'). */
export interface ComputeCosts {
  readonly baseCores?: Q;
  readonly coresPerCamera?: Q;
  readonly coresPerSensor?: Q;
  readonly ramBaseBytes?: Q;
  readonly ramPerCameraBytes?: Q;
  readonly ramPerSensorBytes?: Q;
  readonly source: Provenance;
  readonly ref: string;
}

export interface Targets {
  readonly cpu: Q;
  readonly cpuHard: Q;
  readonly ram: Q;
  readonly ramHard: Q;
  readonly nic: Q;
  readonly nicHard: Q;
  readonly diskWrite: Q;
  readonly diskWriteHard: Q;
}

export type TierMedia =
  | { readonly kind: 'in-node'; readonly diskBytes?: Q; readonly groupSize?: bigint; readonly parity?: Parity; readonly fillTarget: Q }
  | {
      readonly kind: 'raid';
      readonly diskBytes: Q;
      readonly groupSize: bigint;
      readonly parity: Parity;
      readonly hotSpares: bigint;
      readonly fillTarget: Q;
      readonly capexPerTBUsd: Q;
      readonly diskRateBytesPerS?: Q;
      readonly rebuildHours?: Q;
      readonly workloadRatingBytesPerYear?: Q;
    }
  | { readonly kind: 'object'; readonly replication: Q; readonly pricePerTBMonthUsd: Q };

export interface Tier {
  readonly name: string;
  readonly fromDay: Q;
  readonly toDay: Q;
  readonly keep: KeepClass;
  readonly transcodeFactor: Q;
  /** Explicit opt-in to overlapping windows (a full copy from ingest), never the default. */
  readonly copyFromIngest: boolean;
  readonly media: TierMedia;
}

export interface NetworkSpec {
  readonly protoOverhead: Q;
  readonly siteLinkBps?: Q;
  readonly sensorLinkBps?: Q;
  readonly uplinkBps?: Q;
  readonly viewers: bigint;
  readonly viewerBitrateBps: Q;
  readonly apiBps: Q;
  readonly uplinkHeadroom: Q;
  readonly switchPorts?: bigint;
  readonly uplinksPerSwitch: bigint;
  readonly subnetPrefix?: number;
  readonly linkTarget: Q;
  readonly linkHard: Q;
}

export interface CostSpec {
  readonly amortMonths: bigint;
  readonly hoursPerMonth: Q;
  readonly usdPerKWh: Q;
  readonly pue: Q;
  /** Watts of devices other than recording nodes (switches, NAS, other servers), for energy. */
  readonly otherWatts: Q;
  readonly fixedMonthly: ReadonlyArray<{ readonly name: string; readonly usd: Q }>;
  readonly extraCapex: ReadonlyArray<{ readonly name: string; readonly usd: Q }>;
}

export interface Growth {
  readonly ratePerYear: Q;
  readonly years: number;
}

export interface Assumption {
  readonly name: string;
  readonly value: string;
  readonly source: Provenance;
  readonly ref: string;
}

export interface Plan {
  readonly name: string;
  readonly seedRef?: string;
  readonly cameras: readonly CameraGroup[];
  readonly sensors: readonly SensorGroup[];
  readonly node: NodeSpec;
  readonly compute: ComputeCosts;
  readonly targets: Targets;
  readonly redundancy: Redundancy;
  readonly tiers: readonly Tier[];
  readonly network: NetworkSpec;
  readonly cost: CostSpec;
  readonly growth?: Growth;
  /** Free-text notes from the plan author (provenance of inputs), printed in reports. */
  readonly notes: readonly string[];
  /** Defaults that were applied, with where they come from. */
  readonly assumptions: readonly Assumption[];
}
