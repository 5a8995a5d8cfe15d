// Simulator snapshots are read defensively: the runner must keep working (and say what it could not
// see) if a simulator adds or renames a field, instead of crashing a 24 h soak at the end.

export function pick(obj: unknown, ...paths: string[]): unknown {
  for (const p of paths) {
    let cur: unknown = obj;
    for (const part of p.split('.')) {
      if (typeof cur !== 'object' || cur === null) {
        cur = undefined;
        break;
      }
      cur = (cur as Record<string, unknown>)[part];
    }
    if (cur !== undefined) return cur;
  }
  return undefined;
}

export function pickNumber(obj: unknown, ...paths: string[]): number | undefined {
  const v = pick(obj, ...paths);
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
