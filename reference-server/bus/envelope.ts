// Wire form of a bus message: one JSON object per NATS message. Publisher node and publish time
// travel with the payload so consumers can measure bus latency and attribute alerts to nodes.
import type { BusFamily, BusMessage, BusPayloads } from './types.ts';

interface Envelope {
  readonly n: string;
  readonly t: number;
  readonly d: unknown;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Wall clock with sub-millisecond resolution (epoch ms, fractional). */
export function nowEpochMs(): number {
  return performance.timeOrigin + performance.now();
}

export function encodeEnvelope(fromNode: string, publishedMs: number, data: unknown): Uint8Array {
  const env: Envelope = { n: fromNode, t: publishedMs, d: data };
  return encoder.encode(JSON.stringify(env));
}

/** Decodes a message; returns undefined for anything that is not our envelope (counted by the caller). */
export function decodeEnvelope<F extends BusFamily>(family: F, subject: string, bytes: Uint8Array): BusMessage<F> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const env = parsed as Partial<Envelope>;
  if (typeof env.n !== 'string' || typeof env.t !== 'number' || typeof env.d !== 'object' || env.d === null) return undefined;
  return { family, subject, data: env.d as BusPayloads[F], fromNode: env.n, publishedMs: env.t };
}
