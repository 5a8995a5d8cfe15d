// A complete Alert for bus tests (all required fields, realistic values).
import type { Alert, AlertCause } from '../../../protocol/alert.ts';
import type { AlertEvent } from '../../../reference-server/bus/types.ts';

export function openedAlert(locId: string, cause: AlertCause, firstSeenMs: number, nodeId = 'node-1'): AlertEvent {
  const alert: Alert = {
    id: `${nodeId}-${locId}-${cause}-${firstSeenMs}`,
    locId,
    cause,
    level: 'critical',
    reason: 'Critical temperature: 63.8°C >= 60.0°C',
    confidence: 1,
    sources: ['thermal'],
    firstSeenMs,
    committedMs: firstSeenMs + 3,
    lastSeenMs: firstSeenMs,
    updateCount: 0,
    thermalMaxC: 63.8,
    nodeId,
  };
  return { type: 'alert-opened', alert };
}
