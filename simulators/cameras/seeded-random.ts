// mulberry32: a tiny seeded PRNG so SSRCs, initial sequence numbers and timestamps (RFC 3550 §5.1
// says they SHOULD be random) are reproducible for a given seed.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function randomUint32(next: () => number): number {
  return Math.floor(next() * 2 ** 32) >>> 0;
}
