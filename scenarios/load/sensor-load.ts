// Adapter over the sensor fleet simulator (simulators/sensors/fleet.ts): starts it with the
// scenario's load and incidents, and exposes the few figures the runner needs.
import type { IncidentSpec, InjectedIncident } from '../../protocol/alert.ts';
import { locIdFor } from '../../simulators/sensors/identities.ts';
import type { ScenarioSpec } from '../scenario-types.ts';
import type { SensorFaultSpec } from '../../simulators/sensors/faults.ts';
import { startSensorFleet, type SensorFleet } from '../../simulators/sensors/fleet.ts';

export interface SensorLoadFigures {
  /** Frames + #Sensor lines written so far. */
  readonly sent: number;
  readonly connected: number | undefined;
  readonly reconnects: number | undefined;
  /** Intended sends that found no connection (server down): never written, so not in `sent`. */
  readonly notConnected: number;
  readonly lateness: { count: number; p50: number; p90: number; p95: number; p99: number; max: number; mean?: number } | undefined;
  readonly encodedLateness: string | undefined;
}

export function resolveSensorIncidents(spec: ScenarioSpec): IncidentSpec[] {
  return spec.incidents
    .filter((i) => i.kind !== 'vision-fire')
    .map(({ deviceIndex, ...rest }) => ({ ...rest, locId: locIdFor(deviceIndex ?? 0, spec.load.sensors) }));
}

export class SensorLoad {
  private constructor(private readonly fleet: SensorFleet) {}

  static async start(o: { targets: ReadonlyArray<{ host: string; port: number }>; spec: ScenarioSpec }): Promise<SensorLoad> {
    const fleet = await startSensorFleet({
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
    const l = s.lateness;
    return {
      // Malformed lines are a fault's payload, not packets the server should process.
      sent: s.sent.frames + s.sent.sensorLines,
      connected: s.connectedDevices,
      reconnects: s.reconnects,
      notConnected: s.notConnected,
      lateness: { count: l.count, p50: l.p50Ms, p90: l.p90Ms, p95: l.p95Ms, p99: l.p99Ms, max: l.maxMs, mean: l.meanMs },
      encodedLateness: s.latenessHistogram,
    };
  }

  injected(): readonly InjectedIncident[] {
    return this.fleet.injectedIncidents();
  }

  setRateMultiplier(m: number): void {
    this.fleet.setRateMultiplier(m);
  }

  triggerFault(f: SensorFaultSpec): void {
    this.fleet.triggerFault(f);
  }

  async stop(): Promise<unknown> {
    return this.fleet.stop();
  }
}
