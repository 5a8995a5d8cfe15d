// Socket plumbing for one RTSP client: accumulate bytes, read requests and interleaved frames with
// the shared grammar, answer each request, end the connection's sessions when it closes.
import type { Socket } from 'node:net';
import { formatRtspResponse, readRtspRequest } from '../../protocol/rtsp.ts';
import { handleRequest } from './rtsp-methods.ts';
import type { ClientConnection } from './rtsp-session.ts';
import { endSession, type ServerState } from './server-state.ts';

let nextConnectionId = 1;

export function acceptConnection(state: ServerState, socket: Socket): ClientConnection {
  const conn: ClientConnection = { id: nextConnectionId++, socket, sessionIds: new Set(), channelsInUse: new Set(), lastActivityMonoMs: state.nowMonoMs() };
  state.connections.add(conn);
  state.rtsp.connectionsOpened++;
  socket.setNoDelay(true);
  let pending: Buffer = Buffer.alloc(0);
  let closing = false;

  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    conn.lastActivityMonoMs = state.nowMonoMs();
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    for (;;) {
      const r = readRtspRequest(pending);
      if (r.kind === 'incomplete') break;
      if (r.kind === 'error') {
        state.rtsp.framingErrors++;
        const key = String(r.status);
        state.rtsp.responsesByStatus[key] = (state.rtsp.responsesByStatus[key] ?? 0) + 1;
        socket.end(formatRtspResponse(r.status, undefined, [['Connection', 'close']]));
        pending = Buffer.alloc(0);
        closing = true;
        return;
      }
      pending = pending.subarray(r.usedBytes);
      if (r.kind === 'interleaved') {
        // Client RTCP (receiver reports) on channel n+1 is the keep-alive of session n.
        state.rtsp.interleavedPacketsReceived++;
        for (const id of conn.sessionIds) {
          const s = state.sessions.get(id);
          if (s && (r.frame.channel === s.channel + 1 || r.frame.channel === s.channel)) s.lastActivityMonoMs = state.nowMonoMs();
        }
        continue;
      }
      if (!socket.destroyed) socket.write(handleRequest(state, conn, r.message));
    }
    // Do not keep a large slice of a huge chunk alive.
    if (pending.length > 0 && pending.byteOffset > 0) pending = Buffer.from(pending);
  });
  socket.on('error', () => {
    // ECONNRESET from clients that vanish is normal for cameras; 'close' follows and cleans up.
  });
  socket.on('close', () => {
    for (const id of [...conn.sessionIds]) {
      const s = state.sessions.get(id);
      if (s) endSession(state, s);
    }
    state.connections.delete(conn);
  });
  return conn;
}

/** Close a connection and end its sessions now (faults and timeouts). */
export function dropConnection(state: ServerState, conn: ClientConnection): number {
  let ended = 0;
  for (const id of [...conn.sessionIds]) {
    const s = state.sessions.get(id);
    if (s) {
      endSession(state, s);
      ended++;
    }
  }
  state.connections.delete(conn);
  conn.socket.destroy();
  return ended;
}
