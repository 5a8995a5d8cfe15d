// Scale-out: spread devices over several server nodes with rendezvous (highest-random-weight)
// hashing — consistent: adding a node moves only the devices that now hash to it.
export interface TargetAddress {
  readonly host: string;
  readonly port: number;
}

function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  // final avalanche so similar keys spread
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  h ^= h >>> 15;
  return h >>> 0;
}

export function targetFor(locId: string, targets: readonly TargetAddress[]): TargetAddress {
  let best = targets[0] as TargetAddress;
  let bestWeight = -1;
  for (const t of targets) {
    const w = fnv1a(`${t.host}:${t.port}|${locId}`);
    if (w > bestWeight) {
      bestWeight = w;
      best = t;
    }
  }
  return best;
}

export function formatTarget(t: TargetAddress): string {
  return t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}
