import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { appMessage } from '../../../shared/mapping/app-messages';
import { setStepNote, STEP_NOTE_CODES, stepNoteEnglish, type NotedStep } from '../../../shared/mapping/step-note';
import { loadCatalogue, setLanguage } from './i18n';
import { stepMessage, waitSecondsLeft, waitText } from './step-status';

beforeAll(() => loadCatalogue('zh-CN'));
afterEach(() => setLanguage('en'));

function noted(code: (typeof STEP_NOTE_CODES)[number], reason?: string): NotedStep {
  const step: NotedStep = { error: null };
  setStepNote(step, code, reason);
  return step;
}

describe('a step\'s message in the UI\'s language', () => {
  it('in English, every note reads exactly as main wrote it (the journal and the history keep that text)', () => {
    for (const code of STEP_NOTE_CODES) {
      const step = noted(code, 'HTTP 502 from the server');
      expect(stepMessage(step), code).toBe(step.error);
      expect(step.error).toBe(stepNoteEnglish({ code, reason: 'HTTP 502 from the server' }));
    }
  });

  it('in 简体中文, each note is said in Chinese around the reason it quotes', () => {
    setLanguage('zh-CN');
    expect(stepMessage(noted('lbBusy'))).toBe('负载均衡器正忙，正在等待其变为 ACTIVE。');
    expect(stepMessage(noted('recheckLive', 'The request timed out after 5 s'))).toBe('The request timed out after 5 s — 正在核对实际状态，然后再重试。');
    expect(stepMessage(noted('recheckCreated', 'Connection reset'))).toBe('Connection reset — 正在核对是否已创建，然后再重试。');
    expect(stepMessage(noted('notCreated'))).toBe('未创建（已按名称和创建时间核对）。');
    expect(stepMessage(noted('rollbackFailed', 'HTTP 409'))).toBe('回滚失败：HTTP 409');
    expect(waitText(12)).toBe('正在等待之前的请求结束后再核对 — 还剩 12 秒');
    // A reason (or an error) that is one of main's own messages is said in Chinese too; a cloud's words are not.
    expect(stepMessage(noted('recheckLive', appMessage('netNoAnswer')))).toBe('云服务未按时应答。 — 正在核对实际状态，然后再重试。');
    expect(stepMessage({ error: appMessage('netDropped') })).toBe('应答到达前连接已断开。');
  });

  it('main\'s own text when the note is not the current message (a newer error replaced it), and nothing without one', () => {
    setLanguage('zh-CN');
    const step = noted('lbBusy');
    step.error = 'HTTP 400 ELB.8902: invalid port';
    expect(stepMessage(step)).toBe('HTTP 400 ELB.8902: invalid port');
    step.error = null;
    expect(stepMessage(step)).toBeNull();
    expect(stepMessage({ error: 'A cloud message' })).toBe('A cloud message');
  });

  it('a wait: no countdown without an end (journal steps of older versions), the English countdown text', () => {
    expect(waitSecondsLeft(undefined, 0)).toBeNull();
    expect(waitText(3)).toBe('Waiting for the earlier request to settle before checking again — 3 s left');
  });
});
