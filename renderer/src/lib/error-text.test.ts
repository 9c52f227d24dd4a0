/** Main's messages in the UI's language (lib/errors.ts sayMessage; the zh-CN catalogue's messages.<code>, zh-CN-messages.ts). */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_MESSAGES, appMessage, type AppMessageCode } from '../../../shared/mapping/app-messages';
import { errorMessage, sayMessage } from './errors';
import { loadCatalogue, setLanguage } from './i18n';
import { zhCN } from './i18n/zh-CN';

beforeAll(() => loadCatalogue('zh-CN'));
afterEach(() => setLanguage('en'));

const CODES = Object.keys(APP_MESSAGES) as AppMessageCode[];
const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('main\'s messages in the UI\'s language', () => {
  it('the Chinese catalogue says every one of them, with the same values', () => {
    const zh = zhCN.messages as Record<string, string>;
    expect(Object.keys(zh).sort()).toEqual([...CODES].sort());
    for (const code of CODES) expect(placeholders(zh[code]!), code).toEqual(placeholders(APP_MESSAGES[code]));
  });

  it('in English, a message reads exactly as main wrote it', () => {
    for (const code of CODES) {
      const text = appMessage(code, { state: 'PENDING_UPDATE', httpStatus: 403, errorCode: 'ELB.1101', cloudMessage: 'refused', step: 'Create TCP listener', rounds: 5, id: 'x-1', current: 4, yours: 3, reason: 'r', code: 'ECONNREFUSED', name: 'n', seconds: 7, group: 'g', listener: 'l', listeners: 'l1, l2', fields: 'Name', groups: 'a, b', file: 'f.json', region: 'r-1', run: 'run-1' });
      expect(sayMessage(text), code).toBe(text);
    }
  });

  it('in 简体中文: main\'s own messages are translated around their values (a cloud\'s error_msg kept); a reason that is one of them too; others as they came', () => {
    setLanguage('zh-CN');
    expect(errorMessage({ message: appMessage('lbNotActive', { state: 'PENDING_UPDATE' }) })).toBe('负载均衡器仍为 PENDING_UPDATE；请在其变为 ACTIVE 后重试。');
    expect(errorMessage({ message: appMessage('netUnreachableBecause', { reason: appMessage('netDns') }) })).toBe('无法连接云服务：无法解析云服务终端节点（DNS）：可能处于离线状态。');
    expect(sayMessage(appMessage('hintThrottled'))).toBe('API 正在限流；请几秒后重试。');
    expect(sayMessage('The cloud refused the request (HTTP 400 ELB.8902): invalid port')).toBe('云服务拒绝了请求（HTTP 400 ELB.8902）：invalid port');
    expect(sayMessage('Port 80 is already used by another listener.')).toBe('Port 80 is already used by another listener.');
  });
});
