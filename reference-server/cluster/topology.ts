// Which processes a cluster runs: per node one ingest-sensors, ⌈cameras/perWorker⌉ camera workers,
// one fusion and one api. Cameras are split across nodes by stream index (node n of N takes
// index ≡ n mod N), then across that node's workers. Pure.
import type { Role } from './roles.ts';

export interface PlannedProcess {
  readonly name: string;
  readonly nodeId: string;
  readonly role: Role;
  /** `i/k` for camera workers. */
  readonly cameraShard?: string;
  readonly cameras: number;
}

export function planCluster(nodes: number, streamCount: number, camerasPerWorker: number): PlannedProcess[] {
  const perNode = Math.ceil(streamCount / nodes);
  const workersPerNode = Math.ceil(perNode / camerasPerWorker);
  const shards = nodes * workersPerNode;
  const out: PlannedProcess[] = [];
  for (let n = 0; n < nodes; n++) {
    const nodeId = `node-${n + 1}`;
    out.push({ name: `${nodeId}/ingest-sensors`, nodeId, role: 'ingest-sensors', cameras: 0 });
    for (let w = 0; w < workersPerNode; w++) {
      const index = w * nodes + n; // index ≡ n (mod nodes): this node's streams only
      const cameras = Array.from({ length: streamCount }, (_, i) => i).filter((i) => i % shards === index).length;
      if (cameras > 0) out.push({ name: `${nodeId}/camera-worker-${w + 1}`, nodeId, role: 'camera-worker', cameraShard: `${index}/${shards}`, cameras });
    }
    out.push({ name: `${nodeId}/fusion`, nodeId, role: 'fusion', cameras: 0 });
    out.push({ name: `${nodeId}/api`, nodeId, role: 'api', cameras: 0 });
  }
  return out;
}
