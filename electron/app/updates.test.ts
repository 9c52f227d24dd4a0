/**
 * The update check against a mocked feed (a fake electron-updater): available / not available / error / offline /
 * consent refused → no download; install only after consent; automatic checks only when turned on.
 */
import { describe, expect, it, vi } from 'vitest';
import { createUpdateChecker, isOfflineError, type AskDialog, type UpdateCheckDeps, type UpdaterPort } from './updates';
import { updateLanguage, updateMessages } from './updates-messages';

/** A fake electron-updater reading a mocked feed: `feed` is the latest version, or an error the check throws. */
class FakeUpdater implements UpdaterPort {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  readonly downloads: string[] = [];
  readonly installs: Array<[boolean | undefined, boolean | undefined]> = [];
  readonly errorListeners: Array<(e: Error) => void> = [];
  constructor(
    public feed: string | Error | null,
    private readonly current = '0.1.0',
    private readonly downloadError: Error | null = null,
  ) {}
  async checkForUpdates() {
    if (this.feed instanceof Error) throw this.feed;
    if (this.feed === null) return null;
    // An AppUpdater with autoDownload on would start downloading here; with it off it only reads the feed.
    if (this.autoDownload) this.downloads.push(`auto:${this.feed}`);
    return { isUpdateAvailable: newer(this.feed, this.current), updateInfo: { version: this.feed } };
  }
  async downloadUpdate() {
    if (this.downloadError) throw this.downloadError;
    this.downloads.push(String(this.feed));
    return [`/tmp/elb-desk-${String(this.feed)}.AppImage`];
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
  }
  on(_event: 'error', l: (e: Error) => void) {
    this.errorListeners.push(l);
    return this;
  }
}

function newer(a: string, b: string): boolean {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) > (pb[i] ?? 0);
  return false;
}

/** Answers dialogs with the given button indexes in turn, recording what was asked. */
function answers(...choices: number[]) {
  const asked: Array<Parameters<AskDialog>[0]> = [];
  const ask: AskDialog = vi.fn(async (o) => {
    asked.push(o);
    return choices.shift() ?? o.cancelId;
  });
  return { ask, asked };
}

function setup(updater: FakeUpdater, choices: number[] = [], over: Partial<UpdateCheckDeps> = {}) {
  const { ask, asked } = answers(...choices);
  const log = vi.fn();
  const loadUpdater = vi.fn(async () => updater);
  const checker = createUpdateChecker({ loadUpdater, ask, currentVersion: '0.1.0', isPackaged: true, language: () => 'en', logger: { log }, ...over });
  return { checker, asked, log, loadUpdater };
}

const m = updateMessages('en');

describe('update check with a mocked feed', () => {
  it('update available, user chooses Download then Restart and Install: downloads once, installs', async () => {
    const u = new FakeUpdater('0.2.0');
    const { checker, asked } = setup(u, [0, 0]);
    await expect(checker.check({ manual: true })).resolves.toBe('install-now');
    expect(u.autoDownload).toBe(false);
    expect(asked[0]).toMatchObject({ message: 'ELB Desk 0.2.0 is available. You have 0.1.0. Download it now?', buttons: [m.download, m.notNow], cancelId: 1 });
    expect(asked[1]).toMatchObject({ message: 'ELB Desk 0.2.0 has been downloaded.', buttons: [m.restartNow, m.installOnQuit, m.notNow], cancelId: 2 });
    expect(u.downloads).toEqual(['0.2.0']);
    expect(u.installs).toEqual([[false, true]]);
  });

  it('consent refused (Not Now, or the dialog closed): no download, no install', async () => {
    const u = new FakeUpdater('0.2.0');
    const { checker, asked } = setup(u, [1]);
    await expect(checker.check({ manual: true })).resolves.toBe('declined');
    expect(asked).toHaveLength(1);
    expect(u.downloads).toEqual([]);
    expect(u.installs).toEqual([]);
    const closed = setup(new FakeUpdater('0.2.0'), []);
    await expect(closed.checker.check({ manual: false })).resolves.toBe('declined');
  });

  it('downloaded, then Install When I Quit: installs on quit only then; Not Now: never', async () => {
    const onQuit = new FakeUpdater('0.2.0');
    expect(await setup(onQuit, [0, 1]).checker.check({ manual: true })).toBe('install-on-quit');
    expect(onQuit.autoInstallOnAppQuit).toBe(true);
    expect(onQuit.installs).toEqual([]);
    const later = new FakeUpdater('0.2.0');
    expect(await setup(later, [0, 2]).checker.check({ manual: true })).toBe('downloaded-not-installed');
    expect(later.autoInstallOnAppQuit).toBe(false);
    expect(later.installs).toEqual([]);
  });

  it('no update: a manual check says so; an automatic one stays silent', async () => {
    const same = setup(new FakeUpdater('0.1.0'));
    await expect(same.checker.check({ manual: true })).resolves.toBe('up-to-date');
    expect(same.asked.map((a) => a.message)).toEqual(['You have the latest version of ELB Desk (0.1.0).']);
    const older = setup(new FakeUpdater('0.0.9'));
    await expect(older.checker.check({ manual: false })).resolves.toBe('up-to-date');
    expect(older.asked).toEqual([]);
  });

  it('offline: a manual check says the server could not be reached; an automatic one only logs', async () => {
    const err = Object.assign(new Error('getaddrinfo ENOTFOUND github.com'), { code: 'ENOTFOUND' });
    const manual = setup(new FakeUpdater(err));
    await expect(manual.checker.check({ manual: true })).resolves.toBe('offline');
    expect(manual.asked.map((a) => a.message)).toEqual([m.offline]);
    const auto = setup(new FakeUpdater(new Error('net::ERR_INTERNET_DISCONNECTED')));
    await expect(auto.checker.check({ manual: false })).resolves.toBe('offline');
    expect(auto.asked).toEqual([]);
    expect(auto.log).toHaveBeenCalledWith('warn', 'updates', expect.stringMatching(/could not reach the feed/));
  });

  it('a feed error: a manual check shows it; the download failing after consent is always reported', async () => {
    const bad = setup(new FakeUpdater(new Error('Cannot parse releases feed: HttpError 404')));
    await expect(bad.checker.check({ manual: true })).resolves.toBe('failed');
    expect(bad.asked[0]).toMatchObject({ message: m.failed, detail: 'Cannot parse releases feed: HttpError 404', type: 'warning' });
    const dl = new FakeUpdater('0.2.0', '0.1.0', new Error('sha512 checksum mismatch'));
    const s = setup(dl, [0]);
    await expect(s.checker.check({ manual: false })).resolves.toBe('failed');
    expect(s.asked.map((a) => a.message)).toEqual(['ELB Desk 0.2.0 is available. You have 0.1.0. Download it now?', m.failed]);
    expect(dl.installs).toEqual([]);
  });

  it('the updater cannot load or has no feed (a development build): says so, and never throws', async () => {
    const noLoad = setup(new FakeUpdater('0.2.0'), [], { loadUpdater: async () => Promise.reject(new Error('Cannot find module electron-updater')) });
    await expect(noLoad.checker.check({ manual: true })).resolves.toBe('failed');
    const inactive = setup(new FakeUpdater(null));
    await expect(inactive.checker.check({ manual: true })).resolves.toBe('not-packaged');
    expect(inactive.asked.map((a) => a.message)).toEqual([m.notPackaged]);
  });

  it('not packaged: never loads electron-updater', async () => {
    const s = setup(new FakeUpdater('0.2.0'), [], { isPackaged: false });
    await expect(s.checker.check({ manual: true })).resolves.toBe('not-packaged');
    expect(s.loadUpdater).not.toHaveBeenCalled();
  });

  it('one check at a time; the updater is loaded once and its error events are handled', async () => {
    const u = new FakeUpdater('0.1.0');
    const s = setup(u);
    const [a, b] = await Promise.all([s.checker.check({ manual: false }), s.checker.check({ manual: false })]);
    expect([a, b]).toEqual(['up-to-date', 'busy']);
    await s.checker.check({ manual: false });
    expect(s.loadUpdater).toHaveBeenCalledTimes(1);
    expect(u.errorListeners).toHaveLength(1);
    u.errorListeners[0]!(new Error('late failure'));
    expect(s.log).toHaveBeenCalledWith('warn', 'updates', 'updater error: late failure');
  });
});

