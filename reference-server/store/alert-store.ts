// Durable alert store on SQLite (better-sqlite3): WAL journal, synchronous=FULL so a commit is on
// disk before it returns. Callers acknowledge an alert (publish it on the live stream) only after
// commit() returns, so every alert a client ever saw survives a kill -9.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Alert, AlertCause, AlertLevel, DetectionSource } from '../../protocol/alert.ts';
import { EmberError } from '../../protocol/errors.ts';
import type { AlertChange } from '../fuse/alert-tracker.ts';
import { MIGRATIONS } from './migrations.ts';

export interface AlertQuery {
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly locId?: string;
  readonly level?: AlertLevel;
  readonly limit: number;
  readonly offset: number;
}

export interface StoredAlert extends Alert {
  readonly closedMs?: number;
}

export interface DeviceRecord {
  readonly locId: string;
  readonly clientIp: string | null;
  readonly serial: string | null;
  readonly firstSeenMs: number;
  readonly lastSeenMs: number;
  readonly packets: number;
  readonly frames: number;
  readonly sensorLines: number;
  readonly eepromOffsetC: number | null;
}

interface AlertRow {
  id: string;
  loc_id: string;
  cause: string;
  level: string;
  reason: string;
  confidence: number;
  sources: string;
  first_seen_ms: number;
  committed_ms: number;
  last_seen_ms: number;
  update_count: number;
  closed_ms: number | null;
  source_sent_us: number | null;
  camera_id: string | null;
  thermal_max_c: number | null;
  node_id: string | null;
}

export const STORE_FILE = 'emberload-server.sqlite';

export class AlertStore {
  private readonly db: Database.Database;
  private readonly upsertAlert: Database.Statement;
  private readonly upsertDevice: Database.Statement;
  private readonly commitTx: (changes: readonly AlertChange[], nowMs: number) => StoredAlert[];

  private constructor(path: string, private readonly nodeId: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 2000');
    this.migrate();
    this.upsertAlert = this.db.prepare(
      `INSERT INTO alerts (id, loc_id, cause, level, reason, confidence, sources, first_seen_ms, committed_ms, last_seen_ms, update_count, closed_ms, source_sent_us, camera_id, thermal_max_c, node_id)
       VALUES (@id, @loc_id, @cause, @level, @reason, @confidence, @sources, @first_seen_ms, @committed_ms, @last_seen_ms, @update_count, @closed_ms, @source_sent_us, @camera_id, @thermal_max_c, @node_id)
       ON CONFLICT(id) DO UPDATE SET level = excluded.level, reason = excluded.reason, confidence = excluded.confidence, sources = excluded.sources,
         last_seen_ms = excluded.last_seen_ms, update_count = excluded.update_count, closed_ms = excluded.closed_ms, thermal_max_c = excluded.thermal_max_c
       RETURNING committed_ms`,
    );
    this.upsertDevice = this.db.prepare(
      `INSERT INTO devices (loc_id, client_ip, serial, first_seen_ms, last_seen_ms, packets, frames, sensor_lines, eeprom_offset_c)
       VALUES (@locId, @clientIp, @serial, @firstSeenMs, @lastSeenMs, @packets, @frames, @sensorLines, @eepromOffsetC)
       ON CONFLICT(loc_id) DO UPDATE SET client_ip = excluded.client_ip, serial = COALESCE(excluded.serial, devices.serial), last_seen_ms = excluded.last_seen_ms,
         packets = excluded.packets, frames = excluded.frames, sensor_lines = excluded.sensor_lines, eeprom_offset_c = COALESCE(excluded.eeprom_offset_c, devices.eeprom_offset_c)`,
    );
    this.commitTx = this.db.transaction((changes: readonly AlertChange[], nowMs: number) => {
      const out: StoredAlert[] = [];
      for (const c of changes) {
        const a = c.alert;
        const row = {
          id: a.id,
          loc_id: a.locId,
          cause: a.cause,
          level: a.level,
          reason: a.reason,
          confidence: a.confidence,
          sources: JSON.stringify(a.sources),
          first_seen_ms: a.firstSeenMs,
          committed_ms: nowMs,
          last_seen_ms: a.lastSeenMs,
          update_count: a.updateCount,
          closed_ms: a.closedMs ?? null,
          source_sent_us: a.sourceSentUs ?? null,
          camera_id: a.cameraId ?? null,
          thermal_max_c: a.thermalMaxC ?? null,
          node_id: this.nodeId,
        };
        const r = this.upsertAlert.get(row) as { committed_ms: number };
        out.push(fromRow({ ...row, committed_ms: r.committed_ms }));
      }
      return out;
    });
  }

