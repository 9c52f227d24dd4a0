import { describe, expect, it } from 'vitest';
import { isTrustedSender, senderOf } from './trusted-sender';

const TRUSTED = ['app://elb-desk'];

describe('senderOf', () => {
  it('reads the frame origin and whether it is the main frame', () => {
    const main = { origin: 'app://elb-desk' };
    const sub = { origin: 'app://elb-desk' };
    expect(senderOf({ senderFrame: main, sender: { mainFrame: main } })).toEqual({ origin: 'app://elb-desk', isMainFrame: true });
    expect(senderOf({ senderFrame: sub, sender: { mainFrame: main } })).toEqual({ origin: 'app://elb-desk', isMainFrame: false });
  });

  it('a destroyed frame is an empty, untrusted sender', () => {
    expect(senderOf({ senderFrame: null, sender: { mainFrame: {} } })).toEqual({ origin: '', isMainFrame: false });
  });

  it('a contents whose mainFrame getter throws is not a main frame', () => {
    const frame = { origin: 'app://elb-desk' };
    const sender = {
      get mainFrame(): unknown {
        throw new Error('destroyed');
      },
    };
    expect(senderOf({ senderFrame: frame, sender })).toEqual({ origin: 'app://elb-desk', isMainFrame: false });
  });
});

describe('isTrustedSender', () => {
  it('accepts only the main frame of a trusted origin', () => {
    expect(isTrustedSender({ origin: 'app://elb-desk', isMainFrame: true }, TRUSTED)).toBe(true);
    expect(isTrustedSender({ origin: 'app://elb-desk', isMainFrame: false }, TRUSTED)).toBe(false);
    expect(isTrustedSender({ origin: 'app://elb-desk.evil', isMainFrame: true }, TRUSTED)).toBe(false);
    expect(isTrustedSender({ origin: 'https://evil.test', isMainFrame: true }, TRUSTED)).toBe(false);
    expect(isTrustedSender({ origin: 'null', isMainFrame: true }, [...TRUSTED, 'null'])).toBe(false);
    expect(isTrustedSender({ origin: '', isMainFrame: true }, [...TRUSTED, ''])).toBe(false);
    expect(isTrustedSender({ origin: 'file://', isMainFrame: true }, TRUSTED)).toBe(false);
    expect(isTrustedSender({ origin: 'app://elb-desk', isMainFrame: true }, [])).toBe(false);
  });
});
