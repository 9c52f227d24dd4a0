import { describe, expect, it } from 'vitest';
import { validDraft } from '../validation/fixtures';
import { planRequests } from './api';
import { toApiRequestsText } from './api-requests';

describe('toApiRequestsText', () => {
  const plan = planRequests({ ...validDraft(), id: 'd-1' }, 'lb-1');
  const text = toApiRequestsText(plan);

  it('lists every request in order with method, path and pretty JSON body', () => {
    expect(text.startsWith('# ELB v3 API requests (4 in order)\n')).toBe(true);
    const heads = [...text.matchAll(/^### (\d+)\. (.+)\n(POST|GET|PUT|DELETE) (\S+)$/gm)].map((m) => [m[1], m[3], m[4]]);
    expect(heads).toEqual([
      ['1', 'POST', '/v3/{project_id}/elb/pools'],
      ['2', 'POST', '/v3/{project_id}/elb/pools/{pool.id}/members/batch-add'],
      ['3', 'POST', '/v3/{project_id}/elb/healthmonitors'],
      ['4', 'POST', '/v3/{project_id}/elb/listeners'],
    ]);
    expect(text).toContain('Content-Type: application/json\n\n{\n  "pool": {\n    "protocol": "TCP",');
    expect(text).toContain('"weight": 1');
  });

  it('explains the placeholders that occur, and only those', () => {
    expect(text).toContain('# {pool.id} is the ID returned by the request that creates the backend server group.');
    expect(text).toContain('# {project_id} is the project ID of the region.');
    const d = validDraft();
    d.routing.mode = 'existing';
    d.routing.existingPoolId = 'pool-7';
    const one = toApiRequestsText(planRequests({ ...d, id: 'd-1' }, 'lb-1', 'abc'));
    expect(one).not.toContain('{pool.id}');
    expect(one).not.toContain('{project_id}');
    expect(one).toContain('POST /v3/abc/elb/listeners');
  });

  it('each body parses back to the planned body', () => {
    const bodies = text.split(/^### /m).slice(1).map((part) => JSON.parse(part.slice(part.indexOf('\n\n') + 2)) as unknown);
    expect(bodies).toEqual(plan.map((r) => r.body));
  });

  it('prints a request without a body without a content type', () => {
    const t = toApiRequestsText([{ key: 'get', title: 'List\nlisteners', method: 'GET', path: '/v3/p/elb/listeners', body: null }]);
    expect(t).toBe('# ELB v3 API requests (1 in order)\n\n### 1. List listeners\nGET /v3/p/elb/listeners\n');
  });
});

describe('toApiRequestsText: all-port forwarding', () => {
  it('says when the new group forwards all ports, and only then', () => {
    const d = validDraft();
    d.listener.portMode = 'ranges';
    d.listener.portRanges = [{ start: 10000, end: 10100 }];
    d.routing.healthCheck.port = 10050;
    const t = toApiRequestsText(planRequests({ ...d, id: 'd-1' }, 'lb-1'));
    expect(t).toContain('# The backend server group forwards all ports (any_port_enable)');
    expect(t).toContain('(TCP, ROUND_ROBIN, all-port forwarding)');
    expect(t).toContain('"any_port_enable": true');
    expect(toApiRequestsText(planRequests({ ...validDraft(), id: 'd-1' }, 'lb-1'))).not.toContain('any_port_enable');
  });
});
