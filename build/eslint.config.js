// ESLint flat config. Its main job: the dependency rule between the folders (architecture.md §2), which
// shared/import-rule.test.ts also checks by scanning import specifiers.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import svelteParser from 'svelte-eslint-parser';

const NODE_BUILTINS = [
  'fs', 'fs/promises', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'http2', 'tls', 'dns', 'url',
  'util', 'stream', 'events', 'worker_threads', 'zlib', 'buffer', 'process', 'readline', 'v8', 'vm', 'module',
];
const nodePatterns = ['node:*', ...NODE_BUILTINS];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      // `import { type X }` keeps a side-effect import under verbatimModuleSyntax (it pulled zod into the renderer).
      '@typescript-eslint/no-import-type-side-effects': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: "Property[key.name='rejectUnauthorized'][value.value=false]", message: 'TLS verification can never be switched off.' },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodePatterns, message: 'shared/ runs in the renderer too: no Node built-ins.' },
          { group: ['electron', 'electron/*'], message: 'shared/ never imports electron.' },
          { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports only shared/.' },
        ],
      }],
    },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/sandbox/**/*.ts', 'electron/dev-host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'The core, the sandbox and the browser-mode host never import electron.' },
          { group: ['**/renderer/**'], message: 'Main-process code never imports the renderer.' },
        ],
      }],
    },
  },
  {
    files: ['electron/sandbox/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: 'The sandbox never imports electron.' },
          { group: ['**/shared/**'], message: 'The sandbox is an independent implementation of the API: it must not import shared/.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: nodePatterns, message: 'The renderer never imports Node.' },
          { group: ['electron', 'electron/*'], message: 'The renderer talks to main only through lib/api.' },
          { group: ['**/electron/**'], message: 'The renderer imports only renderer/ and shared/.' },
        ],
      }],
    },
  },
  ...svelte.configs['flat/recommended'].map((c) => ({ ...c, files: ['renderer/**/*.svelte'] })),
  {
    files: ['renderer/**/*.svelte', 'renderer/**/*.svelte.ts'],
    languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'build/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
