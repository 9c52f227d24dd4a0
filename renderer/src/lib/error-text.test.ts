/** Main's messages in the UI's language (lib/errors.ts sayMessage; the zh-CN catalogue's messages.<code>, zh-CN-messages.ts). */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { APP_MESSAGES, appMessage, type AppMessageCode } from '../../../shared/mapping/app-messages';
import { errorMessage, saySentences, sayMessage } from './errors';
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

  it('in 简体中文: a create step\'s title quoted in a message is said too; another step\'s title as it came', () => {
    setLanguage('zh-CN');
    expect(sayMessage(appMessage('outcomeStillUnknown', { step: 'Create TCP listener', rounds: 5 }))).toBe('创建 TCP 监听器：核对 5 次后结果仍然未知。请再次提交以核对。');
    expect(sayMessage(appMessage('outcomeStillUnknown', { step: 'Update listener web-01', rounds: 5 }))).toBe('Update listener web-01：核对 5 次后结果仍然未知。请再次提交以核对。');
  });

  // The data store's status: its message in sentences (StoreStatus.messageParts), each one of main's messages.
  const unusable = [
    appMessage('storeFileUnusable', {
      file: 'elb-desk.json',
      detail: appMessage('fileNotJson', { reason: 'Unexpected token } in JSON at position 12' }),
      where: appMessage('storeCopyNotMade', { reason: "EACCES: permission denied, open 'quarantine/elb-desk.x.json'" }),
    }),
    appMessage('storeNoBackupToRestore'),
    appMessage('draftUnusableSetAside', { file: 'drafts/d-1.json', detail: appMessage('draftWrongName', { id: 'd-2', file: 'd-2.json' }), where: 'quarantine/draft.d-1.x.json' }),
  ];

  it("the store's sentences in English read exactly as main's message (joined by a space); an older host's message as it came", () => {
    expect(saySentences(unusable, 'whole')).toBe(unusable.join(' '));
    expect(saySentences(undefined, 'The data file is open read-only.')).toBe('The data file is open read-only.');
    expect(saySentences([], null)).toBeNull();
  });

  it("in 简体中文: the store's sentences, with the messages inside them, and no space after a full-width stop", () => {
    setLanguage('zh-CN');
    expect(saySentences(unusable, 'whole')).toBe(
      "数据文件 elb-desk.json 无法使用：它不是有效的 JSON，可能被截断（Unexpected token } in JSON at position 12）。它未被更改，其字节的副本保存为 （无法制作副本：EACCES: permission denied, open 'quarantine/elb-desk.x.json'；文件本身保持不变）。" +
        '没有可用的备份：请以空数据开始，或手动修复该文件。' +
        '草稿文件 drafts/d-1.json 无法使用：它保存的是草稿 d-2，其文件名应为 d-2.json。该文件已移至 quarantine/draft.d-1.x.json；其他草稿已正常加载。',
    );
    expect(saySentences([appMessage('storeSaveFailed', { file: 'elb-desk.json', reason: 'ENOSPC: no space left on device, write' })], null)).toBe(
      '无法保存 elb-desk.json：ENOSPC: no space left on device, write。您的更改保留在内存中；请释放磁盘空间或修正文件夹的权限，然后重试。',
    );
  });
});
