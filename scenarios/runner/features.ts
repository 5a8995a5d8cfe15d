// What the target can do, probed over HTTP (never by importing server code), and which thresholds
// therefore cannot apply. A threshold that cannot apply is reported "not-applicable" with the reason.
import { formatMetricKey } from '../thresholds/expression.ts';
import { METRIC_CATALOG, type TargetFeature } from '../thresholds/metric-catalog.ts';
import type { ThresholdSpec } from '../thresholds/definitions.ts';

export async function httpStatus(url: string): Promise<number | undefined> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await r.body?.cancel();
    return r.status;
  } catch {
    return undefined;
  }
}

export function notApplicableMap(
  specs: readonly ThresholdSpec[],
  extraRequires: Readonly<Record<string, readonly TargetFeature[]>>,
  features: ReadonlySet<TargetFeature>,
  why: Readonly<Partial<Record<TargetFeature, string>>>,
): Map<number, string> {
  const extra = new Map(Object.entries(extraRequires).map(([k, v]) => [k.replace(/\s+/g, ''), v]));
  const out = new Map<number, string>();
  specs.forEach((s, i) => {
    const needs = [...METRIC_CATALOG[s.metric].requires, ...(extra.get(formatMetricKey(s.metric, s.tags)) ?? [])];
    const missing = needs.filter((f) => !features.has(f));
    if (missing.length > 0) out.set(i, `target lacks ${missing.map((f) => `${f}${why[f] ? ` (${why[f]})` : ''}`).join(', ')}`);
  });
  return out;
}
