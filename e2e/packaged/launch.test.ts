import { describe, expect, it } from 'vitest';
import { devToolsEndpoint, smokeArgs } from './launch';

describe('packaged smoke launch', () => {
  it('finds the DevTools endpoint in Chromium output', () => {
    const out = '[123:ERROR:foo] noise\n\nDevTools listening on ws://127.0.0.1:40123/devtools/browser/0a1b-2c\nmore';
    expect(devToolsEndpoint(out)).toBe('ws://127.0.0.1:40123/devtools/browser/0a1b-2c');
    expect(devToolsEndpoint('nothing yet')).toBeNull();
  });

  it('starts with a remote-debugging port (the inspector fuse is off), and the basic key store on Linux', () => {
    expect(smokeArgs('linux')).toEqual(['--remote-debugging-port=0', '--password-store=basic']);
    expect(smokeArgs('win32')).toEqual(['--remote-debugging-port=0']);
  });
});
