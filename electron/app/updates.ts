/**
 * The opt-in update check (electron-updater, injected so tests use a mocked feed). Rules:
 * - never automatic unless the user turned it on (setting `autoUpdateCheck`, off by default: air-gapped users);
 * - Help → Check for Updates… always works (a manual check), and reports every outcome in a dialog;
 * - an automatic check is silent unless an update exists, and then only asks;
 * - nothing is downloaded before the user chooses Download (`autoDownload = false`), and nothing is installed before
 *   the user chooses Restart and Install or Install When I Quit (`autoInstallOnAppQuit` stays false otherwise);
 * - electron-updater is loaded on the first check only, so a user who never checks never loads it.
 */
import type { Logger } from '../core/ports';
import { updateMessages, type UpdateLanguage } from './updates-messages';

/** What the update check needs of electron-updater's `autoUpdater` (an AppUpdater). */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A native message box; resolves with the index of the button chosen (Escape/close → cancelId). */
export type AskDialog = (o: {
  type: 'info' | 'question' | 'warning' | 'error';
  title: string;
  message: string;
  detail?: string;
  buttons: string[];
  defaultId: number;
  cancelId: number;
}) => Promise<number>;

/** What the update check is given. */
export interface UpdateCheckDeps {
  loadUpdater: () => Promise<UpdaterPort>;
  ask: AskDialog;
  currentVersion: string;
  /** Update checks run only in the packaged app (electron-updater needs its app-update.yml). */
  isPackaged: boolean;
  language: () => UpdateLanguage;
  logger: Logger;
  /** For the delayed automatic check; defaults to setTimeout. */
  schedule?: (fn: () => void, ms: number) => void;
}

/** How a check ended. */
export type UpdateOutcome =
  | 'not-packaged'
  | 'busy'
  | 'up-to-date'
  | 'declined'
  | 'install-now'
  | 'install-on-quit'
  | 'downloaded-not-installed'
  | 'offline'
  | 'failed';

const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);

/** True when an updater error means the feed could not be reached (no network, DNS, proxy, timeout). Pure. */
export function isOfflineError(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  const message = e instanceof Error ? e.message : String(e);
  return (
    OFFLINE_CODES.has(code) ||
    /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|ENETDOWN)\b/.test(message) ||
    /net::ERR_(INTERNET_DISCONNECTED|NAME_NOT_RESOLVED|NAME_RESOLUTION_FAILED|NETWORK_CHANGED|NETWORK_ACCESS_DENIED|CONNECTION_\w+|ADDRESS_UNREACHABLE|PROXY_\w+|TIMED_OUT|TUNNEL_CONNECTION_FAILED)/.test(message)
  );
}

/** The update check of one app. */
export interface UpdateChecker {
  /** Runs a check; `manual` checks report every outcome, automatic ones only an available update. */
  check(o: { manual: boolean }): Promise<UpdateOutcome>;
  /** At start: one automatic check after `delayMs`, only when the user turned automatic checks on. */
  scheduleAutomaticCheck(enabled: boolean, delayMs?: number): boolean;
}

/** Creates the update check. */
export function createUpdateChecker(deps: UpdateCheckDeps): UpdateChecker {
  let running = false;
  let updater: UpdaterPort | null = null;
  const schedule = deps.schedule ?? ((fn: () => void, ms: number) => void setTimeout(fn, ms));

  async function getUpdater(): Promise<UpdaterPort> {
    if (updater) return updater;
    const u = await deps.loadUpdater();
    // Consent first: no download without Download, no install without Restart/Install When I Quit.
    u.autoDownload = false;
    u.autoInstallOnAppQuit = false;
    // electron-updater also emits failures as 'error' events; without a listener they would throw.
    u.on('error', (e) => deps.logger.log('warn', 'updates', `updater error: ${e.message}`));
    updater = u;
    return u;
  }

  async function tell(message: string, type: 'info' | 'warning' | 'error' = 'info', detail?: string): Promise<void> {
    const m = updateMessages(deps.language());
    await deps.ask({ type, title: m.title, message, ...(detail ? { detail } : {}), buttons: [m.ok], defaultId: 0, cancelId: 0 });
  }

  async function failure(e: unknown, report: boolean): Promise<UpdateOutcome> {
    const m = updateMessages(deps.language());
    const offline = isOfflineError(e);
    deps.logger.log('warn', 'updates', `update check ${offline ? 'could not reach the feed' : 'failed'}: ${e instanceof Error ? e.message : String(e)}`);
    if (report) await tell(offline ? m.offline : m.failed, 'warning', offline ? undefined : e instanceof Error ? e.message : String(e));
    return offline ? 'offline' : 'failed';
  }

  async function run(manual: boolean): Promise<UpdateOutcome> {
    const m = updateMessages(deps.language());
    if (!deps.isPackaged) {
      if (manual) await tell(m.notPackaged);
      return 'not-packaged';
    }
    let u: UpdaterPort;
    let result: Awaited<ReturnType<UpdaterPort['checkForUpdates']>>;
    try {
      u = await getUpdater();
      result = await u.checkForUpdates();
    } catch (e) {
      return failure(e, manual);
    }
    if (!result) {
      if (manual) await tell(m.notPackaged);
      return 'not-packaged';
    }
    const next = result.updateInfo.version;
    if (!result.isUpdateAvailable) {
      deps.logger.log('info', 'updates', `up to date (${deps.currentVersion}; feed has ${next})`);
      if (manual) await tell(m.upToDate(deps.currentVersion));
      return 'up-to-date';
    }
    deps.logger.log('info', 'updates', `version ${next} is available (running ${deps.currentVersion})`);
    const choice = await deps.ask({
      type: 'question',
      title: m.title,
      message: m.available(next, deps.currentVersion),
      detail: m.availableDetail,
      buttons: [m.download, m.notNow],
      defaultId: 0,
      cancelId: 1,
    });
    if (choice !== 0) return 'declined';
    try {
      await u.downloadUpdate();
    } catch (e) {
      // The user asked for this download: always say why it failed.
      return failure(e, true);
    }
    const install = await deps.ask({
      type: 'question',
      title: m.title,
      message: m.downloaded(next),
      detail: m.downloadedDetail,
      buttons: [m.restartNow, m.installOnQuit, m.notNow],
      defaultId: 0,
      cancelId: 2,
    });
    if (install === 0) {
      u.quitAndInstall(false, true);
      return 'install-now';
    }
    if (install === 1) {
      u.autoInstallOnAppQuit = true;
      return 'install-on-quit';
    }
    return 'downloaded-not-installed';
  }

  return {
    async check({ manual }) {
      if (running) return 'busy';
      running = true;
      try {
        return await run(manual);
      } finally {
        running = false;
      }
    },
    scheduleAutomaticCheck(enabled, delayMs = 10_000) {
      if (!enabled || !deps.isPackaged) return false;
      schedule(() => void this.check({ manual: false }), delayMs);
      return true;
    },
  };
}
