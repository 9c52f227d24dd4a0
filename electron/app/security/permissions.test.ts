import { describe, expect, it } from 'vitest';
import { ALLOWED_PERMISSIONS, permissionDecision } from './permissions';

describe('permissionDecision', () => {
  it('the allow-list is empty', () => {
    expect(ALLOWED_PERMISSIONS).toEqual([]);
  });

  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb', 'device:hid', 'midiSysex', 'pointerLock', 'unknown'])(
    'denies %s, even to the app origin',
    (permission) => {
      expect(permissionDecision({ permission, origin: 'app://elb-desk' })).toBe(false);
      expect(permissionDecision({ permission, origin: 'app://elb-desk/index.html' })).toBe(false);
      expect(permissionDecision({ permission })).toBe(false);
    },
  );

  it('an allow-listed permission is granted only to the app origin', () => {
    const allowed = ['clipboard-sanitized-write'];
    expect(permissionDecision({ permission: 'clipboard-sanitized-write', origin: 'app://elb-desk/index.html' }, allowed)).toBe(true);
    expect(permissionDecision({ permission: 'clipboard-sanitized-write', origin: 'https://evil.test' }, allowed)).toBe(false);
    expect(permissionDecision({ permission: 'clipboard-sanitized-write', origin: 'app://elb-desk.evil' }, allowed)).toBe(false);
    expect(permissionDecision({ permission: 'clipboard-sanitized-write' }, allowed)).toBe(false);
    expect(permissionDecision({ permission: 'media', origin: 'app://elb-desk' }, allowed)).toBe(false);
  });
});
