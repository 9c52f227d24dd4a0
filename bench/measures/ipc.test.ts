import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureIpc } from './ipc';

/** A server answering `{"ok":true}` to every POST; counts the calls and remembers the token headers seen. */
function okServer() {
  const seen = { calls: 0, tokens: new Set<string>() };
  const server = http.createServer((req, res) => {
    seen.calls++;
    const t = req.headers['x-elb-desk-token'];
    if (typeof t === 'string') seen.tokens.add(t);
    req.resume();
    req.on('end', () => res.end('{"ok":true}'));
  });
  return { server, seen, url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const app = okServer();
const bare = okServer();
beforeAll(async () => {
  await Promise.all([app, bare].map((s) => new Promise<void>((r) => s.server.listen(0, '127.0.0.1', r))));
});
afterAll(async () => {
  await Promise.all([app, bare].map((s) => new Promise((r) => s.server.close(r))));
});

describe('ipc measure', () => {
  it('alternates app and bare runs, and reports the per-pair ratios with their spread against the absolute target', async () => {
    const row = await measureIpc({ origin: app.url(), token: 'tok' }, bare.url(), { runs: 3, calls: 500 });
    // 1 warm-up + 3 runs on each side, 500 calls each; the token goes to the app only.
    expect(app.seen.calls).toBe(4 * 500);
    expect(bare.seen.calls).toBe(4 * 500);
    expect([...app.seen.tokens]).toEqual(['tok']);
    expect(bare.seen.tokens.size).toBe(0);
    expect(row).toMatchObject({ name: 'ipc', kind: 'absolute', target: 2, runs: 3, pass: row.value <= 2 });
    const spread = row.ratioSpread!;
    expect(spread).toMatchObject({ pairs: 3, margin: 0 });
    expect(spread.min).toBeLessThanOrEqual(row.ratio!);
    expect(row.ratio!).toBeLessThanOrEqual(spread.max);
    expect(row.note).toContain('median of 3 per-pair ratios');
  });
});
