import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry, PlannedRequest } from '../../../../shared/ipc/contract';
import { planDelete, planDeleteRequests } from '../../../../shared/lifecycle/delete';
import { editDraftFromListener, planEditRequests } from '../../../../shared/lifecycle/edit';
import { PLAN_STEP_TITLES } from '../../../../shared/ipgroups/plan';
import { planRequests } from '../../../../shared/mapping/api';
import { CREATE_STEP_TITLES } from '../../../../shared/mapping/step-label';
import type { DraftContent, EditInfo } from '../../../../shared/model/draft';
import { makeInventory, makeListener, makeMember, makePool, validDraft } from '../../../../shared/validation/fixtures';
import { loadCatalogue, setLanguage } from '../../lib/i18n';
import { en } from '../../lib/i18n/en';
import { zhCN } from '../../lib/i18n/zh-CN';
import { workbenchEn } from '../workbench/i18n/en';
import { workbenchZhCN } from '../workbench/i18n/zh-CN';
import { requestTitle } from './request-title';
import { progressRows } from './submit-view';

function draft(mutate: (d: DraftContent) => void): DraftContent {
  const d = validDraft();
  mutate(d);
  return d;
}

const listener = makeListener({ id: 'lis-1', name: 'web', port: 443, defaultPoolId: 'pool-1', keepaliveTimeout: 300, tags: [{ key: 'env', value: 'prod' }] });
const inv = makeInventory({
  listeners: [listener, makeListener({ id: 'lis-2', name: '', port: null, portRanges: [{ start: 9000, end: 9100 }], defaultPoolId: 'pool-2' })],
  pools: [makePool({ id: 'pool-1', name: 'web-pool', listenerIds: ['lis-1'], healthMonitorId: 'hm-1' }), makePool({ id: 'pool-2', name: '', listenerIds: ['lis-2'] })],
  members: [makeMember({ id: 'm-1', poolId: 'pool-1' }), makeMember({ id: 'm-2', poolId: 'pool-2' })],
});

/** Plans of every kind the app shows: creates (named or not, all-port, 1 or 2 servers, each port form), edits, deletes. */
function plans(): PlannedRequest[] {
  const out: PlannedRequest[] = [];
  const creates = [
    draft((d) => {
      d.routing.mode = 'new';
      d.routing.newPool.name = 'pool-a';
      d.routing.members = [{ address: '192.168.0.1', port: 80, weight: 1, name: '' }];
    }),
    draft((d) => {
      d.routing.mode = 'new';
      d.routing.newPool.name = '';
      d.routing.members = [
        { address: '192.168.0.1', port: null, weight: 1, name: '' },
        { address: '192.168.0.2', port: null, weight: 1, name: '' },
      ];
      d.listener.portMode = 'ranges';
      d.listener.portRanges = [{ start: 9000, end: 9100 }, { start: 9200, end: null }];
    }),
    draft((d) => {
      d.routing.mode = 'new';
      d.listener.port = null;
      d.routing.healthCheck.enabled = true;
      d.routing.healthCheck.type = 'HTTP';
    }),
    draft((d) => {
      d.routing.mode = 'existing';
      d.listener.portMode = 'ranges';
      d.listener.portRanges = [{ start: 10000, end: 10000 }];
    }),
  ];
  for (const d of creates) out.push(...planRequests(d, 'lb-1', 'p1'));
  const edit = { ...editDraftFromListener(listener, inv, '2026-12-04T10:00:00Z'), id: 'd-1' } as DraftContent & { id: string; edit: EditInfo };
  edit.listener.name = 'web-2';
  edit.listener.idleTimeout = 900;
  edit.listener.proxyProtocol = !edit.listener.proxyProtocol;
  edit.listener.tags = [{ key: 'team', value: 'a' }, { key: 'tier', value: '1' }];
  out.push(...planEditRequests(edit, 'p1'));
  const one = { ...editDraftFromListener(listener, inv, '2026-12-04T10:00:00Z'), id: 'd-2' } as DraftContent & { id: string; edit: EditInfo };
  one.listener.tags = [];
  out.push(...planEditRequests(one, 'p1'));
  out.push(...planDeleteRequests(planDelete(['lis-1', 'lis-2'], inv, true), 'p1'));
  return out;
}

