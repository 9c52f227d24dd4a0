import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTE, parseRoute, routeHref, sectionOf, type Route } from './route';

describe('parseRoute', () => {
  it('maps every page', () => {
    expect(parseRoute('#/load-balancers')).toEqual({ name: 'load-balancers' });
    expect(parseRoute('#/listeners')).toEqual({ name: 'listeners', loadBalancerId: null });
    expect(parseRoute('#/listeners?lb=abc')).toEqual({ name: 'listeners', loadBalancerId: 'abc' });
    expect(parseRoute('#/server-groups')).toEqual({ name: 'server-groups' });
    expect(parseRoute('#/ip-groups')).toEqual({ name: 'ip-groups' });
    expect(parseRoute('#/ip-workbench')).toEqual({ name: 'ip-workbench', draftId: null });
    expect(parseRoute('#/ip-workbench?draft=d-1')).toEqual({ name: 'ip-workbench', draftId: 'd-1' });
    expect(parseRoute('#/drafts')).toEqual({ name: 'drafts' });
    expect(parseRoute('#/drafts/d-1')).toEqual({ name: 'draft', id: 'd-1' });
    expect(parseRoute('#/accounts')).toEqual({ name: 'accounts' });
    expect(parseRoute('#/listeners/l-1')).toEqual({ name: 'listener', id: 'l-1' });
    expect(parseRoute('#/history')).toEqual({ name: 'history' });
  });

  it('uses the default page for an empty hash', () => {
    expect(parseRoute('')).toBe(DEFAULT_ROUTE);
    expect(parseRoute('#')).toBe(DEFAULT_ROUTE);
    expect(parseRoute('#/')).toBe(DEFAULT_ROUTE);
  });

  it('decodes draft IDs and rejects what it does not know', () => {
    expect(parseRoute('#/drafts/a%20b')).toEqual({ name: 'draft', id: 'a b' });
    expect(parseRoute('#/drafts/%E0%A4%A')).toEqual({ name: 'not-found', path: '/drafts/%E0%A4%A' });
    expect(parseRoute('#/nope')).toEqual({ name: 'not-found', path: '/nope' });
    expect(parseRoute('#/drafts/x/y')).toEqual({ name: 'not-found', path: '/drafts/x/y' });
    expect(parseRoute('#/listeners?lb=')).toEqual({ name: 'listeners', loadBalancerId: null });
  });
});

describe('routeHref', () => {
  it('round-trips through parseRoute', () => {
    const routes: Route[] = [
      { name: 'load-balancers' },
      { name: 'listeners', loadBalancerId: null },
      { name: 'listeners', loadBalancerId: 'lb/1?x' },
      { name: 'server-groups' },
      { name: 'ip-groups' },
      { name: 'ip-workbench', draftId: null },
      { name: 'ip-workbench', draftId: 'd 1/&x' },
      { name: 'drafts' },
      { name: 'draft', id: 'id with spaces/slash' },
      { name: 'accounts' },
      { name: 'listener', id: 'l 1/x' },
      { name: 'history' },
      { name: 'fleet', id: 'plan 1/x' },
      { name: 'fleet-apply', id: 'plan 1/x' },
    ];
    for (const r of routes) expect(parseRoute(routeHref(r))).toEqual(r);
  });

  it('puts a draft under the Drafts section', () => {
    expect(sectionOf({ name: 'draft', id: 'x' })).toBe('drafts');
    expect(sectionOf({ name: 'accounts' })).toBe('accounts');
    expect(sectionOf({ name: 'listener', id: 'x' })).toBe('listeners');
    expect(sectionOf({ name: 'fleet-apply', id: 'x' })).toBe('drafts');
  });

  it('parses the fleet apply page and nothing else below a plan', () => {
    expect(parseRoute('#/fleet/p1/apply')).toEqual({ name: 'fleet-apply', id: 'p1' });
    expect(parseRoute('#/fleet/p%201/apply')).toEqual({ name: 'fleet-apply', id: 'p 1' });
    expect(parseRoute('#/fleet/p1/other')).toEqual({ name: 'not-found', path: '/fleet/p1/other' });
    expect(parseRoute('#/fleet/p1/apply/x')).toEqual({ name: 'not-found', path: '/fleet/p1/apply/x' });
    expect(parseRoute('#/fleet/%E0%A4%A/apply')).toEqual({ name: 'not-found', path: '/fleet/%E0%A4%A/apply' });
  });

  it('parses a fleet plan route and puts it under Drafts (fleet plans are drafts)', () => {
    expect(parseRoute('#/fleet/p-1')).toEqual({ name: 'fleet', id: 'p-1' });
    expect(routeHref({ name: 'fleet', id: 'p-1' })).toBe('#/fleet/p-1');
    expect(sectionOf({ name: 'fleet', id: 'p-1' })).toBe('drafts');
  });
});
