// Adapter over the sensor fleet simulator (simulators/sensors/fleet.ts): starts it with the
// scenario's load and incidents, and exposes the few figures the runner needs.
import type { IncidentSpec, InjectedIncident } from '../../protocol/alert.ts';
import { locIdFor } from '../../simulators/sensors/identities.ts';
import type { ScenarioSpec } from '../scenario-types.ts';
import { pick, pickNumber } from './snapshot-read.ts';

interface FleetLike {
  readonly locIds: readonly string[];
  snapshot(): unknown;
  injectedIncidents(): readonly InjectedIncident[];
  triggerFault(f: unknown): void;
  setRateMultiplier(m: number): void;
  stop(): Promise<unknown>;
}

export interface SensorLoadFigures {
  /** Frames + #Sensor lines written so far. */
  readonly sent: number;
  readonly connected: number | undefined;
  readonly reconnects: number | undefined;
  readonly lateness: { count: number; p50: number; p90: number; p95: number; p99: number; max: number; mean?: number } | undefined;
  readonly encodedLateness: string | undefined;
}

export function resolveSensorIncidents(spec: ScenarioSpec): IncidentSpec[] {
  return spec.incidents
    .filter((i) => i.kind !== 'vision-fire')
    .map(({ deviceIndex, ...rest }) => ({ ...rest, locId: locIdFor(deviceIndex ?? 0, spec.load.sensors) }));
}

export class SensorLoad {
  private constructor(private readonly fleet: FleetLike) {}

  static async start(o: { targets: ReadonlyArray<{ host: string; port: number }>; spec: ScenarioSpec }): Promise<SensorLoad> {
    const path = '../../simulators/sensors/fleet.ts';
    const mod = (await import(path)) as { startSensorFleet: (opts: unknown) => Promise<FleetLike> };
    const fleet = await mod.startSensorFleet({
      targets: o.targets,
      devices: o.spec.load.sensors,
      rateHz: o.spec.load.sensorHz,
      // The runner ends the run (it drives stages and faults); the fleet just must not stop first.
      durationMs: (o.spec.durationS + 60) * 1000,
      seed: o.spec.seed,
      incidents: resolveSensorIncidents(o.spec),
    });
    return new SensorLoad(fleet);
  }

  get locIds(): readonly string[] {
    return this.fleet.locIds;
  }

  figures(): SensorLoadFigures {
    const s = this.fleet.snapshot();
    const frames = pickNumber(s, 'sent.frames', 'framesSent', 'sentFrames') ?? 0;
    const lines = pickNumber(s, 'sent.sensorLines', 'sent.sensor', 'sensorLinesSent', 'sentSensorLines') ?? 0;
    const total = pickNumber(s, 'sent.total', 'sentTotal', 'packetsSent');
    const lat = pick(s, 'lateness', 'latenessMs');
    const count = pickNumber(lat, 'count');
    const lateness =
      count === undefined
        ? undefined
        : {
            count,
            p50: pickNumber(lat, 'p50Ms', 'p50') ?? 0,
            p90: pickNumber(lat, 'p90Ms', 'p90') ?? 0,
            p95: pickNumber(lat, 'p95Ms', 'p95') ?? 0,
            p99: pickNumber(lat, 'p99Ms', 'p99') ?? 0,
            max: pickNumber(lat, 'maxMs', 'max') ?? 0,
            ...(pickNumber(lat, 'meanMs', 'mean') !== undefined ? { mean: pickNumber(lat, 'meanMs', 'mean') as number } : {}),
          };
    const enc = pick(s, 'latenessEncoded', 'encodedLateness', 'lateness.encoded', 'histogram');
    return {
      sent: total ?? frames + lines,
      connected: pickNumber(s, 'connected', 'connectedDevices'),
      reconnects: pickNumber(s, 'reconnects'),
      lateness,
      encodedLateness: typeof enc === 'string' ? enc : undefined,
    };
  }

  injected(): readonly InjectedIncident[] {
    return this.fleet.injectedIncidents();
  }

  setRateMultiplier(m: number): void {
    this.fleet.setRateMultiplier(m);
  }

  triggerFault(f: unknown): void {
    this.fleet.triggerFault(f);
  }

  async stop(): Promise<unknown> {
    return this.fleet.stop();
  }
}
