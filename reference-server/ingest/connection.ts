// Per-connection bookkeeping shared by the TCP listener and the packet processor. The original
// keys everything by client IP (a second connection from one IP loses PERIODIC_ON and its
// writer); here each connection is its own record.
import type { Socket } from 'node:net';
import type { LineSplitter } from './line-splitter.ts';

export interface Connection {
  readonly id: number;
  readonly remoteIp: string;
  readonly socket: Socket | null;
  readonly splitter: LineSplitter | null;
  /** loc_ids this connection authenticated for (auth on); null when auth is off. */
  readonly authedLocs: Set<string> | null;
  /** The loc_id of the last packet that decoded on this connection. */
  lastLocId: string | null;
}
