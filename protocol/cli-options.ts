// Declarative option parsing that reports every problem at once (option, rule, value received),
// then returns a frozen object. Pure: takes argv, returns values or throws one EmberError.
import { EmberError, type Problem } from './errors.ts';
import { parseDurationMs } from './units.ts';

export type OptionSpec =
  | { kind: 'string'; default?: string; required?: boolean; describe: string }
  | { kind: 'int'; default?: number; min?: number; max?: number; required?: boolean; describe: string }
  | { kind: 'number'; default?: number; min?: number; max?: number; required?: boolean; describe: string }
  | { kind: 'duration'; default?: string; required?: boolean; describe: string }
  | { kind: 'boolean'; describe: string }
  | { kind: 'enum'; values: readonly string[]; default?: string; required?: boolean; describe: string }
  | { kind: 'list'; describe: string };

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S extends { kind: 'boolean' }
  ? boolean
  : S extends { kind: 'int' | 'number' | 'duration' }
    ? S extends { default: unknown } | { required: true } ? number : number | undefined
    : S extends { kind: 'list' }
      ? string[]
      : S extends { default: unknown } | { required: true } ? string : string | undefined;

export type ParsedOptions<T extends OptionSpecs> = { readonly [K in keyof T]: ValueOf<T[K]> } & { readonly _: readonly string[] };

/** Parse `--name value`, `--name=value`, boolean `--flag`, repeated list options and positionals. */
export function parseOptions<T extends OptionSpecs>(argv: readonly string[], specs: T): ParsedOptions<T> {
  const problems: Problem[] = [];
  const raw = new Map<string, string[]>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const spec = specs[name];
    if (!spec) {
      problems.push({ path: `--${name}`, rule: `is not an option of this command (known: ${Object.keys(specs).map((k) => `--${k}`).join(', ')})`, received: arg });
      continue;
    }
    let value: string;
    if (eq !== -1) value = arg.slice(eq + 1);
    else if (spec.kind === 'boolean') value = 'true';
    else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        problems.push({ path: `--${name}`, rule: 'needs a value', received: undefined });
        continue;
      }
      value = next;
      i++;
    }
    const list = raw.get(name) ?? [];
    list.push(value);
    raw.set(name, list);
  }

  const out: Record<string, unknown> = { _: Object.freeze(positionals) };
  for (const [name, spec] of Object.entries(specs)) {
    const values = raw.get(name);
    const path = `--${name}`;
    if (spec.kind === 'list') {
      out[name] = values ?? [];
      continue;
    }
    if (values && values.length > 1) problems.push({ path, rule: 'may be given once', received: values });
    const text = values?.[values.length - 1];
    if (text === undefined) {
      if (spec.kind === 'boolean') out[name] = false;
      else if ('required' in spec && spec.required) problems.push({ path, rule: 'is required', received: undefined });
      else if (spec.kind === 'duration') out[name] = spec.default === undefined ? undefined : parseDurationMs(spec.default);
      else out[name] = spec.default;
      continue;
    }
    switch (spec.kind) {
      case 'boolean':
        if (text !== 'true' && text !== 'false') problems.push({ path, rule: 'must be true or false', received: text });
        out[name] = text === 'true';
        break;
      case 'string':
        out[name] = text;
        break;
      case 'enum':
        if (!spec.values.includes(text)) problems.push({ path, rule: `must be one of ${spec.values.join(', ')}`, received: text });
        out[name] = text;
        break;
      case 'duration': {
        const ms = parseDurationMs(text);
        if (ms === undefined) problems.push({ path, rule: 'must be a duration like 500ms, 30s, 10m, 2h or 1h30m', received: text });
        out[name] = ms;
        break;
      }
      case 'int':
      case 'number': {
        const n = Number(text);
        const isInt = spec.kind === 'int';
        if (text.trim() === '' || !Number.isFinite(n) || (isInt && !Number.isInteger(n))) {
          problems.push({ path, rule: isInt ? 'must be an integer' : 'must be a number', received: text });
        } else if (spec.min !== undefined && n < spec.min) {
          problems.push({ path, rule: `must be ≥ ${spec.min}`, received: text });
        } else if (spec.max !== undefined && n > spec.max) {
          problems.push({ path, rule: `must be ≤ ${spec.max}`, received: text });
        }
        out[name] = n;
        break;
      }
    }
  }
  if (problems.length > 0) throw new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', `${problems.length} problem(s)`, problems);
  return Object.freeze(out) as ParsedOptions<T>;
}

/** Help text from the same specs, so help and parsing cannot drift apart. */
export function formatOptionsHelp(specs: OptionSpecs): string {
  return Object.entries(specs)
    .map(([name, s]) => {
      const shape = s.kind === 'boolean' ? '' : s.kind === 'enum' ? ` <${s.values.join('|')}>` : ` <${s.kind}>`;
      const dflt = 'default' in s && s.default !== undefined ? ` (default ${s.default})` : '';
      return `  --${name}${shape}\n      ${s.describe}${dflt}`;
    })
    .join('\n');
}
