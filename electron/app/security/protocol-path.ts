/**
 * The `app://elb-desk/…` path guard (checklist item 18): maps a request URL to a file under the renderer build
 * folder, or refuses it. Refused: other schemes, hosts, ports or user info; `..` and `.` segments in any spelling
 * (raw, `%2e`), double encoding (`%25`), encoded separators (`%2f`, `%5c`), backslashes, NUL, drive letters, empty segments (`//abs`), and any
 * result that would resolve outside the root.
 */
import path from 'node:path';
import { APP_ORIGIN, isSameAppOrigin, parseUrl } from './navigation';

/** A resolved file, or the HTTP status to answer with. */
export type AppPathResolution = { ok: true; filePath: string; contentType: string } | { ok: false; status: 400 | 403 | 404 };

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The content type served for a file name. */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

// Raw-URL red flags, before any parsing or normalisation can hide them.
const RAW_REFUSED = [/\.\./, /(^|\/)\.(\/|$)/, /%2e/i, /%25/, /%2f/i, /%5c/i, /%00/, /\\/, /[\u0000-\u001f\u007f]/];

/** True when `filePath` is strictly inside `root` (both already resolved, symbolic links included). */
export function isInsideRoot(root: string, filePath: string): boolean {
  const r = path.resolve(root);
  return path.resolve(filePath).startsWith(r + path.sep);
}

/** Maps an app-protocol request URL to a file under `rootDir`, or the status to refuse it with. */
export function resolveAppRequest(rawUrl: string, rootDir: string, appOrigin: string = APP_ORIGIN): AppPathResolution {
  if (typeof rawUrl !== 'string' || rawUrl.length > 4096) return { ok: false, status: 400 };
  const url = parseUrl(rawUrl);
  if (!url || !isSameAppOrigin(url, appOrigin)) return { ok: false, status: 403 };
  // Only the path matters; query and fragment are ignored, but a refused token anywhere in the path is fatal.
  const rawPath = rawUrl.replace(/^[^:]*:\/\/[^/?#]*/, '').split(/[?#]/)[0] ?? '';
  if (RAW_REFUSED.some((re) => re.test(rawPath))) return { ok: false, status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  if (decoded === '' || decoded === '/') decoded = '/index.html';
  if (!decoded.startsWith('/')) return { ok: false, status: 400 };
  const segments = decoded.slice(1).split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') return { ok: false, status: 400 };
    if (/[\\\0:%]/.test(segment)) return { ok: false, status: 400 };
  }
  const root = path.resolve(rootDir);
  const filePath = path.resolve(root, ...segments);
  if (!filePath.startsWith(root + path.sep)) return { ok: false, status: 403 };
  return { ok: true, filePath, contentType: contentTypeFor(filePath) };
}
