import { describe, expect, it, vi } from 'vitest';
import { createQuitGuard } from './quit-guard';

function ev() {
  return { preventDefault: vi.fn() };
}

describe('createQuitGuard', () => {
  it('holds the first quit until dispose resolves, then quits once; the second before-quit passes', async () => {
    let release!: () => void;
    const dispose = vi.fn(() => new Promise<void>((r) => (release = r)));
    const quit = vi.fn();
    const guard = createQuitGuard({ dispose, quit });
    const e1 = ev();
    guard(e1);
    expect(e1.preventDefault).toHaveBeenCalled();
    expect(dispose).toHaveBeenCalledTimes(1);
    const e2 = ev();
    guard(e2); // a second Cmd+Q while flushing
    expect(e2.preventDefault).toHaveBeenCalled();
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(quit).not.toHaveBeenCalled();
    release();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    const e3 = ev();
    guard(e3); // the real quit
    expect(e3.preventDefault).not.toHaveBeenCalled();
  });

  it('quits even when dispose fails', async () => {
    const quit = vi.fn();
    const log = vi.fn();
    createQuitGuard({ dispose: () => Promise.reject(new Error('disk')), quit, logger: { log } })(ev());
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    expect(log).toHaveBeenCalledWith('error', 'shell', expect.stringMatching(/failed/));
  });

  it('quits after the deadline when dispose hangs', async () => {
    vi.useFakeTimers();
    try {
      const quit = vi.fn();
      createQuitGuard({ dispose: () => new Promise<void>(() => {}), quit, timeoutMs: 1000 })(ev());
      await vi.advanceTimersByTimeAsync(999);
      expect(quit).not.toHaveBeenCalled();
      await vi.advanceTimersByTimeAsync(2);
      expect(quit).toHaveBeenCalledTimes(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
