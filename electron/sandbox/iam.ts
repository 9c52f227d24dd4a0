/**
 * The sandbox's IAM: tokens issued for the sandbox's password (its SK) and the project list of its two regions — what
 * the app asks IAM for before it can sign ELB calls with a token or find a region's project.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { unauthorized } from './errors';
import { prepareJson, type Prepared } from './reply';
import type { SandboxState } from './state';

/** How long an issued token is valid. */
export const TOKEN_TTL_MS = 24 * 3600_000;

/** Equal secrets, compared in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** The tokens issued so far and their expiry. */
export class IamTokens {
  private readonly expiry = new Map<string, number>();

  /** `POST /v3/auth/tokens`: a token for the right password (`sk`) in `body`, in `X-Subject-Token`; else 401. */
  issue(body: unknown, sk: string, requestId: string, now = Date.now()): Prepared {
    const user = (body as { auth?: { identity?: { password?: { user?: { password?: unknown; name?: unknown } } } } } | undefined)?.auth?.identity
      ?.password?.user;
    if (!user || typeof user.password !== 'string' || !sameSecret(user.password, sk)) throw unauthorized('the username or password is wrong');
    const token = `sbx-${randomBytes(32).toString('base64url')}`;
    this.expiry.set(token, now + TOKEN_TTL_MS);
    const issued = {
      methods: ['password'],
      issued_at: new Date(now).toISOString(),
      expires_at: new Date(now + TOKEN_TTL_MS).toISOString(),
      user: { name: typeof user.name === 'string' ? user.name : 'sandbox-user', domain: { name: 'sandbox' } },
      catalog: [],
    };
    return prepareJson(201, { token: issued }, requestId, { 'X-Subject-Token': token });
  }

  /** True for a token issued here that has not expired. */
  valid(token: string, now = Date.now()): boolean {
    const exp = this.expiry.get(token);
    return exp !== undefined && exp >= now;
  }

  clear(): void {
    this.expiry.clear();
  }
}

/** `GET /v3/projects[?name=…]`: the projects of the sandbox's two regions (named after the region). */
export function listProjects(state: SandboxState, query: URLSearchParams, requestId: string): Prepared {
  const names = query.getAll('name');
  const all = (['sandbox-1', 'sandbox-2'] as const).map((r) => ({
    id: state.region(r).projectId,
    name: r,
    domain_id: 'sandboxdomain0000000000000000000',
    description: `ELB sandbox region ${r}`,
    enabled: true,
    is_domain: false,
    parent_id: 'sandboxdomain0000000000000000000',
  }));
  const projects = names.length > 0 ? all.filter((p) => names.includes(p.name)) : all;
  return prepareJson(200, { projects, links: { self: '/v3/projects', next: null, previous: null } }, requestId);
}
