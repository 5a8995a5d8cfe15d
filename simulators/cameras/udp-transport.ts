// RTP over UDP (RFC 2326 §12.39 `RTP/AVP;unicast;client_port=a-b`), the optional transport: one
// server RTP socket and one RTCP socket shared by all sessions. Each prepared packet goes out as its
// own datagram (the 4-byte interleaved header stripped). UDP has no backpressure to honour: the
// kernel drops what a receiver cannot take, as a real camera's network would.
import { createSocket, type Socket as DgramSocket } from 'node:dgram';
import { INTERLEAVED_HEADER_BYTES } from '../../protocol/rtp.ts';
import type { PreparedFrame } from './rtp-frame-template.ts';

export interface UdpTarget {
  readonly address: string;
  readonly rtpPort: number;
}

export interface UdpTransport {
  readonly rtpPort: number;
  readonly rtcpPort: number;
  /** Send every packet of a stamped frame; returns bytes handed to the kernel. */
  sendFrame(stamped: Buffer, frame: PreparedFrame, to: UdpTarget): number;
  close(): Promise<void>;
}

function bind(socket: DgramSocket, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => {
      socket.off('error', reject);
      resolve(socket.address().port);
    });
  });
}

/** `onRtcp` hears client RTCP (receiver reports) and NAT punch packets: both mean "still here". */
export async function openUdpTransport(host: string, onRtcp: (address: string, port: number) => void): Promise<UdpTransport> {
  const family = host.includes(':') ? 'udp6' : 'udp4';
  const rtp = createSocket(family);
  const rtcp = createSocket(family);
  const rtpPort = await bind(rtp, host);
  const rtcpPort = await bind(rtcp, host);
  for (const s of [rtp, rtcp]) {
    s.on('message', (_msg, rinfo) => onRtcp(rinfo.address, rinfo.port));
    s.on('error', () => {
      // A closed client port answers ICMP unreachable; that is the client's problem, not the server's.
    });
  }
  return {
    rtpPort,
    rtcpPort,
    sendFrame(stamped, frame, to) {
      const offsets = frame.rtpHeaderOffsets;
      let bytes = 0;
      for (let i = 0; i < offsets.length; i++) {
        const start = offsets[i] as number;
        const end = i + 1 < offsets.length ? (offsets[i + 1] as number) - INTERLEAVED_HEADER_BYTES : stamped.length;
        rtp.send(stamped.subarray(start, end), to.rtpPort, to.address);
        bytes += end - start;
      }
      return bytes;
    },
    close: () => Promise.all([rtp, rtcp].map((s) => new Promise<void>((r) => s.close(() => r())))).then(() => undefined),
  };
}
