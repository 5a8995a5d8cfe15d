// Per-second time series, keyed by name + tags, in the RunResult shape.
import type { TimeSeries } from '../../protocol/run-result.ts';
import { tagKey } from '../metrics/registry.ts';

export class SeriesBook {
  private readonly byKey = new Map<string, { name: string; unit: string; tags: Readonly<Record<string, string>>; points: Array<readonly [number, number]> }>();

  point(name: string, unit: string, tS: number, value: number, tags: Readonly<Record<string, string>> = {}): void {
    if (!Number.isFinite(value)) return;
    const k = tagKey(name, tags);
    let s = this.byKey.get(k);
    if (!s) this.byKey.set(k, (s = { name, unit, tags, points: [] }));
    s.points.push([tS, value]);
  }

  get(name: string, tags: Readonly<Record<string, string>> = {}): ReadonlyArray<readonly [number, number]> {
    return this.byKey.get(tagKey(name, tags))?.points ?? [];
  }

  all(): TimeSeries[] {
    return [...this.byKey.values()];
  }
}
