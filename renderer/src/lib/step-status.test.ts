import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appMessage } from '../../../shared/mapping/app-messages';
import { sayMessage } from './errors';
import { loadCatalogue, setLanguage } from './i18n';
import { waitSecondsLeft, waitText } from './step-status';

beforeAll(() => loadCatalogue('zh-CN'));
afterEach(() => setLanguage('en'));

const STEP_CODES = ['recheckCreated', 'recheckLive', 'lbBusy', 'notCreated', 'rollbackFailed'] as const;

describe('what a step says, in the UI\'s language', () => {
  it('in English, every step message reads exactly as main wrote it (the journal and the history keep that text)', () => {
    for (const code of STEP_CODES) {
      const text = appMessage(code, { reason: 'HTTP 502 from the server' });
      expect(sayMessage(text), code).toBe(text);
    }
  });

  it('in 简体中文, each is said in Chinese around the reason it quotes', () => {
    setLanguage('zh-CN');
    expect(sayMessage(appMessage('lbBusy'))).toBe('负载均衡器正忙，正在等待其变为 ACTIVE。');
    expect(sayMessage(appMessage('recheckLive', { reason: 'The request timed out after 5 s' }))).toBe('The request timed out after 5 s — 正在核对实际状态，然后再重试。');
    expect(sayMessage(appMessage('recheckCreated', { reason: 'Connection reset' }))).toBe('Connection reset — 正在核对是否已创建，然后再重试。');
    expect(sayMessage(appMessage('notCreated'))).toBe('未创建（已按名称和创建时间核对）。');
    expect(sayMessage(appMessage('rollbackFailed', { reason: 'HTTP 409' }))).toBe('回滚失败：HTTP 409');
    expect(waitText(12)).toBe('正在等待之前的请求结束后再核对 — 还剩 12 秒');
    // A reason (or an error) that is one of main's own messages is said in Chinese too; a cloud's words are not.
    expect(sayMessage(appMessage('recheckLive', { reason: appMessage('netNoAnswer') }))).toBe('云服务未按时应答。 — 正在核对实际状态，然后再重试。');
    expect(sayMessage(appMessage('netDropped'))).toBe('应答到达前连接已断开。');
  });

  it('a cloud\'s own words as they came', () => {
    setLanguage('zh-CN');
    expect(sayMessage('HTTP 400 ELB.8902: invalid port')).toBe('HTTP 400 ELB.8902: invalid port');
    expect(sayMessage('A cloud message')).toBe('A cloud message');
  });

  it('a wait: no countdown without an end (journal steps of older versions), the English countdown text', () => {
    expect(waitSecondsLeft(undefined, 0)).toBeNull();
    expect(waitText(3)).toBe('Waiting for the earlier request to settle before checking again — 3 s left');
  });
});
