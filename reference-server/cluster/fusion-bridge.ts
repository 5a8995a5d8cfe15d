// The fusion role's wiring: bus telemetry (this node's ingest and camera workers) → the fusion
// engine; alerts this node commits → the bus (JetStream dedups across nodes by Nats-Msg-Id).
// The inverse of BusForwardingFusion, field for field.
import type { AlertStreamEvent } from '../../protocol/alert.ts';
import type { FusionEngine } from '../fuse/fusion.ts';
import type { AlertPublishResult, Bus, BusSubscription, JsonValue, SensorEvent } from '../bus/types.ts';

export interface FusionBridgeStats {
  eventsIn: number;
  badEvents: number;
  alertsPublished: number;
  alertsDuplicate: number;
  alertsShed: number;
}

export interface FusionBridgeOptions {
  /** Called with each input's evidence time before it is fused (deterministic replays drive the clock here). */
  readonly beforeIngest?: (evidenceAtMs: number) => void;
  /** Called with every alert publish result (the fusion role logs and counts them). */
  readonly onAlertPublished?: (result: AlertPublishResult) => void;
}

const num = (v: JsonValue | undefined): number | null => (typeof v === 'number' ? v : null);

export function ingestSensorEvent(fusion: FusionEngine, ev: SensorEvent): boolean {
  const f = ev.fields;
  if (ev.kind === 'frame') {
    const maxC = num(f.maxC);
    if (maxC === null) return false;
    fusion.ingestThermal({ locId: ev.locId, maxC, hotCellCount: num(f.hotCellCount) ?? 0, atMs: ev.receivedMs, sentUs: ev.sentUs ?? null });
  } else {
    fusion.ingestSensor({ locId: ev.locId, smokePct: num(f.smokePct), flamePct: num(f.flamePct), flameDigital: num(f.flameDigital), gasPpm: num(f.gasPpm), atMs: ev.receivedMs, sentUs: ev.sentUs ?? null });
  }
  return true;
}

export interface FusionBridge {
  readonly stats: Readonly<FusionBridgeStats>;
  readonly ready: Promise<void>;
  /** Forward one committed alert event (wire AlertHub.subscribe to this). */
  publish(event: AlertStreamEvent): void;
  /** Resolves when every alert handed to publish() has been acknowledged or shed. */
  settled(): Promise<void>;
  close(): void;
}

export function attachFusionBridge(bus: Bus, fusion: FusionEngine, options: FusionBridgeOptions = {}): FusionBridge {
  const stats: FusionBridgeStats = { eventsIn: 0, badEvents: 0, alertsPublished: 0, alertsDuplicate: 0, alertsShed: 0 };
  const pending = new Set<Promise<void>>();
  const subs: BusSubscription[] = [
    bus.subscribe('sensor', (m) => {
      stats.eventsIn++;
      options.beforeIngest?.(m.data.receivedMs);
      if (!ingestSensorEvent(fusion, m.data)) stats.badEvents++;
    }),
    bus.subscribe('detection', (m) => {
      stats.eventsIn++;
      const d = m.data;
      options.beforeIngest?.(d.frameMs);
      fusion.ingestVision({ locId: d.locId ?? d.cameraId, cameraId: d.cameraId, score: d.score, atMs: d.frameMs });
    }),
  ];
  const publish = (event: AlertStreamEvent): void => {
    if (event.type === 'heartbeat') return;
    const p = bus.publishAlert({ type: event.type, alert: event.alert }).then(
      (r) => {
        if (r.shed) stats.alertsShed++;
        else if (r.stored) stats.alertsPublished++;
        else stats.alertsDuplicate++;
        options.onAlertPublished?.(r);
      },
      () => void stats.alertsShed++,
    );
    const tracked = p.finally(() => pending.delete(tracked));
    pending.add(tracked);
  };
  return {
    stats,
    ready: Promise.all(subs.map((s) => s.ready)).then(() => undefined),
    publish,
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close: () => {
      for (const s of subs) s.unsubscribe();
    },
  };
}
