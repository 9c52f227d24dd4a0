import { test } from '../fixtures/app';
import { AppShell } from '../pages/app-shell';
test.use({ sandboxOptions: { port: 0, pendingMs: 0, listeners: 10000 } });
test('debug sync timing', async ({ app, host }) => {
  const shell = new AppShell(app);
  await shell.open(host.url);
  const t0 = Date.now();
  const log: string[] = [];
  app.on('request', (r) => { if (r.url().includes('/ipc/')) log.push(`${Date.now() - t0} start ${r.url().split('/ipc/')[1]}`); });
  app.on('requestfinished', async (r) => { if (r.url().includes('/ipc/')) { const s = await r.sizes(); const tm = r.timing(); log.push(`${Date.now() - t0} done ${r.url().split('/ipc/')[1]} resp=${s.responseBodySize} ttfb=${tm.responseStart.toFixed(0)} end=${tm.responseEnd.toFixed(0)}`); } });
  await shell.sync();
  log.push(`${Date.now() - t0} Last synced visible`);
  console.log(log.join('\n'));
});
