/**
 * The host's side of the first paint (shared/ipc/first-paint.ts): the renderer's server build (out/ssr, built from
 * renderer/src/first-paint/render.ts) loaded beside the renderer's folder, the page script tag the page of the printed
 * URL gets, and the answer to `GET /first-paint`. The route's ticket and the `app:boot` call are the server's
 * (server.ts); a page without the script, a missing server build or a failed render only mean the app mounts as usual.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FIRST_PAINT_SCRIPT, type FirstPaintParams } from '../../shared/ipc/first-paint';

/** Renders the app's root for a page from its `app:boot` answer: HTML, or null for nothing to paint. */
export type FirstPaintRenderer = (params: FirstPaintParams, answer: unknown) => Promise<string | null>;

/** Both halves of the first paint, as built. */
export interface FirstPaint {
  render: FirstPaintRenderer;
  /** The page script's text, inlined into the page (no request of its own to queue behind the app's). */
  script: string;
  /** Its CSP hash source (`'sha256-…'`): the page's policy allows this one inline script and no other. */
  scriptHash: string;
}

/** The server build's file, beside the renderer's folder. */
export function firstPaintModulePath(rendererDir: string): string {
  return path.join(rendererDir, '..', 'ssr', 'first-paint.js');
}

/**
 * The first paint when both halves were built (the server build and the page script), else null (the host then
 * serves the page without one).
 */
export async function loadFirstPaint(rendererDir: string): Promise<FirstPaint | null> {
  const file = firstPaintModulePath(rendererDir);
  const scriptFile = path.join(rendererDir, FIRST_PAINT_SCRIPT);
  if (!existsSync(file) || !existsSync(scriptFile)) return null;
  const script = (await readFile(scriptFile, 'utf8')).trim();
  // Inline, a "</script" would end the element early; the build never writes one.
  if (/<\/script/i.test(script)) throw new Error(`${FIRST_PAINT_SCRIPT} contains "</script"`);
  const mod = (await import(pathToFileURL(file).href)) as { renderFirstPaint?: FirstPaintRenderer };
  if (typeof mod.renderFirstPaint !== 'function') return null;
  return { render: mod.renderFirstPaint, script, scriptHash: `'sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}'` };
}

/** A CSP with the first paint's script allowed by its hash (its `script-src 'self'` extended). */
export function cspWithFirstPaint(csp: string, scriptHash: string): string {
  return csp.replace("script-src 'self'", `script-src 'self' ${scriptHash}`);
}

/**
 * The page with the first-paint script inlined before the head's first link or script — it runs as soon as the parser
 * gets there, and the host renders while the stylesheets and the app's code load — with its single-use ticket
 * (base64url: nothing in it needs escaping), and the page's own CSP (its meta element) allowing it by hash.
 */
export function withFirstPaintScript(html: string, paint: Pick<FirstPaint, 'script' | 'scriptHash'>, ticket: string): string {
  const at = html.search(/<(link|script)\b/i);
  if (at < 0) return html;
  const head = html.slice(0, at).replace(/(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)"/i, (_m, open: string, csp: string) => `${open}${cspWithFirstPaint(csp, paint.scriptHash)}"`);
  return `${head}<script data-ticket="${encodeURIComponent(ticket)}">${paint.script}</script>\n${html.slice(at)}`;
}
