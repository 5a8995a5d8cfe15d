// The reference server's configuration: its shape and defaults. Validation lives in config.ts;
// everything else receives a frozen, fully defaulted ServerConfig and never re-checks it.

export interface IngestConfig {
  /** Slots of the bounded ingest queue (the original's asyncio.Queue maxsize). */
  readonly queueCapacity: number;
  /** From this fill ratio on, each new packet drops the oldest one (risks seed: 80 %). */
  readonly dropOldestFromRatio: number;
  /** A line longer than this closes the connection (the original's 64 KiB StreamReader limit). */
  readonly maxLineBytes: number;
  /** Close a connection silent for this long; 0 = never (the original has no idle timeout). */
  readonly idleTimeoutMs: number;
  /** Send `PERIODIC_ON` (no newline) on every new connection, as the original async server does. */
  readonly periodicOnConnect: boolean;
  /** Most packets processed per event-loop turn before yielding to socket I/O (not a delay). */
  readonly maxBatchPerTurn: number;
  /** Once this many packets are queued, process them inside the read callback (see tcp-listener.ts). */
  readonly inlineProcessFrom: number;
}

export interface SecurityConfig {
  /** Per-location tokens: a `#Sensor` line of that loc must carry `TOKEN=<token>`. */
  readonly authTokens?: Readonly<Record<string, string>>;
  /** One token for every device (used when a loc has no entry in authTokens). */
  readonly sharedToken?: string;
  /** Accept TCP connections only from these IPv4 CIDRs (e.g. `10.0.0.0/8`). */
  readonly cidrAllowlist?: readonly string[];
}

export interface ThermalConfig {
  /** Use the frame tail's word 0 as offset when no EEPROM1 reply is known (original: thermal_use_eeprom). */
  readonly useEmbeddedTailOffset: boolean;
  /** stream_config.json thermal_calibration.offset; the last resort offset (°C). */
  readonly calibrationOffsetC: number;
  /** Baseline manager: mean |frame − baseline| / 255 above this starts a candidate (original 0.15). */
  readonly baselineDiffRatio: number;
  /** A candidate that persists this long becomes ready for approval (original 10 s). */
  readonly baselineCandidatePersistMs: number;
  /** A ready candidate nobody approves or rejects is discarded after this long. */
  readonly baselineCandidateTimeoutMs: number;
}

export interface FusionConfig {
  /** Evidence from different packets of one location correlates while it is this recent. */
  readonly windowMs: number;
  readonly tempThresholdC: number;
  readonly criticalTempC: number;
  readonly smokePct: number;
  readonly flamePct: number;
  readonly gasPpm: number;
  readonly visionScore: number;
  /** An open alert with no new evidence for this long is closed. */
  readonly quietCloseMs: number;
  /** An open alert is re-announced (alert-updated) at most this often. */
  readonly updateIntervalMs: number;
  /** Alert-flood trigger: open rate over the short window > factor × baseline rate → debounce on. */
  readonly floodFactor: number;
  readonly floodWindowMs: number;
  readonly floodBaselineWindowMs: number;
  /** Baseline floor (alerts/s) so a quiet system does not flag its first few alerts as a flood. */
  readonly floodMinBaselinePerS: number;
  /** While debouncing, a cause must keep firing this long before its alert opens. */
  readonly debounceMs: number;
  /** Locations tracked at once; the least recently seen is forgotten beyond this. */
  readonly maxLocations: number;
}

/** A camera stream as in the original stream_config.json (validated by ingest/cameras/stream-config.ts). */
export interface StreamConfig {
  readonly id: string;
  readonly loc_id: string;
  readonly url: string;
  readonly fps?: number;
  readonly name?: string;
  readonly group?: string;
}

export interface ServerConfig {
  readonly host: string;
  readonly tcpPort: number;
  readonly httpPort: number;
  readonly wsPort: number;
  /** Directory of the SQLite alert store (created if missing). */
  readonly dataDir: string;
  /** Names this node in alerts (scale-out). */
  readonly nodeId: string;
  readonly ingest: IngestConfig;
  readonly security: SecurityConfig;
  readonly thermal: ThermalConfig;
  readonly fusion: FusionConfig;
  /** Distinct location_id label values before the rest fold into `other`. */
  readonly maxLocationLabels: number;
  /** Camera streams; validated here as data, consumed by the camera ingest plug-in. */
  readonly streams: readonly StreamConfig[];
}

export const DEFAULT_CONFIG: ServerConfig = {
  host: '127.0.0.1',
  tcpPort: 9001,
  httpPort: 9090,
  wsPort: 8765,
  dataDir: '.emberload/server-data',
  nodeId: 'node-1',
  ingest: {
    queueCapacity: 10_000,
    dropOldestFromRatio: 0.8,
    maxLineBytes: 65_536,
    idleTimeoutMs: 0,
    periodicOnConnect: true,
    maxBatchPerTurn: 2_000,
    inlineProcessFrom: 1,
  },
  security: {},
  thermal: {
    useEmbeddedTailOffset: true,
    calibrationOffsetC: 0,
    baselineDiffRatio: 0.15,
    baselineCandidatePersistMs: 10_000,
    baselineCandidateTimeoutMs: 600_000,
  },
  fusion: {
    windowMs: 5_000,
    tempThresholdC: 40,
    criticalTempC: 60,
    smokePct: 25,
    flamePct: 25,
    gasPpm: 400,
    visionScore: 0.7,
    quietCloseMs: 30_000,
    updateIntervalMs: 1_000,
    floodFactor: 3,
    floodWindowMs: 10_000,
    floodBaselineWindowMs: 600_000,
    floodMinBaselinePerS: 1,
    debounceMs: 1_000,
    maxLocations: 100_000,
  },
  maxLocationLabels: 10_000,
  streams: [],
};
