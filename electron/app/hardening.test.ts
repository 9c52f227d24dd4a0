import { describe, expect, it, vi } from 'vitest';
import { hardenSession, hardenWebContents, openExternalIfAllowed, type HardenableContents, type HardenableSession, type PreventableEvent } from './hardening';

type AnyListener = (event: PreventableEvent, url?: string) => void;

function fakeContents() {
  const listeners = new Map<string, AnyListener>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents = {
    on: (event: string, l: AnyListener) => {
      listeners.set(event, l);
      return contents;
    },
    setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => {
      openHandler = h;
    },
  } as unknown as HardenableContents;
  const fire = (event: string, url: string, style: 'details' | 'arg' = 'details'): boolean => {
    const e = { preventDefault: vi.fn(), ...(style === 'details' ? { url } : {}) };
    listeners.get(event)?.(e, url);
    return e.preventDefault.mock.calls.length > 0;
  };
  return { contents, fire, listeners, open: (url: string) => openHandler?.({ url }) };
}

describe('hardenWebContents', () => {
  it('registers navigation, redirect, frame-navigation and webview guards', () => {
    const f = fakeContents();
    hardenWebContents(f.contents, vi.fn());
    expect([...f.listeners.keys()].sort()).toEqual(['will-attach-webview', 'will-frame-navigate', 'will-navigate', 'will-redirect']);
  });

  it.each(['will-navigate', 'will-redirect', 'will-frame-navigate'])('%s: allows the app origin and blocks the rest', (event) => {
    const f = fakeContents();
    const open = vi.fn();
    hardenWebContents(f.contents, open);
    expect(f.fire(event, 'app://elb-desk/index.html#/x')).toBe(false);
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://elb-desk.evil/', 'data:text/html,x']) {
      expect(f.fire(event, url)).toBe(true);
      expect(f.fire(event, url, 'arg')).toBe(true);
    }
    expect(open).not.toHaveBeenCalled();
  });

  it('a clicked documentation link is blocked in-app and opened in the browser', () => {
    const f = fakeContents();
    const open = vi.fn();
    hardenWebContents(f.contents, open);
    expect(f.fire('will-navigate', 'https://support.huaweicloud.com/intl/en-us/elb/index.html')).toBe(true);
    expect(open).toHaveBeenCalledWith('https://support.huaweicloud.com/intl/en-us/elb/index.html');
  });

  it('window.open is always denied; only allow-listed https links reach openExternal', () => {
    const f = fakeContents();
    const open = vi.fn();
    hardenWebContents(f.contents, open);
    for (const url of ['https://console.huaweicloud.com/', 'https://evil.test/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://elb-desk/index.html', 'about:blank']) {
      expect(f.open(url)).toEqual({ action: 'deny' });
    }
    expect(open.mock.calls).toEqual([['https://console.huaweicloud.com/']]);
  });

  it('webviews are refused', () => {
    const f = fakeContents();
    hardenWebContents(f.contents, vi.fn());
    expect(f.fire('will-attach-webview', 'app://elb-desk/')).toBe(true);
  });
});

describe('openExternalIfAllowed', () => {
  it('swallows a failing openExternal', async () => {
    const log = vi.fn();
    expect(openExternalIfAllowed('https://support.huaweicloud.com/', () => Promise.reject(new Error('no browser')), { log })).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toHaveBeenCalledWith('warn', 'security', expect.any(String));
  });
});

describe('hardenSession', () => {
  it('denies every request, check and device query', () => {
    let request: Parameters<HardenableSession['setPermissionRequestHandler']>[0] = null;
    let check: Parameters<HardenableSession['setPermissionCheckHandler']>[0] = null;
    let device: Parameters<HardenableSession['setDevicePermissionHandler']>[0] = null;
    hardenSession({
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
      setDevicePermissionHandler: (h) => (device = h),
    });
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const cb = vi.fn();
      request!(null, permission, cb, { requestingUrl: 'app://elb-desk/index.html' });
      expect(cb).toHaveBeenCalledWith(false);
      expect(check!(null, permission, 'app://elb-desk')).toBe(false);
    }
    expect(device!({ deviceType: 'hid', origin: 'app://elb-desk' })).toBe(false);
  });
});
