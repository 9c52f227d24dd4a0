/**
 * The host's renderer of first paints (renderer/src/first-paint/render.ts), built for Node with Svelte's server
 * output into out/ssr. Self-contained (Svelte bundled), so the browser-mode host, itself a bundle in the bench and in
 * packages, can load it from beside the renderer's folder.
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('../renderer/', import.meta.url)),
  plugins: [svelte({ compilerOptions: { runes: true } })],
  ssr: { noExternal: true, target: 'node' },
  build: {
    ssr: fileURLToPath(new URL('../renderer/src/first-paint/render.ts', import.meta.url)),
    outDir: fileURLToPath(new URL('../out/ssr', import.meta.url)),
    emptyOutDir: true,
    target: 'node20',
    sourcemap: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'first-paint.js' } },
  },
});
