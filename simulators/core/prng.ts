// A tiny seeded PRNG (mulberry32) for hot paths: reproducible noise without faker's overhead per send.
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random 32-bit unsigned integer (RTP SSRCs, initial sequence numbers: RFC 3550 §5.1). */
export function randomUint32(next: Random): number {
  return Math.floor(next() * 4294967296) >>> 0;
}
