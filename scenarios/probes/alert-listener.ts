// Listens to the server's alert stream (SSE, `data: <AlertStreamEvent JSON>`) and timestamps every
// event on arrival. Reconnects after the server restarts (fault steps) and records when the stream
// was live again, which is part of "alert path working" in recovery time.
import type { AlertStreamEvent } from '../../protocol/alert.ts';

export interface ReceivedAlertEvent {
  readonly receivedAtMs: number;
  readonly event: AlertStreamEvent;
}

export class AlertStreamListener {
  readonly events: ReceivedAlertEvent[] = [];
  connected = false;
  connects = 0;
  lastEventAtMs = 0;
  /** Epoch ms of each (re)connection. */
  readonly connectedAtMs: number[] = [];
  parseErrors = 0;
  private stopped = false;
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;

  constructor(private readonly url: string) {}

  start(): void {
    this.loop = this.run();
  }

  /** Resolves once the stream has connected (or after timeoutMs, with false). */
  async waitConnected(timeoutMs: number): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    while (!this.connected && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    return this.connected;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      this.controller = new AbortController();
      try {
        const res = await fetch(this.url, { signal: this.controller.signal, headers: { accept: 'text/event-stream' } });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        this.connected = true;
        this.connects++;
        this.connectedAtMs.push(Date.now());
        const decoder = new TextDecoder();
        let buffer = '';
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let sep: number;
          while ((sep = buffer.search(/\r?\n\r?\n/)) !== -1) {
            const block = buffer.slice(0, sep);
            buffer = buffer.slice(buffer.slice(sep).startsWith('\r\n\r\n') ? sep + 4 : sep + 2);
            this.handleBlock(block);
          }
        }
      } catch {
        // Server down or restarting: retry below.
      }
      this.connected = false;
      if (!this.stopped) await new Promise((r) => setTimeout(r, 250));
    }
  }

  private handleBlock(block: string): void {
    const data = block
      .split(/\r?\n/)
      .filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).replace(/^ /, ''))
      .join('\n');
    if (data === '') return;
    const now = Date.now();
    this.lastEventAtMs = now;
    try {
      const event = JSON.parse(data) as AlertStreamEvent;
      if (event.type !== 'heartbeat') this.events.push({ receivedAtMs: now, event });
    } catch {
      this.parseErrors++;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.controller?.abort();
    await this.loop;
  }
}
