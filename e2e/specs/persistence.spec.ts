import { expect, test } from '../fixtures/app';

/** Rounds of "kill -9 the host during rapid saves, restart, check". */
const ROUNDS = 3;

test.describe('persistence', () => {
  test(`kill -9 of the host during rapid draft saves loses no acknowledged save (${ROUNDS} rounds)`, async ({ app, host }) => {
    let totalAcked = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Save drafts as fast as the host acknowledges them, from the page, through the real IPC path.
      await app.evaluate((r) => {
        const w = window as unknown as { __acked: string[]; __stop: boolean };
        w.__acked = [];
        w.__stop = false;
        const token = sessionStorage.getItem('elb-desk-token') ?? '';
        void (async () => {
          for (let i = 0; !w.__stop; i++) {
            const title = `round-${r}-save-${i}`;
            try {
              const res = await fetch('./ipc/drafts:create', {
                method: 'POST',
                headers: { 'content-type': 'application/json', 'x-elb-desk-token': token },
                body: JSON.stringify({ title }),
              });
              const body = (await res.json()) as { ok: boolean };
              if (body.ok) w.__acked.push(title);
            } catch {
              return;
            }
          }
        })();
      }, round);
      await app.waitForFunction(() => (window as unknown as { __acked: string[] }).__acked.length >= 5, undefined, { timeout: 20_000 });
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 400));
      await host.kill();
      const acked = await app.evaluate(() => {
        const w = window as unknown as { __acked: string[]; __stop: boolean };
        w.__stop = true;
        return w.__acked;
      });
      totalAcked += acked.length;
      await host.start();
      await app.goto(host.url);
      const token = new URL(host.url).searchParams.get('token')!;
      const titles = await app.evaluate(async (token) => {
        const res = await fetch('./ipc/drafts:list', { method: 'POST', headers: { 'content-type': 'application/json', 'x-elb-desk-token': token }, body: '{}' });
        const body = (await res.json()) as { ok: boolean; value: Array<{ title: string }> };
        return body.value.map((d) => d.title);
      }, token);
      const missing = acked.filter((t) => !titles.includes(t));
      expect(missing, `round ${round}: ${acked.length} acknowledged saves`).toEqual([]);
    }
    console.log(`host kill -9 rounds: ${ROUNDS}; acknowledged saves checked: ${totalAcked}; lost: 0`);
  });
});
