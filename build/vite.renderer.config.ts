import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type HtmlTagDescriptor, type Plugin } from 'vite';
import type { Rollup } from 'vite';

type OutputChunk = Rollup.OutputChunk;

/** The renderer's folder (this build config lives in build/, beside the other build files, not in the renderer). */
const here = fileURLToPath(new URL('../renderer/', import.meta.url));

/** The modules the entry (src/main.ts) imports dynamically for the first screen: the app shell and Svelte. */

/**
 * One wave of requests for the first screen: the entry loads the app shell and Svelte with `import()` (so its first
 * call to main goes out before they are loaded), which would request them, and their chunks and styles, only once the
 * entry has run. This adds `<link rel="modulepreload">` (and the stylesheets) for all of them to the page, so they load
 * in parallel with the entry. Vite's loader finds those stylesheets already linked and does not add them again.
 */
function firstScreenPreload(): Plugin {
  return {
    name: 'elb-desk-first-screen-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const entry = ctx.chunk;
        if (!ctx.bundle || !entry) return html;
        const chunks = new Map<string, OutputChunk>();
        for (const out of Object.values(ctx.bundle)) if (out.type === 'chunk') chunks.set(out.fileName, out);
        const queue = entry.dynamicImports.filter((f) => [chunks.get(f)?.facadeModuleId, ...(chunks.get(f)?.moduleIds ?? [])].includes(FIRST_SCREEN_FILE));
        const seen = new Set<string>();
        while (queue.length) {
          const file = queue.shift()!;
          if (seen.has(file) || file === entry.fileName) continue;
          seen.add(file);
          queue.push(...(chunks.get(file)?.imports ?? []));
        }
        const tags: HtmlTagDescriptor[] = [];
        const css = new Set<string>();
        for (const file of seen) {
          for (const c of chunks.get(file)?.viteMetadata?.importedCss ?? []) css.add(c);
          if (!html.includes(`/${file}"`)) tags.push({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${file}` }, injectTo: 'head' });
        }
        for (const file of css) if (!html.includes(`/${file}"`)) tags.push({ tag: 'link', attrs: { rel: 'stylesheet', crossorigin: true, href: `./${file}` }, injectTo: 'head' });
        return { html, tags };
      },
    },
  };
}

const ENTRY_FILE = fileURLToPath(new URL('../renderer/src/main.ts', import.meta.url));
/** What the entry imports dynamically for the first screen: Svelte's `mount` and the app shell. */
const FIRST_SCREEN_FILE = fileURLToPath(new URL('../renderer/src/first-screen.ts', import.meta.url));

type ModuleInfoOf = (id: string) => { importedIds: readonly string[] } | null;

/** Every module reached from `roots` through static imports. */
function staticClosure(roots: readonly string[], info: ModuleInfoOf): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(info(id)?.importedIds ?? []));
  }
  return seen;
}

/**
 * Modules that create an `Error` when they load (Svelte's runtime keeps one, `STALE_REACTION`). With a debugger
 * attached (DevTools, or Playwright driving the page) V8 records a detailed stack trace for every new Error, which
 * needs the source positions of the frame's function: for a module's top-level code, its whole chunk, parsed again on
 * the page's thread (4–11 ms for the 154 KB app chunk in a cold start). In the small boot chunk that costs well
 * under a millisecond, while the page still waits for the app chunk anyway.
 */
const ERRORS_AT_LOAD = ['/node_modules/svelte/src/internal/client/constants.js'];

/**
 * Fewer, larger first-screen chunks: everything the app shell and Svelte import statically (and the entry does not)
 * goes into one chunk, `app` — the browser opens at most six connections to the host, so fifteen small chunks came in
 * three rounds. The entry's own modules stay in the entry chunk (its first call goes out before `app` is loaded), with
 * the modules of ERRORS_AT_LOAD.
 */
function firstScreenChunks(): (id: string, ctx: { getModuleInfo: ModuleInfoOf }) => string | null {
  let entryOwn: Set<string> | null = null;
  let app: Set<string> | null = null;
  return (id, ctx) => {
    if (!entryOwn || !app) {
      const info: ModuleInfoOf = (m) => ctx.getModuleInfo(m);
      const own = staticClosure([ENTRY_FILE], info);
      app = new Set([...staticClosure([FIRST_SCREEN_FILE], info)].filter((m) => !own.has(m)));
      own.delete(ENTRY_FILE);
      entryOwn = own;
    }
    if (entryOwn.has(id) || (app.has(id) && ERRORS_AT_LOAD.some((m) => id.replaceAll('\\', '/').endsWith(m)))) return 'boot';
    return app.has(id) ? 'app' : null;
  };
}

/**
 * The first screen's chunks start with V8's explicit compile hint (`//# allFunctionsCalledOnLoad`, Chromium 136+):
 * their functions are compiled while the file streams in, on a background thread, instead of lazily on the page's
 * thread when the first render calls them (parsed twice: pre-parse, then full parse + compile). Other chunks are left
 * to V8's lazy default.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

function eagerFirstScreen(): Plugin {
  return {
    name: 'elb-desk-eager-first-screen',
    enforce: 'post',
    apply: 'build',
    // After Vite's own last edits of the chunks (its dependency maps go first in the file): the files as written.
    writeBundle(options, bundle) {
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk' || !(out.isEntry || out.name === 'app' || out.name === 'boot') || !options.dir) continue;
        writeFileSync(path.join(options.dir, out.fileName), `${COMPILE_HINT}\n${out.code}`);
      }
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  plugins: [svelte({ compilerOptions: { runes: true } }), firstScreenPreload(), eagerFirstScreen()],
  build: {
    outDir: fileURLToPath(new URL('../out/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // No inline <script>/<style> is emitted by Vite for a module entry; the CSP forbids inline script.
    modulePreload: { polyfill: false },
    rollupOptions: { output: { codeSplitting: { groups: [{ name: firstScreenChunks(), debugName: 'first-screen', includeDependenciesRecursively: false }] } } },
  },
});
