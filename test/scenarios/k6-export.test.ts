// The k6 export is type-checked against @types/k6 with the real compiler (no k6 binary exists here),
// and carries the same rates and API thresholds as the scenario; a deliberately broken copy fails
// the same check, so the check is not vacuous.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { renderK6Script } from '../../scenarios/k6-export.ts';
import { buildPhaseScenario } from '../../scenarios/phases/phase-definition.ts';
import { PHASE0 } from '../../scenarios/phases/phase0.ts';
import { PROFILES } from '../../scenarios/phases/profiles.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'emberload-k6-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function typecheck(file: string): { status: number | null; out: string } {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, types: ['k6'], typeRoots: [join(ROOT, 'node_modules/@types')] }, files: [file] }));
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('phase0 viewer load exports as a k6 script that type-checks against @types/k6', () => {
  const spec = buildPhaseScenario(PHASE0, 'smoke', PROFILES.smoke, 'soak+stress');
  const script = renderK6Script(spec);
  assert.match(script, /executor: 'constant-arrival-rate', rate: 5,/);
  assert.match(script, /'http_req_duration': \['p\(95\)<200'\]/);
  assert.match(script, /'http_req_failed': \['rate<0.001'\]/);
  assert.match(script, /duration: '60s'/);
  writeFileSync(join(dir, 'ok.ts'), script);
  const ok = typecheck('ok.ts');
  assert.is(ok.status, 0, ok.out);
  writeFileSync(join(dir, 'bad.ts'), `${script}\nexport const broken: number = http.get('x');\n`);
  const bad = typecheck('bad.ts');
  assert.is.not(bad.status, 0, 'a type error in the script must fail the check');
});

test.run();
