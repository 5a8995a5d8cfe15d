// Open-model send scheduler (wrk2's idea, for a fleet of devices): every send has an intended time
// fixed by the schedule, never by when the previous send finished. Lateness = actual − intended,
// recorded in an HDR histogram in µs, so a stalled event loop shows up as lateness instead of
// silently lowering the offered rate (coordinated omission).
//
// Accounting rule for every intended send (each one ends up in exactly one counter):
//   sent          it went out; its lateness is recorded; it is also `late` if lateness > toleranceMs.
//   dropped       by the time we could run, its successor's intended time had passed too (it is a
//                 full period or more behind). Sending it would bunch two packets back to back, so it
//                 is not sent and counted here; only the newest overdue send goes out (late). Its
//                 lateness at the moment it was given up still goes into the histogram (wrk2-style
//                 correction), so percentiles show the stall too.
//   notConnected  the device had no open stream at its intended time (reconnecting, refused, …).
//   blocked       the device was connected but could not write: its socket buffer was full (the
//                 server is not reading) or a stalled line was still in progress.
// Devices are kept in a binary min-heap keyed by intended time: one shared ticker, no timer per device.
import { HdrRecorder } from './hdr-recorder.ts';
import type { SharedTicker, TickSubscriber } from './shared-ticker.ts';
import { stageStateAt, type StageSpec } from './stages.ts';

export type SendOutcome = 'sent' | 'not-connected' | 'blocked';

export interface OpenModelSchedulerOptions {
  /** Maximum number of devices (slots 0…slots-1). */
  readonly slots: number;
  /** Base send rate of one device, per second. */
  readonly rateHz: number;
  /** Run length from start; the scheduler stops scheduling afterwards and calls onEnd. */
  readonly durationMs: number;
  readonly stages?: readonly StageSpec[];
  /** Lateness above this counts as `late`. Default 5 ms. */
  readonly lateToleranceMs?: number;
  /** Send one packet for `slot`; `intendedMs` is on the performance.now() clock. */
  readonly send: (slot: number, intendedMs: number) => SendOutcome;
  readonly onEnd?: () => void;
}

export interface SchedulerCounters {
  readonly intended: number;
  readonly sent: number;
  readonly late: number;
  readonly dropped: number;
  readonly notConnected: number;
  readonly blocked: number;
  readonly activeDevices: number;
  readonly rateMultiplier: number;
}

export class OpenModelScheduler implements TickSubscriber {
  readonly lateness = new HdrRecorder();
  readonly lateToleranceMs: number;
  private readonly options: OpenModelSchedulerOptions;
  private readonly dueMs: Float64Array;
  private readonly inHeap: Uint8Array;
  private readonly heap: Int32Array;
  private heapSize = 0;
  private startMs = 0;
  private started = false;
  private ended = false;
  private activeDevices = 0;
  private stageMultiplier = 1;
  private readonly externalMultipliers = new Map<string, number>();
  private periodMs: number;
  private counts = { intended: 0, sent: 0, late: 0, dropped: 0, notConnected: 0, blocked: 0 };
  private unsubscribe: (() => void) | undefined;
  private ticker: SharedTicker | undefined;

  constructor(options: OpenModelSchedulerOptions) {
    this.options = options;
    this.lateToleranceMs = options.lateToleranceMs ?? 5;
    this.dueMs = new Float64Array(options.slots);
    this.inHeap = new Uint8Array(options.slots);
    this.heap = new Int32Array(options.slots);
    this.periodMs = 1000 / options.rateHz;
  }

  /** Start on the shared ticker; the first sends of the initial devices are spread over one period. */
  start(ticker: SharedTicker, startMs = performance.now()): void {
    this.startMs = startMs;
    this.started = true;
    this.ticker = ticker;
    const initial = stageStateAt(this.options.stages ?? [], this.options.slots, 0);
    this.applyMultiplier(initial.rateMultiplier);
    // Even phase spread: N devices at R Hz send N·R evenly spaced packets, not N at once per period.
    for (let slot = 0; slot < initial.activeDevices; slot++) this.push(slot, startMs + (slot * this.periodMs) / initial.activeDevices);
    this.activeDevices = initial.activeDevices;
    this.unsubscribe = ticker.subscribe(this);
  }

  get startedAtMs(): number {
    return this.startMs;
  }

  /** A named multiplier on top of the stage's (runner stress stage, packet storm…); 1 removes it. */
  setMultiplier(name: string, multiplier: number): void {
    if (multiplier === 1) this.externalMultipliers.delete(name);
    else this.externalMultipliers.set(name, multiplier);
    this.applyMultiplier(this.stageMultiplier);
    this.ticker?.wake();
  }

