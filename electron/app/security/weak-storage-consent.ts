/**
 * The native dialog that asks for consent to weaker key storage (Linux without a keychain). Main shows it, so a call
 * from the window cannot grant the consent by itself. English or Simplified Chinese, by the system locale.
 */
import type { MessageBoxOptions } from 'electron';

/** The button that grants consent (index in `buttons`); every other answer, Escape included, refuses. */
export const ACCEPT_BUTTON = 1;

const TEXT = {
  en: {
    title: 'Weaker key storage',
    message: 'Store access keys with weaker protection?',
    detail:
      "No secure keychain (GNOME Keyring, KWallet) is available. If you accept, AK/SK are encrypted with Chromium's built-in key: anyone who can read your data folder can read them. Otherwise keys are kept in memory only and asked for again at each start.",
    buttons: ['Keep keys in memory only', 'Store with the weaker key'],
  },
  'zh-CN': {
    title: '较弱的密钥存储',
    message: '是否以较弱的保护方式保存访问密钥？',
    detail:
      '没有可用的安全密钥环（GNOME Keyring、KWallet）。如果接受，AK/SK 将使用 Chromium 内置密钥加密：任何能读取数据文件夹的人都能读取它们。否则密钥只保存在内存中，每次启动都需要重新输入。',
    buttons: ['仅在内存中保存密钥', '使用较弱的密钥保存'],
  },
} as const;

/** The message box options for a system locale such as `en-US` or `zh-CN`. */
export function weakStorageConsentOptions(locale: string): MessageBoxOptions {
  const text = /^zh\b/i.test(locale) ? TEXT['zh-CN'] : TEXT.en;
  return {
    type: 'warning',
    title: text.title,
    message: text.message,
    detail: text.detail,
    buttons: [...text.buttons],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}
