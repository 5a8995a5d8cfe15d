// Subject layout and deterministic alert ids; documented in docs/scale-out.md. Pure functions.
//
//   ember.sensor.<nodeId>.<locId>      one decoded device packet     stream EMBER_SENSOR (memory, 60 s)
//   ember.detect.<nodeId>.<cameraId>   one vision result             stream EMBER_DETECT (memory, 60 s)
//   ember.alert.<locId>.<cause>        alert opened/updated/closed   stream EMBER_ALERT (file, dedup window)
//
// Telemetry carries the node whose ingest received it: each node's fusion subscribes to its own
// node only, so fusion state for a location lives where its device is connected. When a node dies
// its devices reconnect to the survivor, whose ingest publishes under the survivor's id, so the
// location's state moves with the device. Alerts are cluster-wide (every node's api sees them).
import type { AlertEvent, BusFamily } from './types.ts';

export const SUBJECT_ROOT = 'ember';

export const STREAM_OF: Readonly<Record<BusFamily, { readonly stream: string; readonly wildcard: string }>> = {
  sensor: { stream: 'EMBER_SENSOR', wildcard: `${SUBJECT_ROOT}.sensor.>` },
  detection: { stream: 'EMBER_DETECT', wildcard: `${SUBJECT_ROOT}.detect.>` },
  alert: { stream: 'EMBER_ALERT', wildcard: `${SUBJECT_ROOT}.alert.>` },
};

/**
 * A NATS subject token may not contain `.`, `*`, `>` or whitespace. Location ids come from devices
 * (`#locid:` or the client IP), so they are escaped reversibly: unsafe bytes become `_XX` hex and a
 * literal `_` becomes `__`, keeping distinct ids distinct.
 */
export function subjectToken(raw: string): string {
  if (raw === '') return '_';
  let out = '';
  for (const ch of raw) {
    if (ch === '_') out += '__';
    else if (/[A-Za-z0-9-]/.test(ch)) out += ch;
    else for (const b of new TextEncoder().encode(ch)) out += `_${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

export function sensorSubject(nodeId: string, locId: string): string {
  return `${SUBJECT_ROOT}.sensor.${subjectToken(nodeId)}.${subjectToken(locId)}`;
}

export function detectionSubject(nodeId: string, cameraId: string): string {
  return `${SUBJECT_ROOT}.detect.${subjectToken(nodeId)}.${subjectToken(cameraId)}`;
}

/** Subscription subject for a telemetry family: one node's, or every node's (`'*'`). */
export function telemetryFilter(family: 'sensor' | 'detection', fromNode: string): string {
  const node = fromNode === '*' ? '*' : subjectToken(fromNode);
  return `${SUBJECT_ROOT}.${family === 'sensor' ? 'sensor' : 'detect'}.${node}.>`;
}

export function alertSubject(locId: string, cause: string): string {
  return `${SUBJECT_ROOT}.alert.${subjectToken(locId)}.${subjectToken(cause)}`;
}

/**
 * The dedup id (`Nats-Msg-Id`) of an alert event: location + cause + time bucket of the first
 * evidence, so two nodes that raise the same alert from the same evidence produce the same id and
 * JetStream stores it once. Updates and closes carry their own counter so they are never mistaken
 * for the open. Caveat (documented): two raises whose first evidence straddles a bucket boundary
 * get different ids; the alert store's open-alert rule (one open alert per locId+cause) is the
 * second line of defence.
 */
export function dedupIdOf(ev: AlertEvent, bucketMs: number): string {
  const a = ev.alert;
  const bucket = Math.floor(a.firstSeenMs / bucketMs);
  const base = `${subjectToken(a.locId)}.${subjectToken(a.cause)}.${bucket}`;
  if (ev.type === 'alert-opened') return `open.${base}`;
  if (ev.type === 'alert-closed') return `close.${base}`;
  return `update.${base}.${a.updateCount}`;
}
