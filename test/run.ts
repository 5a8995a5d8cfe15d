// Test entry point: runs every *.test.ts under test/ (or under the paths given) in one uvu process
// and ends with a plain "N passed, N failed, N skipped" line that CI understands in any language.
// Usage: tsx test/run.ts [dir-or-file-substring ...]
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname);
const filters = process.argv.slice(2);

function collect(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) collect(full, out);
    else if (entry.endsWith('.test.ts')) out.push(full);
  }
}

const files: string[] = [];
collect(root, files);
const selected = filters.length === 0 ? files : files.filter((f) => filters.some((flt) => f.includes(flt)));

type SuiteRun = () => Promise<[string | true, number, number, number]>;
const g = globalThis as unknown as { UVU_DEFER: number; UVU_INDEX: number; UVU_QUEUE: Array<Array<string | SuiteRun>> };
g.UVU_DEFER = 1;
await import('uvu');

let index = 0;
for (const file of selected) {
  g.UVU_INDEX = index++;
  g.UVU_QUEUE.push([relative(root, file)]);
  await import(file);
}

const started = performance.now();
let passed = 0;
let total = 0;
let skipped = 0;
const failures: string[] = [];
for (const group of g.UVU_QUEUE) {
  const name = group.shift();
  if (typeof name === 'string') process.stdout.write(`${name}\n`);
  for (const run of group as SuiteRun[]) {
    const [errs, ran, skip, max] = await run();
    total += max;
    passed += ran;
    skipped += skip;
    if (errs !== true) {
      process.stdout.write(`\n${errs}\n`);
      failures.push(String(name));
    }
  }
}
const failed = total - passed - skipped;
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(`\n  Files: ${selected.length}  Duration: ${seconds}s\n`);
if (failures.length > 0) process.stdout.write(`  Failing files: ${[...new Set(failures)].join(', ')}\n`);
process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
// Exit explicitly: a test that leaks a handle must not hang CI.
process.exit(failed > 0 || failures.length > 0 ? 1 : 0);
