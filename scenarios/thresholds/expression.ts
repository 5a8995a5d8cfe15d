// The k6 threshold expression grammar (k6 metrics/thresholds_parser.go), so CI scripts written for k6
// read the same here: `aggregation operator number`, e.g. `p(95)<25`, `rate<0.005`, `count>=1`.
// Pure; returns a rule text instead of throwing so callers can collect every problem at once.

export const OPERATORS = ['<=', '<', '>=', '>', '===', '==', '!='] as const;
export type Operator = '<=' | '<' | '>=' | '>' | '==' | '!=';

export type Aggregation =
  | { readonly method: 'count' | 'rate' | 'value' | 'avg' | 'min' | 'max' | 'med' }
  | { readonly method: 'p'; readonly percentile: number };

export interface ParsedExpression {
  readonly aggregation: Aggregation;
  /** Canonical text of the aggregation, e.g. `p(99.9)`. */
  readonly aggregationText: string;
  readonly operator: Operator;
  readonly limit: number;
}

const FLOAT_RE = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const SIMPLE_METHODS = new Set(['count', 'rate', 'value', 'avg', 'min', 'max', 'med']);

export function aggregationText(a: Aggregation): string {
  return a.method === 'p' ? `p(${a.percentile})` : a.method;
}

/** Parse one expression; returns the parsed form or the rule it broke. */
export function parseExpression(text: string): { ok: true; value: ParsedExpression } | { ok: false; rule: string } {
  // k6 splits on the first operator found, trying the two-character ones first.
  let opAt = -1;
  let op: (typeof OPERATORS)[number] | undefined;
  for (const candidate of OPERATORS) {
    const i = text.indexOf(candidate);
    if (i !== -1 && (opAt === -1 || i < opAt || (i === opAt && candidate.length > (op?.length ?? 0)))) {
      opAt = i;
      op = candidate;
    }
  }
  if (op === undefined) return { ok: false, rule: `must be "<aggregation> <operator> <number>" with an operator among ${OPERATORS.join(' ')}` };
  const left = text.slice(0, opAt).trim();
  const right = text.slice(opAt + op.length).trim();
  if (left === '') return { ok: false, rule: 'needs an aggregation before the operator (count, rate, value, avg, min, max, med or p(N))' };
  if (right === '' || !FLOAT_RE.test(right)) return { ok: false, rule: 'needs a plain number after the operator' };
  if (/^[=<>!]/.test(right)) return { ok: false, rule: 'has a malformed operator' };
  let aggregation: Aggregation;
  const pm = /^p\(\s*(\d+(?:\.\d+)?)\s*\)$/.exec(left);
  if (pm) {
    const percentile = Number(pm[1]);
    if (percentile < 0 || percentile > 100) return { ok: false, rule: 'percentile must be between 0 and 100' };
    aggregation = { method: 'p', percentile };
  } else if (SIMPLE_METHODS.has(left)) {
    aggregation = { method: left as 'count' };
  } else {
    return { ok: false, rule: `unknown aggregation "${left}" (use count, rate, value, avg, min, max, med or p(N))` };
  }
  const operator: Operator = op === '===' ? '==' : op;
  return { ok: true, value: { aggregation, aggregationText: aggregationText(aggregation), operator, limit: Number(right) } };
}

export function compare(observed: number, operator: Operator, limit: number): boolean {
  switch (operator) {
    case '<':
      return observed < limit;
    case '<=':
      return observed <= limit;
    case '>':
      return observed > limit;
    case '>=':
      return observed >= limit;
    case '==':
      return observed === limit;
    case '!=':
      return observed !== limit;
  }
}

/** `metric{tag:value,tag2:value}` → name and tags; the `}` must close the key (k6 ParseMetricName). */
export function parseMetricKey(key: string): { ok: true; name: string; tags: Record<string, string> } | { ok: false; rule: string } {
  const open = key.indexOf('{');
  if (open === -1) {
    if (key.includes('}')) return { ok: false, rule: 'has a "}" without "{"' };
    const name = key.trim();
    return name === '' ? { ok: false, rule: 'needs a metric name' } : { ok: true, name, tags: {} };
  }
  if (!key.endsWith('}')) return { ok: false, rule: 'tag filter must end the key with "}"' };
  const name = key.slice(0, open).trim();
  if (name === '') return { ok: false, rule: 'needs a metric name before "{"' };
  const body = key.slice(open + 1, -1);
  if (body.includes('{') || body.includes('}')) return { ok: false, rule: 'has nested braces in the tag filter' };
  const tags: Record<string, string> = {};
  for (const part of body.split(',')) {
    const colon = part.indexOf(':');
    if (colon === -1) return { ok: false, rule: `tag "${part.trim()}" must be written key:value` };
    const k = part.slice(0, colon).trim();
    const v = part.slice(colon + 1).trim();
    if (k === '' || v === '') return { ok: false, rule: `tag "${part.trim()}" needs both a key and a value` };
    if (k in tags) return { ok: false, rule: `tag key "${k}" repeated` };
    tags[k] = v;
  }
  return { ok: true, name, tags };
}

export function formatMetricKey(name: string, tags: Readonly<Record<string, string>>): string {
  const entries = Object.entries(tags);
  return entries.length === 0 ? name : `${name}{${entries.map(([k, v]) => `${k}:${v}`).join(',')}}`;
}
