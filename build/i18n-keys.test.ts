/**
 * Every i18n key the renderer's shell, listings, accounts and drafts use exists in the English catalogue (static
 * keys, plural keys, and the subtree of a dynamic `t(`prefix.${x}`)`). It reads the renderer's sources, so it lives
 * here: renderer/ itself imports no Node built-in, tests included. The wizard has its own namespace and its own test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { en } from '../renderer/src/lib/i18n/en';
import { leafKeys, messageAt } from '../renderer/src/lib/i18n/messages';

const PLURAL = /_(zero|one|two|few|many|other)$/;
const enKeys = leafKeys(en);
const enKeySet = new Set(enKeys);
/**
 * Subtrees only the other languages have: `messages.<code>` says main's own messages, whose English is main's text
 * itself (shared/mapping/app-messages.ts; renderer/src/lib/error-text.test.ts checks the zh-CN list against it).
 */
const NOT_IN_ENGLISH = new Set(['messages']);


describe('every key used by the shell, listings, accounts and drafts exists in English', () => {
  const root = fileURLToPath(new URL('../renderer/src', import.meta.url));
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'wizard' && name !== 'node_modules') walk(path);
      } else if (/\.(svelte|ts)$/.test(name) && !name.endsWith('.test.ts')) {
        files.push(path);
      }
    }
  };
  walk(root);

  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it('resolves static keys and dynamic key prefixes', () => {
    const problems: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*(['`])([^'`]+)\1/g)) {
        const key = m[2]!;
        if (key.includes(':')) continue; // another namespace
        if (key.includes('${')) {
          const prefix = key.slice(0, key.indexOf('${')).replace(/\.$/, '');
          if (NOT_IN_ENGLISH.has(prefix)) continue;
          const node = messageAt(en, prefix);
          if (!node || typeof node === 'string') problems.push(`${file}: ${key} (no subtree ${prefix})`);
          continue;
        }
        const exists = enKeySet.has(key) || enKeys.some((k) => PLURAL.test(k) && k.replace(PLURAL, '') === key);
        if (!exists) problems.push(`${file}: ${key}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
