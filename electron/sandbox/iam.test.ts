import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { IamTokens, sameSecret, TOKEN_TTL_MS } from './iam';

const body = (password: string, name?: string): unknown => ({ auth: { identity: { methods: ['password'], password: { user: { name, password } } } } });

describe('sandbox IAM tokens', () => {
  it('issues a token for the right password, valid until its expiry and not after', () => {
    const iam = new IamTokens();
    const now = 1_700_000_000_000;
    const p = iam.issue(body('secret-sk', 'ops'), 'secret-sk', 'req-1', now);
    expect(p.status).toBe(201);
    const token = p.headers['X-Subject-Token']!;
    expect(token).toMatch(/^sbx-/);
    const reply = JSON.parse(p.body.toString('utf8')) as { token: { user: { name: string }; expires_at: string }; request_id: string };
    expect(reply.token.user.name).toBe('ops');
    expect(reply.token.expires_at).toBe(new Date(now + TOKEN_TTL_MS).toISOString());
    expect(reply.request_id).toBe('req-1');
    expect(iam.valid(token, now + TOKEN_TTL_MS)).toBe(true);
    expect(iam.valid(token, now + TOKEN_TTL_MS + 1)).toBe(false);
    expect(iam.valid('sbx-other', now)).toBe(false);
    iam.clear();
    expect(iam.valid(token, now)).toBe(false);
  });

  it('refuses a wrong or missing password with 401', () => {
    const iam = new IamTokens();
    for (const b of [body('wrong', 'ops'), body('secret-sk-', 'ops'), {}, undefined]) {
      let err: unknown = null;
      try {
        iam.issue(b, 'secret-sk', 'req');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(401);
    }
  });

  it('compares secrets exactly', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});
