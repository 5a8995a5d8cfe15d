// A light RTSP-over-TCP client that decodes nothing: it does the handshake (DESCRIBE, SETUP with
// interleaved channels, PLAY), keeps reading interleaved RTP and counts it. The benchmark runs
// hundreds of these in a child process; tests use it to look at the exact bytes a client gets.
import { connect, type Socket } from 'node:net';
import { formatRtspRequest, readRtspResponse, sessionIdOf, type RtspResponse } from '../../protocol/rtsp.ts';
import type { InterleavedFrame } from '../../protocol/rtp.ts';

export interface LightClientOptions {
  /** Keep every received byte (for byte-exact checks in tests). Default false. */
  readonly captureBytes?: boolean;
  readonly onInterleaved?: (frame: InterleavedFrame, arrivalMonoMs: number) => void;
}

export class RtspLightClient {
  readonly socket: Socket;
  packetsReceived = 0;
  bytesReceived = 0;
  readonly captured: Buffer[] = [];
  private pending: Buffer = Buffer.alloc(0);
  private cseq = 0;
  private readonly waiting: Array<{ resolve: (r: RtspResponse) => void; reject: (e: Error) => void }> = [];
  private readonly o: LightClientOptions;
  private closedError: Error | undefined;

  private constructor(socket: Socket, o: LightClientOptions) {
    this.socket = socket;
    this.o = o;
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (err: Error): void => {
      this.closedError = err;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static connect(host: string, port: number, o: LightClientOptions = {}): Promise<RtspLightClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => {
        s.off('error', reject);
        resolve(new RtspLightClient(s, o));
      });
      s.once('error', reject);
    });
  }

  get closed(): boolean {
    return this.closedError !== undefined;
  }

  private onData(chunk: Buffer): void {
    this.bytesReceived += chunk.length;
    if (this.o.captureBytes) this.captured.push(chunk);
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const r = readRtspResponse(this.pending);
      if (r.kind === 'incomplete') break;
      if (r.kind === 'error') {
        this.socket.destroy(new Error(`bad data from server: ${r.detail}`));
        return;
      }
      this.pending = this.pending.subarray(r.usedBytes);
      if (r.kind === 'interleaved') {
        this.packetsReceived++;
        this.o.onInterleaved?.(r.frame, performance.now());
      } else this.waiting.shift()?.resolve(r.message);
    }
    if (this.pending.length > 0 && this.pending.byteOffset > 0) this.pending = Buffer.from(this.pending);
  }

  /** Send a request and wait for its response (responses arrive in order on one connection). */
  request(method: string, url: string, headers: ReadonlyArray<readonly [string, string]> = []): Promise<RtspResponse> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(formatRtspRequest(method, url, ++this.cseq, headers));
    });
  }

  /** DESCRIBE + SETUP (interleaved=channel..channel+1) + PLAY; returns the session id and responses. */
  async play(url: string, channel = 0): Promise<{ sessionId: string; describe: RtspResponse; setup: RtspResponse; play: RtspResponse }> {
    const describe = await this.request('DESCRIBE', url, [['Accept', 'application/sdp']]);
    if (describe.status !== 200) throw new Error(`DESCRIBE ${url} → ${describe.status}`);
    const base = describe.headers.get('content-base') ?? `${url}/`;
    const setup = await this.request('SETUP', `${base}trackID=0`, [['Transport', `RTP/AVP/TCP;unicast;interleaved=${channel}-${channel + 1}`]]);
    const sessionId = sessionIdOf(setup.headers.get('session'));
    if (setup.status !== 200 || sessionId === undefined) throw new Error(`SETUP ${url} → ${setup.status}`);
    const play = await this.request('PLAY', base, [['Session', sessionId], ['Range', 'npt=0.000-']]);
    if (play.status !== 200) throw new Error(`PLAY ${url} → ${play.status}`);
    return { sessionId, describe, setup, play };
  }

  close(): void {
    this.socket.destroy();
  }
}
