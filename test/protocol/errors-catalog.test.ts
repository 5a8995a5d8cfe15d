import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { ERROR_CATALOG, EmberError, formatError, exitCodeOf } from '../../protocol/errors.ts';
import { renderErrorsDoc } from '../../scripts/errors-doc.ts';

test('docs/errors.md is exactly what the catalog generates (run npm run docs:errors)', () => {
  const committed = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  assert.equal(committed, renderErrorsDoc());
});

test('every code follows EMBER_ERR_<AREA>_<WHAT> and has message, hint and a known exit code', () => {
  for (const [code, spec] of Object.entries(ERROR_CATALOG)) {
    assert.ok(/^EMBER_ERR_[A-Z0-9]+_[A-Z0-9_]+$/.test(code), code);
    assert.ok(spec.message.length > 0 && spec.hint.length > 0, code);
    assert.ok([1, 2, 99].includes(spec.exit), `${code} exit ${spec.exit}`);
  }
});

test('formatError names path, rule and received value, then the hint', () => {
  const err = new EmberError('EMBER_ERR_CLI_INVALID_OPTIONS', '1 problem(s)', [{ path: '--devices', rule: 'must be ≥ 1', received: '-3' }]);
  const text = formatError(err);
  assert.match(text, 'EMBER_ERR_CLI_INVALID_OPTIONS');
  assert.match(text, '--devices: must be ≥ 1 (received "-3")');
  assert.match(text, 'hint:');
  assert.is(exitCodeOf(err), 2);
  assert.is(exitCodeOf(new Error('boom')), 1);
});

test.run();
