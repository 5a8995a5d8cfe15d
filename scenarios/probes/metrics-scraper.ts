// GET /metrics with a timeout; returns the parsed scrape or the reason it failed (a restarting
// server is expected during fault steps, so failures are values, not exceptions).
import { parsePromText, type PromScrape } from './prom-text.ts';

export async function scrapeMetrics(url: string, timeoutMs = 2000): Promise<{ ok: true; scrape: PromScrape } | { ok: false; reason: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { ok: false, reason: `HTTP ${res.status}` };
    return { ok: true, scrape: parsePromText(await res.text()) };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
