// H.264 Annex-B helpers (ITU-T H.264 §7.3, Annex B; RFC 6184 for the SDP fields). Pure functions over
// Buffers: split a byte stream into NAL units, group them into access units (one picture each) and
// derive the SDP parameters. Used by the camera simulator to prepare RTP packets once per clip.

export const NAL_TYPE_SLICE = 1;
export const NAL_TYPE_IDR = 5;
export const NAL_TYPE_SEI = 6;
export const NAL_TYPE_SPS = 7;
export const NAL_TYPE_PPS = 8;
export const NAL_TYPE_AUD = 9;
/** RFC 6184 §5.8: fragmentation unit A. */
export const NAL_TYPE_FU_A = 28;

export function nalType(nal: Uint8Array): number {
  return (nal[0] ?? 0) & 0x1f;
}

export function isVclNal(nal: Uint8Array): boolean {
  const t = nalType(nal);
  return t >= 1 && t <= 5;
}

/** Split an Annex-B byte stream at 3- or 4-byte start codes; returns views (no copies), start codes removed. */
export function splitAnnexB(stream: Buffer): Buffer[] {
  const nals: Buffer[] = [];
  let start = -1;
  let i = 0;
  const n = stream.length;
  while (i + 2 < n) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1) {
      if (start >= 0) nals.push(trimTrailingZeros(stream.subarray(start, i)));
      i += 3;
      start = i;
      continue;
    }
    i++;
  }
  if (start >= 0 && start < n) nals.push(trimTrailingZeros(stream.subarray(start, n)));
  return nals.filter((nal) => nal.length > 0);
}

// A 4-byte start code leaves one zero byte at the end of the previous NAL (trailing_zero_8bits).
function trimTrailingZeros(nal: Buffer): Buffer {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end--;
  return nal.subarray(0, end);
}

/** Unsigned Exp-Golomb read (§9.1) from the RBSP after the NAL header; emulation bytes are rare this early and skipped. */
export function readFirstMbInSlice(nal: Uint8Array): number {
  const rbsp = removeEmulationPrevention(nal.subarray(1, Math.min(nal.length, 16)));
  let bit = 0;
  const readBit = (): number => {
    const byte = rbsp[bit >> 3];
    if (byte === undefined) throw new RangeError('slice header truncated');
    const v = (byte >> (7 - (bit & 7))) & 1;
    bit++;
    return v;
  };
  let zeros = 0;
  while (readBit() === 0) {
    zeros++;
    if (zeros > 31) throw new RangeError('invalid Exp-Golomb code');
  }
  let value = 0;
  for (let k = 0; k < zeros; k++) value = value * 2 + readBit();
  return 2 ** zeros - 1 + value;
}

export function removeEmulationPrevention(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let zeros = 0;
  for (const b of data) {
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    zeros = b === 0 ? zeros + 1 : 0;
    out.push(b);
  }
  return Uint8Array.from(out);
}

export interface AccessUnit {
  /** NAL units in decoding order (no start codes). */
  readonly nals: readonly Buffer[];
  /** True when the picture is an IDR (decoding can start here). */
  readonly isKeyframe: boolean;
}

/**
 * Group NAL units into access units (§7.4.1.2.3): a new picture starts at an SPS/PPS/AUD/SEI that follows
 * a VCL NAL, or at a VCL NAL whose first_mb_in_slice is 0 (x264 with slices emits several VCL NALs per picture).
 */
export function groupAccessUnits(nals: readonly Buffer[]): AccessUnit[] {
  const units: AccessUnit[] = [];
  let current: Buffer[] = [];
  let sawVcl = false;
  const flush = (): void => {
    if (current.length > 0 && sawVcl) units.push({ nals: current, isKeyframe: current.some((n) => nalType(n) === NAL_TYPE_IDR) });
    current = [];
    sawVcl = false;
  };
  for (const nal of nals) {
    const t = nalType(nal);
    if (isVclNal(nal)) {
      if (sawVcl && readFirstMbInSlice(nal) === 0) flush();
      current.push(nal);
      sawVcl = true;
    } else {
      if (sawVcl && (t === NAL_TYPE_SPS || t === NAL_TYPE_PPS || t === NAL_TYPE_AUD || t === NAL_TYPE_SEI)) flush();
      current.push(nal);
    }
  }
  flush();
  return units;
}

export interface ParameterSets {
  readonly sps: Buffer;
  readonly pps: Buffer;
}

export function findParameterSets(nals: readonly Buffer[]): ParameterSets | undefined {
  const sps = nals.find((n) => nalType(n) === NAL_TYPE_SPS);
  const pps = nals.find((n) => nalType(n) === NAL_TYPE_PPS);
  return sps && pps ? { sps, pps } : undefined;
}

/** RFC 6184 §8.1 profile-level-id: profile_idc, constraint flags, level_idc as 6 hex digits. */
export function profileLevelId(sps: Uint8Array): string {
  if (sps.length < 4) throw new RangeError('SPS shorter than 4 bytes');
  return Array.from(sps.subarray(1, 4), (b) => b.toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
}

/** RFC 6184 §8.1 sprop-parameter-sets: base64 SPS and PPS, comma separated. */
export function spropParameterSets(ps: ParameterSets): string {
  return `${Buffer.from(ps.sps).toString('base64')},${Buffer.from(ps.pps).toString('base64')}`;
}

/**
 * RFC 6184 payloads for one NAL unit: the NAL itself when it fits, else FU-A fragments (§5.8):
 * indicator = F|NRI|28, header = S|E|R|type, then a slice of the NAL body (its header byte omitted).
 */
export function packetizeNal(nal: Buffer, maxPayloadBytes: number): Buffer[] {
  if (nal.length <= maxPayloadBytes) return [nal];
  const header = nal[0] ?? 0;
  const indicator = (header & 0xe0) | NAL_TYPE_FU_A;
  const type = header & 0x1f;
  const body = nal.subarray(1);
  const chunk = maxPayloadBytes - 2;
  const out: Buffer[] = [];
  for (let off = 0; off < body.length; off += chunk) {
    const part = body.subarray(off, off + chunk);
    const start = off === 0 ? 0x80 : 0;
    const end = off + chunk >= body.length ? 0x40 : 0;
    out.push(Buffer.concat([Buffer.from([indicator, start | end | type]), part]));
  }
  return out;
}

/** Inverse of packetizeNal for one NAL's payloads (used by tests and the slow-client checker). */
export function depacketizeNal(payloads: readonly Uint8Array[]): Buffer {
  const first = payloads[0];
  if (!first) throw new RangeError('no payloads');
  if (((first[0] ?? 0) & 0x1f) !== NAL_TYPE_FU_A) return Buffer.from(first);
  const header = ((first[0] ?? 0) & 0xe0) | ((first[1] ?? 0) & 0x1f);
  return Buffer.concat([Buffer.from([header]), ...payloads.map((p) => p.subarray(2))]);
}
