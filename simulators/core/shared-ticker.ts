// One timer for a whole fleet (undici-style coalesced timers): thousands of virtual devices share a
// single loop instead of a setInterval each. Subscribers say when they next need to run; the ticker
// sleeps until the earliest of those, so an idle fleet costs nothing and a busy one never waits on
// a fixed coarse period.

/** A subscriber runs its due work for `nowMs` (performance.now() clock) and returns when it next
 *  wants to run (same clock); `Infinity` means "idle until wake()". */
export interface TickSubscriber {
  onTick(nowMs: number): number;
}

export interface SharedTickerOptions {
  /** Longest sleep, so clock jumps and stage changes are noticed. Default 50 ms. */
  readonly maxSleepMs?: number;
}

export class SharedTicker {
  private readonly subscribers = new Set<TickSubscriber>();
  private readonly maxSleepMs: number;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private running = false;
  private tickCountValue = 0;

  constructor(options: SharedTickerOptions = {}) {
    this.maxSleepMs = options.maxSleepMs ?? 50;
  }

  /** Loop iterations so far (for tests and the benchmark's cost figures). */
  get tickCount(): number {
    return this.tickCountValue;
  }

  subscribe(subscriber: TickSubscriber): () => void {
    this.subscribers.add(subscriber);
    this.wake();
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /** Run as soon as possible (a subscriber has new work earlier than it announced). */
  wake(): void {
    if (!this.running) return;
    this.clear();
    this.immediate = setImmediate(this.loop);
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
  }

  private readonly loop = (): void => {
    this.timer = undefined;
    this.immediate = undefined;
    if (!this.running) return;
    this.tickCountValue++;
    let nextMs = Infinity;
    for (const s of this.subscribers) {
      const next = s.onTick(performance.now());
      if (next < nextMs) nextMs = next;
    }
    if (!this.running) return;
    const delayMs = Math.min(nextMs - performance.now(), this.maxSleepMs);
    // Below 1 ms setTimeout cannot help (it sleeps ≥ 1 ms): yield to I/O with setImmediate instead,
    // so sockets drain between batches while sends stay within ~1 ms of their intended time.
    if (delayMs < 1) this.immediate = setImmediate(this.loop);
    else this.timer = setTimeout(this.loop, Math.floor(delayMs));
  };
}