beforeAll(() => loadCatalogue('zh-CN'));
afterEach(() => setLanguage('en'));

const all = plans();

describe('requestTitle', () => {

  it('covers every kind of request the plans make', () => {
    const codes = new Set(all.map((r) => r.label?.code));
    expect([...codes].sort()).toEqual(
      [
        'addMembers', 'addTags', 'createHealthCheck', 'createListenerNoPort', 'createListenerPort', 'createListenerRanges', 'createPool',
        'deleteHealthCheck', 'deleteListener', 'deletePool', 'deleteTags', 'removeMember', 'unbindPool', 'updateListener',
      ].sort(),
    );
  });

  it('in English is exactly the plan\'s own title, for every request', () => {
    setLanguage('en');
    for (const r of all) expect(requestTitle(r), r.key).toBe(r.title);
  });

  it('in 简体中文 says every request in Chinese, with the names, numbers and ports of its title', () => {
    setLanguage('zh-CN');
    for (const r of all) {
      const zh = requestTitle(r);
      expect(zh, r.title).toMatch(/[\u4e00-\u9fff]/);
      expect(zh, r.title).not.toMatch(/\b(Create|Add|Delete|Update|Remove|Unbind|backend|listener|group|tags?)\b/);
    }
    const byKey = (key: string) => requestTitle(all.find((r) => r.key === key)!);
    expect(byKey('pool')).toBe('创建后端服务器组“pool-a”（TCP，ROUND_ROBIN）');
    expect(byKey('update')).toBe('更新监听器（名称、空闲超时时间（秒）、ProxyProtocol）');
    expect(byKey('unbind:lis-1')).toBe('解除监听器 web 与后端服务器组的绑定');
    expect(byKey('listener:lis-2')).toBe('删除监听器 lis-2（9000-9100）');
  });

  it('shows a request without a label by its title', () => {
    setLanguage('zh-CN');
    expect(requestTitle({ title: 'Create something new' })).toBe('Create something new');
  });
});

describe('journal step titles the UI says by key', () => {
  it('in English are exactly the titles main writes: create steps (Drafts page) and IP group steps (workbench)', () => {
    expect(en.drafts.stepTitles).toEqual(CREATE_STEP_TITLES);
    expect(workbenchEn.plan.stepTitles).toEqual(PLAN_STEP_TITLES);
  });

  it('in 简体中文 are Chinese for every key', () => {
    const zhDrafts = (zhCN.drafts as Record<string, Record<string, string>>).stepTitles!;
    for (const key of Object.keys(CREATE_STEP_TITLES)) expect(zhDrafts[key], key).toMatch(/[\u4e00-\u9fff]/);
    for (const key of Object.keys(PLAN_STEP_TITLES)) expect(workbenchZhCN.plan.stepTitles[key as keyof typeof PLAN_STEP_TITLES], key).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('progress rows of a journal', () => {
  it('say each step by its label in the UI language, with or without the plan', () => {
    setLanguage('zh-CN');
    const plan = all.filter((r) => r.key.startsWith('tags-') || r.key === 'update');
    const entry = {
      steps: plan.map((r) => ({ key: r.key, title: r.title, label: r.label, state: 'done' as const, resourceId: null, attempts: 1, error: null, requestId: null })),
    } as unknown as JournalEntry;
    const titles = progressRows(entry, []).map((row) => row.title);
    expect(titles).toEqual(plan.map((r) => requestTitle(r)));
    expect(titles.every((x) => /[\u4e00-\u9fff]/.test(x))).toBe(true);
  });
});
