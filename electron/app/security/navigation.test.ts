import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAllowedNavigation } from './navigation';

describe('isAllowedNavigation', () => {
  it.each([
    [APP_ENTRY_URL],
    ['app://elb-desk/'],
    ['app://elb-desk/index.html#/drafts/1'],
    ['app://elb-desk/assets/x.js?v=1'],
  ])('allows the app origin: %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(true);
  });

  it.each([
    ['app://elb-desk.evil/'],
    ['app://evil/'],
    ['app://elb-desk:8080/'],
    ['app://user@elb-desk/'],
    ['app://elb-desk@evil.test/'],
    ['https://app.example.com.evil.test/'],
    ['https://elb-desk/'],
    ['http://127.0.0.1:5173/'],
    ['file:///etc/passwd'],
    ['file://elb-desk/index.html'],
    ['javascript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['blob:app://elb-desk/1234'],
    ['about:blank'],
    ['chrome://gpu'],
    ['devtools://devtools/bundled/inspector.html'],
    ['app:elb-desk/index.html'],
    [''],
    ['not a url'],
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it('the app origin string is what the core trusts', () => {
    expect(APP_ORIGIN).toBe('app://elb-desk');
  });
});
