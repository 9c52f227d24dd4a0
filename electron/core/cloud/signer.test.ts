import { describe, expect, it } from 'vitest';
import {
  EMPTY_BODY_SHA256,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  formatSdkDate,
  hostOf,
  parseAuthorization,
  parseSdkDate,
  rfc3986Encode,
  sha256Hex,
  signRequest,
} from './signer';

const cred = { ak: 'AK', sk: 'SK' };
const now = new Date(Date.UTC(2024, 0, 15, 9, 30, 0));

describe('encoding pieces', () => {
  it('RFC 3986 encoding', () => {
    expect(rfc3986Encode('aZ09-._~')).toBe('aZ09-._~');
    expect(rfc3986Encode(' /*+!\'()')).toBe('%20%2F%2A%2B%21%27%28%29');
    expect(rfc3986Encode('é中😀')).toBe('%C3%A9%E4%B8%AD%F0%9F%98%80');
  });

  it('canonical URI: trailing slash added, segments decoded then re-encoded', () => {
    expect(canonicalUri('/v3/p/elb/listeners')).toBe('/v3/p/elb/listeners/');
    expect(canonicalUri('/v3/p/elb/listeners/')).toBe('/v3/p/elb/listeners/');
    expect(canonicalUri('')).toBe('/');
    expect(canonicalUri('/a%20b/c d/%c3%a9')).toBe('/a%20b/c%20d/%C3%A9/');
    expect(canonicalUri("/x!y'z")).toBe('/x%21y%27z/');
    expect(canonicalUri('/bad%zz')).toBe('/bad%25zz/');
  });

  it('canonical query: sorted keys, repeated keys sorted by value, + is literal', () => {
    expect(canonicalQuery('')).toBe('');
    expect(canonicalQuery('protocol=UDP&limit=2&protocol=TCP')).toBe('limit=2&protocol=TCP&protocol=UDP');
    expect(canonicalQuery('a=1+2&b=x%20y&c&d=')).toBe('a=1%2B2&b=x%20y&c=&d=');
    expect(canonicalQuery('k=%2F%2a')).toBe('k=%2F%2A');
  });

  it('X-Sdk-Date format round-trips', () => {
    expect(formatSdkDate(now)).toBe('20240115T093000Z');
    expect(parseSdkDate('20240115T093000Z')?.getTime()).toBe(now.getTime());
    expect(parseSdkDate('20240115T093000')).toBeNull();
  });

  it('host: lowercase, default port dropped, other ports kept', () => {
    expect(hostOf('https://ELB.Example.com/x')).toBe('elb.example.com');
    expect(hostOf('https://elb.example.com:443/x')).toBe('elb.example.com');
    expect(hostOf('http://127.0.0.1:8443/x?y=1')).toBe('127.0.0.1:8443');
  });
});

describe('signRequest', () => {
  const url = 'https://elb.example.com/v3/p/elb/listeners?limit=1';

  it('adds X-Sdk-Date, host, Authorization; signs every header present', () => {
    const h = signRequest({ method: 'get', url, headers: { 'Content-Type': 'application/json', 'X-Custom': 'v' }, body: null }, cred, now);
    expect(h['X-Sdk-Date']).toBe('20240115T093000Z');
    expect(h.host).toBe('elb.example.com');
    expect(parseAuthorization(h.Authorization!)).toMatchObject({ access: 'AK', signedHeaders: ['content-type', 'host', 'x-custom', 'x-sdk-date'] });
  });

  it('the security token is sent and signed', () => {
    const h = signRequest({ method: 'GET', url, headers: {}, body: null }, { ...cred, securityToken: 'tok' }, now);
    expect(h['X-Security-Token']).toBe('tok');
    expect(parseAuthorization(h.Authorization!)!.signedHeaders).toContain('x-security-token');
  });

  it('a caller Host header (any case) is kept once, not doubled', () => {
    const h = signRequest({ method: 'GET', url, headers: { Host: 'elb.example.com' }, body: null }, cred, now);
    expect(Object.keys(h).filter((k) => k.toLowerCase() === 'host')).toHaveLength(1);
    expect(parseAuthorization(h.Authorization!)!.signedHeaders).toEqual(['host', 'x-sdk-date']);
  });

  it('stale Authorization/X-Sdk-Date/X-Security-Token from the caller are replaced', () => {
    const h = signRequest({ method: 'GET', url, headers: { authorization: 'old', 'x-sdk-date': '19990101T000000Z', 'x-security-token': 'old' }, body: null }, cred, now);
    expect(h.authorization).toBeUndefined();
    expect(h['x-sdk-date']).toBeUndefined();
    expect(h['x-security-token']).toBeUndefined();
    expect(h['X-Sdk-Date']).toBe('20240115T093000Z');
  });

  it('hashes the exact body bytes; string and bytes agree; empty = e3b0…', () => {
    const body = '{"a":"é"}';
    const a = signRequest({ method: 'POST', url, headers: {}, body }, cred, now);
    const b = signRequest({ method: 'POST', url, headers: {}, body: new TextEncoder().encode(body) }, cred, now);
    expect(a.Authorization).toBe(b.Authorization);
    const c = signRequest({ method: 'POST', url, headers: {}, body: '{"a": "é"}' }, cred, now);
    expect(c.Authorization).not.toBe(a.Authorization);
    const canon = canonicalRequest({ method: 'POST', url, headers: { host: 'h' }, body });
    expect(canon.endsWith(sha256Hex(body))).toBe(true);
    expect(canonicalRequest({ method: 'DELETE', url, headers: {}, body: null }).endsWith(EMPTY_BODY_SHA256)).toBe(true);
    expect(canonicalRequest({ method: 'POST', url, headers: {}, body: new Uint8Array() }).endsWith(EMPTY_BODY_SHA256)).toBe(true);
  });

  it('X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD replaces the body hash', () => {
    const canon = canonicalRequest({ method: 'POST', url, headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, body: 'zzz' });
    expect(canon.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
  });

  it('a different second gives a different signature (fresh signing per attempt)', () => {
    const a = signRequest({ method: 'GET', url, headers: {}, body: null }, cred, now);
    const b = signRequest({ method: 'GET', url, headers: {}, body: null }, cred, new Date(now.getTime() + 1000));
    expect(a.Authorization).not.toBe(b.Authorization);
  });
});
