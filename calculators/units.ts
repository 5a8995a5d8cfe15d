// Unit-safe parsing and display. Inside the engine everything is in base units: bit/s, bytes,
// seconds, cores, watts, USD, plain ratios. Strings with units are converted here, exactly.
// Conventions (sizing-model.md §1.1): network rates are SI (1 Mbps = 10⁶ bit/s); storage is SI
// (1 TB = 10¹² B) with binary units accepted when written as such (1 GiB = 2³⁰ B).
import { Q, q } from './rational.ts';
import { display, displayGrouped } from './rounding.ts';

export type QuantityKind = 'bitrate' | 'bytes' | 'byterate' | 'ratio' | 'number' | 'usd' | 'count';

const BITRATE_UNITS: Record<string, bigint> = {
  'bps': 1n, 'bit/s': 1n, 'b/s': 1n,
  'kbps': 1000n, 'kbit/s': 1000n, 'kb/s': 1000n,
  'mbps': 1_000_000n, 'mbit/s': 1_000_000n, 'mb/s': 1_000_000n,
  'gbps': 1_000_000_000n, 'gbit/s': 1_000_000_000n, 'gb/s': 1_000_000_000n,
  'gbe': 1_000_000_000n,
};

const BYTE_UNITS: Record<string, bigint> = {
  B: 1n,
  kB: 1000n, KB: 1000n, MB: 10n ** 6n, GB: 10n ** 9n, TB: 10n ** 12n, PB: 10n ** 15n,
  KiB: 2n ** 10n, MiB: 2n ** 20n, GiB: 2n ** 30n, TiB: 2n ** 40n, PiB: 2n ** 50n,
};

export const TB = q(10n ** 12n);
export const TIB = q(2n ** 40n);
export const MIB = q(2n ** 20n);
export const GIB = q(2n ** 30n);
export const SECONDS_PER_DAY = q(86_400n);
export const SECONDS_PER_YEAR = q(31_536_000n);

export type ParseOutcome = { ok: true; value: Q } | { ok: false; rule: string };

const RULES: Record<QuantityKind, string> = {
  bitrate: 'must be a bit rate such as "4 Mbps", "2048 kbps", "1 Gbps" (SI units; bps, kbps, Mbps, Gbps)',
  bytes: 'must be a size such as "10 TB", "1 GiB", "512 MB" (B, kB, MB, GB, TB, PB, KiB, MiB, GiB, TiB, PiB)',
  byterate: 'must be a byte rate such as "245 MB/s" or "1 GiB/s"',
  ratio: 'must be a fraction such as "0.2", "1/5" or "20%"',
  number: 'must be a number such as 15, "0.12" or "2500/3"',
  usd: 'must be an amount in USD such as 5000, "0.12" or "2500/3"',
  count: 'must be a whole number such as 200',
};

export function ruleFor(kind: QuantityKind): string {
  return RULES[kind];
}

/** Parse a JSON value holding a quantity of `kind` into base units, exactly. */
export function parseQuantity(raw: unknown, kind: QuantityKind): ParseOutcome {
  const fail = { ok: false as const, rule: RULES[kind] };
  if (typeof raw !== 'string' && typeof raw !== 'number') return fail;
  const text = typeof raw === 'number' ? String(raw) : raw.trim();
  if (kind === 'byterate') {
    const m = /^(.*)\/s$/.exec(text);
    const inner = m ? parseQuantity(m[1], 'bytes') : undefined;
    return inner?.ok ? inner : fail;
  }
  if (kind === 'bitrate' || kind === 'bytes') {
    const m = /^([0-9.eE+-]+)\s*([A-Za-z/]+)$/.exec(text);
    if (!m) return fail;
    const num = Q.parse(m[1] as string);
    const unit = m[2] as string;
    const factor = kind === 'bitrate' ? BITRATE_UNITS[unit.toLowerCase()] : BYTE_UNITS[unit];
    if (!num || factor === undefined) return fail;
    return { ok: true, value: num.mul(factor) };
  }
  if (kind === 'ratio') {
    const pct = /^(.+?)\s*%$/.exec(text);
    const v = pct ? Q.parse(pct[1] as string)?.div(100n) : Q.fromString(text);
    return v ? { ok: true, value: v } : fail;
  }
  const v = Q.fromString(text.replace(/^\$/, ''));
  if (!v) return fail;
  if (kind === 'count' && !v.isInteger()) return fail;
  return { ok: true, value: v };
}

/** "8.64 TB (7.86 TiB)": storage is always shown in both conventions, labelled. */
export function formatStorage(bytes: Q): string {
  if (bytes.lt(TB) && !bytes.isZero()) return `${display(bytes.div(10n ** 9n))} GB (${display(bytes.div(GIB))} GiB)`;
  return `${display(bytes.div(TB))} TB (${display(bytes.div(TIB))} TiB)`;
}

/** Network rates in SI: Mbps below 1 Gbps, Gbps above. */
export function formatBitrate(bps: Q): string {
  return bps.ge(q(1_000_000_000n)) ? `${display(bps.div(1_000_000_000n), 3)} Gbps` : `${display(bps.div(1_000_000n), 3)} Mbps`;
}

/** Throughput in SI MB/s. */
export function formatBytesPerSecond(bytesPerS: Q): string {
  return `${display(bytesPerS.div(1_000_000n))} MB/s`;
}

export function formatUsd(usd: Q): string {
  return `$${displayGrouped(usd)}`;
}

export function formatPercent(ratio: Q): string {
  return `${display(ratio.mul(100n))} %`;
}

export function formatRam(bytes: Q): string {
  return `${display(bytes.div(GIB))} GiB`;
}
