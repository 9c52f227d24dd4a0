/** Backend server addresses: one IPv4 or IPv6 address, parsed with ipaddr.js. */
import ipaddr from 'ipaddr.js';

/** A parsed backend address, or why it could not be parsed. */
export type ParsedAddress =
  | { ok: true; kind: 'ipv4' | 'ipv6'; normalized: string; privateIpv4: boolean }
  | { ok: false; reason: 'empty' | 'cidr' | 'invalid' };

/**
 * Parses a backend server address with ipaddr.js: a single IPv4 address in four-part decimal form, or an IPv6
 * address without a zone. CIDR blocks, ranges and surrounding spaces are refused.
 */
export function parseMemberAddress(address: string): ParsedAddress {
  if (address.length === 0) return { ok: false, reason: 'empty' };
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) {
    const ip = ipaddr.IPv4.parse(address);
    return { ok: true, kind: 'ipv4', normalized: ip.toNormalizedString(), privateIpv4: ip.range() === 'private' };
  }
  if (ipaddr.IPv6.isValid(address)) {
    const ip = ipaddr.IPv6.parse(address);
    if (ip.zoneId !== undefined) return { ok: false, reason: 'invalid' };
    return { ok: true, kind: 'ipv6', normalized: ip.toNormalizedString(), privateIpv4: false };
  }
  if (ipaddr.isValidCIDR(address)) return { ok: false, reason: 'cidr' };
  return { ok: false, reason: 'invalid' };
}
