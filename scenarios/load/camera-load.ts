// Adapter over the RTSP camera simulator (simulators/cameras/camera-server.ts). Loaded lazily so a
// checkout without the camera path still runs sensor-only gates (camera thresholds then say
// "not applicable" with the reason).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InjectedIncident } from '../../protocol/alert.ts';
import type { ScenarioSpec } from '../scenario-types.ts';

interface CameraServerLike {
  readonly port: number;
  readonly urls: readonly string[];
  snapshot(): unknown;
  injectedIncidents(): readonly InjectedIncident[];
  triggerFault(f: unknown): void;
  close(): Promise<void>;
}

const MODULE_PATH = resolve(import.meta.dirname, '../../simulators/cameras/camera-server.ts');

export function cameraSimulatorAvailable(): boolean {
  return existsSync(MODULE_PATH);
}

export class CameraLoad {
  private constructor(private readonly server: CameraServerLike) {}

  static async start(spec: ScenarioSpec): Promise<CameraLoad> {
    const mod = (await import(MODULE_PATH)) as { startCameraServer: (o: unknown) => Promise<CameraServerLike> };
    const incidents = spec.incidents.filter((i) => i.kind === 'vision-fire').map(({ deviceIndex: _d, ...rest }) => rest);
    const server = await mod.startCameraServer({ host: '127.0.0.1', port: 0, cameras: spec.load.cameras, fps: spec.load.cameraFps, incidents, seed: spec.seed });
    return new CameraLoad(server);
  }

  get urls(): readonly string[] {
    return this.server.urls;
  }

  snapshot(): unknown {
    return this.server.snapshot();
  }

  injected(): readonly InjectedIncident[] {
    return this.server.injectedIncidents();
  }

  triggerFault(f: unknown): void {
    this.server.triggerFault(f);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
