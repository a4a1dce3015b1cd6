/**
 * The build-results tab ("Security" on a build's page) in Chromium, inside the emulator's host
 * page, after the demo's builds ran the task: it shows the scan of that build (the stored scan,
 * or the SARIF artifact when the pipeline could not store one, or says there is nothing).
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

const CHROMIUM = process.env.PALISADE_CHROMIUM ?? '/usr/bin/chromium';
const HUB_DIST = join(REPO_ROOT, 'dist', 'hub');
const TAB_PAGE = join(HUB_DIST, 'build-tab.html');
const CONTRIBUTION = `${PUBLISHER_ID}.${EXTENSION_ID}.${BUILD_TAB_CONTRIBUTION_ID}`;
const WAIT = { timeout: 20_000 };

/** Against the cloud service and Azure DevOps Server 2022 (REST API up to 7.0): the task and the tab both. */
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
      // Host authorization off: the task still stores its scan for the hub (until the storage redesign).
      emulator = await startEmulator({ seed: demoSeed(), ...mounts, checkHostAuthorization: false });
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

    async function openTab(on: Emulator, buildId: number): Promise<{ page: Page; frame: Frame; errors: string[] }> {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(on.hostUrl({ page: '/hub/build-tab.html', contribution: CONTRIBUTION, config: { buildId } }));
      const element = await page.waitForSelector('iframe[title="Extension content"]', WAIT);
      const frame = await element.contentFrame();
      assert.ok(frame);
      await frame.waitForSelector('.palisade-build-tab', WAIT);
      return { page, frame, errors };
    }

    async function pageText(frame: Frame): Promise<string> {
      return frame.locator('body').innerText();
    }

    it('shows the pull-request build its scan: the new findings marked, a link to the hub, no secret in clear', async () => {
      const pr = builds[1];
      const { page, frame, errors } = await openTab(emulator, pr.build.id);
      assert.equal(await frame.locator('.palisade-build-tab').getAttribute('data-source'), 'hub');
      const rules = await frame.locator('.palisade-build-tab-findings tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-rule')));
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
      assert.equal(await frame.locator('.palisade-build-tab-findings tbody tr').count(), 11, 'lodash\'s two advisories are one finding');
      assert.equal(await frame.getByText('new in this pull request').count(), 0);
      await page.close();
    });

    it('falls back to the CodeAnalysisLogs artifact when the pipeline could not store results', async () => {
      assert.equal(noDataBuilds[1].run.artifacts.length, 1, noDataBuilds[1].run.logText);
      const { page, frame } = await openTab(noData, noDataBuilds[1].build.id);
      assert.equal(await frame.locator('.palisade-build-tab').getAttribute('data-source'), 'sarif');
      assert.match(await pageText(frame), /CodeAnalysisLogs artifact/);
      assert.ok((await frame.locator('.palisade-build-tab-findings tbody tr').count()) >= 3);
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
  });
}
