// A small field reader for untrusted plan JSON: every read records a Problem (path, rule, received)
// instead of throwing, so a plan is validated whole and all problems are reported at once.
import type { Problem } from '../protocol/errors.ts';
import type { Q } from './rational.ts';
import { parseQuantity, ruleFor, type QuantityKind } from './units.ts';
import type { Assumption, Provenance } from './plan-types.ts';

export type Obj = Readonly<Record<string, unknown>>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class PlanReader {
  readonly problems: Problem[] = [];
  readonly assumptions: Assumption[] = [];

  problem(path: string, rule: string, received: unknown): void {
    this.problems.push({ path, rule, received });
  }

  obj(parent: Obj, key: string, path: string, required: boolean): Obj | undefined {
    const v = parent[key];
    if (v === undefined && !required) return undefined;
    if (!isObj(v)) {
      this.problem(path, 'must be an object', v);
      return undefined;
    }
    return v;
  }

  arr(parent: Obj, key: string, path: string, required: boolean): readonly unknown[] {
    const v = parent[key];
    if (v === undefined && !required) return [];
    if (!Array.isArray(v) || (required && v.length === 0)) {
      this.problem(path, required ? 'must be a non-empty array' : 'must be an array', v);
      return [];
    }
    return v;
  }

  str(parent: Obj, key: string, path: string, fallback?: string): string {
    const v = parent[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || v.trim() === '') {
      this.problem(path, 'must be a non-empty string', v);
      return fallback ?? '';
    }
    return v;
  }

  oneOf<T extends string>(parent: Obj, key: string, path: string, values: readonly T[], fallback?: T): T | undefined {
    const v = parent[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
      this.problem(path, `must be one of ${values.map((x) => JSON.stringify(x)).join(', ')}`, v);
      return undefined;
    }
    return v as T;
  }

  /**
   * A quantity in base units. `min`/`max` are inclusive unless `minExclusive`. With a default, the
   * default is recorded as an assumption with its provenance so the report can print it.
   */
  qty(
    parent: Obj,
    key: string,
    path: string,
    kind: QuantityKind,
    opts: { required?: boolean; dflt?: { value: Q; shown: string; ref: string; source?: Provenance }; min?: Q; minExclusive?: boolean; max?: Q } = {},
  ): Q | undefined {
    const raw = parent[key];
    if (raw === undefined) {
      if (opts.dflt) {
        this.assumptions.push({ name: path, value: opts.dflt.shown, source: opts.dflt.source ?? 'default', ref: opts.dflt.ref });
        return opts.dflt.value;
      }
      if (opts.required !== false) this.problem(path, `is required; ${ruleFor(kind)}`, raw);
      return undefined;
    }
    const out = parseQuantity(raw, kind);
    if (!out.ok) {
      this.problem(path, out.rule, raw);
      return undefined;
    }
    const v = out.value;
    if (opts.min !== undefined && (opts.minExclusive ? v.le(opts.min) : v.lt(opts.min))) {
      this.problem(path, `must be ${opts.minExclusive ? '>' : '≥'} ${opts.min.toString()}`, raw);
      return undefined;
    }
    if (opts.max !== undefined && v.gt(opts.max)) {
      this.problem(path, `must be ≤ ${opts.max.toString()}`, raw);
      return undefined;
    }
    return v;
  }

  /** A whole count ≥ min (default 0). */
  count(parent: Obj, key: string, path: string, opts: { required?: boolean; dflt?: bigint; min?: bigint; ref?: string } = {}): bigint | undefined {
    const raw = parent[key];
    if (raw === undefined && opts.dflt !== undefined) {
      this.assumptions.push({ name: path, value: opts.dflt.toString(), source: 'default', ref: opts.ref ?? 'emberload default' });
      return opts.dflt;
    }
    if (raw === undefined && opts.required === false) return undefined;
    const out = parseQuantity(raw, 'count');
    const min = opts.min ?? 0n;
    if (!out.ok || out.value.n < min) {
      this.problem(path, `must be a whole number ≥ ${min}`, raw);
      return undefined;
    }
    return out.value.n;
  }
}
