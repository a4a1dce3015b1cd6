/**
 * The build-results tab ("Security" on a build's page) in Chromium, inside the emulator's host
 * page, after the demo's builds ran the task: it shows that build's scan record (read from the
 * build's artifact with the user's token), or the SARIF file when the build has no record, or
 * says there is nothing; and a user of another project sees nothing of the build.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { startEmulator, type Emulator, type ServerVersion } from '../emulator';
import { ensureHostBundle } from '../emulator/hostBundle';
import { TASK_ENTRY } from '../support/agentShim';
import { REPO_ROOT } from '../support/paths';
import { BUILD_TAB_CONTRIBUTION_ID, EXTENSION_ID, PUBLISHER_ID } from '../../tasks/contract/extension';
import { runDemoBuilds, type DemoBuildResult } from '../demo/demoBuilds';
import { demoPullRequestId, demoSeed } from '../demo/demoRepo';
import { FAKE_SECRET_NAMES, fakeSecret } from '../demo/fakeSecrets';
import { publishScan } from '../hub/e2e/hubSeed';
import { SCAN_RECORD_FILE } from '../../tasks/contract/scanRecord';

const CHROMIUM = process.env.PALISADE_CHROMIUM ?? '/usr/bin/chromium';
const HUB_DIST = join(REPO_ROOT, 'dist', 'hub');
const TAB_PAGE = join(HUB_DIST, 'build-tab.html');
const CONTRIBUTION = `${PUBLISHER_ID}.${EXTENSION_ID}.${BUILD_TAB_CONTRIBUTION_ID}`;
const WAIT = { timeout: 20_000 };

// Against the cloud service and against Azure DevOps Server 2022 (REST API up to 7.0).
for (const server of ['services', '2022'] as const) buildTabSuite(server);

function buildTabSuite(server: ServerVersion): void {
describe(`build-results tab (browser, ${server === '2022' ? 'Azure DevOps Server 2022' : 'Azure DevOps Services'})`, function () {
  this.timeout(180_000);
  let emulator: Emulator;
  let noData: Emulator;
  let browser: Browser;
  let work: string;
  let builds: DemoBuildResult[];
  let noDataBuilds: DemoBuildResult[];

  before(async function () {
    const why = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : !existsSync(TAB_PAGE) ? 'dist/hub/build-tab.html is not built (npx webpack --env part=hub)' : undefined;
    if (why) {
      process.stdout.write(`      [skipped: ${why}]\n`);
      this.skip();
    }
    await ensureHostBundle();
    work = mkdtempSync(join(tmpdir(), 'palisade-tab-'));
    const prId = demoPullRequestId();
    const mounts = { staticMounts: { '/hub/': HUB_DIST }, faultsFromEnv: false, defaultContribution: CONTRIBUTION, serverVersion: server };
    emulator = await startEmulator({ seed: demoSeed(), ...mounts });
    builds = await runDemoBuilds({ emulator, taskEntry: TASK_ENTRY, workDir: join(work, 'a'), pullRequestId: prId });
    // A pipeline whose token may not use extension data: only the SARIF artifact is left.
    noData = await startEmulator({ seed: demoSeed(), ...mounts });
    noDataBuilds = await runDemoBuilds({ emulator: noData, taskEntry: TASK_ENTRY, workDir: join(work, 'b'), pullRequestId: prId, identity: 'build-nodata' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await emulator?.stop();
    await noData?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function openTab(on: Emulator, buildId: number, user?: string): Promise<{ page: Page; frame: Frame; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(on.hostUrl({ page: '/hub/build-tab.html', contribution: CONTRIBUTION, config: { buildId }, ...(user ? { user } : {}) }));
    const element = await page.waitForSelector('iframe[title="Extension content"]', WAIT);
    const frame = await element.contentFrame();
    assert.ok(frame);
    await frame.waitForSelector('.palisade-build-tab, .palisade-error', WAIT);
    // The findings table renders its rows once it has measured itself.
    if (await frame.locator('.palisade-build-tab-findings').count()) await frame.waitForSelector('.palisade-build-tab-findings .palisade-finding-message', WAIT);
    return { page, frame, errors };
  }

  async function pageText(frame: Frame): Promise<string> {
    return frame.locator('body').innerText();
  }

  it('shows the pull-request build its scan: the new findings marked, a link to the hub, no secret in clear', async () => {
    const pr = builds[1];
    const { page, frame, errors } = await openTab(emulator, pr.build.id);
    assert.equal(await frame.locator('.palisade-build-tab').getAttribute('data-source'), 'record');
    const rules = await frame.locator('.palisade-build-tab-findings .palisade-finding-message').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')));
    assert.deepEqual(new Set(rules), new Set(['stripe-secret-key', 'js-command-injection', 'js-code-injection', 'js-sql-injection', 'js-open-redirect']));
    const text = await pageText(frame);
    assert.match(text, /3 new findings in pull request/);
    assert.equal(await frame.getByText('new in this pull request').count(), 3);
    const hubLink = await frame.getByText('Open in the Security hub', { exact: false }).getAttribute('href');
    assert.match(hubLink ?? '', /_apps\/hub\/palisade-security\.palisade\.security-hub\?.*pr=\d+/);
    for (const name of FAKE_SECRET_NAMES) assert.ok(!text.includes(fakeSecret(name)), `the tab shows ${name} in clear`);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('shows the main build its own scan, not the pull request one', async () => {
    const { page, frame } = await openTab(emulator, builds[0].build.id);
    assert.equal(await frame.locator('.palisade-build-tab-findings .palisade-finding-message').count(), 12, `lodash's two advisories are one finding: ${await pageText(frame)}`);
    assert.equal(await frame.getByText('new in this pull request').count(), 0);
    await page.close();
  });

  it('shows the record of a build whose pipeline token may not use extension data', async () => {
    const { page, frame } = await openTab(noData, noDataBuilds[0].build.id);
    assert.equal(await frame.locator('.palisade-build-tab').getAttribute('data-source'), 'record');
    await page.close();
  });

  it('falls back to the SARIF file of a build that carries no scan record', async () => {
    assert.equal(noDataBuilds[1].run.artifacts.length, 1, noDataBuilds[1].run.logText);
    // A build of an older task: the artifact holds palisade.sarif only.
    const build = noData.store.data.builds.find((b) => b.id === noDataBuilds[1].build.id);
    const items = noData.store.container(build?.containerId ?? -1).items;
    for (const path of Object.keys(items)) if (path.endsWith(`/${SCAN_RECORD_FILE}`)) delete items[path];
    const { page, frame } = await openTab(noData, noDataBuilds[1].build.id);
    assert.equal(await frame.locator('.palisade-build-tab').getAttribute('data-source'), 'sarif');
    assert.match(await pageText(frame), /CodeAnalysisLogs SARIF file/);
    assert.ok((await frame.locator('.palisade-build-tab-findings .palisade-finding-message').count()) >= 3);
    await page.close();
  });

  it('says so when a build has no Palisade results', async () => {
    const other = emulator.store.data.builds.find((b) => b.artifacts.length === 0 && b.status === 'completed' && !builds.some((d) => d.build.id === b.id));
    assert.ok(other, 'a seed build without artifacts');
    const { page, frame } = await openTab(emulator, other.id);
    assert.equal(await frame.locator('.palisade-build-tab').getAttribute('data-source'), 'none');
    assert.match(await pageText(frame), /No Palisade results for this build/);
    await page.close();
  });

  it('shows a seeded build its own record, whoever ran it, and nothing of it to a member of another project', async () => {
    const { build } = publishScan(emulator, {
      repo: 'storefront', sourceBranch: 'refs/heads/main', finishedAt: '2025-02-01T10:00:00.000Z',
      findings: [{ ruleId: 'aws-access-key-id', kind: 'secret', severity: 'critical', message: 'Seeded AWS key.', path: 'seeded/aws.ts', preview: 'AKIA****', region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 20 }, fingerprint: 'e'.repeat(64) }],
    });
    const reader = await openTab(emulator, build.id, 'reader');
    assert.equal(await reader.frame.locator('.palisade-build-tab').getAttribute('data-source'), 'record');
    assert.deepEqual(await reader.frame.locator('.palisade-build-tab-findings .palisade-finding-message').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule'))), ['aws-access-key-id']);
    await reader.page.close();
    const outsider = await openTab(emulator, build.id, 'outsider');
    const text = await pageText(outsider.frame);
    assert.ok(!text.includes('Seeded AWS key.') && !text.includes('seeded/aws.ts'), 'the outsider sees nothing of the build');
    assert.equal(await outsider.frame.locator('.palisade-error').count(), 1, 'an error instead');
    await outsider.page.close();
  });
});
}
