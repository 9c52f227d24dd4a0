import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { externalUrlAllowed } from './security/external-links';
import { menuTemplate, type MenuOptions } from './menu';

function options(over: Partial<MenuOptions> = {}): MenuOptions {
  return { isDev: false, isMac: false, onNewDraft: vi.fn(), onImport: vi.fn(), onExport: vi.fn(), onAbout: vi.fn(), onCheckForUpdates: vi.fn(), openDocs: vi.fn(), ...over };
}

function items(menu: MenuItemConstructorOptions): MenuItemConstructorOptions[] {
  return Array.isArray(menu.submenu) ? menu.submenu : [];
}

function byLabel(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const m = template.find((x) => x.label?.replace('&', '') === label);
  if (!m) throw new Error(`no ${label} menu`);
  return m;
}

function roles(template: MenuItemConstructorOptions[]): string[] {
  const out: string[] = [];
  const walk = (list: MenuItemConstructorOptions[]): void => {
    for (const m of list) {
      if (m.role) out.push(m.role);
      if (Array.isArray(m.submenu)) walk(m.submenu);
    }
  };
  walk(template);
  return out;
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as unknown as () => void)();
}

describe('menuTemplate', () => {
  it('has File, Edit, View, Window, Help on Windows/Linux', () => {
    expect(menuTemplate(options()).map((m) => m.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
  });

  it('puts an app menu first on macOS', () => {
    const t = menuTemplate(options({ isMac: true }));
    expect(t[0]?.label).toBe('ELB Desk');
    expect(items(t[0]!).map((i) => i.role ?? i.type ?? i.label)).toContain('quit');
  });

  it('File: New listener draft (CmdOrCtrl+N), Import…, Export…, Quit — and each calls its handler', () => {
    const o = options();
    const file = items(byLabel(menuTemplate(o), 'File'));
    const newDraft = file.find((i) => i.id === 'new-draft');
    expect(newDraft?.accelerator).toBe('CmdOrCtrl+N');
    expect(newDraft?.label).toMatch(/New Listener Draft/i);
    expect(file.find((i) => i.id === 'import')?.label).toBe('Import…');
    expect(file.find((i) => i.id === 'export')?.label).toBe('Export…');
    expect(file.at(-1)?.role).toBe('quit');
    click(newDraft);
    click(file.find((i) => i.id === 'import'));
    click(file.find((i) => i.id === 'export'));
    expect(o.onNewDraft).toHaveBeenCalledTimes(1);
    expect(o.onImport).toHaveBeenCalledTimes(1);
    expect(o.onExport).toHaveBeenCalledTimes(1);
  });

  it('accelerators are unique', () => {
    const acc = menuTemplate(options({ isDev: true }))
      .flatMap(items)
      .map((i) => i.accelerator)
      .filter(Boolean);
    expect(new Set(acc).size).toBe(acc.length);
  });

  it('Edit uses roles only', () => {
    const edit = items(byLabel(menuTemplate(options()), 'Edit'));
    expect(edit.filter((i) => i.type !== 'separator').every((i) => i.role && !i.click)).toBe(true);
    expect(edit.map((i) => i.role).filter(Boolean)).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']);
  });

  it('View has reload and DevTools only in dev; zoom and full screen always', () => {
    const prod = roles([byLabel(menuTemplate(options()), 'View')]);
    const dev = roles([byLabel(menuTemplate(options({ isDev: true })), 'View')]);
    expect(prod).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(dev).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    for (const isMac of [true, false]) {
      const all = roles(menuTemplate(options({ isMac })));
      expect(all).not.toContain('toggleDevTools');
      expect(all).not.toContain('reload');
      expect(all).not.toContain('forceReload');
    }
  });

  it('Help opens an allow-listed documentation URL and About', () => {
    const o = options();
    const help = items(byLabel(menuTemplate(o), 'Help'));
    click(help.find((i) => i.id === 'docs'));
    expect(o.openDocs).toHaveBeenCalledTimes(1);
    const url = (o.openDocs as ReturnType<typeof vi.fn>).mock.calls[0]?.[0] as string;
    expect(externalUrlAllowed(url)).toBe(true);
    click(help.find((i) => i.id === 'about'));
    expect(o.onAbout).toHaveBeenCalledTimes(1);
  });

  it('Help → Check for Updates… runs the manual check, on every platform', () => {
    for (const isMac of [false, true]) {
      const o = options({ isMac });
      const item = items(byLabel(menuTemplate(o), 'Help')).find((i) => i.id === 'check-updates');
      expect(item?.label).toBe('Check for Updates…');
      click(item);
      expect(o.onCheckForUpdates).toHaveBeenCalledTimes(1);
    }
  });

  it('Window uses roles only', () => {
    expect(roles([byLabel(menuTemplate(options()), 'Window')])).toEqual(['minimize', 'close']);
    expect(roles([byLabel(menuTemplate(options({ isMac: true })), 'Window')])).toEqual(['minimize', 'zoom', 'front']);
  });
});
