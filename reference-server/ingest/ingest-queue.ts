// Bounded FIFO between the sockets and processing (a ring of parallel arrays: no allocation per
// packet). From `dropOldestFromRatio` fill on (risks seed: 80 %), each new packet evicts the
// oldest one; the caller counts every drop. The original drops only when full, and silently.

export interface QueuedPacket<C> {
  readonly line: string;
  readonly conn: C;
  /** performance.now() when the chunk carrying the line arrived. */
  readonly arrivedMs: number;
}

export class IngestQueue<C> {
  private readonly lines: (string | undefined)[];
  private readonly conns: (C | undefined)[];
  private readonly arrived: Float64Array;
  private head = 0;
  private size = 0;
  readonly dropFrom: number;

  constructor(readonly capacity: number, dropOldestFromRatio: number) {
    this.lines = new Array<string | undefined>(capacity);
    this.conns = new Array<C | undefined>(capacity);
    this.arrived = new Float64Array(capacity);
    this.dropFrom = Math.max(1, Math.min(capacity, Math.floor(capacity * dropOldestFromRatio)));
  }

  get length(): number {
    return this.size;
  }

  /** Enqueue; returns how many old packets were dropped to make room (0 or 1). */
  push(line: string, conn: C, arrivedMs: number): number {
    let dropped = 0;
    if (this.size >= this.dropFrom) {
      this.shiftInto(null);
      dropped = 1;
    }
    const tail = (this.head + this.size) % this.capacity;
    this.lines[tail] = line;
    this.conns[tail] = conn;
    this.arrived[tail] = arrivedMs;
    this.size++;
    return dropped;
  }

  /** Dequeue into `out` (reused by the caller); false when empty. */
  shiftInto(out: { line: string; conn: C; arrivedMs: number } | null): boolean {
    if (this.size === 0) return false;
    const i = this.head;
    if (out) {
      out.line = this.lines[i] as string;
      out.conn = this.conns[i] as C;
      out.arrivedMs = this.arrived[i] as number;
    }
    this.lines[i] = undefined;
    this.conns[i] = undefined;
    this.head = (i + 1) % this.capacity;
    this.size--;
    return true;
  }

  /** Empty the queue (shutdown without drain); returns how many were discarded. */
  clear(): number {
    const n = this.size;
    while (this.shiftInto(null));
    return n;
  }
}
