// Rendezvous (highest-random-weight) hashing: every key picks the backend with the highest
// hash(key, backend). Removing a backend moves only the keys it owned; the others stay put,
// which is what "consistent" buys a device fleet during failover. Pure.
import { createHash } from 'node:crypto';

function weight(key: string, backend: string): number {
  // 48 bits of sha1 are plenty for ranking a handful of backends and stay exact in a double.
  return createHash('sha1').update(key).update('\0').update(backend).digest().readUIntBE(0, 6);
}

export function pickRendezvous(key: string, backends: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestWeight = -1;
  for (const b of backends) {
    const w = weight(key, b);
    if (w > bestWeight || (w === bestWeight && best !== undefined && b < best)) {
      best = b;
      bestWeight = w;
    }
  }
  return best;
}
