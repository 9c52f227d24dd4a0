import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../shared/model/account';
import {
  accountFormFrom,
  changesTarget,
  CUSTOM_REGION,
  effectiveRegion,
  emptyAccountForm,
  localProblems,
  looksLikePem,
  storageLabelKey,
  toCreateRequest,
  toCredentialsRequest,
  toUpdateRequest,
  withoutSecrets,
} from './account-form';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';

const account: Account = {
  id: 'acc-1',
  name: 'Prod',
  kind: 'huawei',
  region: 'cn-north-4',
  projects: { 'cn-north-4': '0123456789abcdef0123456789abcdef' },
  endpoint: null,
  iamEndpoint: null,
  authType: 'aksk',
  proxy: 'http://proxy:3128',
  caCert: null,
  createdAt: 'x',
  updatedAt: 'x',
};

describe('localProblems', () => {
  it('requires name, region and both keys for a new account', () => {
    const v = emptyAccountForm('ap-southeast-1');
    expect(localProblems(v, true)).toEqual([
      { path: 'name', code: 'required' },
      { path: 'ak', code: 'required' },
      { path: 'sk', code: 'required' },
    ]);
  });
  it('does not ask for keys when they are kept', () => {
    expect(localProblems({ ...emptyAccountForm('ap-southeast-1'), name: 'x' }, false)).toEqual([]);
  });
  it('checks formats: project ID, custom region, spaces in keys, PEM', () => {
    const v = { ...emptyAccountForm('ap-southeast-1'), name: 'x', ak: 'AK X', sk: 'sk', projectId: 'ABC', caCert: 'hello' };
    expect(localProblems(v, true)).toEqual([
      { path: 'projectId', code: 'projectId' },
      { path: 'ak', code: 'noSpaces' },
      { path: 'caCert', code: 'pem' },
    ]);
    expect(localProblems({ ...v, ak: 'AK', projectId: '', caCert: PEM, region: CUSTOM_REGION, customRegion: 'Bad_Region' }, true)).toEqual([
      { path: 'region', code: 'region' },
    ]);
    expect(localProblems({ ...v, ak: 'AK', projectId: '', caCert: '', region: CUSTOM_REGION, customRegion: '' }, true)).toEqual([
      { path: 'region', code: 'required' },
    ]);
  });
});

describe('requests', () => {
  it('builds a create request: trimmed, empty optionals dropped or null, custom region used', () => {
    const v = {
      ...emptyAccountForm('ap-southeast-1'),
      name: '  Prod ',
      region: CUSTOM_REGION,
      customRegion: ' xx-new-1 ',
      ak: ' AK1 ',
      sk: 'SK1\n',
      caCert: PEM,
    };
    expect(toCreateRequest(v)).toEqual({ name: 'Prod', region: 'xx-new-1', endpoint: null, proxy: null, caCert: `${PEM}\n`, ak: 'AK1', sk: 'SK1' });
    expect(toCreateRequest({ ...v, projectId: 'p', securityToken: 'tok' })).toMatchObject({ projectId: 'p', securityToken: 'tok' });
  });

  it('builds an update request without secrets', () => {
    const v = { ...accountFormFrom(account, ['cn-north-4']), ak: 'NEW', sk: 'NEW' };
    const req = toUpdateRequest('acc-1', v);
    expect(req).toEqual({
      id: 'acc-1',
      name: 'Prod',
      region: 'cn-north-4',
      projectId: '0123456789abcdef0123456789abcdef',
      endpoint: null,
      proxy: 'http://proxy:3128',
      caCert: null,
    });
    expect(JSON.stringify(req)).not.toContain('NEW');
  });

  it('sends the typed keys with the update only when asked', () => {
    const v = { ...accountFormFrom(account, ['cn-north-4']), endpoint: 'https://elb.example.com', ak: ' NEWAK ', sk: 'NEWSK', securityToken: '' };
    expect(toUpdateRequest('acc-1', v, true)).toMatchObject({ endpoint: 'https://elb.example.com', ak: 'NEWAK', sk: 'NEWSK' });
    expect(toUpdateRequest('acc-1', v, true)).not.toHaveProperty('securityToken');
    expect(toUpdateRequest('acc-1', { ...v, securityToken: 'T' }, true)).toMatchObject({ securityToken: 'T' });
    expect(toUpdateRequest('acc-1', v)).not.toHaveProperty('ak');
  });

  it('knows when the endpoint, proxy or CA certificate changes (those need the keys again)', () => {
    const v = accountFormFrom({ ...account, caCert: `${PEM}\n` }, ['cn-north-4']);
    expect(changesTarget({ ...account, caCert: `${PEM}\n` }, v)).toBe(false);
    expect(changesTarget(account, { ...accountFormFrom(account, ['cn-north-4']), name: 'Other', region: 'ap-southeast-1', projectId: '' })).toBe(false);
    expect(changesTarget(account, { ...accountFormFrom(account, ['cn-north-4']), endpoint: 'https://elb.example.com' })).toBe(true);
    expect(changesTarget(account, { ...accountFormFrom(account, ['cn-north-4']), proxy: '' })).toBe(true);
    expect(changesTarget(account, { ...accountFormFrom(account, ['cn-north-4']), proxy: ' http://proxy:3128 ' })).toBe(false);
    expect(changesTarget(account, { ...accountFormFrom(account, ['cn-north-4']), caCert: PEM })).toBe(true);
    // The sandbox's endpoint is not the user's to change.
    expect(changesTarget({ ...account, kind: 'sandbox' }, { ...accountFormFrom(account, ['cn-north-4']), endpoint: 'http://127.0.0.1:1' })).toBe(false);
  });

  it('builds a credentials request with an optional token', () => {
    const v = { ...emptyAccountForm('r'), ak: 'A', sk: 'B' };
    expect(toCredentialsRequest('acc-1', v)).toEqual({ accountId: 'acc-1', ak: 'A', sk: 'B' });
    expect(toCredentialsRequest('acc-1', { ...v, securityToken: 'T' })).toEqual({ accountId: 'acc-1', ak: 'A', sk: 'B', securityToken: 'T' });
  });
});

describe('helpers', () => {
  it('edits an account in an unknown region as a custom one, secrets empty', () => {
    const v = accountFormFrom({ ...account, region: 'zz-1' }, ['cn-north-4']);
    expect(v.region).toBe(CUSTOM_REGION);
    expect(effectiveRegion(v)).toBe('zz-1');
    expect(v.ak + v.sk + v.securityToken).toBe('');
  });
  it('blanks secrets', () => {
    expect(withoutSecrets({ ...emptyAccountForm('r'), name: 'n', ak: 'a', sk: 's', securityToken: 't' })).toMatchObject({ name: 'n', ak: '', sk: '', securityToken: '' });
  });
  it('recognises PEM and labels storage honestly', () => {
    expect(looksLikePem(PEM)).toBe(true);
    expect(looksLikePem('-----BEGIN CERTIFICATE-----')).toBe(false);
    expect(storageLabelKey({ kind: 'file-key' })).toBe('accounts.storage.file-key');
  });
});
