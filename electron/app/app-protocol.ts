/**
 * The `app://elb-desk/` protocol: serves the renderer build with the CSP header on every response, through the
 * traversal guard. Plain Node (`Response` is global in Node ≥ 18); main.ts passes the handler to `protocol.handle`.
 */
import { readFile as fsReadFile, realpath as fsRealpath } from 'node:fs/promises';
import { securityHeaders } from './security/csp';
import { APP_SCHEME } from './security/navigation';
import { isInsideRoot, resolveAppRequest } from './security/protocol-path';

/** The privileges the app scheme is registered with (before `ready`). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, bypassCSP: false, allowServiceWorkers: false, stream: false },
} as const;

/** A request as far as the handler cares. */
export interface ProtocolRequestLike {
  url: string;
  method: string;
}

/** Reads a file (injectable for tests). */
export type ReadFileFn = (filePath: string) => Promise<Uint8Array>;
/** Resolves symbolic links (injectable for tests). */
export type RealPathFn = (filePath: string) => Promise<string>;

function refuse(status: number): Response {
  return new Response(null, { status, headers: securityHeaders() });
}

/** Creates the `protocol.handle('app', …)` handler serving files under `rootDir`. */
export function createAppProtocolHandler(
  rootDir: string,
  readFile: ReadFileFn = fsReadFile,
  realPath: RealPathFn = fsRealpath,
): (req: ProtocolRequestLike) => Promise<Response> {
  return async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405);
    const resolved = resolveAppRequest(req.url, rootDir);
    if (!resolved.ok) return refuse(resolved.status);
    let body: Uint8Array;
    try {
      // Symbolic links are resolved before the containment check: a link that leads out of the root is refused.
      const [realRoot, realFile] = await Promise.all([realPath(rootDir), realPath(resolved.filePath)]);
      if (!isInsideRoot(realRoot, realFile)) return refuse(404);
      body = await readFile(realFile);
    } catch {
      return refuse(404);
    }
    const headers = { ...securityHeaders(), 'Content-Type': resolved.contentType, 'Cache-Control': 'no-cache' };
    return new Response(req.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
  };
}
