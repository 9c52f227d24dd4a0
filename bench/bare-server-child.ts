/**
 * The baselines' server, in its own process: a bare node:http server on 127.0.0.1.
 * - `GET /static.html`: a small static page (the start baseline).
 * - anything else: reads the body and answers `{"ok":true}` (the IPC baseline).
 * Prints {"url"} and runs until SIGTERM.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The static page of the start baseline: a heading, a search box and a short table, like a tiny listing. */
export const STATIC_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Static</title>
<style>body{font:14px system-ui,sans-serif;margin:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3rem .6rem}</style>
</head><body><h1>Listeners</h1><label>Search <input type="search" id="q"></label>
<table id="list"><thead><tr><th>Name</th><th>Protocol</th><th>Port</th></tr></thead><tbody>
${Array.from({ length: 20 }, (_, i) => `<tr><th scope="row">listener-${i}</th><td>TCP</td><td>${20000 + i}</td></tr>`).join('')}
</tbody></table></body></html>`;

const page = Buffer.from(STATIC_PAGE, 'utf8');
const ok = Buffer.from('{"ok":true}', 'utf8');
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/static.html') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(page.length), 'cache-control': 'no-store' });
    res.end(page);
    return;
  }
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(ok.length) });
    res.end(ok);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
const stop = (): void => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
