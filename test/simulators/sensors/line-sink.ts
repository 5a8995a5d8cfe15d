// A test stand-in for a server's TCP side: accepts devices on 127.0.0.1:0, greets them like one of
// the original servers, splits what arrives on '\n' and classifies each line with the protocol
// decoder. Used by the sensor e2e tests; not a test file itself.
import { createServer, type Server, type Socket } from 'node:net';
import { decodeSensorLine, type DecodeResult } from '../../../protocol/sensor-packets.ts';

export type Greeting = 'async-original' | 'threaded-original' | 'silent';

export interface ReceivedLine {
  readonly conn: number;
  readonly atMs: number;
  /** When the line's first byte arrived (performance.now()); < atMs when it came in pieces. */
  readonly firstByteMs: number;
  readonly text: string;
  readonly result: DecodeResult;
}

export interface SinkConnection {
  readonly id: number;
  readonly remoteAddress: string;
  readonly acceptedMs: number;
  readonly socket: Socket;
  /** 'data' events (segments as read) and the bytes of each. */
  readonly chunkSizes: number[];
  readonly chunkTimesMs: number[];
}

export class LineSink {
  readonly lines: ReceivedLine[] = [];
  readonly connections: SinkConnection[] = [];
  readonly byKind = new Map<string, number>();
  overLongLines = 0;
  private server: Server | undefined;
  private readonly greeting: Greeting;
  private readonly maxLineBytes: number;

  constructor(greeting: Greeting = 'async-original', maxLineBytes = 64 * 1024) {
    this.greeting = greeting;
    this.maxLineBytes = maxLineBytes;
  }

  async listen(): Promise<number> {
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as { port: number }).port;
  }

  count(kind: string): number {
    return this.byKind.get(kind) ?? 0;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket): void {
    const conn: SinkConnection = { id: this.connections.length, remoteAddress: socket.remoteAddress ?? '', acceptedMs: performance.now(), socket, chunkSizes: [], chunkTimesMs: [] };
    this.connections.push(conn);
    socket.on('error', () => {});
    if (this.greeting === 'async-original') socket.write('PERIODIC_ON'); // no newline, as the original
    if (this.greeting === 'threaded-original') setTimeout(() => !socket.destroyed && socket.write('PERIOD_ON\n'), 100);
    let pending: Buffer = Buffer.alloc(0);
    let firstByteMs = 0;
    socket.on('data', (chunk: Buffer) => {
      const now = performance.now();
      conn.chunkSizes.push(chunk.length);
      conn.chunkTimesMs.push(now);
      if (pending.length === 0) firstByteMs = now;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let nl: number;
      while ((nl = pending.indexOf(10)) !== -1) {
        if (nl > this.maxLineBytes) break; // over-long even though complete: handled below
        const text = pending.subarray(0, nl).toString('utf8').trim();
        pending = pending.subarray(nl + 1);
        if (text !== '') this.record(conn.id, text, firstByteMs);
        firstByteMs = now;
      }
      const nlAt = pending.indexOf(10);
      if (nlAt > this.maxLineBytes || (nlAt === -1 && pending.length > this.maxLineBytes)) {
        // Like the original's StreamReader limit: log and close the connection.
        this.overLongLines++;
        this.bump('over-long-line');
        socket.destroy();
      }
    });
  }

  private record(conn: number, text: string, firstByteMs: number): void {
    const result = decodeSensorLine(text, '127.0.0.1');
    this.bump(result.ok ? result.packet.kind : `bad:${result.malformed}`);
    this.lines.push({ conn, atMs: performance.now(), firstByteMs, text: text.length > 200 ? text.slice(0, 200) : text, result });
  }

  private bump(kind: string): void {
    this.byKind.set(kind, (this.byKind.get(kind) ?? 0) + 1);
  }
}
