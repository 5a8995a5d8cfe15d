// The state the RTSP handlers, the pacer and the fault injector share: cameras by id, live sessions,
// connections and the server-wide counters reported by snapshot().
import type { ResolvedCameraServerOptions } from './camera-options.ts';
import type { LiveCamera } from './live-camera.ts';
import type { ClientConnection, RtspSession } from './rtsp-session.ts';
import type { UdpTransport } from './udp-transport.ts';

export interface RtspCounters {
  requests: number;
  responsesByStatus: Record<string, number>;
  connectionsOpened: number;
  sessionsCreated: number;
  sessionsTornDown: number;
  sessionsTimedOut: number;
  /** Connections closed because they held no session and sent nothing for the session timeout. */
  idleConnectionsClosed: number;
  /** Malformed requests that ended their connection with 400/413. */
  framingErrors: number;
  /** RTCP receiver reports and other interleaved data received from clients. */
  interleavedPacketsReceived: number;
}

export interface FaultCounters {
  stops: number;
  stalls: number;
  reconnectStorms: number;
  sessionsDroppedByStorm: number;
  sessionsEndedByStop: number;
  corruptWindows: number;
  truncateWindows: number;
  refuseSetupWindows: number;
  /** SETUP requests answered 503 because of refuse-setup. */
  setupRefusals: number;
  /** DESCRIBE/SETUP/PLAY requests answered 503 because the camera was stopped. */
  requestsRefusedWhileStopped: number;
}

export interface ServerState {
  readonly options: ResolvedCameraServerOptions;
  readonly cameras: ReadonlyMap<string, LiveCamera>;
  readonly sessions: Map<string, RtspSession>;
  readonly connections: Set<ClientConnection>;
  readonly rtsp: RtspCounters;
  readonly faults: FaultCounters;
  /** Present when UDP transport is enabled. */
  readonly udp: UdpTransport | undefined;
  nowMonoMs(): number;
  newSessionId(): string;
}

export function newRtspCounters(): RtspCounters {
  return { requests: 0, responsesByStatus: {}, connectionsOpened: 0, sessionsCreated: 0, sessionsTornDown: 0, sessionsTimedOut: 0, idleConnectionsClosed: 0, framingErrors: 0, interleavedPacketsReceived: 0 };
}

export function newFaultCounters(): FaultCounters {
  return { stops: 0, stalls: 0, reconnectStorms: 0, sessionsDroppedByStorm: 0, sessionsEndedByStop: 0, corruptWindows: 0, truncateWindows: 0, refuseSetupWindows: 0, setupRefusals: 0, requestsRefusedWhileStopped: 0 };
}

/** Remove a session everywhere it is referenced (camera, connection, server). */
export function endSession(state: ServerState, session: RtspSession): void {
  state.sessions.delete(session.id);
  state.cameras.get(session.cameraId)?.sessions.delete(session);
  session.connection.sessionIds.delete(session.id);
  if (session.channel >= 0) session.connection.channelsInUse.delete(session.channel);
}
