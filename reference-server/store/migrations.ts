// Schema of the durable alert store, as ordered migrations tracked in PRAGMA user_version.
// The alert table is NEW in emberload (the original persists no alerts, reference §7); the devices
// table is our per-location device registry (the original's pfds_devices is operator-managed).
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE devices (
     loc_id          TEXT PRIMARY KEY,
     client_ip       TEXT,
     serial          TEXT,
     first_seen_ms   INTEGER NOT NULL,
     last_seen_ms    INTEGER NOT NULL,
     packets         INTEGER NOT NULL DEFAULT 0,
     frames          INTEGER NOT NULL DEFAULT 0,
     sensor_lines    INTEGER NOT NULL DEFAULT 0,
     eeprom_offset_c REAL
   );
   CREATE TABLE alerts (
     seq             INTEGER PRIMARY KEY AUTOINCREMENT,
     id              TEXT NOT NULL UNIQUE,
     loc_id          TEXT NOT NULL,
     cause           TEXT NOT NULL,
     level           TEXT NOT NULL CHECK (level IN ('info','warning','critical')),
     reason          TEXT NOT NULL,
     confidence      REAL NOT NULL,
     sources         TEXT NOT NULL,
     first_seen_ms   INTEGER NOT NULL,
     committed_ms    INTEGER NOT NULL,
     last_seen_ms    INTEGER NOT NULL,
     update_count    INTEGER NOT NULL DEFAULT 0,
     closed_ms       INTEGER,
     source_sent_us  INTEGER,
     camera_id       TEXT,
     thermal_max_c   REAL,
     node_id         TEXT
   );
   CREATE INDEX alerts_by_time ON alerts (first_seen_ms);
   CREATE INDEX alerts_by_loc ON alerts (loc_id, first_seen_ms);`,
];
