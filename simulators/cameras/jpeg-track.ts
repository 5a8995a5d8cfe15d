// MJPEG clip → prepared RTP/JPEG frames (RFC 2435). Each baseline JPEG is reduced to its scan data;
// the 8-byte main header carries type (1 = 4:2:0, 0 = 4:2:2), Q = 255 and size/8, and the first
// fragment carries the two quantisation tables (Q ≥ 128, §3.1.8). The receiver rebuilds the JPEG
// headers with the standard Huffman tables, which is why the clip is encoded with `-huffman default`.
import { EmberError } from '../../protocol/errors.ts';
import { JPEG_PAYLOAD_TYPE } from '../../protocol/sdp.ts';
import { corruptBytes, truncateBytes, withVariants, type PreparedTrack } from './prepared-track.ts';
import { buildFrameTemplate, MAX_RTP_PAYLOAD_BYTES, type PreparedFrame } from './rtp-frame-template.ts';

const MARKER_SOI = 0xd8;
const MARKER_EOI = 0xd9;
const MARKER_SOF0 = 0xc0;
const MARKER_DQT = 0xdb;
const MARKER_DRI = 0xdd;
const MARKER_SOS = 0xda;
const JPEG_MAIN_HEADER_BYTES = 8;
const DYNAMIC_Q = 255;

export interface ParsedJpeg {
  readonly widthPx: number;
  readonly heightPx: number;
  /** RFC 2435 type: 0 = 4:2:2, 1 = 4:2:0. */
  readonly rtpType: 0 | 1;
  /** Luma then chroma quantisation table in zig-zag order, 64 bytes each (8-bit precision); ffmpeg
   *  shares one table between them, which is sent twice because RFC 2435 receivers expect two. */
  readonly quantTables: Buffer;
  /** Entropy-coded scan data (between the SOS header and EOI). */
  readonly scan: Buffer;
  /** Bytes of the input this JPEG occupied, SOI through EOI. */
  readonly usedBytes: number;
}

function fail(detail: string): never {
  throw new EmberError('EMBER_ERR_CAMERA_SIM_CLIP_FAILED', detail, [{ path: 'clip', rule: 'must be baseline JPEGs (SOF0, 8-bit tables, 4:2:0 or 4:2:2, no restart markers)', received: detail }]);
}

/** Parse one JPEG at the start of `data`. */
export function parseJpeg(data: Buffer): ParsedJpeg {
  if (data[0] !== 0xff || data[1] !== MARKER_SOI) fail('missing SOI');
  const tables = new Map<number, Buffer>();
  let widthPx = 0;
  let heightPx = 0;
  let rtpType: 0 | 1 | undefined;
  let lumaTable = 0;
  let chromaTable = 1;
  let pos = 2;
  while (pos + 4 <= data.length) {
    if (data[pos] !== 0xff) fail(`expected a marker at byte ${pos}`);
    const marker = data[pos + 1] as number;
    const length = data.readUInt16BE(pos + 2);
    const seg = data.subarray(pos + 4, pos + 2 + length);
    if (marker === MARKER_DQT) {
      for (let i = 0; i < seg.length; ) {
        const pq = (seg[i] as number) >> 4;
        const tq = (seg[i] as number) & 0x0f;
        if (pq !== 0) fail('16-bit quantisation tables are not allowed by RFC 2435');
        tables.set(tq, Buffer.from(seg.subarray(i + 1, i + 65)));
        i += 65;
      }
    } else if (marker === MARKER_SOF0) {
      heightPx = seg.readUInt16BE(1);
      widthPx = seg.readUInt16BE(3);
      const components = seg[5];
      const lumaSampling = seg[7];
      if (components !== 3) fail(`${components} components (need 3)`);
      lumaTable = seg[8] ?? 0;
      chromaTable = seg[11] ?? 0;
      rtpType = lumaSampling === 0x22 ? 1 : lumaSampling === 0x21 ? 0 : fail(`luma sampling 0x${lumaSampling?.toString(16)}`);
    } else if (marker >= 0xc1 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      fail(`non-baseline frame marker 0xff${marker.toString(16)}`);
    } else if (marker === MARKER_DRI && seg.readUInt16BE(0) !== 0) {
      fail('restart markers present');
    } else if (marker === MARKER_SOS) {
      const scanStart = pos + 2 + length;
      // In entropy-coded data 0xFF is followed by 0x00 (stuffing) or RSTn; anything else ends the scan.
      let i = scanStart;
      while (i + 1 < data.length && !(data[i] === 0xff && data[i + 1] === MARKER_EOI)) i++;
      if (i + 1 >= data.length) fail('scan has no EOI');
      const luma = tables.get(lumaTable);
      const chroma = tables.get(chromaTable);
      if (rtpType === undefined || !luma || !chroma) fail('SOS before SOF0, or a component names a missing quantisation table');
      if (widthPx % 8 !== 0 || heightPx % 8 !== 0 || widthPx > 2040 || heightPx > 2040) fail(`size ${widthPx}x${heightPx} (multiples of 8, ≤ 2040)`);
      return { widthPx, heightPx, rtpType, quantTables: Buffer.concat([luma, chroma]), scan: data.subarray(scanStart, i), usedBytes: i + 2 };
    }
    pos += 2 + length;
  }
  return fail('JPEG ended before its scan');
}

