// Prometheus text exposition format (0.0.4) parser: enough for any prom-client or Python
// prometheus_client output, including the original's `emberye_*` families. Pure.

export interface PromSample {
  /** Full sample name, e.g. `emberload_sensor_processing_seconds_bucket`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface PromScrape {
  readonly samples: readonly PromSample[];
  /** `# TYPE` declarations: family name → type. */
  readonly types: ReadonlyMap<string, string>;
}

function parseValue(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (text === 'NaN') return Number.NaN;
  return Number(text);
}

function parseLabels(body: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < body.length) {
    while (body[i] === ' ' || body[i] === ',') i++;
    if (i >= body.length) break;
    const eq = body.indexOf('=', i);
    if (eq === -1) break;
    const key = body.slice(i, eq).trim();
    i = eq + 1;
    if (body[i] !== '"') break;
    i++;
    let value = '';
    while (i < body.length && body[i] !== '"') {
      if (body[i] === '\\' && i + 1 < body.length) {
        const n = body[i + 1];
        value += n === 'n' ? '\n' : n;
        i += 2;
      } else {
        value += body[i];
        i++;
      }
    }
    i++;
    labels[key] = value;
  }
  return labels;
}

export function parsePromText(text: string): PromScrape {
  const samples: PromSample[] = [];
  const types = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^#\s*TYPE\s+(\S+)\s+(\S+)/.exec(line);
      if (m) types.set(m[1] as string, m[2] as string);
      continue;
    }
    let name: string;
    let labels: Record<string, string> = {};
    let rest: string;
    const brace = line.indexOf('{');
    const space = line.indexOf(' ');
    if (brace !== -1 && (space === -1 || brace < space)) {
      name = line.slice(0, brace);
      const close = line.lastIndexOf('}');
      if (close === -1) continue;
      labels = parseLabels(line.slice(brace + 1, close));
      rest = line.slice(close + 1).trim();
    } else {
      if (space === -1) continue;
      name = line.slice(0, space);
      rest = line.slice(space + 1).trim();
    }
    const valueText = rest.split(/\s+/)[0] ?? '';
    const value = parseValue(valueText);
    if (Number.isNaN(value) && valueText !== 'NaN') continue;
    samples.push({ name, labels, value });
  }
  return { samples, types };
}

export function labelsMatch(labels: Readonly<Record<string, string>>, filter: Readonly<Record<string, string>>): boolean {
  return Object.entries(filter).every(([k, v]) => labels[k] === v);
}

/** Sum of every sample of `name` whose labels include `filter`. */
export function sumSamples(scrape: PromScrape, name: string, filter: Readonly<Record<string, string>> = {}): number | undefined {
  let total: number | undefined;
  for (const s of scrape.samples) if (s.name === name && labelsMatch(s.labels, filter)) total = (total ?? 0) + s.value;
  return total;
}
