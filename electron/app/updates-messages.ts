/**
 * The update check's native dialog texts, in English and 简体中文 (the renderer's i18n catalogues do not reach
 * native dialogs). The language is the app's setting, else the OS locale.
 */

/** The languages of the dialogs. */
export type UpdateLanguage = 'en' | 'zh-CN';

/** Every text of the update dialogs. */
export interface UpdateMessages {
  title: string;
  notPackaged: string;
  upToDate: (current: string) => string;
  available: (next: string, current: string) => string;
  availableDetail: string;
  download: string;
  notNow: string;
  downloaded: (next: string) => string;
  downloadedDetail: string;
  restartNow: string;
  installOnQuit: string;
  offline: string;
  failed: string;
  ok: string;
}

const en: UpdateMessages = {
  title: 'Check for Updates',
  notPackaged: 'Update checks work only in the installed app, not in a development build.',
  upToDate: (current) => `You have the latest version of ELB Desk (${current}).`,
  available: (next, current) => `ELB Desk ${next} is available. You have ${current}. Download it now?`,
  availableDetail: 'Nothing is downloaded unless you choose Download.',
  download: 'Download',
  notNow: 'Not Now',
  downloaded: (next) => `ELB Desk ${next} has been downloaded.`,
  downloadedDetail: 'Restart now to install it, or it is installed when you quit ELB Desk.',
  restartNow: 'Restart and Install',
  installOnQuit: 'Install When I Quit',
  offline: 'ELB Desk could not reach the update server. Check your network connection or proxy and try again.',
  failed: 'The update check failed.',
  ok: 'OK',
};

const zhCN: UpdateMessages = {
  title: '检查更新',
  notPackaged: '只有安装版才能检查更新，开发构建不支持。',
  upToDate: (current) => `ELB Desk 已是最新版本（${current}）。`,
  available: (next, current) => `ELB Desk ${next} 已发布，当前版本为 ${current}。现在下载吗？`,
  availableDetail: '除非您选择“下载”，否则不会下载任何内容。',
  download: '下载',
  notNow: '暂不',
  downloaded: (next) => `ELB Desk ${next} 已下载。`,
  downloadedDetail: '立即重启以安装，或在退出 ELB Desk 时安装。',
  restartNow: '重启并安装',
  installOnQuit: '退出时安装',
  offline: 'ELB Desk 无法连接更新服务器。请检查网络连接或代理后重试。',
  failed: '检查更新失败。',
  ok: '确定',
};

/** The dialog texts for a language. */
export function updateMessages(language: UpdateLanguage): UpdateMessages {
  return language === 'zh-CN' ? zhCN : en;
}

/** The app's language setting if any, else the OS locale (zh* → 简体中文). */
export function updateLanguage(setting: string | null | undefined, osLocale: string): UpdateLanguage {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  return /^zh\b/i.test(osLocale) ? 'zh-CN' : 'en';
}
