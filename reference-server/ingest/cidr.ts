// IPv4 CIDR allowlist (optional security, off by default). IPv4-mapped IPv6 addresses
// (`::ffff:10.0.0.5`, what Node reports on dual-stack sockets) are matched as IPv4.

export interface Cidr {
  readonly base: number;
  readonly mask: number;
}

function ipv4ToInt(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out = out * 256 + n;
  }
  return out >>> 0;
}

export function parseCidr(text: string): Cidr | undefined {
  const [addr, bitsText] = text.split('/');
  const ip = ipv4ToInt(addr ?? '');
  if (ip === undefined) return undefined;
  const bits = bitsText === undefined ? 32 : /^\d{1,2}$/.test(bitsText) ? Number(bitsText) : NaN;
  if (!(bits >= 0 && bits <= 32)) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (ip & mask) >>> 0, mask };
}

export const isValidCidr = (text: string): boolean => parseCidr(text) !== undefined;

/** Returns a matcher; an empty/undefined list allows everything (the feature is off). */
export function cidrMatcher(list: readonly string[] | undefined): (remoteAddress: string) => boolean {
  if (!list || list.length === 0) return () => true;
  const cidrs = list.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  return (remote) => {
    const v4 = remote.startsWith('::ffff:') ? remote.slice(7) : remote;
    const ip = ipv4ToInt(v4);
    if (ip === undefined) return false;
    return cidrs.some((c) => ((ip & c.mask) >>> 0) === c.base);
  };
}
