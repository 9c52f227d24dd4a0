import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, MIN_SIZE, parseSavedWindowState, restoreBounds, type DisplayArea } from './window-bounds';

const primary: DisplayArea = { workArea: { x: 0, y: 0, width: 1920, height: 1040 } };
const right: DisplayArea = { workArea: { x: 1920, y: 0, width: 2560, height: 1400 } };
const small: DisplayArea = { workArea: { x: 0, y: 0, width: 1024, height: 700 } };

describe('restoreBounds', () => {
  it('opens at the default size, centred by the OS, when nothing was saved', () => {
    expect(restoreBounds(null, [primary])).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  it('keeps a saved position that is on a display', () => {
    expect(restoreBounds({ bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: false }, [primary])).toEqual({
      x: 100,
      y: 80,
      width: 1200,
      height: 800,
      maximized: false,
    });
  });

  it('keeps a window on the second display', () => {
    const r = restoreBounds({ bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: true }, [primary, right]);
    expect(r).toEqual({ x: 2100, y: 100, width: 1400, height: 900, maximized: true });
  });

  it('re-centres a window whose display is gone (unplugged monitor)', () => {
    const r = restoreBounds({ bounds: { x: 2100, y: 100, width: 1400, height: 900 }, maximized: false }, [primary]);
    expect(r.x).toBeUndefined();
    expect(r.y).toBeUndefined();
    expect(r.width).toBe(1400);
    expect(r.height).toBe(900);
  });

  it('re-centres a window whose title bar is above the top of the screen', () => {
    const r = restoreBounds({ bounds: { x: 100, y: -500, width: 1200, height: 800 }, maximized: false }, [primary]);
    expect(r.x).toBeUndefined();
  });

  it('pulls a window that sticks out back inside, and shrinks it to the display', () => {
    const r = restoreBounds({ bounds: { x: 1500, y: 600, width: 1200, height: 800 }, maximized: false }, [primary]);
    expect(r).toEqual({ x: 720, y: 240, width: 1200, height: 800, maximized: false });
    const big = restoreBounds({ bounds: { x: 0, y: 0, width: 3000, height: 2000 }, maximized: false }, [small]);
    expect(big).toEqual({ x: 0, y: 0, width: 1024, height: 700, maximized: false });
  });

  it('never goes under the minimum size when the display allows it', () => {
    const r = restoreBounds({ bounds: { x: 10, y: 10, width: 200, height: 100 }, maximized: false }, [primary]);
    expect(r.width).toBe(MIN_SIZE.width);
    expect(r.height).toBe(MIN_SIZE.height);
  });

  it('works with no display information at all', () => {
    expect(restoreBounds({ bounds: { x: 10, y: 10, width: 1000, height: 700 }, maximized: false }, [])).toEqual({ width: 1000, height: 700, maximized: false });
  });
});

describe('parseSavedWindowState', () => {
  it('accepts a valid state and rounds it', () => {
    expect(parseSavedWindowState({ bounds: { x: 1.4, y: 2.6, width: 1000, height: 700 }, maximized: true })).toEqual({
      bounds: { x: 1, y: 3, width: 1000, height: 700 },
      maximized: true,
    });
  });

  it.each([null, 1, 'x', [], {}, { bounds: null }, { bounds: { x: 0, y: 0, width: 'a', height: 1 } }, { bounds: { x: 0, y: 0, width: -1, height: 10 } }, { bounds: { x: Infinity, y: 0, width: 10, height: 10 } }, { bounds: { x: 0, y: 0, width: 1e9, height: 10 } }])(
    'rejects %j',
    (raw) => {
      expect(parseSavedWindowState(raw)).toBeNull();
    },
  );
});
