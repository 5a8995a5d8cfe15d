// Adapter over the RTSP camera simulator (simulators/cameras/camera-server.ts): starts it with the
// scenario's cameras, fps and vision incidents, and exposes what the runner reads.
import type { InjectedIncident } from '../../protocol/alert.ts';
import { startCameraServer, type CameraServer } from '../../simulators/cameras/camera-server.ts';
import type { CameraFaultSpec } from '../../simulators/cameras/camera-options.ts';
import type { ScenarioSpec } from '../scenario-types.ts';

export class CameraLoad {
  private constructor(private readonly server: CameraServer) {}

  static async start(spec: ScenarioSpec): Promise<CameraLoad> {
    const incidents = spec.incidents.filter((i) => i.kind === 'vision-fire').map(({ deviceIndex: _d, ...rest }) => rest);
    const server = await startCameraServer({ host: '127.0.0.1', port: 0, cameras: spec.load.cameras, fps: spec.load.cameraFps, incidents, seed: spec.seed });
    return new CameraLoad(server);
  }

  get urls(): readonly string[] {
    return this.server.urls;
  }

  /** Frames the simulator wrote to clients so far (all cameras). */
  framesSent(): number {
    return this.server.snapshot().totals.framesSent;
  }

  injected(): readonly InjectedIncident[] {
    return this.server.injectedIncidents();
  }

  triggerFault(f: CameraFaultSpec): void {
    this.server.triggerFault(f);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}
