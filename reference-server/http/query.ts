// Query-string validation for the HTTP API: every problem listed (parameter, rule, value), 400.
import type { Problem } from '../../protocol/errors.ts';

export class QueryProblems {
  readonly problems: Problem[] = [];
  constructor(private readonly q: Record<string, unknown>) {}

  int(name: string, opts: { min?: number; max?: number; dflt?: number } = {}): number | undefined {
    const raw = this.q[name];
    if (raw === undefined || raw === '') return opts.dflt;
    const n = Number(raw);
    if (!Number.isInteger(n)) this.problems.push({ path: name, rule: 'must be an integer', received: raw });
    else if (opts.min !== undefined && n < opts.min) this.problems.push({ path: name, rule: `must be ≥ ${opts.min}`, received: raw });
    else if (opts.max !== undefined && n > opts.max) this.problems.push({ path: name, rule: `must be ≤ ${opts.max}`, received: raw });
    else return n;
    return opts.dflt;
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const raw = this.q[name];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw === 'string' && (values as readonly string[]).includes(raw)) return raw as T;
    this.problems.push({ path: name, rule: `must be one of ${values.join(', ')}`, received: raw });
    return undefined;
  }

  text(name: string): string | undefined {
    const raw = this.q[name];
    if (raw === undefined || raw === '') return undefined;
    if (typeof raw === 'string') return raw;
    this.problems.push({ path: name, rule: 'must be given once, as text', received: raw });
    return undefined;
  }

  body(): { error: string; problems: Problem[] } {
    return { error: 'EMBER_ERR_SERVER_HTTP_QUERY_INVALID', problems: this.problems };
  }
}
