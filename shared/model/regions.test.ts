import { describe, expect, it } from 'vitest';
import { REGIONS, capabilitiesFor, elbEndpoint, findRegion, isSandboxRegion, regionName } from './regions';

describe('REGIONS', () => {
  it('lists unique IDs, the brief regions, and the two sandbox regions last', () => {
    const ids = REGIONS.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['ap-southeast-1', 'ap-southeast-3', 'cn-north-4', 'eu-west-101', 'la-north-2', 'me-east-1', 'tr-west-1']) {
      expect(ids).toContain(id);
    }
    expect(ids.slice(-2)).toEqual(['sandbox-1', 'sandbox-2']);
    for (const r of REGIONS) expect(r.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });

  it('names regions in English', () => {
    expect(regionName('ap-southeast-1')).toBe('CN-Hong Kong');
    expect(regionName('ap-southeast-2')).toContain('Bangkok');
    expect(regionName('sandbox-1')).toBe('Local sandbox — region 1');
    expect(regionName('xx-unknown-9')).toBe('xx-unknown-9');
    expect(findRegion('nope')).toBeUndefined();
  });

  it('knows which regions are sandboxes', () => {
    expect(isSandboxRegion('sandbox-2')).toBe(true);
    expect(isSandboxRegion('ap-southeast-1')).toBe(false);
    expect(isSandboxRegion('sandbox-3')).toBe(false);
  });
});

describe('capabilitiesFor', () => {
  it('real and unknown regions: everything, not verified', () => {
    for (const region of ['ap-southeast-1', 'eu-west-0', 'made-up-1']) {
      expect(capabilitiesFor(region)).toEqual({ region, portRanges: true, nat64: true, proxyProtocol: true, connectionLimits: true, verified: false });
    }
  });
  it('sandbox-1: everything, verified; sandbox-2: no ranges or translation, verified', () => {
    expect(capabilitiesFor('sandbox-1')).toEqual({ region: 'sandbox-1', portRanges: true, nat64: true, proxyProtocol: true, connectionLimits: true, verified: true });
    expect(capabilitiesFor('sandbox-2')).toEqual({ region: 'sandbox-2', portRanges: false, nat64: false, proxyProtocol: true, connectionLimits: true, verified: true });
  });
});

describe('elbEndpoint', () => {
  it('follows https://elb.{region}.myhuaweicloud.com', () => {
    expect(elbEndpoint('ap-southeast-1')).toBe('https://elb.ap-southeast-1.myhuaweicloud.com');
    expect(elbEndpoint('eu-west-101')).toBe('https://elb.eu-west-101.myhuaweicloud.com');
  });
});
