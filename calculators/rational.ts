// Exact rational numbers on BigInt. Every sizing quantity is one of these so that no binary float
// ever reaches ceil/floor: Math.ceil(21/0.7) is 31, the exact answer is 30 (sizing-model.md §3.1).
// Values are always normalised (denominator > 0, gcd 1), so equality is structural.

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

export class Q {
  readonly n: bigint;
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    this.n = n;
    this.d = d;
  }

  static of(n: bigint | number, d: bigint | number = 1n): Q {
    const nn = typeof n === 'number' ? intToBig(n) : n;
    const dd = typeof d === 'number' ? intToBig(d) : d;
    if (dd === 0n) throw new RangeError('rational with zero denominator');
    const sign = dd < 0n ? -1n : 1n;
    const g = gcd(nn, dd) || 1n;
    return new Q((sign * nn) / g, (sign * dd) / g);
  }

  /**
   * Exact value of a decimal literal: "0.7" → 7/10, "1.5e3" → 1500, "-2" → -2. A JS number is read
   * through its shortest round-trip decimal (what the user typed in JSON), never through its binary value.
   */
  static parse(text: string | number): Q | undefined {
    const s = typeof text === 'number' ? (Number.isFinite(text) ? String(text) : '') : text.trim();
    const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s);
    if (!m || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) return undefined;
    const intPart = m[2] ?? '';
    const frac = m[3] ?? '';
    const exp = Number(m[4] ?? '0');
    if (!Number.isSafeInteger(exp) || Math.abs(exp) > 400) return undefined;
    let n = BigInt(`${intPart}${frac}` || '0');
    let d = 10n ** BigInt(frac.length);
    if (exp > 0) n *= 10n ** BigInt(exp);
    else if (exp < 0) d *= 10n ** BigInt(-exp);
    return Q.of(m[1] === '-' ? -n : n, d);
  }

  add(o: Q | bigint): Q {
    const b = toQ(o);
    return Q.of(this.n * b.d + b.n * this.d, this.d * b.d);
  }
  sub(o: Q | bigint): Q {
    const b = toQ(o);
    return Q.of(this.n * b.d - b.n * this.d, this.d * b.d);
  }
  mul(o: Q | bigint): Q {
    const b = toQ(o);
    return Q.of(this.n * b.n, this.d * b.d);
  }
  div(o: Q | bigint): Q {
    const b = toQ(o);
    if (b.n === 0n) throw new RangeError('rational division by zero');
    return Q.of(this.n * b.d, this.d * b.n);
  }
  neg(): Q {
    return Q.of(-this.n, this.d);
  }
  /** Integer power (exact compounding for growth: 250 × (6/5)³ = 432 exactly). */
  pow(exp: number): Q {
    if (!Number.isInteger(exp)) throw new RangeError('rational power needs an integer exponent');
    const e = BigInt(Math.abs(exp));
    const r = Q.of(this.n ** e, this.d ** e);
    return exp >= 0 ? r : Q.of(1n).div(r);
  }
  cmp(o: Q | bigint): -1 | 0 | 1 {
    const b = toQ(o);
    const l = this.n * b.d;
    const r = b.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  eq(o: Q | bigint): boolean {
    return this.cmp(o) === 0;
  }
  lt(o: Q | bigint): boolean {
    return this.cmp(o) < 0;
  }
  le(o: Q | bigint): boolean {
    return this.cmp(o) <= 0;
  }
  gt(o: Q | bigint): boolean {
    return this.cmp(o) > 0;
  }
  ge(o: Q | bigint): boolean {
    return this.cmp(o) >= 0;
  }
  isZero(): boolean {
    return this.n === 0n;
  }
  isInteger(): boolean {
    return this.d === 1n;
  }
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }
  ceil(): bigint {
    const q = this.n / this.d;
    return this.n > 0n && q * this.d !== this.n ? q + 1n : q;
  }
  /** Round half to even at `digits` decimals; returns a fixed-point string ("16347.95"). */
  toFixed(digits: number): string {
    const scale = 10n ** BigInt(digits);
    const scaled = this.mul(scale);
    let q = scaled.floor();
    const rem = scaled.sub(q);
    const half = Q.of(1n, 2n);
    const c = rem.cmp(half);
    if (c > 0 || (c === 0 && q % 2n !== 0n)) q += 1n;
    const neg = q < 0n;
    const abs = (neg ? -q : q).toString().padStart(digits + 1, '0');
    const body = digits === 0 ? abs : `${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
    return `${neg ? '-' : ''}${body}`;
  }
  /** Exact text: "n" for integers, "n/d" otherwise (parseable back with Q.fromString). */
  toString(): string {
    return this.d === 1n ? this.n.toString() : `${this.n}/${this.d}`;
  }
  /** For statistics and charts only; never feed the result to rounding of buy counts. */
  toNumber(): number {
    return Number(this.n) / Number(this.d);
  }

  /** Parse "n/d" or a decimal. */
  static fromString(text: string): Q | undefined {
    const m = /^\s*([+-]?\d+)\s*\/\s*(\d+)\s*$/.exec(text);
    if (m) return m[2] === '0' ? undefined : Q.of(BigInt(m[1] as string), BigInt(m[2] as string));
    return Q.parse(text);
  }
}

function intToBig(n: number): bigint {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Q.of needs safe integers, got ${n}; use Q.parse for decimals`);
  return BigInt(n);
}

function toQ(x: Q | bigint): Q {
  return typeof x === 'bigint' ? Q.of(x) : x;
}

export const ZERO = Q.of(0n);
export const ONE = Q.of(1n);

export function q(n: bigint | number, d: bigint | number = 1n): Q {
  return Q.of(n, d);
}

export function sumQ(xs: readonly Q[]): Q {
  return xs.reduce((a, b) => a.add(b), ZERO);
}

export function minQ(a: Q, b: Q): Q {
  return a.le(b) ? a : b;
}

export function maxQ(a: Q, b: Q): Q {
  return a.ge(b) ? a : b;
}
