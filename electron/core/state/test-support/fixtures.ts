/** Test support: valid model objects. */
import type { Account } from '../../../../shared/model/account';

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

