/** Test support: valid model objects. */
import type { Account } from '../../../../shared/model/account';
import { defaultDraftContent, type Draft } from '../../../../shared/model/draft';

/** A valid account for tests. */
export function testAccount(id: string): Account {
  const now = '2025-01-01T00:00:00.000Z';
  return {
    id,
    name: `Account ${id}`,
    kind: 'sandbox',
    region: 'sandbox-1',
    projects: {},
    endpoint: null,
    iamEndpoint: null,
    authType: 'aksk',
    proxy: null,
    caCert: null,
    createdAt: now,
    updatedAt: now,
  };
}


/** A valid draft for tests. */
export function testDraft(id: string, createdAt = '2025-01-01T00:00:00.000Z'): Draft {
  return {
    ...defaultDraftContent({}, `Draft ${id}`),
    id,
    status: 'draft',
    createdAt,
    updatedAt: createdAt,
    revision: 1,
    result: null,
    lastError: null,
  };
}