  /** Open (creating dataDir) or throw EMBER_ERR_SERVER_STORE_OPEN_FAILED naming the path. */
  static open(dataDir: string, nodeId: string): AlertStore {
    const path = join(dataDir, STORE_FILE);
    try {
      mkdirSync(dataDir, { recursive: true });
      return new AlertStore(path, nodeId);
    } catch (err) {
      throw new EmberError('EMBER_ERR_SERVER_STORE_OPEN_FAILED', (err as Error).message, [{ path: 'dataDir', rule: 'must be a writable directory', received: dataDir }], { cause: err });
    }
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v] as string);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
  }

  /** Commit a batch of alert changes in ONE durable transaction; returns them as acknowledged alerts. */
  commit(changes: readonly AlertChange[], nowMs: number): StoredAlert[] {
    return this.commitTx(changes, nowMs);
  }

  /** Alerts left open by a previous process are closed at startup (their evidence is gone). */
  closeLeftOpen(nowMs: number): number {
    return this.db.prepare('UPDATE alerts SET closed_ms = ? WHERE closed_ms IS NULL').run(nowMs).changes;
  }

  list(q: AlertQuery): { alerts: StoredAlert[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.fromMs !== undefined) (where.push('first_seen_ms >= @fromMs'), (params.fromMs = q.fromMs));
    if (q.toMs !== undefined) (where.push('first_seen_ms <= @toMs'), (params.toMs = q.toMs));
    if (q.locId !== undefined) (where.push('loc_id = @locId'), (params.locId = q.locId));
    if (q.level !== undefined) (where.push('level = @level'), (params.level = q.level));
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const total = (this.db.prepare(`SELECT COUNT(*) AS n FROM alerts ${clause}`).get(params) as { n: number }).n;
    const rows = this.db.prepare(`SELECT * FROM alerts ${clause} ORDER BY seq DESC LIMIT @limit OFFSET @offset`).all({ ...params, limit: q.limit, offset: q.offset }) as AlertRow[];
    return { alerts: rows.map(fromRow), total };
  }

  get(id: string): StoredAlert | undefined {
    const row = this.db.prepare('SELECT * FROM alerts WHERE id = ?').get(id) as AlertRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  saveDevices(devices: readonly DeviceRecord[]): void {
    if (devices.length === 0) return;
    this.db.transaction(() => {
      for (const d of devices) this.upsertDevice.run(d);
    })();
  }

  listDevices(limit: number, offset: number): { devices: DeviceRecord[]; total: number } {
    const total = (this.db.prepare('SELECT COUNT(*) AS n FROM devices').get() as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT loc_id AS locId, client_ip AS clientIp, serial, first_seen_ms AS firstSeenMs, last_seen_ms AS lastSeenMs, packets, frames, sensor_lines AS sensorLines, eeprom_offset_c AS eepromOffsetC FROM devices ORDER BY last_seen_ms DESC LIMIT ? OFFSET ?`)
      .all(limit, offset) as DeviceRecord[];
    return { devices: rows, total };
  }

  isOpen(): boolean {
    return this.db.open;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function fromRow(r: AlertRow): StoredAlert {
  const a: Record<string, unknown> = {
    id: r.id,
    locId: r.loc_id,
    cause: r.cause as AlertCause,
    level: r.level as AlertLevel,
    reason: r.reason,
    confidence: r.confidence,
    sources: JSON.parse(r.sources) as DetectionSource[],
    firstSeenMs: r.first_seen_ms,
    committedMs: r.committed_ms,
    lastSeenMs: r.last_seen_ms,
    updateCount: r.update_count,
  };
  if (r.source_sent_us !== null) a.sourceSentUs = r.source_sent_us;
  if (r.camera_id !== null) a.cameraId = r.camera_id;
  if (r.thermal_max_c !== null) a.thermalMaxC = r.thermal_max_c;
  if (r.node_id !== null) a.nodeId = r.node_id;
  if (r.closed_ms !== null) a.closedMs = r.closed_ms;
  return a as unknown as StoredAlert;
}
