// SDP (RFC 4566) for one live video track, as RTSP DESCRIBE returns it (RFC 2326 Appendix C), plus a
// small parser for the fields clients need. H.264 uses dynamic payload type 96 (RFC 6184 §8.2.1),
// JPEG the static type 26 (RFC 3551 §6).

export const H264_PAYLOAD_TYPE = 96;
export const JPEG_PAYLOAD_TYPE = 26;

export type SdpVideoCodec =
  | { readonly kind: 'h264'; readonly profileLevelId: string; readonly spropParameterSets: string }
  | { readonly kind: 'jpeg' };

export interface SdpVideoTrack {
  readonly sessionId: string;
  readonly sessionName: string;
  /** Address the origin line names (the server's host). */
  readonly originAddress: string;
  readonly codec: SdpVideoCodec;
  readonly widthPx: number;
  readonly heightPx: number;
  readonly fps: number;
  /** Relative control URL of the track (RFC 2326 C.1.1), e.g. `trackID=0`. */
  readonly control: string;
}

export function buildVideoSdp(t: SdpVideoTrack): string {
  const ipVersion = t.originAddress.includes(':') ? 'IP6' : 'IP4';
  const lines = [
    'v=0',
    `o=- ${t.sessionId} 1 IN ${ipVersion} ${t.originAddress}`,
    `s=${t.sessionName}`,
    `c=IN ${ipVersion} ${ipVersion === 'IP6' ? '::' : '0.0.0.0'}`,
    't=0 0',
    'a=tool:emberload',
    'a=control:*',
    'a=range:npt=now-',
  ];
  if (t.codec.kind === 'h264') {
    lines.push(
      `m=video 0 RTP/AVP ${H264_PAYLOAD_TYPE}`,
      `a=rtpmap:${H264_PAYLOAD_TYPE} H264/90000`,
      `a=fmtp:${H264_PAYLOAD_TYPE} packetization-mode=1;profile-level-id=${t.codec.profileLevelId};sprop-parameter-sets=${t.codec.spropParameterSets}`,
    );
  } else {
    lines.push(`m=video 0 RTP/AVP ${JPEG_PAYLOAD_TYPE}`, `a=rtpmap:${JPEG_PAYLOAD_TYPE} JPEG/90000`);
  }
  lines.push(`a=framerate:${t.fps}`, `a=x-dimensions:${t.widthPx},${t.heightPx}`, `a=control:${t.control}`);
  return `${lines.join('\r\n')}\r\n`;
}

export interface ParsedSdpMedia {
  readonly media: string;
  readonly payloadTypes: readonly number[];
  /** Attributes of the media section: name → values (in order). */
  readonly attributes: ReadonlyMap<string, readonly string[]>;
}

export interface ParsedSdp {
  readonly version: string;
  readonly sessionAttributes: ReadonlyMap<string, readonly string[]>;
  readonly media: readonly ParsedSdpMedia[];
}

/** Parse the structure of an SDP description; returns undefined when `v=` is not first (RFC 4566 §5). */
export function parseSdp(text: string): ParsedSdp | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  if (!lines[0]?.startsWith('v=')) return undefined;
  const session = new Map<string, string[]>();
  const media: Array<{ media: string; payloadTypes: number[]; attributes: Map<string, string[]> }> = [];
  for (const line of lines) {
    if (line[1] !== '=') return undefined;
    const type = line[0];
    const value = line.slice(2);
    if (type === 'm') {
      const [kind = '', , , ...pts] = value.split(' ');
      media.push({ media: kind, payloadTypes: pts.map(Number), attributes: new Map() });
    } else if (type === 'a') {
      const colon = value.indexOf(':');
      const name = colon === -1 ? value : value.slice(0, colon);
      const v = colon === -1 ? '' : value.slice(colon + 1);
      const target = media.at(-1)?.attributes ?? session;
      target.set(name, [...(target.get(name) ?? []), v]);
    }
  }
  return { version: lines[0].slice(2), sessionAttributes: session, media };
}

/** `a=fmtp:96 k=v;k=v` → map of the parameters. */
export function parseFmtp(value: string): Map<string, string> {
  const space = value.indexOf(' ');
  const out = new Map<string, string>();
  for (const part of value.slice(space + 1).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}
