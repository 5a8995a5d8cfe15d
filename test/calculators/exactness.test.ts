// Exactness guard (sizing-model.md §4.8): no float rounding anywhere in calculators/. Buy counts and
// per-node capacities go through calculators/rounding.ts on exact rationals only.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { Q } from '../../calculators/rational.ts';

const dir = new URL('../../calculators/', import.meta.url);

test('no Math.ceil/floor/round/trunc in calculators/', () => {
  const offenders = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => readFileSync(new URL(f, dir), 'utf8').split('\n').map((line, i) => ({ f, i: i + 1, line })))
    .filter(({ line }) => /Math\.(ceil|floor|round|trunc)\s*\(/.test(line.replace(/\/\/.*$/, '')));
  assert.equal(offenders.map((o) => `${o.f}:${o.i}`), []);
});

test('a rational cannot be built from a binary fraction: Q.of refuses non-integers, Q.parse reads the decimal text', () => {
  assert.throws(() => Q.of(0.7));
  assert.is(Q.parse(0.7)?.toString(), '7/10');
  assert.is(Q.parse('1e-3')?.toString(), '1/1000');
  assert.is(Q.parse('abc'), undefined);
  assert.is(Q.parse('.'), undefined);
});

test('half-even display', () => {
  const fixed = (s: string, digits: number) => (Q.parse(s) as Q).toFixed(digits);
  assert.equal(['0.125', '0.135', '1.005', '16347.946666'].map((s) => fixed(s, 2)), ['0.12', '0.14', '1.00', '16347.95']);
  assert.equal(['2.5', '3.5', '-2.5', '-3.5'].map((s) => fixed(s, 0)), ['2', '4', '-2', '-4']);
});

test.run();
