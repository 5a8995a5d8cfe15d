// GET /metrics with a timeout; returns the exposition text or the reason it failed (a restarting
// server is expected during fault steps, so failures are values, not exceptions). Parsing is left
// to the caller so it can be timed as probe CPU without the await in between.

export async function scrapeMetrics(url: string, timeoutMs = 2000): Promise<{ ok: true; text: string } | { ok: false; reason: string }> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return { ok: false, reason: `HTTP ${res.status}` };
    return { ok: true, text: await res.text() };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
