/**
 * Issue 4: the drafts page — export a draft as JSON, Terraform and API requests; import the JSON back (a new
 * draft); import a broken file (one problem per field); duplicate; "Validate all" with counts; submit one draft
 * from the list and see it submitted (and the listener in the sandbox).
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '../fixtures/app';
import { sandboxListeners, sandboxLoadBalancers } from '../fixtures/app-helpers';
import { AppShell } from '../pages/app-shell';

const LB = 'tcp-gateway';
const PORT = 9431;
const TITLE = 'mysql read port';

test.describe('drafts page', () => {
  test('export ×3, import back, broken import, duplicate, validate all, submit one', async ({ app, host, sandbox }, testInfo) => {
    test.setTimeout(90_000);
    const shell = new AppShell(app);
    await shell.open(host.url);
    await shell.sync();

    // A complete draft made in the wizard (port + an existing server group).
    const lbs = await shell.openLoadBalancers();
    const wizard = await lbs.addTcpListener(LB);
    await wizard.expectStep('listener');
    await wizard.fillListener({ port: PORT, name: 'mysql-read' });
    await wizard.next();
    await wizard.expectStep('routing');
    await wizard.chooseExistingGroup('mysql-primary');
    await wizard.saveDraft();
    let drafts = await shell.openDrafts();
    await drafts.rename(`TCP ${PORT} · mysql-read · ${LB}`, TITLE);
    await expect(drafts.row(TITLE)).toContainText(String(PORT));
    // And an incomplete one (no load balancer, no port), so validation has something to report.
    await drafts.newDraft({ title: 'half done' });
    drafts = await shell.openDrafts();
    expect(await drafts.titles()).toEqual(['half done', TITLE]);

    // --- export in the three formats
    const json = await drafts.export(TITLE, 'json');
    expect(json.filename).toMatch(/\.json$/);
    const parsed = JSON.parse(json.text) as { format: string; version: number; content: { title: string; listener: { port: number | null } } };
    expect(parsed).toMatchObject({ format: 'elb-desk-draft', version: 1, content: { title: TITLE } });
    expect(json.text).toContain(String(PORT));
    const lbId = sandboxLoadBalancers(sandbox).find((lb) => lb.name === LB)!.id;
    const tf = await drafts.export(TITLE, 'terraform');
    expect(tf.filename).toMatch(/\.tf$/);
    expect(tf.text).toContain('resource "huaweicloud_elb_listener"');
    expect(tf.text).toMatch(new RegExp(`protocol_port\\s*=\\s*${PORT}`));
    expect(tf.text).toContain(lbId);
    const api = await drafts.export(TITLE, 'api');
    expect(api.text).toContain('POST /v3/');
    expect(api.text).toContain('/elb/listeners');
    expect(api.text).toContain(`"protocol_port": ${PORT}`);

    // --- import the JSON back: a new draft with the same content
    const good = testInfo.outputPath('draft.json');
    writeFileSync(good, json.text);
    await drafts.import(good);
    await expect(drafts.importError).toHaveCount(0);
    await expect(drafts.importNotice).toHaveText(`Imported “${TITLE}”.`);
    await expect(drafts.row(TITLE)).toHaveCount(2);
    expect(await drafts.titles()).toHaveLength(3);
    await drafts.rename(TITLE, 'imported copy');
    await expect(drafts.row('imported copy')).toContainText(String(PORT));

    // --- a broken file: every bad field is named
    const broken = JSON.parse(json.text) as { content: { listener: Record<string, unknown> } };
    broken.content.listener.protocol = 'UDP';
    broken.content.listener.portMode = 'many';
    broken.content.listener.nat64 = 'yes';
    const bad = testInfo.outputPath('broken.json');
    writeFileSync(bad, JSON.stringify(broken));
    await drafts.import(bad);
    await expect(drafts.importError).toBeVisible();
    await expect(drafts.importError).toContainText('Import failed');
    const problems = await drafts.importProblems.allInnerTexts();
    expect(problems.length).toBeGreaterThanOrEqual(3);
    for (const field of ['listener.protocol', 'listener.portMode', 'listener.nat64']) {
      expect(problems.some((p) => p.includes(field)), `a problem names ${field}: ${problems.join(' | ')}`).toBe(true);
    }
    expect(await drafts.titles()).toHaveLength(3);

    // --- duplicate
    await drafts.duplicate('half done');
    expect(await drafts.titles()).toHaveLength(4);
    expect((await drafts.titles()).filter((t) => t.startsWith('half done'))).toHaveLength(2);

    // --- validate all: counts over the four drafts (the two incomplete ones have errors)
    const summary = await drafts.validateAll();
    const m = /^Validated (\d+) drafts: (\d+) errors, (\d+) warnings\.$/.exec(summary);
    expect(m, summary).not.toBeNull();
    expect(Number(m![1])).toBe(4);
    expect(Number(m![2])).toBeGreaterThanOrEqual(2);
    await expect(drafts.issues('half done')).toContainText(/\d+ errors?/);

    // --- submit one draft from the list
    expect(sandboxListeners(sandbox).filter((l) => l.loadbalancer_id === lbId && l.protocol_port === PORT)).toEqual([]);
    await drafts.submit(TITLE);
    await expect(drafts.results).toContainText(`“${TITLE}” was submitted.`);
    await expect.poll(() => drafts.status(TITLE)).toBe('Submitted');
    const created = sandboxListeners(sandbox).filter((l) => l.loadbalancer_id === lbId && l.protocol_port === PORT);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ protocol: 'TCP', name: 'mysql-read' });
    // The other drafts are untouched.
    expect(await drafts.status('imported copy')).not.toBe('Submitted');
    await expect(app.getByRole('button', { name: `Submit ${TITLE}`, exact: true })).toHaveCount(0);
  });
});
