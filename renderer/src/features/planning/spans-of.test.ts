import { describe, expect, it } from 'vitest';
import type { DraftSummary } from '../../../../shared/ipc/contract';
import { makeListener } from '../../../../shared/validation/fixtures';
import { mapSpans } from './spans-of';

const summary = (over: Partial<DraftSummary>): DraftSummary => ({
  id: 'd',
  title: 'T',
  status: 'draft',
  step: 'listener',
  target: { accountId: 'a', region: 'r', loadBalancerId: 'lb-1' },
  port: '—',
  errorCount: 0,
  warningCount: 0,
  updatedAt: '2026-01-01T00:00:00Z',
  revision: 1,
  lastError: null,
  result: null,
  ...over,
});

describe('mapSpans', () => {
  it('listeners of the LB, other open drafts of the same account/region/LB, and the current draft', () => {
    const spans = mapSpans(
      [makeListener({ id: 'l1', port: 80, loadBalancerId: 'lb-1' }), makeListener({ id: 'l2', port: 81, loadBalancerId: 'lb-2' })],
      [
        summary({ id: 'other', port: '1000–2000, 3000' }),
        summary({ id: 'done', port: '4000', status: 'submitted' }),
        summary({ id: 'elsewhere', port: '5000', target: { accountId: 'a', region: 'r2', loadBalancerId: 'lb-1' } }),
        summary({ id: 'me', port: '9999' }),
      ],
      { accountId: 'a', region: 'r', loadBalancerId: 'lb-1' },
      { id: 'me', title: 'Mine', ports: { portMode: 'single', port: 8080, portRanges: [] } },
    );
    expect(spans.map((s) => [s.owner.kind, s.owner.id, s.start, s.end])).toEqual([
      ['listener', 'l1', 80, 80],
      ['draft', 'other', 1000, 2000],
      ['draft', 'other', 3000, 3000],
      ['current', 'me', 8080, 8080],
    ]);
  });
});
