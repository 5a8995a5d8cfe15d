// RTSP 1.0 message grammar (RFC 2326 §4, §6, §7, §12) as pure functions: read one request, response or
// interleaved binary frame from the front of a byte buffer, format messages, parse Transport and
// Session headers. Servers and clients in emberload share it so both ends agree on the grammar.
import { INTERLEAVED_MAGIC, readInterleavedFrame, type InterleavedFrame } from './rtp.ts';

export const RTSP_VERSION = 'RTSP/1.0';
/** Largest header block we accept; RFC 2326 sets no limit, this bounds memory per connection. */
export const MAX_RTSP_HEADER_BYTES = 16 * 1024;
export const MAX_RTSP_BODY_BYTES = 64 * 1024;

export const RTSP_METHODS = ['OPTIONS', 'DESCRIBE', 'SETUP', 'PLAY', 'PAUSE', 'TEARDOWN', 'GET_PARAMETER', 'SET_PARAMETER', 'ANNOUNCE', 'RECORD', 'REDIRECT'] as const;

/** RFC 2326 §7.1.1 reason phrases of the codes emberload sends. */
export const RTSP_REASON: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  413: 'Request Entity Too Large',
  454: 'Session Not Found',
  455: 'Method Not Valid in This State',
  459: 'Aggregate Operation Not Allowed',
  461: 'Unsupported Transport',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'RTSP Version Not Supported',
};

export interface RtspRequest {
  readonly method: string;
  readonly uri: string;
  readonly version: string;
  /** Header names lower-cased; a repeated header keeps its last value. */
  readonly headers: ReadonlyMap<string, string>;
  /** CSeq as given, or undefined when absent (a 400 per §12.17). */
  readonly cseq: string | undefined;
  readonly body: Buffer;
}

export interface RtspResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

export type RtspReadResult<M> =
  | { readonly kind: 'message'; readonly message: M; readonly usedBytes: number }
  | { readonly kind: 'interleaved'; readonly frame: InterleavedFrame; readonly usedBytes: number }
  | { readonly kind: 'incomplete' }
  /** Unrecoverable framing error: the connection must answer `status` and close. */
  | { readonly kind: 'error'; readonly status: number; readonly detail: string };

interface Head {
  readonly startLine: string;
  readonly headers: Map<string, string>;
  readonly bodyStart: number;
}

function readHead(data: Buffer): Head | 'incomplete' | { error: number; detail: string } {
  const end = data.indexOf('\r\n\r\n');
  if (end === -1) {
    // Some clients end lines with bare LF; accept that form too (RFC 2326 §4 allows CR, LF or CRLF).
    const lfEnd = data.indexOf('\n\n');
    if (lfEnd === -1) return data.length > MAX_RTSP_HEADER_BYTES ? { error: 413, detail: `header block over ${MAX_RTSP_HEADER_BYTES} bytes` } : 'incomplete';
    return parseHeadText(data.toString('latin1', 0, lfEnd), lfEnd + 2);
  }
  if (end > MAX_RTSP_HEADER_BYTES) return { error: 413, detail: `header block over ${MAX_RTSP_HEADER_BYTES} bytes` };
  return parseHeadText(data.toString('latin1', 0, end), end + 4);
}

