/** TEST ONLY — the CloudError a call rejects with (the test fails when it resolves or rejects with anything else). */
import { expect } from 'vitest';
import { CloudError } from '../errors';

export async function failure(p: Promise<unknown>): Promise<CloudError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CloudError);
    return e as CloudError;
  }
  throw new Error('expected the call to fail');
}
