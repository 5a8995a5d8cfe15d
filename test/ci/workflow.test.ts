// The GitHub Actions workflow is valid YAML with the documented steps, every emberload command it
// calls exists, and every shell step is valid bash.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { resolveCommand } from '../../cli/commands.ts';

const FILE = resolve(import.meta.dirname, '../../ci/github-actions/emberload-gate.yml');

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, { 'runs-on': string; 'timeout-minutes'?: number; steps: Step[] }>;
}

const wf = parse(readFileSync(FILE, 'utf8')) as Workflow;
const job = Object.values(wf.jobs)[0];
const steps = job?.steps ?? [];
const runText = steps.map((s) => s.run ?? '').join('\n');

test('workflow parses and runs on pull requests with a time limit', () => {
  assert.is(wf.name, 'emberload gate');
  assert.ok('pull_request' in wf.on);
  assert.ok(job);
  assert.is(job['runs-on'], 'ubuntu-latest');
  assert.ok((job['timeout-minutes'] ?? 0) > 0);
});

test('steps: checkout, node 20, npm ci, phase0 smoke gate, compare against the baseline, artifact, fail', () => {
  const idx = (pred: (s: Step) => boolean, what: string): number => {
    const i = steps.findIndex(pred);
    assert.ok(i >= 0, `missing step: ${what}`);
    return i;
  };
  const checkout = idx((s) => s.uses?.startsWith('actions/checkout@') === true, 'checkout');
  const node = idx((s) => s.uses?.startsWith('actions/setup-node@') === true && String(s.with?.['node-version']) === '20', 'setup-node 20');
  const install = idx((s) => s.run?.trim() === 'npm ci', 'npm ci');
  const gate = idx((s) => /gate phase0 --profile smoke --out-dir runs/.test(s.run ?? ''), 'gate');
  const compare = idx((s) => /compare ci\/baselines\/phase0-smoke\*\.json/.test(s.run ?? ''), 'compare');
  const upload = idx((s) => s.uses?.startsWith('actions/upload-artifact@') === true, 'upload');
  const fail = steps.length - 1;
  assert.ok(checkout < node && node < install && install < gate && gate < compare && compare < upload && upload < fail);
  assert.match(steps[upload]?.if ?? '', /always\(\)/, 'artifact uploaded even when the gate fails');
  assert.match(String(steps[upload]?.with?.['path']), /steps\.gate\.outputs\.run_dir/);
  assert.match(steps[fail]?.if ?? '', /always\(\)/);
  assert.match(steps[fail]?.run ?? '', /exit 1/);
  assert.match(steps[fail]?.run ?? '', /steps\.compare\.outputs\.exit/);
});

test('every emberload command the workflow calls exists in the dispatcher', () => {
  const calls = [...runText.matchAll(/npx tsx cli\/main\.ts (.*)$/gm)].map((m) => (m[1] ?? '').trim().split(/\s+/));
  assert.ok(calls.length >= 3, JSON.stringify(calls));
  for (const words of calls) assert.ok(resolveCommand(words), `unknown command: ${words.join(' ')}`);
  assert.equal(calls.map((w) => resolveCommand(w)?.words.join(' ')), ['gate', 'report', 'compare']);
});

test('every run: block is valid bash', () => {
  for (const s of steps) {
    if (!s.run) continue;
    // Expressions are substituted by Actions before bash sees the script.
    const script = s.run.replace(/\$\{\{[^}]*\}\}/g, 'X');
    const r = spawnSync('bash', ['-n'], { input: script, encoding: 'utf8' });
    assert.is(r.status, 0, `${s.name}: ${r.stderr}`);
  }
});

test.run();