function parseHeadText(text: string, bodyStart: number): Head | { error: number; detail: string } {
  const lines = text.split(/\r?\n/);
  const startLine = lines.shift() ?? '';
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      headers.set(last, `${headers.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) return { error: 400, detail: `malformed header line ${JSON.stringify(line.slice(0, 80))}` };
    last = line.slice(0, colon).trim().toLowerCase();
    headers.set(last, line.slice(colon + 1).trim());
  }
  return { startLine, headers, bodyStart };
}

function readBody(data: Buffer, head: Head): { body: Buffer; usedBytes: number } | 'incomplete' | { error: number; detail: string } {
  const lengthText = head.headers.get('content-length');
  const length = lengthText === undefined ? 0 : Number(lengthText);
  if (!Number.isInteger(length) || length < 0) return { error: 400, detail: `Content-Length ${JSON.stringify(lengthText)} is not a non-negative integer` };
  if (length > MAX_RTSP_BODY_BYTES) return { error: 413, detail: `body of ${length} bytes over ${MAX_RTSP_BODY_BYTES}` };
  if (data.length < head.bodyStart + length) return 'incomplete';
  return { body: data.subarray(head.bodyStart, head.bodyStart + length), usedBytes: head.bodyStart + length };
}

/** Read the next request (or interleaved frame) from the front of `data`. */
export function readRtspRequest(data: Buffer): RtspReadResult<RtspRequest> {
  if (data.length === 0) return { kind: 'incomplete' };
  if (data[0] === INTERLEAVED_MAGIC) {
    const r = readInterleavedFrame(data);
    return r ? { kind: 'interleaved', frame: r.frame, usedBytes: r.usedBytes } : { kind: 'incomplete' };
  }
  const head = readHead(data);
  if (head === 'incomplete') return { kind: 'incomplete' };
  if ('error' in head) return { kind: 'error', status: head.error, detail: head.detail };
  const parts = head.startLine.split(' ');
  if (parts.length !== 3 || !/^[A-Z_]+$/.test(parts[0] ?? '') || !(parts[2] ?? '').startsWith('RTSP/')) {
    return { kind: 'error', status: 400, detail: `malformed request line ${JSON.stringify(head.startLine.slice(0, 120))}` };
  }
  const body = readBody(data, head);
  if (body === 'incomplete') return { kind: 'incomplete' };
  if ('error' in body) return { kind: 'error', status: body.error, detail: body.detail };
  const [method, uri, version] = parts as [string, string, string];
  return {
    kind: 'message',
    message: { method, uri, version, headers: head.headers, cseq: head.headers.get('cseq'), body: body.body },
    usedBytes: body.usedBytes,
  };
}

/** Read the next response (or interleaved frame) from the front of `data` (client side). */
export function readRtspResponse(data: Buffer): RtspReadResult<RtspResponse> {
  if (data.length === 0) return { kind: 'incomplete' };
  if (data[0] === INTERLEAVED_MAGIC) {
    const r = readInterleavedFrame(data);
    return r ? { kind: 'interleaved', frame: r.frame, usedBytes: r.usedBytes } : { kind: 'incomplete' };
  }
  const head = readHead(data);
  if (head === 'incomplete') return { kind: 'incomplete' };
  if ('error' in head) return { kind: 'error', status: head.error, detail: head.detail };
  const m = /^RTSP\/\d\.\d (\d{3}) ?(.*)$/.exec(head.startLine);
  if (!m) return { kind: 'error', status: 400, detail: `malformed status line ${JSON.stringify(head.startLine.slice(0, 120))}` };
  const body = readBody(data, head);
  if (body === 'incomplete') return { kind: 'incomplete' };
  if ('error' in body) return { kind: 'error', status: body.error, detail: body.detail };
  return { kind: 'message', message: { status: Number(m[1]), reason: m[2] ?? '', headers: head.headers, body: body.body }, usedBytes: body.usedBytes };
}

function formatHeaders(headers: Iterable<readonly [string, string]>, bodyLength: number): string {
  let out = '';
  for (const [k, v] of headers) {
    if (/[\r\n]/.test(k) || /[\r\n]/.test(v)) throw new RangeError(`header ${k} contains a line break`);
    out += `${k}: ${v}\r\n`;
  }
  if (bodyLength > 0) out += `Content-Length: ${bodyLength}\r\n`;
  return out;
}

/** Serialise a response; CSeq goes first as most servers do, Content-Length is added for a body. */
export function formatRtspResponse(status: number, cseq: string | undefined, headers: ReadonlyArray<readonly [string, string]> = [], body: string | Buffer = ''): Buffer {
  const bodyBytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const all: Array<readonly [string, string]> = cseq === undefined ? [...headers] : [['CSeq', cseq], ...headers];
  const head = `${RTSP_VERSION} ${status} ${RTSP_REASON[status] ?? 'Unknown'}\r\n${formatHeaders(all, bodyBytes.length)}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bodyBytes]);
}

export function formatRtspRequest(method: string, uri: string, cseq: number, headers: ReadonlyArray<readonly [string, string]> = [], body = ''): Buffer {
  const bodyBytes = Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`${method} ${uri} ${RTSP_VERSION}\r\n${formatHeaders([['CSeq', String(cseq)], ...headers], bodyBytes.length)}\r\n`, 'latin1'), bodyBytes]);
}

