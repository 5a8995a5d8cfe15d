// Used by the ingest roles (ingest-sensors, camera-worker): the same calls the TCP processor and
// the camera ingest make on fusion, but each input is published on the event bus for the node's
// fusion role instead of being fused here. Returns "no alarm" locally: alarms are decided (and
// counted) by the fusion role, which owns the per-location state.
import type { FusionConfig } from '../config-schema.ts';
import { FusionEngine, type FusionDeps, type FusionOutcome, type SensorInput, type ThermalInput, type VisionInput } from '../fuse/fusion.ts';
import type { Bus } from '../bus/types.ts';

const FORWARDED: FusionOutcome = Object.freeze({ result: Object.freeze({ alarm: false, confidence: 0, sources: [], firings: [] }), changes: [] });

export class BusForwardingFusion extends FusionEngine {
  readonly #bus: Bus;
  readonly #clock: () => number;

  constructor(cfg: FusionConfig, deps: FusionDeps, bus: Bus) {
    super(cfg, deps);
    this.#bus = bus;
    this.#clock = deps.clock;
  }

  override ingestThermal(input: ThermalInput): FusionOutcome {
    this.#bus.publishSensor({
      locId: input.locId,
      kind: 'frame',
      receivedMs: input.atMs ?? this.#clock(),
      ...(input.sentUs != null && { sentUs: input.sentUs }),
      fields: { maxC: input.maxC, hotCellCount: input.hotCellCount },
    });
    return FORWARDED;
  }

  override ingestSensor(input: SensorInput): FusionOutcome {
    this.#bus.publishSensor({
      locId: input.locId,
      kind: 'sensor',
      receivedMs: input.atMs ?? this.#clock(),
      ...(input.sentUs != null && { sentUs: input.sentUs }),
      fields: { smokePct: input.smokePct, flamePct: input.flamePct, flameDigital: input.flameDigital, gasPpm: input.gasPpm ?? null },
    });
    return FORWARDED;
  }

  override ingestVision(input: VisionInput): FusionOutcome {
    this.#bus.publishDetection({ cameraId: input.cameraId, locId: input.locId, score: input.score, frameMs: input.atMs });
    return FORWARDED;
  }
}
