// A minimal real SSE client for tests: reads `data:` lines of /api/alerts/stream as AlertStreamEvents.
// Tests keep the returned handle and destroy it in their after hook.
import { request } from 'node:http';
import type { AlertStreamEvent } from '../../protocol/alert.ts';

export function listenAlertStream(baseUrl: string, onEvent: (e: AlertStreamEvent) => void): { destroy(): void } {
  const req = request(`${baseUrl}/api/alerts/stream`, (res) => {
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (text: string) => {
      buf += text;
      let end: number;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, end);
        buf = buf.slice(end + 2);
        for (const line of block.split('\n')) if (line.startsWith('data: ')) onEvent(JSON.parse(line.slice(6)) as AlertStreamEvent);
      }
    });
  });
  req.on('error', () => {}); // the server closing the stream at test end is expected
  req.end();
  return req;
}
