import { describe, expect, it } from 'vitest';
import { joinProxyUrl, maskedProxyUrl, splitProxyUrl } from './account';

describe('proxy URL credentials', () => {
  it('splits user:password@ off a proxy URL, keeping the rest as typed', () => {
    expect(splitProxyUrl('http://alice:pw@proxy:3128')).toEqual({ url: 'http://proxy:3128', userinfo: 'alice:pw' });
    expect(splitProxyUrl('https://a%40b:p%3Aw@proxy.example.com:8443/')).toEqual({ url: 'https://proxy.example.com:8443/', userinfo: 'a%40b:p%3Aw' });
    expect(splitProxyUrl('http://user-only@proxy:3128')).toEqual({ url: 'http://proxy:3128', userinfo: 'user-only' });
    expect(splitProxyUrl('http://proxy:3128')).toEqual({ url: 'http://proxy:3128', userinfo: null });
    expect(splitProxyUrl('http://proxy:3128/path@x')).toEqual({ url: 'http://proxy:3128/path@x', userinfo: null });
  });

  it('joins them back, and masks both parts for display', () => {
    expect(joinProxyUrl('http://proxy:3128', 'alice:pw')).toBe('http://alice:pw@proxy:3128');
    expect(joinProxyUrl('http://proxy:3128', null)).toBe('http://proxy:3128');
    expect(maskedProxyUrl({ proxy: 'http://proxy:3128', proxyAuth: true })).toBe('http://****:****@proxy:3128');
    expect(maskedProxyUrl({ proxy: 'http://proxy:3128' })).toBe('http://proxy:3128');
    expect(maskedProxyUrl({ proxy: null, proxyAuth: true })).toBeNull();
  });
});
