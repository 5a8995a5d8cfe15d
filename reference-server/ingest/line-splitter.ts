// `\n` framing for one TCP connection with one reusable buffer. Complete lines inside a chunk are
// decoded straight from the chunk (no copy); only a line split across TCP segments is copied into
// the connection's buffer, which grows by doubling up to the line limit and is then reused.
// Bytes that are not UTF-8 are reported and dropped from the text, like the original's
// `.decode('utf-8', 'ignore')`.
import { isUtf8 } from 'node:buffer';

export interface LineSink {
  /**
   * `line` is stripped of surrounding whitespace. It is never empty, except when it consisted only
   * of invalid bytes (`notUtf8` true, text '' — count it, then skip it like the original's empty line).
   */
  (line: string, notUtf8: boolean): void;
}

export type PushResult = 'ok' | 'line-too-long';

const INITIAL_BYTES = 4_096;
const REPLACEMENT = /\uFFFD/g;

export class LineSplitter {
  private buf: Buffer | null = null;
  private len = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** Bytes of an incomplete line waiting for its `\n`. */
  get pendingBytes(): number {
    return this.len;
  }

  /** Feed one chunk; calls `sink` for each complete line. Stops at the first over-long line. */
  push(chunk: Buffer, sink: LineSink): PushResult {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl === -1) {
        if (start < chunk.length) {
          if (this.len + chunk.length - start > this.maxLineBytes) return this.overflow();
          this.append(chunk, start, chunk.length);
        }
        return 'ok';
      }
      if (this.len > 0) {
        if (this.len + nl - start > this.maxLineBytes) return this.overflow();
        this.append(chunk, start, nl);
        emit(this.buf as Buffer, 0, this.len, sink);
        this.len = 0;
      } else {
        if (nl - start > this.maxLineBytes) return this.overflow();
        emit(chunk, start, nl, sink);
      }
      start = nl + 1;
    }
  }

  /** A connection closed: whatever is buffered is a half packet and is discarded. Returns its size. */
  discard(): number {
    const n = this.len;
    this.len = 0;
    return n;
  }

  private overflow(): PushResult {
    this.len = 0;
    return 'line-too-long';
  }

  private append(src: Buffer, from: number, to: number): void {
    const need = this.len + (to - from);
    if (!this.buf || this.buf.length < need) {
      let size = this.buf ? this.buf.length : INITIAL_BYTES;
      while (size < need) size *= 2;
      const next = Buffer.allocUnsafe(Math.min(size, this.maxLineBytes + 1));
      if (this.buf && this.len > 0) this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
    src.copy(this.buf, this.len, from, to);
    this.len = need;
  }
}

function emit(bytes: Buffer, from: number, to: number, sink: LineSink): void {
  // Skip surrounding ASCII whitespace (Python's strip() on what the device sends: \r, spaces, tabs).
  while (from < to && isSpace(bytes[from] as number)) from++;
  while (to > from && isSpace(bytes[to - 1] as number)) to--;
  if (from === to) return;
  const view = bytes.subarray(from, to);
  if (isUtf8(view)) return sink(view.toString('utf8'), false);
  const text = view.toString('utf8').replace(REPLACEMENT, '').trim();
  sink(text, true);
}

function isSpace(b: number): boolean {
  return b === 32 || (b >= 9 && b <= 13);
}
