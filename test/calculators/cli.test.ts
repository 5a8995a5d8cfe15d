// The calculators CLI end to end on real files: size (text, --json, --report) and size calibrate.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmberError } from '../../protocol/errors.ts';
import { runCli } from '../../cli/main.ts';
import { makeRun } from './run-fixtures.ts';
import { ISSUE_PLAN } from './plan-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'emberload-calc-'));
const plan003 = new URL('../../calculators/plans/seed-003-200-cameras.json', import.meta.url).pathname;

/** Capture stdout of one CLI call. */
async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const original = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((c: string | Uint8Array) => {
    chunks.push(typeof c === 'string' ? c : Buffer.from(c).toString());
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await runCli(argv), out: chunks.join('') };
  } finally {
    process.stdout.write = original;
  }
}

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('size --json prints money as exact rational and 2-decimal display', async () => {
  const { code, out } = await run(['size', '--plan', plan003, '--json']);
  assert.is(code, 0);
  const json = JSON.parse(out) as { cost: { monthlyCostUsd: unknown }; nodes: { total: string } };
  assert.equal(json.cost.monthlyCostUsd, { exact: '1226096/75', display: '16347.95' });
  assert.is(json.nodes.total, '6');
});

test('size --report writes sizing.md, sizing.html and sizing.json', async () => {
  const out = join(dir, 'report');
  const { code, out: text } = await run(['size', '--plan', plan003, '--report', out]);
  assert.is(code, 0);
  assert.match(text, '## Per-resource checks');
  for (const f of ['sizing.md', 'sizing.html', 'sizing.json']) assert.ok(existsSync(join(out, f)), f);
  assert.match(readFileSync(join(out, 'sizing.html'), 'utf8'), 'Seed says / corrected');
});

test('a bad plan file fails with the CALC error, exit 2 and every problem', async () => {
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...ISSUE_PLAN, cameras: [{ ...ISSUE_PLAN.cameras[0], bitrate: '4 furlongs', count: -1 }] }));
  try {
    await run(['size', '--plan', bad]);
    assert.unreachable('should throw');
  } catch (err) {
    assert.instance(err, EmberError);
    assert.is((err as EmberError).exitCode, 2);
    assert.equal((err as EmberError).problems.map((p) => p.path).sort(), ['cameras[0].bitrate', 'cameras[0].count']);
  }
  try {
    await run(['size', '--plan', join(dir, 'missing.json')]);
    assert.unreachable('should throw');
  } catch (err) {
    assert.is((err as EmberError).code, 'EMBER_ERR_CALC_FILE_UNREADABLE');
  }
});

test('size calibrate reads run directories, writes a profile that size --calibration uses', async () => {
  const loads: Array<[number, number]> = [[2, 10], [5, 20], [10, 10], [20, 40]];
  const runDirs = loads.map(([c, s], i) => {
    const d = join(dir, 'runs', `run${i}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'result.json'), JSON.stringify(makeRun({ runId: `run${i}`, cameras: c, sensors: s, cpuAvg: Number((0.02 + 0.005 * c + 0.0002 * s).toFixed(6)), rssMax: 4e7 + 1e6 * c + 1e4 * s })));
    return d;
  });
  const profile = join(dir, 'profile.json');
  const { code, out } = await run(['size', 'calibrate', ...runDirs, '--out', profile]);
  assert.is(code, 0);
  assert.match(out, 'R² 1.0000');
  const written = JSON.parse(readFileSync(profile, 'utf8')) as { cpuCores: { perCamera: string }; slopeMargin: string };
  assert.is(written.cpuCores.perCamera, '1/200');
  assert.is(written.slopeMargin, '6/5'); // 4 runs < 5
  const sized = await run(['size', '--plan', plan003, '--calibration', profile, '--json']);
  const json = JSON.parse(sized.out) as { checks: Array<{ resource: string; required: { exact: string } }> };
  // 40 cameras per node: 0.02 + 40 × 0.005 × 6/5 = 0.26 cores
  assert.is(json.checks.find((c) => c.resource === 'CPU')?.required.exact, '13/50');
});

test.run();
