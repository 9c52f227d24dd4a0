/**
 * One entry of an IP address group (§8 of the API reference): a single IPv4/IPv6 address, a CIDR block or a range
 * `a-b` (end > start, same family). Parsed with ipaddr.js; the numeric interval it covers (BigInt) is what equality,
 * containment and overlap are decided on, so `10.0.0.1` and `10.0.0.1/32` are the same entry.
 */
import ipaddr from 'ipaddr.js';

export type IpVersion = 4 | 6;
export type EntryKind = 'single' | 'cidr' | 'range';

/** Why an entry was refused (the UI words each reason). */
export type EntryError =
  | 'empty'
  | 'tooLong'
  | 'invalidAddress'
  | 'zone'
  | 'invalidCidr'
  | 'invalidPrefix'
  | 'invalidRange'
  | 'rangeMixed'
  | 'rangeOrder';

/** A parsed entry. */
export interface IpEntry {
  kind: EntryKind;
  version: IpVersion;
  /** First and last address covered (inclusive). */
  start: bigint;
  end: bigint;
  /**
   * The canonical text sent to the API: an address (`/32` and `/128` written as the bare address), `addr/prefix`
   * with the network address, or `a-b`; IPv6 in RFC 5952 form.
   */
  canonical: string;
  /** A CIDR block was typed with host bits set (`10.0.0.1/8`): the canonical form is the network. */
  hostBitsSet: boolean;
}

/** The longest entry text accepted (the API's field holds an address range of two full IPv6 addresses). */
export const MAX_ENTRY_LENGTH = 100;

const V6_CHARS = /^[0-9a-fA-F:.]+$/;
/** ipaddr.js's four-part decimal form (no leading zeros); each part ≤ 255 is checked by its parser. */
const V4_FORM = /^(0|[1-9]\d{0,2})(\.(0|[1-9]\d{0,2})){3}$/;

interface Addr {
  version: IpVersion;
  value: bigint;
  text: string;
}

/**
 * Parses one address with ipaddr.js: IPv4 in four-part decimal form, or IPv6 without a zone. (`parse` once inside a
 * try rather than `isValid` then `parse`: half the work on a 10,000-line paste.)
 */
export function parseAddress(s: string): Addr | 'invalidAddress' | 'zone' {
  if (V4_FORM.test(s)) {
    try {
      const o = ipaddr.IPv4.parse(s).octets;
      return { version: 4, value: BigInt(((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!), text: o.join('.') };
    } catch {
      return 'invalidAddress';
    }
  }
  const pct = s.indexOf('%');
  if (!s.includes(':') || !V6_CHARS.test(pct === -1 ? s : s.slice(0, pct))) return 'invalidAddress';
  let ip: ipaddr.IPv6;
  try {
    ip = ipaddr.IPv6.parse(s);
  } catch {
    return 'invalidAddress';
  }
  if (ip.zoneId !== undefined) return 'zone';
  const p = ip.parts;
  let value = 0n;
  for (let i = 0; i < 8; i += 2) value = (value << 32n) | BigInt(p[i]! * 65536 + p[i + 1]!);
  return { version: 6, value, text: ip.toRFC5952String() };
}

const bits = (v: IpVersion): number => (v === 4 ? 32 : 128);

/** Formats a numeric address of a family. */
export function formatAddress(version: IpVersion, value: bigint): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((sh) => String((value >> sh) & 0xffn)).join('.');
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((value >> BigInt(i * 8)) & 0xffn));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Parses an entry as typed (surrounding spaces are the caller's business). */
export function parseEntry(text: string): IpEntry | EntryError {
  if (text.length === 0) return 'empty';
  if (text.length > MAX_ENTRY_LENGTH) return 'tooLong';
  const dash = text.indexOf('-');
  if (dash !== -1) {
    if (text.indexOf('-', dash + 1) !== -1) return 'invalidRange';
    const a = parseAddress(text.slice(0, dash).trim());
    const b = parseAddress(text.slice(dash + 1).trim());
    if (typeof a === 'string' || typeof b === 'string') return a === 'zone' || b === 'zone' ? 'zone' : 'invalidRange';
    if (a.version !== b.version) return 'rangeMixed';
    if (b.value <= a.value) return 'rangeOrder';
    return { kind: 'range', version: a.version, start: a.value, end: b.value, canonical: `${a.text}-${b.text}`, hostBitsSet: false };
  }
  const slash = text.indexOf('/');
  if (slash !== -1) {
    const a = parseAddress(text.slice(0, slash));
    if (typeof a === 'string') return a === 'zone' ? 'zone' : 'invalidCidr';
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return 'invalidPrefix';
    const prefix = Number(p);
    const width = bits(a.version);
    if (prefix > width) return 'invalidPrefix';
    const hostBits = BigInt(width - prefix);
    const size = 1n << hostBits;
    const start = (a.value >> hostBits) << hostBits;
    const end = start + size - 1n;
    const canonical = prefix === width ? a.text : `${formatAddress(a.version, start)}/${prefix}`;
    return { kind: prefix === width ? 'single' : 'cidr', version: a.version, start, end, canonical, hostBitsSet: start !== a.value };
  }
  const a = parseAddress(text);
  if (typeof a === 'string') return a;
  return { kind: 'single', version: a.version, start: a.value, end: a.value, canonical: a.text, hostBitsSet: false };
}

/** The identity of what an entry covers: equal keys = the same entry for the API. */
export function coverageKey(e: Pick<IpEntry, 'version' | 'start' | 'end'>): string {
  return `${e.version}|${e.start.toString(16)}|${e.end.toString(16)}`;
}

/** How many addresses an entry covers. */
export function addressCount(e: Pick<IpEntry, 'start' | 'end'>): bigint {
  return e.end - e.start + 1n;
}