describe('automatic checks', () => {
  it('off (the default): nothing is scheduled and electron-updater is never loaded', () => {
    const schedule = vi.fn();
    const s = setup(new FakeUpdater('0.2.0'), [], { schedule });
    expect(s.checker.scheduleAutomaticCheck(false)).toBe(false);
    expect(schedule).not.toHaveBeenCalled();
    expect(s.loadUpdater).not.toHaveBeenCalled();
  });

  it('on: one silent check after the delay, which still asks before downloading', async () => {
    let run: (() => void) | null = null;
    const schedule = vi.fn((fn: () => void) => (run = fn));
    const u = new FakeUpdater('0.2.0');
    const s = setup(u, [1], { schedule });
    expect(s.checker.scheduleAutomaticCheck(true, 5000)).toBe(true);
    expect(schedule).toHaveBeenCalledWith(expect.any(Function), 5000);
    run!();
    await vi.waitFor(() => expect(s.asked).toHaveLength(1));
    expect(u.downloads).toEqual([]);
  });

  it('on, but not packaged: nothing is scheduled', () => {
    const schedule = vi.fn();
    expect(setup(new FakeUpdater('0.2.0'), [], { schedule, isPackaged: false }).checker.scheduleAutomaticCheck(true)).toBe(false);
    expect(schedule).not.toHaveBeenCalled();
  });
});

describe('helpers', () => {
  it('isOfflineError tells network failures from others', () => {
    expect(isOfflineError(Object.assign(new Error('x'), { code: 'EAI_AGAIN' }))).toBe(true);
    expect(isOfflineError(new Error('net::ERR_PROXY_CONNECTION_FAILED'))).toBe(true);
    expect(isOfflineError(new Error('connect ECONNREFUSED 127.0.0.1:443'))).toBe(true);
    expect(isOfflineError(new Error('HttpError: 404 Not Found'))).toBe(false);
  });

  it('dialogs follow the language setting, else the OS locale, in English and 简体中文', async () => {
    expect(updateLanguage('zh-CN', 'en-US')).toBe('zh-CN');
    expect(updateLanguage(null, 'zh-TW')).toBe('zh-CN');
    expect(updateLanguage(undefined, 'de-DE')).toBe('en');
    const s = setup(new FakeUpdater('0.1.0'), [], { language: () => 'zh-CN' });
    await s.checker.check({ manual: true });
    expect(s.asked[0]).toMatchObject({ title: '检查更新', message: 'ELB Desk 已是最新版本（0.1.0）。', buttons: ['确定'] });
    const keys = (l: 'en' | 'zh-CN') => Object.keys(updateMessages(l)).sort();
    expect(keys('zh-CN')).toEqual(keys('en'));
  });
});
