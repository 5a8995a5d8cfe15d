// Runs the fault timeline of a fleet: switches faults on at their offset and off after their
// duration, and counts each injection by kind (counters.faultsInjected). Per-send counting (each
// malformed line, skewed TS, wrong token, stalled line) happens in the device as it writes.
import type { OpenModelScheduler } from '../core/open-model-scheduler.ts';
import type { TimerQueue } from '../core/timer-queue.ts';
import { pickSlots, type SensorFaultSpec } from './faults.ts';
import type { FleetCounters } from './fleet-counters.ts';
import { MALFORMED_VARIANTS, type MalformedVariant } from './malformed.ts';
import type { VirtualDevice } from './virtual-device.ts';

interface ActiveMalformed {
  readonly ratio: number;
  readonly variants: readonly MalformedVariant[];
  accumulator: number;
  nextVariant: number;
}

export class FaultController {
  private readonly counters: FleetCounters;
  private devices: readonly VirtualDevice[] = [];
  private scheduler: OpenModelScheduler | undefined;
  private timers: TimerQueue | undefined;
  private readonly malformed = new Set<ActiveMalformed>();
  private stormSeq = 0;
  private stopped = false;

  constructor(counters: FleetCounters) {
    this.counters = counters;
  }

  attach(devices: readonly VirtualDevice[], scheduler: OpenModelScheduler, timers: TimerQueue): void {
    this.devices = devices;
    this.scheduler = scheduler;
    this.timers = timers;
  }

  /** Queue every fault at startPerfMs + atMs (performance.now() clock). */
  schedule(faults: readonly SensorFaultSpec[], startPerfMs: number): void {
    for (const f of faults) {
      const at = startPerfMs + (f.atMs ?? 0);
      this.timers?.at(at, () => this.apply(f));
    }
  }

  trigger(f: SensorFaultSpec): void {
    this.apply(f);
  }

  stop(): void {
    this.stopped = true;
    this.malformed.clear();
  }

  /**
   * Deterministic ratio: an accumulator adds `ratio` per send and emits a malformed line each time
   * it passes 1, cycling through the variants (so every reason appears, in a reproducible order).
   */
  nextMalformed(): MalformedVariant | undefined {
    if (this.malformed.size === 0) return undefined;
    for (const m of this.malformed) {
      m.accumulator += m.ratio;
      if (m.accumulator >= 1) {
        m.accumulator -= 1;
        const v = m.variants[m.nextVariant % m.variants.length] as MalformedVariant;
        m.nextVariant++;
        return v;
      }
    }
    return undefined;
  }

  private later(durationMs: number | undefined, undo: () => void): void {
    if (durationMs === undefined) return;
    this.timers?.at(performance.now() + durationMs, () => {
      if (!this.stopped) undo();
    });
  }

  private apply(f: SensorFaultSpec): void {
    if (this.stopped) return;
    const c = this.counters;
    c.bump(c.faultsInjected, `${f.kind}:episodes`);
    const slots = (n: number): VirtualDevice[] => pickSlots(n, this.devices.length).map((i) => this.devices[i] as VirtualDevice);
    switch (f.kind) {
      case 'malformed': {
        const m: ActiveMalformed = { ratio: f.ratio, variants: f.variants ?? MALFORMED_VARIANTS, accumulator: 0, nextVariant: 0 };
        this.malformed.add(m);
        this.later(f.durationMs, () => this.malformed.delete(m));
        break;
      }
      case 'packet-storm': {
        const name = `storm-${this.stormSeq++}`;
        this.scheduler?.setMultiplier(name, f.multiplier);
        this.later(f.durationMs, () => this.scheduler?.setMultiplier(name, 1));
        break;
      }
      case 'reconnect-storm':
        // all-at-once: every device reconnects immediately (a deliberate SYN burst); backoff:
        // each waits base·2^attempt ± jitter, so the server sees a spread-out return.
        for (const d of this.devices) if (d.isOpen) {
          d.drop(f.mode === 'all-at-once' ? 0 : undefined);
          c.bump(c.faultsInjected, 'reconnect-storm:drops');
        }
        break;
      case 'slow-device': {
        const chosen = slots(f.devices);
        for (const d of chosen) d.stallMs = f.stallMs;
        this.later(f.durationMs, () => chosen.forEach((d) => (d.stallMs = 0)));
        break;
      }
      case 'clock-skew': {
        const chosen = slots(f.devices);
        for (const d of chosen) d.skewMs = f.skewMs;
        this.later(f.durationMs, () => chosen.forEach((d) => (d.skewMs = 0)));
        break;
      }
      case 'invalid-token': {
        const chosen = slots(f.devices);
        for (const d of chosen) d.invalidToken = true;
        this.later(f.durationMs, () => chosen.forEach((d) => (d.invalidToken = false)));
        break;
      }
      case 'outside-allowlist':
        for (const d of slots(f.devices)) {
          d.localAddress = f.localAddress;
          if (d.isOpen) d.drop(0); // reconnect from the new source address
        }
        break;
    }
  }
}
