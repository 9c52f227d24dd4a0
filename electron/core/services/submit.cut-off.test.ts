/**
 * A submit cut off at its very end (found by the fleet fault test): the journal entry has every step done but the
 * app stopped before marking it done, or marked it done but stopped before marking the draft submitted. The next
 * start must finish it — never start a new entry that creates a second group and then fails on the port.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDraftContent } from '../../../shared/model/draft';
import { startSandbox, type SandboxHandle } from '../../sandbox';
import { startTestCore, tempDir } from '../test-support';

let sandbox: SandboxHandle;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, pendingMs: 0 });
});
afterAll(() => sandbox.close());

const pools = (name: string) => [...sandbox.state().region('sandbox-1').pools.values()].filter((p) => p.name === name);
const listeners = (port: number) => [...sandbox.state().region('sandbox-1').listeners.values()].filter((l) => l.protocol === 'TCP' && l.protocol_port === port);

describe('a submit cut off after its last step', () => {
  for (const cut of ['entry not yet done', 'draft not yet submitted'] as const) {
    it(`${cut}: the next start finishes it without sending a create again`, async () => {
      const port = cut === 'entry not yet done' ? 7101 : 7102;
      const dataDir = tempDir();
      const t = await startTestCore({ dataDir, sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 } } });
      const acc = (await t.must('accounts:list', {})).find((a) => a.kind === 'sandbox')!;
      const inv = await t.must('sync:run', { accountId: acc.id, region: 'sandbox-1' });
      const lb = inv.loadBalancers.find((l) => l.name === 'staging-idle')!;
      const c = defaultDraftContent({ accountId: acc.id, region: 'sandbox-1', loadBalancerId: lb.id }, `cut ${port}`);
      c.listener.port = port;
      c.routing.mode = 'new';
      c.routing.newPool.name = `cut-${port}`;
      const d = await t.must('drafts:create', { content: c });
      const done = await t.must('submit:apply', { draftId: d.id });
      expect(done.state).toBe('done');
      // Put the files back to what a kill at that moment leaves.
      await t.core.store.update((s) => {
        const e = s.journal.find((j) => j.id === done.id)!;
        if (cut === 'entry not yet done') e.state = 'running';
      });
      await t.core.store.updateDraft(d.id, (x) => {
        x!.status = 'submitting';
        x!.result = null;
      });
      await t.core.dispose();
      const posts = sandbox.requests().filter((r) => r.method === 'POST').length;

      const again = await startTestCore({ dataDir, sandboxUrl: sandbox.url, options: { submit: { pollMs: 10 } } });
      await again.core.resumed;
      if ((await again.must('drafts:get', { id: d.id })).status !== 'submitted') await again.must('submit:apply', { draftId: d.id });
      const journal = await again.must('journal:list', { draftId: d.id });
      const draft = await again.must('drafts:get', { id: d.id });
      await again.core.dispose();
      expect(sandbox.requests().filter((r) => r.method === 'POST').length).toBe(posts);
      expect(journal).toHaveLength(1);
      expect(journal[0]!.state).toBe('done');
      expect(draft.status).toBe('submitted');
      expect(draft.result?.listenerId).toBe(journal[0]!.steps.find((s) => s.key === 'listener')!.resourceId);
      expect(pools(`cut-${port}`)).toHaveLength(1);
      expect(listeners(port)).toHaveLength(1);
    });
  }
});
