import { describe, expect, it } from 'vitest';
import { isDevMode, webPreferencesFor } from './web-preferences';

describe('webPreferencesFor', () => {
  it('is hardened in production (snapshot of every flag)', () => {
    expect(webPreferencesFor('/app/out/preload/preload.cjs', false)).toEqual({
      preload: '/app/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      devTools: false,
      spellcheck: false,
      safeDialogs: true,
    });
  });

  it('only toggles DevTools in dev; the security flags do not move', () => {
    const prod = webPreferencesFor('p', false);
    const dev = webPreferencesFor('p', true);
    expect(dev.devTools).toBe(true);
    expect({ ...dev, devTools: false }).toEqual(prod);
  });

  it('never enables blink features or additional arguments', () => {
    const prefs = webPreferencesFor('p', true) as Record<string, unknown>;
    for (const key of ['enableBlinkFeatures', 'additionalArguments', 'disableBlinkFeatures', 'partition', 'javascript']) {
      expect(prefs[key]).toBeUndefined();
    }
  });
});

describe('isDevMode', () => {
  it('needs an unpacked app and an explicit opt-in', () => {
    expect(isDevMode(false, { ELB_DESK_DEV: '1' })).toBe(true);
    expect(isDevMode(true, { ELB_DESK_DEV: '1' })).toBe(false);
    expect(isDevMode(false, {})).toBe(false);
    expect(isDevMode(false, { ELB_DESK_DEV: 'true' })).toBe(false);
  });
});
