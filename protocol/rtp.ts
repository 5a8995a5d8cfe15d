// RTP (RFC 3550 §5.1) fixed header and RTSP interleaved framing (RFC 2326 §10.12) as pure byte helpers.
// The simulator prepares packets once and patches sequence number, timestamp and SSRC in place with
// the offset constants below, so these offsets are part of the contract.

export const RTP_VERSION = 2;
export const RTP_HEADER_BYTES = 12;
/** `$`, channel, 16-bit length (RFC 2326 §10.12). */
export const INTERLEAVED_HEADER_BYTES = 4;
export const INTERLEAVED_MAGIC = 0x24;
export const RTP_SEQ_OFFSET = 2;
export const RTP_TIMESTAMP_OFFSET = 4;
export const RTP_SSRC_OFFSET = 8;
/** The video clock rate RFC 6184 and RFC 2435 both mandate. */
export const VIDEO_CLOCK_HZ = 90_000;
export const MAX_INTERLEAVED_PAYLOAD_BYTES = 0xffff;

export interface RtpHeader {
  readonly marker: boolean;
  readonly payloadType: number;
  readonly sequenceNumber: number;
  readonly timestamp: number;
  readonly ssrc: number;
}

/** Write a 12-byte header (no CSRCs, no extension, no padding) at `offset`. */
export function writeRtpHeader(target: Buffer, offset: number, h: RtpHeader): void {
  target[offset] = RTP_VERSION << 6;
  target[offset + 1] = (h.marker ? 0x80 : 0) | (h.payloadType & 0x7f);
  target.writeUInt16BE(h.sequenceNumber & 0xffff, offset + RTP_SEQ_OFFSET);
  target.writeUInt32BE(h.timestamp >>> 0, offset + RTP_TIMESTAMP_OFFSET);
  target.writeUInt32BE(h.ssrc >>> 0, offset + RTP_SSRC_OFFSET);
}

export interface ParsedRtpPacket extends RtpHeader {
  readonly payload: Buffer;
}

/** Parse an RTP packet; returns undefined when it is not version 2 or shorter than its header. */
export function parseRtpPacket(packet: Buffer): ParsedRtpPacket | undefined {
  if (packet.length < RTP_HEADER_BYTES) return undefined;
  const b0 = packet[0] ?? 0;
  if (b0 >> 6 !== RTP_VERSION) return undefined;
  const csrcCount = b0 & 0x0f;
  let headerEnd = RTP_HEADER_BYTES + 4 * csrcCount;
  if (b0 & 0x10) {
    if (packet.length < headerEnd + 4) return undefined;
    headerEnd += 4 + 4 * packet.readUInt16BE(headerEnd + 2);
  }
  let end = packet.length;
  if (b0 & 0x20) end -= packet[packet.length - 1] ?? 0;
  if (headerEnd > end) return undefined;
  const b1 = packet[1] ?? 0;
  return {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: packet.readUInt16BE(RTP_SEQ_OFFSET),
    timestamp: packet.readUInt32BE(RTP_TIMESTAMP_OFFSET),
    ssrc: packet.readUInt32BE(RTP_SSRC_OFFSET),
    payload: packet.subarray(headerEnd, end),
  };
}

export function writeInterleavedHeader(target: Buffer, offset: number, channel: number, length: number): void {
  if (length > MAX_INTERLEAVED_PAYLOAD_BYTES) throw new RangeError(`interleaved payload of ${length} bytes exceeds 65535`);
  target[offset] = INTERLEAVED_MAGIC;
  target[offset + 1] = channel & 0xff;
  target.writeUInt16BE(length, offset + 2);
}

export interface InterleavedFrame {
  readonly channel: number;
  readonly payload: Buffer;
}

/**
 * Read one interleaved frame at the start of `data`. Returns the frame and the bytes it used, or
 * undefined when more bytes are needed. The caller has checked data[0] === '$'.
 */
export function readInterleavedFrame(data: Buffer): { frame: InterleavedFrame; usedBytes: number } | undefined {
  if (data.length < INTERLEAVED_HEADER_BYTES) return undefined;
  const length = data.readUInt16BE(2);
  const total = INTERLEAVED_HEADER_BYTES + length;
  if (data.length < total) return undefined;
  return { frame: { channel: data[1] ?? 0, payload: data.subarray(INTERLEAVED_HEADER_BYTES, total) }, usedBytes: total };
}

/** RTCP packet types 200–204 share the second byte position with RTP's marker+PT (RFC 5761 §4). */
export function isRtcpPacket(packet: Uint8Array): boolean {
  const pt = packet[1] ?? 0;
  return pt >= 200 && pt <= 204;
}