  counters(): SchedulerCounters {
    return { ...this.counts, activeDevices: this.activeDevices, rateMultiplier: 1000 / this.options.rateHz / this.periodMs };
  }

  stop(): void {
    this.ended = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  onTick(nowMs: number): number {
    if (!this.started || this.ended) return Infinity;
    const elapsedMs = nowMs - this.startMs;
    if (elapsedMs >= this.options.durationMs) {
      this.stop();
      this.options.onEnd?.();
      return Infinity;
    }
    const state = stageStateAt(this.options.stages ?? [], this.options.slots, elapsedMs);
    if (state.rateMultiplier !== this.stageMultiplier) this.applyMultiplier(state.rateMultiplier);
    // Ramp up: a newly active device's first intended send is now (ramps spread them in time).
    for (let slot = this.activeDevices; slot < state.activeDevices; slot++) if (this.inHeap[slot] === 0) this.push(slot, nowMs);
    this.activeDevices = state.activeDevices;
    this.runDue();
    const endMs = this.startMs + this.options.durationMs;
    const nextDue = this.heapSize > 0 ? (this.dueMs[this.heap[0] as number] as number) : Infinity;
    // While ramping, come back soon so activations are not delayed by an idle heap.
    const rampWakeMs = state.stageIndex >= 0 && this.options.stages?.[state.stageIndex]?.kind === 'ramp' ? nowMs + 5 : Infinity;
    return Math.min(nextDue, endMs, rampWakeMs);
  }

  private runDue(): void {
    const period = this.periodMs;
    // Only sends due by the start of this tick: under overload the loop must still end and yield to
    // socket I/O; what becomes due meanwhile runs next tick (and shows as lateness, never hidden).
    const limitMs = performance.now();
    let now = limitMs;
    while (this.heapSize > 0) {
      const slot = this.heap[0] as number;
      let due = this.dueMs[slot] as number;
      if (due > limitMs) break;
      if (slot >= this.activeDevices) {
        this.popTop(); // ramped down: this device has no more intended sends
        continue;
      }
      const behindMs = now - due;
      if (behindMs >= period) {
        const missed = Math.floor(behindMs / period);
        this.counts.intended += missed;
        this.counts.dropped += missed;
        // One lateness sample per dropped send (how late it was when given up), so the stall shows
        // in the percentiles and not only in a counter.
        this.lateness.recordUsWithExpectedInterval(behindMs * 1000, period * 1000);
        due += missed * period;
      }
      this.counts.intended++;
      const outcome = this.options.send(slot, due);
      if (outcome === 'sent') {
        now = performance.now();
        const latenessMs = now - due;
        this.lateness.recordMs(latenessMs);
        this.counts.sent++;
        if (latenessMs > this.lateToleranceMs) this.counts.late++;
      } else if (outcome === 'blocked') {
        this.counts.blocked++;
      } else {
        this.counts.notConnected++;
      }
      this.dueMs[slot] = due + period;
      this.siftDown(0);
    }
  }

  private applyMultiplier(stageMultiplier: number): void {
    this.stageMultiplier = stageMultiplier;
    let m = stageMultiplier;
    for (const v of this.externalMultipliers.values()) m *= v;
    const oldPeriod = this.periodMs;
    this.periodMs = 1000 / (this.options.rateHz * m);
    if (this.periodMs < oldPeriod) {
      // Faster now: pull pending sends in so a burst starts at once instead of after one old period.
      for (let i = 0; i < this.heapSize; i++) {
        const slot = this.heap[i] as number;
        const lastIntended = (this.dueMs[slot] as number) - oldPeriod;
        this.dueMs[slot] = lastIntended + this.periodMs;
      }
      this.heapify();
    }
  }

  // --- binary min-heap of slots keyed by dueMs ---
  private push(slot: number, due: number): void {
    this.dueMs[slot] = due;
    this.inHeap[slot] = 1;
    let i = this.heapSize++;
    this.heap[i] = slot;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = this.heap[parent] as number;
      if ((this.dueMs[p] as number) <= due) break;
      this.heap[i] = p;
      this.heap[parent] = slot;
      i = parent;
    }
  }

  private popTop(): void {
    const top = this.heap[0] as number;
    this.inHeap[top] = 0;
    this.heapSize--;
    if (this.heapSize > 0) {
      this.heap[0] = this.heap[this.heapSize] as number;
      this.siftDown(0);
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    const due = this.dueMs;
    const n = this.heapSize;
    let i = start;
    const slot = heap[i] as number;
    const key = due[slot] as number;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && (due[heap[right] as number] as number) < (due[heap[left] as number] as number)) child = right;
      const c = heap[child] as number;
      if ((due[c] as number) >= key) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = slot;
  }

  private heapify(): void {
    for (let i = (this.heapSize >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }
}