export type LowerTransport = 'TCP' | 'UDP';

export interface TransportSpec {
  /** `RTP/AVP` (UDP implied), `RTP/AVP/TCP` or `RTP/AVP/UDP`. */
  readonly protocol: string;
  readonly lowerTransport: LowerTransport;
  readonly multicast: boolean;
  readonly interleaved?: readonly [number, number];
  readonly clientPort?: readonly [number, number];
  readonly mode?: string;
}

function parseRange(text: string | undefined, max: number): [number, number] | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const a = Number(m[1]);
  const b = m[2] === undefined ? a + 1 : Number(m[2]);
  return a <= max && b <= max ? [a, b] : undefined;
}

/** RFC 2326 §12.39: a comma-separated list of transport alternatives in order of preference. */
export function parseTransportHeader(value: string): TransportSpec[] {
  const out: TransportSpec[] = [];
  for (const alt of value.split(',')) {
    const [protocol = '', ...params] = alt.trim().split(';');
    const upper = protocol.trim().toUpperCase();
    if (!upper.startsWith('RTP/AVP')) continue;
    const lower: LowerTransport = upper.endsWith('/TCP') ? 'TCP' : 'UDP';
    let multicast = false;
    let interleaved: [number, number] | undefined;
    let clientPort: [number, number] | undefined;
    let mode: string | undefined;
    for (const p of params) {
      const [k = '', v] = p.split('=');
      const key = k.trim().toLowerCase();
      if (key === 'multicast') multicast = true;
      else if (key === 'interleaved') interleaved = parseRange(v, 255);
      else if (key === 'client_port') clientPort = parseRange(v, 65535);
      else if (key === 'mode') mode = v?.replace(/"/g, '').trim().toUpperCase();
    }
    out.push({
      protocol: upper,
      lowerTransport: lower,
      multicast,
      ...(interleaved ? { interleaved } : {}),
      ...(clientPort ? { clientPort } : {}),
      ...(mode !== undefined ? { mode } : {}),
    });
  }
  return out;
}

export function formatTransportHeader(t: { interleaved: readonly [number, number]; ssrc?: number }): string {
  const ssrc = t.ssrc === undefined ? '' : `;ssrc=${(t.ssrc >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  return `RTP/AVP/TCP;unicast;interleaved=${t.interleaved[0]}-${t.interleaved[1]}${ssrc};mode=play`;
}

export function formatUdpTransportHeader(t: { clientPort: readonly [number, number]; serverPort: readonly [number, number]; ssrc?: number }): string {
  const ssrc = t.ssrc === undefined ? '' : `;ssrc=${(t.ssrc >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
  return `RTP/AVP;unicast;client_port=${t.clientPort[0]}-${t.clientPort[1]};server_port=${t.serverPort[0]}-${t.serverPort[1]}${ssrc};mode=play`;
}

/** RFC 2326 §12.37 `Session: id[;timeout=s]` → the id alone. */
export function sessionIdOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const id = value.split(';')[0]?.trim();
  return id === '' ? undefined : id;
}

export function sessionTimeoutOf(value: string | undefined): number | undefined {
  const m = value === undefined ? null : /;\s*timeout\s*=\s*(\d+)/i.exec(value);
  return m ? Number(m[1]) : undefined;
}

export interface RtspUrl {
  readonly host: string;
  readonly port: number | undefined;
  /** Path without the query, e.g. `/cam/3/trackID=0`. */
  readonly path: string;
  /** Query string without `?`, or '' (kept verbatim: cameras accept `?tcp&rtsp_transport=tcp`). */
  readonly query: string;
}

/** Split an absolute `rtsp://host[:port]/path[?query]` URL; returns undefined for anything else. */
export function parseRtspUrl(uri: string): RtspUrl | undefined {
  const m = /^rtsps?:\/\/(\[[^\]]+\]|[^/:?]+)(?::(\d+))?(\/[^?]*)?(?:\?(.*))?$/i.exec(uri);
  if (!m) return undefined;
  return { host: m[1] ?? '', port: m[2] === undefined ? undefined : Number(m[2]), path: m[3] ?? '/', query: m[4] ?? '' };
}
