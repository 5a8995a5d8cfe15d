// One RTSP session (RFC 2326 §3.1): a client's SETUP of one camera on one TCP connection, with the
// interleaved channel its RTP travels on and its own counters.
import type { Socket } from 'node:net';
import type { UdpTarget } from './udp-transport.ts';

export interface ClientConnection {
  readonly id: number;
  readonly socket: Socket;
  /** Sessions created on this connection (closing the connection ends them). */
  readonly sessionIds: Set<string>;
  /** Interleaved channel pairs in use on this connection. */
  readonly channelsInUse: Set<number>;
  /** Last request or client RTCP on this connection (idle connections without sessions are closed). */
  lastActivityMonoMs: number;
}

export interface RtspSession {
  readonly id: string;
  readonly cameraId: string;
  readonly connection: ClientConnection;
  /** RTP interleaved channel (RTCP is channel + 1); -1 for a UDP session. */
  readonly channel: number;
  /** Set for RTP over UDP: where the packets go. */
  readonly udp?: UdpTarget;
  playing: boolean;
  /** True until a keyframe is written: a fresh client, after a stall, or after a backpressure drop. */
  awaitingKeyframe: boolean;
  /** True while frames are being skipped because of a backpressure drop (they count as dropped). */
  droppingForBackpressure: boolean;
  lastActivityMonoMs: number;
  framesSent: number;
  framesDropped: number;
  bytesSent: number;
}

/** Write a whole frame to a session's socket; returns bytes written (0 when the socket is gone). */
export function writeWhole(session: RtspSession, bytes: Buffer): number {
  const s = session.connection.socket;
  if (s.destroyed || !s.writable) return 0;
  s.write(bytes);
  return bytes.length;
}
