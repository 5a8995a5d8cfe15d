// What a fleet reports: cumulative counters, lateness percentiles (ms, from the µs HDR histogram)
// and the encoded histogram for raw result files.
import type { InjectedIncident } from '../../protocol/alert.ts';
import type { LatencySummaryMs } from '../core/hdr-recorder.ts';
import type { OpenModelScheduler } from '../core/open-model-scheduler.ts';
import { mapToRecord, type FleetCounters } from './fleet-counters.ts';

export interface SensorFleetSnapshot {
  /** Since the schedule started. */
  readonly elapsedMs: number;
  readonly devices: number;
  readonly activeDevices: number;
  readonly connectedDevices: number;
  readonly streamingDevices: number;
  readonly rateMultiplier: number;
  readonly sent: {
    /** Scheduled sends that went out (each = frame if due + sensor line, or one malformed line). */
    readonly ticks: number;
    readonly frames: number;
    readonly sensorLines: number;
    readonly malformed: number;
    readonly eepromReplies: number;
    readonly requestReplies: number;
    readonly greetings: number;
    readonly bytes: number;
  };
  /** Every intended send = ticks sent + dropped + notConnected + blocked. */
  readonly intended: number;
  readonly late: number;
  readonly dropped: number;
  readonly notConnected: number;
  readonly blocked: number;
  readonly reconnects: number;
  readonly connectErrors: number;
  readonly disconnects: number;
  readonly errorsByKind: Readonly<Record<string, number>>;
  readonly faultsInjected: Readonly<Record<string, number>>;
  readonly commandsReceived: Readonly<Record<string, number>>;
  /** Send lateness (actual − intended), from an HDR histogram in µs; `toleranceMs` defines `late`. */
  readonly lateness: LatencySummaryMs & { readonly toleranceMs: number };
  /** HdrRecorder.encode() of the lateness histogram (µs). */
  readonly latenessHistogram: string;
}

export interface SensorFleetReport extends SensorFleetSnapshot {
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly injectedIncidents: readonly InjectedIncident[];
}

export function buildSnapshot(c: FleetCounters, scheduler: OpenModelScheduler, devices: number, elapsedMs: number): SensorFleetSnapshot {
  const s = scheduler.counters();
  return {
    elapsedMs: Math.max(0, elapsedMs),
    devices,
    activeDevices: s.activeDevices,
    connectedDevices: c.connected,
    streamingDevices: c.streaming,
    rateMultiplier: s.rateMultiplier,
    sent: { ticks: s.sent, frames: c.framesSent, sensorLines: c.sensorLinesSent, malformed: c.malformedSent, eepromReplies: c.eepromReplies, requestReplies: c.requestReplies, greetings: c.greetingsSent, bytes: c.bytesSent },
    intended: s.intended,
    late: s.late,
    dropped: s.dropped,
    notConnected: s.notConnected,
    blocked: s.blocked,
    reconnects: c.reconnects,
    connectErrors: c.connectErrors,
    disconnects: c.disconnects,
    errorsByKind: mapToRecord(c.errorsByKind),
    faultsInjected: mapToRecord(c.faultsInjected),
    commandsReceived: mapToRecord(c.commandsReceived),
    lateness: { ...scheduler.lateness.summary(), toleranceMs: scheduler.lateToleranceMs },
    latenessHistogram: scheduler.lateness.encode(),
  };
}
