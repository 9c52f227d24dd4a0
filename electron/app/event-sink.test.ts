import { describe, expect, it, vi } from 'vitest';
import { createWebContentsSink } from './event-sink';

describe('createWebContentsSink', () => {
  it("sends ('event', name, payload) to the live window", () => {
    const wc = { isDestroyed: () => false, send: vi.fn() };
    const sink = createWebContentsSink(() => wc);
    sink.emit('state:changed', { what: 'drafts' });
    expect(wc.send).toHaveBeenCalledWith('event', 'state:changed', { what: 'drafts' });
    expect(sink.sendShellEvent('menu:command', { command: 'import' })).toBe(true);
    expect(wc.send).toHaveBeenLastCalledWith('event', 'menu:command', { command: 'import' });
  });

  it('drops events when there is no window or it is destroyed, and never throws', () => {
    const destroyed = { isDestroyed: () => true, send: vi.fn() };
    expect(createWebContentsSink(() => destroyed).sendShellEvent('x', 1)).toBe(false);
    expect(destroyed.send).not.toHaveBeenCalled();
    expect(createWebContentsSink(() => null).sendShellEvent('x', 1)).toBe(false);
    const throwing = {
      isDestroyed: () => false,
      send: () => {
        throw new Error('Object has been destroyed');
      },
    };
    expect(() => createWebContentsSink(() => throwing).emit('state:changed', { what: 'store' })).not.toThrow();
  });
});
