/** Pure logic of the account form: values ⇄ requests, local required checks, labels. Tested without a DOM. */
import type { Req } from '../../../../shared/ipc/contract';
import type { Account, KeyStorage } from '../../../../shared/model/account';

/** The select value meaning "type a region ID yourself". */
export const CUSTOM_REGION = '__custom__';

/** What the form edits. Secrets are only ever typed here, sent once, and dropped. */
export interface AccountFormValues {
  name: string;
  /** A known region ID, or CUSTOM_REGION. */
  region: string;
  /** The typed region ID when `region` is CUSTOM_REGION. */
  customRegion: string;
  endpoint: string;
  projectId: string;
  ak: string;
  sk: string;
  securityToken: string;
  proxy: string;
  caCert: string;
}

/** The form's fields, keyed by the request path main reports errors on. */
export const ACCOUNT_FIELDS = ['name', 'region', 'endpoint', 'projectId', 'ak', 'sk', 'securityToken', 'proxy', 'caCert'] as const;
export type AccountField = (typeof ACCOUNT_FIELDS)[number];

/** A problem found before anything is sent. */
export interface LocalProblem {
  path: AccountField;
  code: 'required' | 'projectId' | 'region' | 'noSpaces' | 'pem';
}

/** Blank values for a new account in `defaultRegion`. */
export function emptyAccountForm(defaultRegion: string): AccountFormValues {
  return { name: '', region: defaultRegion, customRegion: '', endpoint: '', projectId: '', ak: '', sk: '', securityToken: '', proxy: '', caCert: '' };
}

/** Values to edit an existing account (its project ID is the one of its own region); secrets start empty. */
export function accountFormFrom(account: Account, knownRegionIds: readonly string[]): AccountFormValues {
  const known = knownRegionIds.includes(account.region);
  return {
    name: account.name,
    region: known ? account.region : CUSTOM_REGION,
    customRegion: known ? '' : account.region,
    endpoint: account.endpoint ?? '',
    projectId: account.projects[account.region] ?? '',
    ak: '',
    sk: '',
    securityToken: '',
    proxy: account.proxy ?? '',
    caCert: account.caCert ?? '',
  };
}

/** The region ID the form means. */
export function effectiveRegion(v: Pick<AccountFormValues, 'region' | 'customRegion'>): string {
  return (v.region === CUSTOM_REGION ? v.customRegion : v.region).trim();
}

/** True when the text holds at least one PEM certificate block. */
export function looksLikePem(text: string): boolean {
  return /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.test(text);
}

/**
 * Checks that need no round trip: required fields, obvious formats. Main re-checks everything; these only
 * save a call. `withKeys` is false when editing without replacing the stored keys.
 */
export function localProblems(v: AccountFormValues, withKeys: boolean): LocalProblem[] {
  const out: LocalProblem[] = [];
  if (!v.name.trim()) out.push({ path: 'name', code: 'required' });
  const region = effectiveRegion(v);
  if (!region) out.push({ path: 'region', code: 'required' });
  else if (!/^[a-z0-9][a-z0-9-]*$/.test(region)) out.push({ path: 'region', code: 'region' });
  const projectId = v.projectId.trim();
  if (projectId && !/^[0-9a-f]{32}$/.test(projectId)) out.push({ path: 'projectId', code: 'projectId' });
  if (withKeys) {
    const ak = v.ak.trim();
    const sk = v.sk.trim();
    if (!ak) out.push({ path: 'ak', code: 'required' });
    else if (/\s/.test(ak)) out.push({ path: 'ak', code: 'noSpaces' });
    if (!sk) out.push({ path: 'sk', code: 'required' });
    else if (/\s/.test(sk)) out.push({ path: 'sk', code: 'noSpaces' });
  }
  if (v.caCert.trim() && !looksLikePem(v.caCert)) out.push({ path: 'caCert', code: 'pem' });
  return out;
}

function orNull(s: string): string | null {
  const trimmed = s.trim();
  return trimmed === '' ? null : trimmed;
}

/** The `accounts:create` request (keys included; they go to main's vault and nowhere else). */
export function toCreateRequest(v: AccountFormValues): Req<'accounts:create'> {
  const req: Req<'accounts:create'> = {
    name: v.name.trim(),
    region: effectiveRegion(v),
    endpoint: orNull(v.endpoint),
    proxy: orNull(v.proxy),
    caCert: caCertValue(v.caCert),
    ak: v.ak.trim(),
    sk: v.sk.trim(),
  };
  const projectId = v.projectId.trim();
  if (projectId) req.projectId = projectId;
  const token = v.securityToken.trim();
  if (token) req.securityToken = token;
  return req;
}

/**
 * The `accounts:update` request: every non-secret field (empty clears it), and the typed keys when `withKeys` (they
 * are stored with the update, so a new endpoint, proxy or CA certificate is never used with the old keys).
 */
export function toUpdateRequest(id: string, v: AccountFormValues, withKeys = false): Req<'accounts:update'> {
  const req: Req<'accounts:update'> = {
    id,
    name: v.name.trim(),
    region: effectiveRegion(v),
    projectId: v.projectId.trim(),
    endpoint: orNull(v.endpoint),
    proxy: orNull(v.proxy),
    caCert: caCertValue(v.caCert),
  };
  if (withKeys) {
    req.ak = v.ak.trim();
    req.sk = v.sk.trim();
    const token = v.securityToken.trim();
    if (token) req.securityToken = token;
  }
  return req;
}

function caCertValue(text: string): string | null {
  return text.trim() ? text.trim() + '\n' : null;
}

/**
 * True when the form changes where the account's requests go — its endpoint (not for the sandbox), proxy or CA
 * certificate. Main then needs the keys again (the stored ones never sign for a server they were not entered for).
 */
export function changesTarget(account: Account, v: AccountFormValues): boolean {
  if (account.kind !== 'sandbox' && orNull(v.endpoint) !== account.endpoint) return true;
  if (orNull(v.proxy) !== account.proxy) return true;
  return (caCertValue(v.caCert) ?? null) !== (account.caCert === null ? null : caCertValue(account.caCert));
}

/** The `credentials:set` request for replaced keys. */
export function toCredentialsRequest(accountId: string, v: AccountFormValues): Req<'credentials:set'> {
  const req: Req<'credentials:set'> = { accountId, ak: v.ak.trim(), sk: v.sk.trim() };
  const token = v.securityToken.trim();
  if (token) req.securityToken = token;
  return req;
}

/** The i18n key of an honest key-storage label. */
export function storageLabelKey(storage: Pick<KeyStorage, 'kind'>): string {
  return `accounts.storage.${storage.kind}`;
}

/** The values with every secret blanked (after a save, or on cancel). */
export function withoutSecrets(v: AccountFormValues): AccountFormValues {
  return { ...v, ak: '', sk: '', securityToken: '' };
}
