// Holds the import table of docs/architecture.md as data and fails on any import that crosses it,
// and pins where third-party packages may appear.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const AREAS = ['protocol', 'reference-server', 'simulators', 'calculators', 'reports', 'scenarios', 'ci', 'test', 'bench', 'cli', 'scripts'] as const;
type Area = (typeof AREAS)[number];

// from → areas it may import. 'reference-server' for scenarios/ci is "process only": never imported.
const MAY_IMPORT: Record<Area, readonly Area[]> = {
  protocol: [],
  'reference-server': ['protocol'],
  simulators: ['protocol'],
  calculators: ['protocol'],
  reports: ['protocol', 'calculators'],
  scenarios: ['protocol', 'simulators', 'calculators', 'reports'],
  ci: ['protocol', 'simulators', 'calculators', 'reports', 'scenarios'],
  // Entry points and checks may reach everything.
  test: [...AREAS],
  bench: [...AREAS],
  cli: [...AREAS],
  scripts: [...AREAS],
};

// package → path prefixes (relative to the repo root) where it may be imported. Tests and benches may use any.
const PACKAGE_HOMES: Record<string, readonly string[]> = {
  fastify: ['reference-server/'],
  'prom-client': ['reference-server/metrics.ts'],
  'better-sqlite3': ['reference-server/store/'],
  'chart.js': ['reports/'],
  '@napi-rs/canvas': ['reports/'],
  'hdr-histogram-js': ['simulators/core/hdr-recorder.ts'],
  '@faker-js/faker': ['simulators/'],
  autocannon: ['scenarios/'],
  'playwright-core': [],
  nats: ['reference-server/bus/', 'scenarios/'],
  '@ffmpeg-installer/ffmpeg': ['simulators/cameras/', 'reference-server/ingest/'],
  '@ffprobe-installer/ffprobe': [],
};
const UNRESTRICTED = new Set(['test', 'bench']);

function walk(dir: string, out: string[]): void {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const e of entries) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    const full = join(dir, e);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|mts|mjs|js)$/.test(e)) out.push(full);
  }
}

const IMPORT_RE = /(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(IMPORT_RE)) out.push((m[1] ?? m[2]) as string);
  return out;
}

function areaOf(file: string): Area | undefined {
  const top = relative(ROOT, file).split(sep)[0];
  return (AREAS as readonly string[]).includes(top ?? '') ? (top as Area) : undefined;
}

function packageName(spec: string): string {
  const parts = spec.split('/');
  return spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

function violations(): string[] {
  const files: string[] = [];
  for (const a of AREAS) walk(join(ROOT, a), files);
  const bad: string[] = [];
  for (const file of files) {
    const from = areaOf(file);
    if (!from) continue;
    const rel = relative(ROOT, file);
    const src = readFileSync(file, 'utf8');
    for (const spec of importsOf(src)) {
      if (spec.startsWith('.')) {
        const to = areaOf(resolve(dirname(file), spec));
        if (to && to !== from && !MAY_IMPORT[from].includes(to)) bad.push(`${rel} imports ${spec} (${from} → ${to} is not allowed)`);
        continue;
      }
      if (spec.startsWith('node:')) continue;
      if (from === 'protocol') {
        bad.push(`${rel} imports ${spec} (protocol/ is a leaf: node: builtins only)`);
        continue;
      }
      const pkg = packageName(spec);
      const homes = PACKAGE_HOMES[pkg];
      if (!homes || UNRESTRICTED.has(from)) continue;
      if (!homes.some((h) => rel === h || rel.startsWith(h))) bad.push(`${rel} imports ${pkg} (allowed only in ${homes.join(', ') || 'tests'})`);
    }
  }
  return bad;
}

test('import statements are recognised in all their forms', () => {
  const src = `import a from './a.ts';\nimport type { B } from "../b.ts";\nexport * from './c.ts';\nconst d = await import('./d.ts');\nimport './e.ts';\nimport {\n  x,\n  y,\n} from './f.ts';`;
  assert.equal(importsOf(src), ['./a.ts', '../b.ts', './c.ts', './d.ts', './e.ts', './f.ts']);
});

test('no import crosses the architecture table, and packages stay in their homes', () => {
  const bad = violations();
  assert.equal(bad, [], bad.join('\n'));
});

test('reference-server and simulators never import each other (they meet over sockets only)', () => {
  assert.not.ok(MAY_IMPORT['reference-server'].includes('simulators'));
  assert.not.ok(MAY_IMPORT.simulators.includes('reference-server'));
  assert.not.ok(MAY_IMPORT.scenarios.includes('reference-server'));
});

test.run();
