/**
 * IPv4/IPv6 parsing for the sandbox's own checks (members, IP address groups, subnets).
 * Written here on purpose: the sandbox is a second implementation and must not share the client's rules.
 */

/** A parsed address: version and numeric value (32 or 128 bits). */
export interface ParsedIp {
  version: 4 | 6;
  value: bigint;
}

const V4_PART = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Parses a dotted-quad IPv4 address (no leading zeros, exactly 4 parts). */
export function parseIpv4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    if (!V4_PART.test(p)) return null;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

/** Parses an IPv6 address (with `::` compression and an optional embedded IPv4 tail; no zone). */
export function parseIpv6(s: string): bigint | null {
  if (s.length < 2 || s.length > 45 || !/^[0-9a-fA-F:.]+$/.test(s)) return null;
  const dbl = s.indexOf('::');
  if (dbl !== -1 && s.indexOf('::', dbl + 1) !== -1) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const it = items[i] ?? '';
      if (i === items.length - 1 && it.includes('.')) {
        const v4 = parseIpv4(it);
        if (v4 === null) return null;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(it)) return null;
      out.push(parseInt(it, 16));
    }
    return out;
  };
  let groups: number[];
  if (dbl === -1) {
    const g = parseGroups(s);
    if (!g || g.length !== 8) return null;
    groups = g;
  } else {
    const head = parseGroups(s.slice(0, dbl));
    const tail = parseGroups(s.slice(dbl + 2));
    if (!head || !tail) return null;
    // an embedded IPv4 may only be at the very end
    if (s.slice(0, dbl).includes('.')) return null;
    const missing = 8 - head.length - tail.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  }
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

/** Parses an IPv4 or IPv6 address. */
export function parseIp(s: string): ParsedIp | null {
  if (typeof s !== 'string') return null;
  const v4 = parseIpv4(s);
  if (v4 !== null) return { version: 4, value: v4 };
  const v6 = parseIpv6(s);
  if (v6 !== null) return { version: 6, value: v6 };
  return null;
}

/** Formats an address canonically (IPv6 lowercase, RFC 5952 compression). */
export function formatIp(ip: ParsedIp): string {
  if (ip.version === 4) {
    const v = ip.value;
    return [24n, 16n, 8n, 0n].map((sh) => String((v >> sh) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((ip.value >> BigInt(i * 16)) & 0xffffn));
  // longest run of zeros (length >= 2) gets '::'
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestLen < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLen).join(':');
  return `${head}::${tail}`;
}

/** Bits in an address of this version. */
export function bitsOf(version: 4 | 6): number {
  return version === 4 ? 32 : 128;
}

/** A CIDR block. */
export interface Cidr {
  version: 4 | 6;
  base: bigint;
  prefix: number;
}

/** Parses `a.b.c.d/n` or `x::/n`. Host bits may be set (the network is computed). */
export function parseCidr(s: string): Cidr | null {
  const slash = s.indexOf('/');
  if (slash === -1) return null;
  const ip = parseIp(s.slice(0, slash));
  const pfx = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(pfx)) return null;
  const prefix = Number(pfx);
  const bits = bitsOf(ip.version);
  if (prefix > bits) return null;
  const mask = prefix === 0 ? 0n : ((1n << BigInt(prefix)) - 1n) << BigInt(bits - prefix);
  return { version: ip.version, base: ip.value & mask, prefix };
}

/** Whether `ip` lies in `cidr`. */
export function cidrContains(cidr: Cidr, ip: ParsedIp): boolean {
  if (cidr.version !== ip.version) return false;
  const bits = bitsOf(ip.version);
  const mask = cidr.prefix === 0 ? 0n : ((1n << BigInt(cidr.prefix)) - 1n) << BigInt(bits - cidr.prefix);
  return (ip.value & mask) === cidr.base;
}

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((c) => parseCidr(c) as Cidr);

/** Private (RFC 1918 or shared CGNAT) IPv4 address: the only kind an IP-type backend may have. */
export function isPrivateIpv4(ip: ParsedIp): boolean {
  return ip.version === 4 && PRIVATE_V4.some((c) => cidrContains(c, ip));
}

/** One entry of an IP address group, normalised so that equal entries have equal keys. */
export interface IpEntry {
  kind: 'single' | 'cidr' | 'range';
  version: 4 | 6;
  /** Normalised form used for equality: `0.0.0.0` and `0.0.0.0/32` both give `0.0.0.0/32`. */
  key: string;
}

/** Parses an IP group entry: an address, a CIDR block or a range `a-b` (end > start, same family). */
export function parseIpEntry(s: string): IpEntry | { error: string } {
  if (typeof s !== 'string' || s.length === 0 || s.length > 100) return { error: 'must be an IP address, CIDR block or range' };
  if (s.includes('-')) {
    const [a, b, ...rest] = s.split('-');
    if (rest.length > 0 || a === undefined || b === undefined) return { error: 'a range must be written start-end' };
    const pa = parseIp(a.trim());
    const pb = parseIp(b.trim());
    if (!pa || !pb) return { error: 'both ends of a range must be IP addresses' };
    if (pa.version !== pb.version) return { error: 'both ends of a range must be the same IP version' };
    if (pb.value <= pa.value) return { error: 'the end of a range must be greater than its start' };
    return { kind: 'range', version: pa.version, key: `${formatIp(pa)}-${formatIp(pb)}` };
  }
  if (s.includes('/')) {
    const c = parseCidr(s);
    if (!c) return { error: 'not a valid CIDR block' };
    const addr = parseIp(s.slice(0, s.indexOf('/')));
    if (!addr) return { error: 'not a valid CIDR block' };
    return { kind: 'cidr', version: c.version, key: `${formatIp(addr)}/${c.prefix}` };
  }
  const ip = parseIp(s);
  if (!ip) return { error: 'not a valid IP address' };
  return { kind: 'single', version: ip.version, key: `${formatIp(ip)}/${bitsOf(ip.version)}` };
}
