// Cumulative counters of a sensor fleet. Plain numbers and small maps, bumped on the hot path;
// keyed maps stay bounded (error codes, fault kinds, command words are small fixed sets).
export class FleetCounters {
  framesSent = 0;
  sensorLinesSent = 0;
  eepromReplies = 0;
  requestReplies = 0;
  greetingsSent = 0;
  malformedSent = 0;
  bytesSent = 0;
  connectAttempts = 0;
  connects = 0;
  /** Connections re-established after one was lost (the first connect of a device is not counted). */
  reconnects = 0;
  connectErrors = 0;
  disconnects = 0;
  connected = 0;
  streaming = 0;
  readonly errorsByKind = new Map<string, number>();
  readonly faultsInjected = new Map<string, number>();
  readonly commandsReceived = new Map<string, number>();

  bump(map: Map<string, number>, key: string, by = 1): void {
    map.set(key, (map.get(key) ?? 0) + by);
  }
}

export function mapToRecord(map: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...map.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
