// Tiny and dependency-free on purpose: reference-server/main.ts asks this before parsing its own
// options, and loads the scale-out code (and the nats client) only when these flags are present.
const SCALE_OUT_FLAG = /^--(role|cluster|bus|nats-url|nodes|bus-fallback|camera-shard|alert-durable|camera-workers|cameras-per-worker|balancer-port|health-port|balance)(=|$)/;

export function wantsScaleOut(args: readonly string[]): boolean {
  return args.some((a) => SCALE_OUT_FLAG.test(a));
}
