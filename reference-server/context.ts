// What every part of a built server can reach. Plug-ins get a subset (see app.ts).
import type { ServerConfig } from './config-schema.ts';
import type { AlertHub } from './alerts/alert-hub.ts';
import type { BaselineManager } from './detect/baseline.ts';
import type { FusionEngine } from './fuse/fusion.ts';
import type { DeviceRegistry } from './ingest/device-registry.ts';
import type { TcpIngest } from './ingest/tcp-listener.ts';
import type { Logger } from './log.ts';
import type { ServerMetrics } from './metrics.ts';
import type { AlertStore } from './store/alert-store.ts';

export interface ServerContext {
  readonly config: ServerConfig;
  readonly metrics: ServerMetrics;
  readonly fusion: FusionEngine;
  readonly store: AlertStore;
  readonly alerts: AlertHub;
  readonly tcp: TcpIngest;
  readonly devices: DeviceRegistry;
  readonly baseline: BaselineManager;
  readonly log: Logger;
  /** False while starting or draining; /ready answers 503 then. */
  isReady(): boolean;
}
