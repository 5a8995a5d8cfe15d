// RTP packets are built once per clip frame into one contiguous "template" buffer of interleaved
// packets ($ channel length | RTP header | payload ...). Sending a frame copies the template and
// patches only channel, sequence numbers, timestamp and SSRC, so the per-send cost is a memcpy plus
// a few integer writes, and each client receives the frame as ONE write of whole packets.
import { INTERLEAVED_HEADER_BYTES, RTP_HEADER_BYTES, RTP_SEQ_OFFSET, RTP_SSRC_OFFSET, RTP_TIMESTAMP_OFFSET, writeInterleavedHeader, writeRtpHeader } from '../../protocol/rtp.ts';

export interface PreparedFrame {
  /** Interleaved packets with channel 0 and sequence number, timestamp, SSRC all zero. */
  readonly template: Buffer;
  /** Offset of each RTP header inside `template`. */
  readonly rtpHeaderOffsets: Uint32Array;
  /** Decoding can start at this frame (H.264 IDR; every JPEG). */
  readonly isKeyframe: boolean;
}

/** Largest RTP payload: keeps each packet under a 1500-byte Ethernet MTU as RFC 6184 §6 advises. */
export const MAX_RTP_PAYLOAD_BYTES = 1400;

export function buildFrameTemplate(payloads: readonly Buffer[], payloadType: number, isKeyframe: boolean): PreparedFrame {
  const total = payloads.reduce((sum, p) => sum + INTERLEAVED_HEADER_BYTES + RTP_HEADER_BYTES + p.length, 0);
  const template = Buffer.alloc(total);
  const offsets = new Uint32Array(payloads.length);
  let at = 0;
  payloads.forEach((payload, i) => {
    writeInterleavedHeader(template, at, 0, RTP_HEADER_BYTES + payload.length);
    const rtpAt = at + INTERLEAVED_HEADER_BYTES;
    // The marker bit ends the access unit (RFC 6184 §5.1, RFC 2435 §3.1).
    writeRtpHeader(template, rtpAt, { marker: i === payloads.length - 1, payloadType, sequenceNumber: 0, timestamp: 0, ssrc: 0 });
    payload.copy(template, rtpAt + RTP_HEADER_BYTES);
    offsets[i] = rtpAt;
    at = rtpAt + RTP_HEADER_BYTES + payload.length;
  });
  return { template, rtpHeaderOffsets: offsets, isKeyframe };
}

export function packetCountOf(frame: PreparedFrame): number {
  return frame.rtpHeaderOffsets.length;
}

/** A fresh buffer ready to write: the template with this send's channel, sequence numbers, timestamp and SSRC. */
export function stampFrame(frame: PreparedFrame, channel: number, firstSeq: number, timestamp: number, ssrc: number): Buffer {
  const out = Buffer.allocUnsafe(frame.template.length);
  frame.template.copy(out);
  const offsets = frame.rtpHeaderOffsets;
  for (let i = 0; i < offsets.length; i++) {
    const at = offsets[i] as number;
    out[at - INTERLEAVED_HEADER_BYTES + 1] = channel;
    out.writeUInt16BE((firstSeq + i) & 0xffff, at + RTP_SEQ_OFFSET);
    out.writeUInt32BE(timestamp >>> 0, at + RTP_TIMESTAMP_OFFSET);
    out.writeUInt32BE(ssrc >>> 0, at + RTP_SSRC_OFFSET);
  }
  return out;
}
