/**
 * Add TCP Listener wizard when things go wrong: the cloud is away (draft from the cache, host restarted, submit when
 * it is back), the host is killed while a create is in flight (resumed without a duplicate), and the API refuses
 * the listener (HTTP status, error_code and request ID shown; retry and roll back).
 */
import type { Locator } from '@playwright/test';
import type { SandboxHandle } from '../../electron/sandbox';
import { expect, test } from '../fixtures/app';
import { lbNamed, listenersOf, membersOf, poolNamed, poolsNamed, requestsTo, restartableTest, startWizard, syncNow } from '../fixtures/wizard';
import { AppShell } from '../pages/app-shell';
import type { WizardPage } from '../pages/wizard-page';

const LB = 'tcp-gateway';
/** The generated title of a draft on LB with this port and name (issue 10 §5). */
const draftTitle = (port: number, name: string): string => `TCP ${port} · ${name} · ${LB}`;

/** The term → definition pairs of a definition list inside `scope`. */
async function facts(scope: Locator): Promise<Record<string, string>> {
  const terms = await scope.getByRole('term').allInnerTexts();
  const defs = await scope.getByRole('definition').allInnerTexts();
  return Object.fromEntries(terms.map((t, i) => [t.trim(), (defs[i] ?? '').trim()]));
}

/** Descriptions at the API's 255-character limit (no room for anything but what the user typed). */
const LONG_LISTENER_DESC = `${'l'.repeat(249)} 监听器描述`;
const LONG_GROUP_DESC = `${'g'.repeat(251)} 后端组`;

/** Step 2 with a new group of one known server (default TCP health check), then on to Confirm (live preflight). */
async function newGroupToConfirm(wizard: WizardPage, poolName: string, description?: string): Promise<void> {
  await wizard.next();
  await wizard.expectStep('routing');
  await wizard.createNewGroup({ name: poolName, ...(description !== undefined ? { description } : {}) });
  await wizard.addKnownServer('db-primary (192.168.2.10)');
  await wizard.next();
  await wizard.expectStep('confirm');
  await expect(wizard.preflight).toContainText('Checked against the live state');
}

function listenersNamed(sandbox: SandboxHandle, name: string) {
  return listenersOf(sandbox, LB).filter((l) => l.name === name);
}

restartableTest(
  'offline: a draft made from the cache survives a host restart and is submitted when the cloud is back',
  async ({ app, host, cloud }, testInfo) => {
    const port = 4600;
    const name = 'e2e-offline';
    const shell = await syncNow(app);
    const bastionId = poolNamed(cloud.current, 'bastion').id;
    await cloud.stop();

    // The wizard works from the cached inventory: target, port clash, groups.
    const lbs = await shell.openLoadBalancers();
    const wizard = await lbs.addTcpListener(LB);
    await wizard.expectStep('listener');
    await wizard.fillListener({ port: 3306 });
    await wizard.expectFieldError('Listening Port', 'is already used by the TCP listener "mysql"');
    await wizard.fillListener({ port, name, idleTimeout: 120 });
    await wizard.expectNoFieldError('Listening Port');
    await wizard.next();
    await wizard.expectStep('routing');
    await wizard.chooseExistingGroup('bastion');
    await wizard.saveDraft();
    await wizard.screenshotStep(testInfo, 'offline-step-2-saved');

    // Restart the host (same data folder) and reload.
    await host.stop();
    await host.start();
    await app.goto(host.url);
    const drafts = await new AppShell(app).openDrafts();
    const resumed = await drafts.open(draftTitle(port, name));
    await resumed.expectStep('routing');
    await expect(app.getByLabel('Existing backend server group', { exact: true })).toHaveValue(bastionId);
    await resumed.previous();
    await resumed.expectStep('listener');
    await expect(app.getByLabel('Listening Port', { exact: true })).toHaveValue(String(port));
    await expect(app.getByLabel('Name (Optional)', { exact: true })).toHaveValue(name);
    await expect(app.getByLabel('Idle Timeout (s)')).toHaveValue('120');

    // Still offline: Confirm checks against the cache.
    await resumed.next();
    await resumed.next();
    await resumed.expectStep('confirm');
    await expect(resumed.preflight).toContainText('offline — checked against cached data', { timeout: 30_000 });
    await resumed.screenshotStep(testInfo, 'offline-step-3-confirm');

    // The cloud comes back (same port, same state): check again and submit.
    const sandbox = await cloud.start();
    expect(listenersOf(sandbox, LB).some((l) => l.protocol_port === port)).toBe(false);
    await resumed.preflight.getByRole('button', { name: 'Check again' }).click();
    await expect(resumed.preflight).toContainText('Checked against the live state', { timeout: 30_000 });
    expect(await resumed.submit()).toBe('created');
    const created = listenersOf(sandbox, LB).filter((l) => l.protocol_port === port);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ name, default_pool_id: bastionId, keepalive_timeout: 120 });
  },
);

