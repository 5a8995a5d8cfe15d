// One queued line → decoded packet → detection → fusion, with every outcome counted. Runs inside
// the queue drain; synchronous and allocation-light (one reusable frame buffer).
import { decodeSensorLine, FRAME_CELLS } from '../../protocol/sensor-packets.ts';
import type { BaselineManager } from '../detect/baseline.ts';
import type { ThermalDetector } from '../detect/thermal.ts';
import type { FusionEngine, FusionOutcome } from '../fuse/fusion.ts';
import type { Logger } from '../log.ts';
import type { ServerMetrics } from '../metrics.ts';
import type { TokenAuth } from './auth.ts';
import type { Connection } from './connection.ts';
import type { DeviceRegistry } from './device-registry.ts';

export interface ProcessorDeps {
  readonly metrics: ServerMetrics;
  readonly thermal: ThermalDetector;
  readonly baseline: BaselineManager;
  readonly fusion: FusionEngine;
  readonly devices: DeviceRegistry;
  readonly auth: TokenAuth;
  readonly log: Logger;
  /** Called when a connection starts carrying a new loc_id (for sendCommand by loc). */
  readonly onLocSeen: (conn: Connection, locId: string) => void;
}

const TIME_ORIGIN_MS = performance.timeOrigin;
/** Log the first few malformed lines per reason, then every 1000th, so garbage cannot flood the log. */
const LOG_FIRST = 5;
const LOG_EVERY = 1_000;

export class PacketProcessor {
  private readonly frameBuf = new Float64Array(FRAME_CELLS);

  constructor(private readonly d: ProcessorDeps) {}

  process(line: string, conn: Connection, arrivedMs: number): void {
    const { metrics } = this.d;
    const t0 = performance.now();
    const r = decodeSensorLine(line, conn.remoteIp, { into: this.frameBuf });
    const t1 = performance.now();
    if (!r.ok) {
      metrics.malformed(r.malformed);
      const n = metrics.malformedByReason.get(r.malformed);
      if (n <= LOG_FIRST || n % LOG_EVERY === 0) this.d.log.warn('malformed packet', { reason: r.reason, locId: r.locId, count: n, raw: line.slice(0, 80) });
      return;
    }
    const p = r.packet;
    if (this.d.auth.enabled && !this.authorised(p, conn)) return;
    if (p.locId !== conn.lastLocId) {
      conn.lastLocId = p.locId;
      this.d.onLocSeen(conn, p.locId);
    }
    const arrivedEpochMs = TIME_ORIGIN_MS + arrivedMs;
    this.d.devices.seen(p.locId, conn.remoteIp, p.kind, arrivedEpochMs);
    let outcome: FusionOutcome | null = null;
    let sentUs: number | null = null;
    switch (p.kind) {
      case 'frame': {
        const reading = this.d.thermal.analyse(p);
        this.d.baseline.update(p.locId, p.values, arrivedEpochMs);
        outcome = this.d.fusion.ingestThermal({ locId: p.locId, maxC: reading.maxC, hotCellCount: reading.hotCellCount, atMs: arrivedEpochMs });
        break;
      }
      case 'sensor':
        sentUs = p.sentUs;
        outcome = this.d.fusion.ingestSensor({ locId: p.locId, smokePct: p.smokePct, flamePct: p.flamePct, flameDigital: p.flameDigital, atMs: arrivedEpochMs, sentUs: p.sentUs });
        break;
      case 'eeprom':
        this.d.thermal.setEepromOffset(p.locId, p.offsetC);
        this.d.devices.eepromOffset(p.locId, conn.remoteIp, p.offsetC, arrivedEpochMs);
        break;
      case 'serialno':
        this.d.devices.serial(p.locId, conn.remoteIp, p.serial, arrivedEpochMs);
        break;
      case 'locid':
        break; // the original prints it and drops it: packets are stateless
    }
    const t2 = performance.now();
    metrics.packetReceived(p.locId, p.kind, t1 - t0);
    if (outcome) metrics.fusion(t2 - t1, outcome.result.alarm);
    metrics.processingLatency(p.kind, (t2 - arrivedMs) / 1000);
    if (sentUs !== null) metrics.sendToFusedLatency(p.kind, ((TIME_ORIGIN_MS + t2) * 1000 - sentUs) / 1e6);
  }

  private authorised(p: { kind: string; locId: string; token?: string | null }, conn: Connection): boolean {
    const authed = conn.authedLocs as Set<string>;
    if (p.kind === 'sensor') {
      if (this.d.auth.valid(p.locId, p.token ?? null)) {
        authed.add(p.locId);
        return true;
      }
    } else if (p.kind === 'serialno' || p.kind === 'locid' ? authed.size > 0 : authed.has(p.locId)) return true;
    this.d.metrics.rejected('auth-token');
    const n = this.d.metrics.rejectedByReason.get('auth-token');
    if (n <= LOG_FIRST || n % LOG_EVERY === 0) this.d.log.warn('packet rejected: no valid TOKEN for its loc_id on this connection', { kind: p.kind, locId: p.locId, remoteIp: conn.remoteIp, count: n });
    return false;
  }
}
