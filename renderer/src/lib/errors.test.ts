import { describe, expect, it } from 'vitest';
import type { AppError } from '../../../shared/ipc/result';
import { errorTitleKey, fieldErrorMap, isOfflineError, isStoreError, issuesForField, unmatchedIssues } from './errors';

const error: AppError = {
  code: 'VALIDATION',
  message: 'bad',
  fields: [
    { path: 'name', code: 'account.name.unique', message: 'taken' },
    { path: 'caCert.pem', code: 'account.caCert.pem', message: 'not pem' },
    { path: 'name', code: 'x.length', message: 'too long' },
    { path: '(request)', code: 'schema.payload', message: 'extra key' },
  ],
};

describe('field errors', () => {
  const map = fieldErrorMap(error);
  it('groups by path', () => {
    expect(map.get('name')?.map((i) => i.message)).toEqual(['taken', 'too long']);
    expect(fieldErrorMap(null).size).toBe(0);
  });
  it('collects nested paths and aliases for a field', () => {
    expect(issuesForField(map, 'caCert').map((i) => i.code)).toEqual(['account.caCert.pem']);
    expect(issuesForField(map, 'region', ['name']).length).toBe(2);
    expect(issuesForField(map, 'name.x')).toEqual([]);
  });
  it('lists what no field owns', () => {
    expect(unmatchedIssues(map, ['name', 'caCert']).map((i) => i.path)).toEqual(['(request)']);
  });
});

describe('classification', () => {
  it('knows offline and store failures', () => {
    expect(isOfflineError({ code: 'NETWORK', message: '' })).toBe(true);
    expect(isOfflineError({ code: 'TIMEOUT', message: '' })).toBe(false);
    expect(isStoreError({ code: 'STORE_WRITE', message: '' })).toBe(true);
    expect(isStoreError({ code: 'READ_ONLY', message: '' })).toBe(true);
    expect(isStoreError(null)).toBe(false);
    expect(errorTitleKey('CLOUD')).toBe('errors.codes.CLOUD');
  });
});
