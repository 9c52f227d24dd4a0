import { describe, expect, it } from 'vitest';
import { firstPaintQuery, readFirstPaintQuery, type FirstPaintParams } from './first-paint';

const PARAMS: FirstPaintParams = { hash: '#/listeners?lb=lb 1&x=é', language: 'zh-CN', theme: 'dark', accountId: 'acc-1', region: 'sandbox-1', height: 720, remPx: 15 };
const read = (query: string) => readFirstPaintQuery(new URLSearchParams(query));

describe('the first paint query', () => {
  it('reads back what the page wrote, texts as they were', () => {
    expect(read(firstPaintQuery(PARAMS))).toEqual({ ok: true, value: PARAMS });
  });

  it('leaves out an account + region that is not remembered, and reads them back as null', () => {
    const query = firstPaintQuery({ ...PARAMS, accountId: null, region: null });
    expect(query).not.toMatch(/(^|&)(a|r)=/);
    expect(read(query)).toEqual({ ok: true, value: { ...PARAMS, accountId: null, region: null } });
  });

  it('takes an empty hash (the default page)', () => {
    expect(read(firstPaintQuery({ ...PARAMS, hash: '' }))).toMatchObject({ ok: true, value: { hash: '' } });
  });

  it('names the value that is missing or out of range', () => {
    const q = (over: Record<string, string | null>): string => {
      const p = new URLSearchParams(firstPaintQuery(PARAMS));
      for (const [k, v] of Object.entries(over)) {
        if (v === null) p.delete(k);
        else p.set(k, v);
      }
      return p.toString();
    };
    expect(read(q({ h: null }))).toEqual({ ok: false, message: 'First paint: hash must be text of at most 512 characters.' });
    expect(read(q({ h: 'x'.repeat(512) }))).toMatchObject({ ok: true });
    expect(read(q({ h: 'x'.repeat(513) }))).toEqual({ ok: false, message: 'First paint: hash must be text of at most 512 characters.' });
    expect(read(q({ l: '' }))).toEqual({ ok: false, message: 'First paint: language must be text of 1 to 512 characters.' });
    expect(read(q({ t: null }))).toEqual({ ok: false, message: 'First paint: theme must be text of 1 to 512 characters.' });
    expect(read(q({ a: 'a'.repeat(513) }))).toEqual({ ok: false, message: 'First paint: account must be text of at most 512 characters.' });
    expect(read(q({ vh: '0' }))).toEqual({ ok: false, message: 'First paint: window height must be a number of 1 to 100,000 px.' });
    expect(read(q({ vh: '100000' }))).toMatchObject({ ok: true });
    expect(read(q({ vh: '100001' }))).toMatchObject({ ok: false });
    expect(read(q({ vh: 'tall' }))).toMatchObject({ ok: false });
    expect(read(q({ rem: '' }))).toEqual({ ok: false, message: 'First paint: root font size must be a number of 1 to 200 px.' });
    expect(read(q({ rem: '200' }))).toMatchObject({ ok: true });
    expect(read(q({ rem: '201' }))).toMatchObject({ ok: false });
  });
});
