// The process roles of a scaled-out node (issue 7). `all` is today's single process.
export const ROLES = ['all', 'ingest-sensors', 'camera-worker', 'fusion', 'api'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PURPOSE: Readonly<Record<Role, string>> = {
  all: 'everything in one process (the default; no bus needed)',
  'ingest-sensors': 'PF-device TCP listener: decode, thermal analysis, publish fusion inputs on the bus',
  'camera-worker': 'N RTSP cameras (default 10): decode, vision heuristic, publish detections on the bus',
  fusion: "fusion state per location for this node's devices; commits alerts and publishes them (dedup id)",
  api: 'cluster-wide alert API and live stream, mirrored from the deduplicated alert stream',
};

/** `i/k`: this worker takes streams whose index ≡ i (mod k). */
export function parseShard(text: string): { index: number; count: number } | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && index < count ? { index, count } : undefined;
}

export function shardOf<T>(items: readonly T[], shard: { index: number; count: number }): T[] {
  return items.filter((_, i) => i % shard.count === shard.index);
}
