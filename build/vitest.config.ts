import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        root,
        test: {
          name: 'node',
          include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'build/**/*.test.ts', 'bench/**/*.test.ts', 'e2e/electron/**/*.test.ts', 'e2e/packaged/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        root,
        // Svelte runes in *.svelte.ts state classes need the compiler, and the browser build of svelte.
        plugins: [svelte({ compilerOptions: { runes: true } })],
        resolve: { conditions: ['browser'] },
        test: { name: 'renderer', include: ['renderer/src/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
      },
    ],
  },
});
