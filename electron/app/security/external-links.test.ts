import { describe, expect, it } from 'vitest';
import { DOCS_URL, externalUrlAllowed } from './external-links';

describe('externalUrlAllowed', () => {
  it.each([
    ['https://support.huaweicloud.com/intl/en-us/elb/index.html'],
    ['https://console.huaweicloud.com/vpc/?region=ap-southeast-1#/elb/list'],
    ['https://support.huaweicloud.com'],
    [DOCS_URL],
  ])('allows %s', (url) => {
    expect(externalUrlAllowed(url)).toBe(true);
  });

  it.each([
    ['https://support.huaweicloud.com@evil.test/', 'userinfo host confusion'],
    ['https://evil.test@support.huaweicloud.com/', 'userinfo on an allowed host'],
    ['https://user:pw@support.huaweicloud.com/', 'credentials'],
    ['http://support.huaweicloud.com/', 'http downgrade'],
    ['https://support.huaweicloud.com:8443/', 'non-default port'],
    ['https://support.huaweicloud.com.evil.test/', 'suffix'],
    ['https://evilsupport.huaweicloud.com/', 'other subdomain'],
    ['https://huaweicloud.com/', 'parent domain'],
    ['https://support.huaweicloud.com./', 'trailing dot'],
    ['https://suppοrt.huaweicloud.com/', 'IDN homograph (Greek omicron)'],
    ['https://xn--supprt-0ve.huaweicloud.com/', 'punycode'],
    ['javascript:alert(1)//https://support.huaweicloud.com', 'javascript:'],
    ['file:///etc/passwd', 'file:'],
    ['data:text/html,hi', 'data:'],
    ['app://elb-desk/', 'the app itself'],
    ['https:\\\\support.huaweicloud.com', 'backslashes'],
    [' https://support.huaweicloud.com/', 'leading space'],
    ['https://support.huaweicloud.com/\n', 'control character'],
    ['//support.huaweicloud.com/', 'scheme-relative'],
    ['https://support.huaweicloud.com/' + 'a'.repeat(3000), 'too long'],
    ['', 'empty'],
  ])('refuses %s (%s)', (url) => {
    expect(externalUrlAllowed(url)).toBe(false);
  });

  it('refuses non-strings', () => {
    expect(externalUrlAllowed(undefined as unknown as string)).toBe(false);
    expect(externalUrlAllowed({ toString: () => DOCS_URL } as unknown as string)).toBe(false);
  });
});
