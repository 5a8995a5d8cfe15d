// Cuts the ffmpeg stdout byte stream into whole frames with one reusable buffer: each chunk is
// copied in place and a frame is emitted (synchronously, as a view of that buffer) every time it
// fills. The consumer must copy what it keeps; nothing is allocated per frame.

export class FrameAssembler {
  readonly #frame: Uint8Array;
  #filled = 0;
  framesOut = 0;

  constructor(readonly frameBytes: number, private readonly onFrame: (frame: Uint8Array) => void) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError(`frameBytes must be a positive integer, got ${frameBytes}`);
    this.#frame = new Uint8Array(frameBytes);
  }

  push(chunk: Uint8Array): void {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(this.frameBytes - this.#filled, chunk.length - offset);
      this.#frame.set(chunk.subarray(offset, offset + take), this.#filled);
      this.#filled += take;
      offset += take;
      if (this.#filled === this.frameBytes) {
        this.#filled = 0;
        this.framesOut++;
        this.onFrame(this.#frame);
      }
    }
  }

  /** Drops a partial frame (after a restart the new process starts on a frame boundary). */
  reset(): void {
    this.#filled = 0;
  }

  get partialBytes(): number {
    return this.#filled;
  }
}
