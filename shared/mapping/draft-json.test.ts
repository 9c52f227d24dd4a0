import { describe, expect, it } from 'vitest';
import type { Draft } from '../model/draft';
import { validDraft } from '../validation/fixtures';
import { DRAFT_FILE_FORMAT, exportDraftJson, parseDraftJson } from './draft-json';

function fullDraft(): Draft {
  return {
    ...validDraft(),
    id: 'draft-1',
    status: 'failed',
    createdAt: '2024-01-15T09:30:00Z',
    updatedAt: '2024-01-15T09:31:00Z',
    revision: 4,
    result: { listenerId: null, poolId: 'pool-9', memberIds: [], healthMonitorId: null, readBack: null },
    lastError: { code: 'CLOUD', message: 'port in use', requestId: 'req-1', httpStatus: 409 },
  };
}

describe('exportDraftJson', () => {
  it('writes a pretty envelope with the editable content only', () => {
    const text = exportDraftJson(fullDraft());
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain('\n  "format": "elb-desk-draft",\n  "version": 1,\n');
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['format', 'version', 'content']);
    expect(Object.keys(parsed.content as object)).toEqual(['title', 'target', 'step', 'listener', 'routing']);
    for (const k of ['"id"', '"status"', '"revision"', '"lastError"', '"result"', 'port in use']) expect(text).not.toContain(k);
  });
});

describe('parseDraftJson', () => {
  it('round-trips an export (weight 0 and nulls kept)', () => {
    const d = fullDraft();
    d.routing.members[0]!.weight = 0;
    d.listener.port = null;
    const r = parseDraftJson(exportDraftJson(d));
    expect(r.ok).toBe(true);
    if (r.ok) {
      const { id: _id, status: _s, createdAt: _c, updatedAt: _u, revision: _r, result: _res, lastError: _e, ...content } = d;
      expect(r.content).toEqual(content);
      expect(r.content.routing.members[0]!.weight).toBe(0);
    }
  });

  it('accepts a leading byte-order mark', () => {
    expect(parseDraftJson('\ufeff' + exportDraftJson(fullDraft())).ok).toBe(true);
  });

  it.each(['', 'not json', '{"format": "elb-desk-draft",', '<xml/>'])('refuses non-JSON %j', (text) => {
    const r = parseDraftJson(text);
    expect(r).toMatchObject({ ok: false, issues: [{ code: 'import.json', path: '' }] });
  });

  it.each([
    ['[]', 'import.envelope', ''],
    ['null', 'import.envelope', ''],
    ['"text"', 'import.envelope', ''],
    ['{"format":"other","version":1,"content":{}}', 'import.envelope', 'format'],
    ['{"version":1,"content":{}}', 'import.envelope', 'format'],
    ['{"format":"elb-desk-draft","version":2,"content":{}}', 'import.version', 'version'],
    ['{"format":"elb-desk-draft","version":"1","content":{}}', 'import.version', 'version'],
    ['{"format":"elb-desk-draft","version":1}', 'import.envelope', 'content'],
  ])('refuses a wrong envelope %s', (text, code, path) => {
    const r = parseDraftJson(text);
    expect(r).toMatchObject({ ok: false, issues: [{ code, path }] });
  });

  it('says when the file comes from a newer version', () => {
    const r = parseDraftJson(JSON.stringify({ format: DRAFT_FILE_FORMAT, version: 3, content: {} }));
    expect(r.ok === false && r.issues[0]!.message).toContain('newer ELB Desk');
  });

  it('refuses __proto__, constructor and prototype keys anywhere, naming the path', () => {
    const base = JSON.parse(exportDraftJson(fullDraft())) as { content: { listener: Record<string, unknown> } };
    const text = JSON.stringify(base).replace('"listener":{', '"listener":{"__proto__":{"polluted":true},');
    const r = parseDraftJson(text);
    expect(r).toMatchObject({ ok: false, issues: [{ code: 'import.forbiddenKey', path: 'content.listener.__proto__' }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(parseDraftJson('{"constructor":{"prototype":{}}}')).toMatchObject({ ok: false, issues: [{ code: 'import.forbiddenKey', path: 'constructor' }] });
    expect(parseDraftJson('[{"prototype":1}]')).toMatchObject({ ok: false, issues: [{ code: 'import.forbiddenKey', path: '0.prototype' }] });
  });

  it('refuses absurd nesting', () => {
    const deep = '['.repeat(100) + ']'.repeat(100);
    expect(parseDraftJson(deep)).toMatchObject({ ok: false, issues: [{ code: 'import.tooDeep' }] });
  });

  it('reports schema errors per field with dotted paths', () => {
    const env = JSON.parse(exportDraftJson(fullDraft())) as { content: Record<string, any> };
    env.content.listener.port = 'eighty';
    env.content.routing.members[1].weight = 'heavy';
    env.content.listener.extra = true;
    delete env.content.routing.healthCheck.interval;
    const r = parseDraftJson(JSON.stringify(env));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const paths = r.issues.map((i) => i.path).sort();
      expect(paths).toEqual(['listener', 'listener.port', 'routing.healthCheck.interval', 'routing.members.1.weight'].sort());
      for (const i of r.issues) {
        expect(i.code).toBe('import.field');
        expect(i.message.length).toBeGreaterThan(3);
      }
      expect(r.issues.find((i) => i.path === 'listener.port')!.message).toMatch(/^listener\.port: /);
    }
  });

  it('keeps business-rule violations (validation reports those, import does not refuse them)', () => {
    const d = fullDraft();
    d.listener.idleTimeout = 9;
    const r = parseDraftJson(exportDraftJson(d));
    expect(r.ok && r.content.listener.idleTimeout).toBe(9);
  });
});