/** Split a stream of concatenated JPEGs (ffmpeg `-f mjpeg`). */
export function splitJpegStream(stream: Buffer): ParsedJpeg[] {
  const out: ParsedJpeg[] = [];
  let rest = stream;
  while (rest.length > 4) {
    const j = parseJpeg(rest);
    out.push(j);
    rest = rest.subarray(j.usedBytes);
  }
  return out;
}

export function jpegPayloads(j: ParsedJpeg, scan: Buffer = j.scan): Buffer[] {
  const qHeader = Buffer.alloc(4);
  qHeader.writeUInt16BE(j.quantTables.length, 2); // MBZ 0, precision 0 (8-bit), length
  const payloads: Buffer[] = [];
  let offset = 0;
  do {
    const first = offset === 0;
    const room = MAX_RTP_PAYLOAD_BYTES - JPEG_MAIN_HEADER_BYTES - (first ? qHeader.length + j.quantTables.length : 0);
    const chunk = scan.subarray(offset, offset + room);
    const main = Buffer.alloc(JPEG_MAIN_HEADER_BYTES);
    main.writeUInt32BE(offset & 0xffffff, 0); // type-specific 0 + 24-bit fragment offset
    main[4] = j.rtpType;
    main[5] = DYNAMIC_Q;
    main[6] = j.widthPx / 8;
    main[7] = j.heightPx / 8;
    payloads.push(first ? Buffer.concat([main, qHeader, j.quantTables, chunk]) : Buffer.concat([main, chunk]));
    offset += chunk.length;
  } while (offset < scan.length);
  return payloads;
}

function frameOf(j: ParsedJpeg, scan?: Buffer): PreparedFrame {
  return buildFrameTemplate(jpegPayloads(j, scan), JPEG_PAYLOAD_TYPE, true);
}

export function prepareJpegTrack(mjpeg: Buffer, fps: number): PreparedTrack {
  const jpegs = splitJpegStream(mjpeg);
  const first = jpegs[0];
  if (!first) fail('clip holds no JPEG');
  return withVariants({ codec: 'mjpeg', widthPx: first.widthPx, heightPx: first.heightPx, fps, frames: jpegs.map((j) => frameOf(j)), sdpCodec: { kind: 'jpeg' } }, (index, variant) => {
    const j = jpegs[index] as ParsedJpeg;
    return frameOf(j, variant === 'corrupt' ? corruptBytes(j.scan, 0) : truncateBytes(j.scan, 0));
  });
}