test.describe('wizard: submit failures', () => {
  test('a submit interrupted by a killed host resumes without a duplicate', async ({ app, host, sandbox }) => {
    const port = 4700;
    const name = 'e2e-interrupted';
    const poolName = 'e2e-interrupted-pool';
    expect(LONG_LISTENER_DESC).toHaveLength(255);
    expect(LONG_GROUP_DESC).toHaveLength(255);
    const wizard = await startWizard(app, LB);
    await wizard.fillListener({ port, name, description: LONG_LISTENER_DESC });
    await newGroupToConfirm(wizard, poolName, LONG_GROUP_DESC);

    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, times: 1, fault: { kind: 'latency', ms: 1500 } });
    await app.getByRole('button', { name: 'Submit', exact: true }).click();
    // The create-listener request is at the sandbox (held for 1.5 s): kill -9 the host now.
    await expect.poll(() => requestsTo(sandbox, 'POST', '/listeners').filter((r) => r.fault === 'latency').length, { intervals: [50] }).toBe(1);
    await host.kill();
    // Killed while the create was in flight: nothing committed yet (the sandbox still commits it, client gone).
    expect(listenersNamed(sandbox, name)).toHaveLength(0);

    await host.start();
    await app.goto(host.url);
    const drafts = await new AppShell(app).openDrafts();
    await expect(drafts.row(draftTitle(port, name))).toContainText('Submitted', { timeout: 30_000 });

    const listeners = listenersNamed(sandbox, name);
    expect(listeners).toHaveLength(1);
    expect(listenersOf(sandbox, LB).filter((l) => l.protocol_port === port)).toHaveLength(1);
    expect(poolsNamed(sandbox, poolName)).toHaveLength(1);
    const pool = poolNamed(sandbox, poolName);
    expect(membersOf(sandbox, pool.id)).toHaveLength(1);
    expect(listeners[0]!.default_pool_id).toBe(pool.id);
    // What the user typed, byte for byte: no marker in either description.
    expect(listeners[0]!.description).toBe(LONG_LISTENER_DESC);
    expect(pool.description).toBe(LONG_GROUP_DESC);
    // The group and its servers, done before the kill, were not created again. (The create-listener may be sent
    // again when the restart is quicker than the held request: then the port is taken by whichever commits first
    // and the other is refused, so there is still exactly one listener — checked above.)
    expect(requestsTo(sandbox, 'POST', '/pools')).toHaveLength(1);
    expect(requestsTo(sandbox, 'POST', '/members/batch-add')).toHaveLength(1);

    // The wizard shows the outcome with the one listener's ID.
    const reopened = await drafts.open(draftTitle(port, name));
    await reopened.expectStep('confirm');
    const done = app.getByRole('status').filter({ hasText: 'The TCP listener was created.' });
    await expect(done).toContainText(listeners[0]!.id);
    await expect(app.getByRole('region', { name: 'Read back from the cloud' })).toContainText('Applied as asked');
    await expect(app.getByRole('region', { name: 'Backend server groups without a listener' })).toHaveCount(0);
  });

  test('while a retry waits for the earlier request\'s deadline: a countdown, and Submit stays disabled after a reload', async ({ app, sandbox }) => {
    const port = 4710;
    const name = 'e2e-countdown';
    const wizard = await startWizard(app, LB);
    await wizard.fillListener({ port, name });
    await wizard.next();
    await wizard.expectStep('routing');
    await wizard.chooseExistingGroup('bastion');
    await wizard.next();
    await wizard.expectStep('confirm');
    await expect(wizard.preflight).toContainText('Checked against the live state');
    // The submit's first look at the load balancer is held 3 s (the submit is running in main meanwhile). Then the
    // create is held past the client's 5 s deadline (the reply is lost) and commits at 6 s: the submit may not send
    // again before the request's deadline (7 s) has passed, so it counts down, then finds the listener.
    sandbox.faults.add({ method: 'GET', path: /\/loadbalancers\/[^/]+$/, times: 1, fault: { kind: 'latency', ms: 3000 } });
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, times: 1, fault: { kind: 'latency', ms: 6000 } });
    await app.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect.poll(() => sandbox.requests().some((r) => r.method === 'GET' && r.fault === 'latency'), { intervals: [50] }).toBe(true);
    // A reload while main is running the submit: reopened, the draft's Submit is disabled (no second submit).
    await app.reload();
    const drafts = await new AppShell(app).openDrafts();
    const reopened = await drafts.open(draftTitle(port, name));
    await reopened.expectStep('confirm');
    await expect(app.getByRole('button', { name: 'Submitting…', exact: true })).toBeDisabled();
    const row = reopened.progressRow('Listener');
    await expect(row).toContainText(/Waiting for the earlier request to settle before checking again — \d+ s left/, { timeout: 15_000 });
    await expect(row).toHaveClass(/waiting/);
    await expect(row).not.toContainText('No answer');
    await expect(app.getByRole('button', { name: 'Submitting…', exact: true })).toBeDisabled();
    await expect(app.getByRole('status').filter({ hasText: 'The TCP listener was created.' })).toBeVisible({ timeout: 20_000 });
    expect(listenersNamed(sandbox, name)).toHaveLength(1);
    expect(requestsTo(sandbox, 'POST', '/listeners')).toHaveLength(1);
  });

  test('read-back: a field the cloud accepted but did not apply is listed with the value it holds', async ({ app, sandbox }) => {
    sandbox.ignoreFields({ listener: ['proxy_protocol_enable'] });
    const wizard = await startWizard(app, LB);
    await wizard.fillListener({ port: 4720, name: 'e2e-readback', proxyProtocol: true });
    await wizard.next();
    await wizard.expectStep('routing');
    await wizard.chooseExistingGroup('bastion');
    await wizard.next();
    await wizard.expectStep('confirm');
    expect(await wizard.submit()).toBe('created');
    const readBack = app.getByRole('region', { name: 'Read back from the cloud' });
    await expect(readBack).toContainText('listener.proxy_protocol_enable: asked true, the cloud holds false');
    await expect(readBack).not.toContainText('Applied as asked');
  });

  test('a group left without a listener is reported with its name and ID, and Remove it deletes it', async ({ app, sandbox }) => {
    const poolName = 'e2e-orphan-pool';
    const wizard = await startWizard(app, LB);
    await wizard.fillListener({ port: 4730, name: 'e2e-orphan' });
    await newGroupToConfirm(wizard, poolName);
    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, times: 1, fault: { kind: 'status', status: 400, errorCode: 'ELB.8902', errorMsg: 'refused by the e2e test' } });
    expect(await wizard.submit()).toBe('failed');
    const pool = poolNamed(sandbox, poolName);
    const orphans = app.getByRole('region', { name: 'Backend server groups without a listener' });
    await expect(orphans).toContainText(poolName);
    await expect(orphans).toContainText(pool.id);
    await orphans.getByRole('button', { name: `Remove it — ${poolName}` }).click();
    await expect(orphans).toHaveCount(0);
    expect(poolsNamed(sandbox, poolName)).toHaveLength(0);
    expect(membersOf(sandbox, pool.id)).toHaveLength(0);
    // Retry creates one new group and the listener.
    await wizard.afterFailure('Retry');
    await expect(app.getByText('The TCP listener was created.')).toBeVisible({ timeout: 30_000 });
    expect(poolsNamed(sandbox, poolName)).toHaveLength(1);
  });

  test('a refused listener shows HTTP 400, ELB.8902 and the request ID; Retry and Roll back work', async ({ app, sandbox }) => {
    const port = 4800;
    const name = 'e2e-refused';
    const poolName = 'e2e-refused-pool';
    const errorMsg = 'Invalid input for field/attribute listener (injected by the e2e test).';
    const wizard = await startWizard(app, LB);
    await wizard.fillListener({ port, name });
    await newGroupToConfirm(wizard, poolName);

    sandbox.faults.add({ method: 'POST', path: /\/listeners$/, times: 2, fault: { kind: 'status', status: 400, errorCode: 'ELB.8902', errorMsg } });
    const failed = app.getByRole('alert').filter({ hasText: 'The submit failed.' });

    expect(await wizard.submit()).toBe('failed');
    let refused = requestsTo(sandbox, 'POST', '/listeners').filter((r) => r.status === 400);
    expect(refused).toHaveLength(1);
    await expect(failed).toContainText(errorMsg);
    expect(await facts(failed)).toMatchObject({ 'HTTP status': '400', error_code: 'ELB.8902', 'Request ID': refused[0]!.requestId });
    await expect(wizard.progressRow('Listener')).toContainText('Failed');
    await expect(wizard.progressRow('Backend server group')).toContainText('Done');
    expect(poolsNamed(sandbox, poolName)).toHaveLength(1);
    expect(listenersNamed(sandbox, name)).toHaveLength(0);

    // Retry: the group is not created again; the listener is refused again, with the new request ID.
    await wizard.afterFailure('Retry');
    await expect.poll(() => requestsTo(sandbox, 'POST', '/listeners').filter((r) => r.status === 400).length).toBe(2);
    refused = requestsTo(sandbox, 'POST', '/listeners').filter((r) => r.status === 400);
    await expect(failed.getByRole('definition').filter({ hasText: refused[1]!.requestId })).toBeVisible();
    expect(poolsNamed(sandbox, poolName)).toHaveLength(1);

    // Roll back: what was created is deleted.
    const poolId = poolNamed(sandbox, poolName).id;
    await wizard.afterFailure('Roll back');
    await expect(app.getByRole('status').filter({ hasText: 'The created resources were deleted.' })).toBeVisible();
    expect(poolsNamed(sandbox, poolName)).toHaveLength(0);
    expect(membersOf(sandbox, poolId)).toHaveLength(0);

    // The fault is used up: submitting again creates everything once.
    expect(await wizard.submit()).toBe('created');
    expect(poolsNamed(sandbox, poolName)).toHaveLength(1);
    const listeners = listenersNamed(sandbox, name);
    expect(listeners).toHaveLength(1);
    expect(listeners[0]).toMatchObject({ protocol_port: port, default_pool_id: poolNamed(sandbox, poolName).id, loadbalancer_id: lbNamed(sandbox, LB).id });
  });
});
