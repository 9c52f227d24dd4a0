import { describe, expect, it } from 'vitest';
import { LIFECYCLE_ISSUE_CODES } from '../../../../shared/lifecycle/codes';
import { RULES } from '../../../../shared/validation/rules';
import { FLEET_RULES } from '../../../../shared/fleet/validate';
import { en } from './en';
import { createTranslator, leafKeys, messageAt, pickLanguage, translateIssueWith, TranslationMemo } from './translator';
import { zhCN } from './zh-CN';

const enKeys = leafKeys(en);
// Rule messages and main's own messages are English where they come from (the rule, main): zh-CN only.
const zhUiKeys = leafKeys(zhCN).filter((k) => !k.startsWith('rules.') && !k.startsWith('messages.'));

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]!).sort();
}


describe('resources', () => {
  it('zh-CN has exactly the English UI keys', () => {
    expect(zhUiKeys).toEqual(enKeys);
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of enKeys) {
      const a = messageAt(en, key);
      const b = messageAt(zhCN, key);
      expect(typeof a, key).toBe('string');
      expect(typeof b, key).toBe('string');
      expect(placeholders(b as string), key).toEqual(placeholders(a as string));
    }
  });

  it('has no empty strings', () => {
    for (const key of [...enKeys, ...zhUiKeys]) {
      expect((messageAt(en, key) as string).trim().length, key).toBeGreaterThan(0);
      expect((messageAt(zhCN, key) as string).trim().length, key).toBeGreaterThan(0);
    }
  });
});

describe('rule translations', () => {
  const zhRules = (zhCN.rules ?? {}) as Record<string, string>;
  const codes = new Set<string>([...RULES.map((r) => r.code), ...Object.keys(FLEET_RULES)]);
  const lifecycleCodes = new Set<string>(LIFECYCLE_ISSUE_CODES);

  it('translate every rule of the shared catalogue', () => {
    const missing = [...codes].filter((c) => !(c in zhRules));
    expect(missing).toEqual([]);
  });

  it('name only known rule codes (or day-two lifecycle codes, or main-side account checks)', () => {
    const unknown = Object.keys(zhRules).filter((c) => !codes.has(c) && !lifecycleCodes.has(c) && !c.startsWith('account.'));
    expect(unknown).toEqual([]);
  });

  it('translate every day-two lifecycle code: zh-CN text, English message kept, params filled', () => {
    const zh = createTranslator({ en, 'zh-CN': zhCN }, 'zh-CN');
    const english = createTranslator({ en, 'zh-CN': zhCN }, 'en');
    expect(LIFECYCLE_ISSUE_CODES.filter((c) => !(c in zhRules))).toEqual([]);
    for (const code of LIFECYCLE_ISSUE_CODES) {
      const issue = { code, message: `English text of ${code}`, params: { listenerId: 'lis-1', field: 'idleTimeout' } };
      expect(translateIssueWith(english, issue), code).toBe(issue.message);
      const text = translateIssueWith(zh, issue);
      expect(text, code).not.toBe(issue.message);
      expect(text, code).toMatch(/[\u4e00-\u9fff]/);
      expect(text, code).not.toMatch(/\{\{/);
    }
    expect(translateIssueWith(zh, { code: 'delete.listener.gone', message: 'x', params: { listenerId: 'lis-9' } })).toBe('监听器 lis-9 已不存在，视为已完成。');
  });
});

describe('translator', () => {
  const zh = createTranslator({ en, 'zh-CN': zhCN }, 'zh-CN');
  const english = createTranslator({ en, 'zh-CN': zhCN }, 'en');

  it('translates and pluralises', () => {
    expect(english.t('drafts.errorCount', { count: 1 })).toBe('1 error');
    expect(english.t('drafts.errorCount', { count: 3 })).toBe('3 errors');
    expect(zh.t('drafts.errorCount', { count: 3 })).toBe('3 个错误');
    expect(zh.t('nav.drafts')).toBe('草稿');
  });

  it('translates a rule issue by code with its params (dotted codes inside the rules table)', () => {
    const issue = {
      code: 'listener.idleTimeout.range',
      message: 'Idle Timeout (s) must be a whole number from 10 to 4,000.',
      params: { min: 10, max: 4000, value: 9 },
    };
    expect(translateIssueWith(zh, issue)).toBe('空闲超时时间（秒）必须是 10 到 4000 之间的整数。');
  });

  it('shows the English message when the language has no translation of the code', () => {
    const issue = { code: 'listener.idleTimeout.range', message: 'Idle Timeout (s) must be a whole number from 10 to 4,000.' };
    expect(translateIssueWith(english, issue)).toBe(issue.message);
    const unknown = { code: 'preflight.quota', message: 'Quota exceeded: listeners 50/50.' };
    expect(translateIssueWith(zh, unknown)).toBe(unknown.message);
  });

  it('switches language on the same instance', async () => {
    const i = createTranslator({ en, 'zh-CN': zhCN }, 'en');
    expect(i.t('shell.sync')).toBe('Sync');
    await i.changeLanguage('zh-CN');
    expect(i.t('shell.sync')).toBe('同步');
  });
});

describe('pickLanguage', () => {
  it('prefers a stored valid choice, then the browser languages, then English', () => {
    expect(pickLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
    expect(pickLanguage('fr', ['zh-TW', 'en'])).toBe('zh-CN');
    expect(pickLanguage(null, ['de-DE', 'en-GB'])).toBe('en');
    expect(pickLanguage(undefined, ['de-DE'])).toBe('en');
  });
});

describe('TranslationMemo', () => {
  it('translates each key + params once until cleared', () => {
    const memo = new TranslationMemo();
    let calls = 0;
    const tr = (text: string) => () => {
      calls++;
      return text;
    };
    expect(memo.get('a', undefined, tr('A'))).toBe('A');
    expect(memo.get('a', undefined, tr('other'))).toBe('A');
    expect(memo.get('a', { value: 1 }, tr('A1'))).toBe('A1');
    expect(memo.get('a', { value: '1' }, tr('A"1"'))).toBe('A"1"');
    expect(memo.get('a', { value: 1 }, tr('other'))).toBe('A1');
    expect(calls).toBe(3);
    memo.clear();
    expect(memo.get('a', undefined, tr('B'))).toBe('B');
    expect(calls).toBe(4);
  });

  it('empties itself past its limit', () => {
    const memo = new TranslationMemo(3);
    for (let i = 0; i < 3; i++) memo.get('n', { count: i }, () => String(i));
    expect(memo.size).toBe(3);
    memo.get('n', { count: 3 }, () => '3');
    expect(memo.size).toBe(1);
    expect(memo.get('n', { count: 3 }, () => 'again')).toBe('3');
  });

  it('with a real translator: plurals and interpolation stay right', () => {
    const instance = createTranslator({ en, 'zh-CN': zhCN }, 'en');
    const memo = new TranslationMemo();
    const t = (key: string, params?: Record<string, string | number>) => memo.get(key, params, () => instance.t(key, params ?? {}));
    const one = t('listeners.countOf', { shown: '1', total: '1', count: 1 });
    const many = t('listeners.countOf', { shown: '2', total: '2', count: 2 });
    expect(one).not.toBe(many);
    expect(t('listeners.countOf', { shown: '1', total: '1', count: 1 })).toBe(one);
  });
});
