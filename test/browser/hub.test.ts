/**
 * The Security hub in headless Chromium, inside the emulator's host page, against seeded data
 * (test/hub/e2e/hubSeed.ts). Each test opens its own page; screenshots go to test-output/hub/.
 * Needs the built hub (`npx webpack --env part=hub`) and /usr/bin/chromium; skips saying why
 * when either is missing.
 */
import assert from 'node:assert/strict';
import type { Browser, Frame, Page } from 'playwright-core';
import type { Emulator } from '../emulator';
import { collections, documentIds } from '../../tasks/contract/storage';
import { launchBrowser, openHub, pageErrors, screenshot, SERVERS, startHubEmulator, storedDocuments, whyCannotRun } from '../hub/e2e/hubBrowser';
import type { ServerVersion } from '../emulator';
import { seedHub, XSS_TEXT, type SeededHub } from '../hub/e2e/hubSeed';

const WAIT = { timeout: 20_000 };

/**
 * Every test against the cloud service; against Azure DevOps Server 2022 (REST API up to 7.0)
 * the ones that exercise each REST area the hub calls (repositories, builds and artifacts,
 * container files, permissions, extension data reads and writes), so the suite stays short.
 */
for (const server of SERVERS) hubSuite(server);

function hubSuite(server: ServerVersion): void {
  describe(`Security hub in the browser (${server === '2022' ? 'Azure DevOps Server 2022' : 'Azure DevOps Services'})`, function () {
    this.timeout(60_000);
    /** A test that runs against both servers. */
    const both = it;
    /** A test of the hub's own behaviour, the same on both servers: run once, against the cloud. */
    const cloudOnly = (title: string, fn: (this: Mocha.Context) => Promise<void>) => {
      if (server === 'services') it(title, fn);
    };
    let emulator: Emulator;
    let browser: Browser;
    let seeded: SeededHub;
    const pages: Page[] = [];

    before(async function () {
      const missing = whyCannotRun();
      if (missing) {
        console.log(`    (skipped: ${missing})`);
        this.skip();
      }
      this.timeout(180_000);
      emulator = await startHubEmulator(server);
      seeded = await seedHub(emulator);
      browser = await launchBrowser();
    });

    after(async () => {
      await browser?.close();
      await emulator?.stop();
    });

    afterEach(async () => {
      for (const p of pages.splice(0)) {
        assert.deepEqual(pageErrors(p), [], 'no page errors and no alert() dialogs');
        await p.close();
      }
    });

    async function open(host: Parameters<typeof openHub>[2] = {}, deepLink: Record<string, string> = {}): Promise<{ page: Page; frame: Frame }> {
      const opened = await openHub(browser, emulator, host, deepLink);
      pages.push(opened.page);
      return opened;
    }

    async function findingsOf(frame: Frame): Promise<void> {
      await frame.waitForSelector('.palisade-findings-table', WAIT);
    }

    both('lists every repository of the project with its coverage', async () => {
      const { page, frame } = await open();
      await frame.waitForSelector('.palisade-repos-table', WAIT);
      for (const name of ['web-shop', 'payments-api', 'docs-site', 'archived-tools']) await frame.getByText(name, { exact: true }).waitFor(WAIT);
      const coverage = await frame.$$eval('.palisade-repos-table [data-coverage]', (els) => els.map((e) => e.getAttribute('data-coverage')));
      assert.ok(coverage.includes('findings'), 'web-shop has open findings');
      assert.ok(coverage.includes('neverScanned'), 'docs-site was never scanned');
      assert.ok(coverage.includes('disabled'), 'archived-tools is disabled');
      await screenshot(page, 'overview');
    });

    cloudOnly('filters findings by text and severity', async () => {
      const { page, frame } = await open({}, { repo: seeded.repos.webShop, tab: 'findings' });
      await findingsOf(frame);
      await frame.getByText('Showing 8 of 10 findings').waitFor(WAIT);
      await frame.fill('.palisade-filter-bar input', 'token');
      await frame.getByText('Showing 1 of 10 findings').waitFor(WAIT);
      await frame.fill('.palisade-filter-bar input', '');
      await frame.getByText('Showing 8 of 10 findings').waitFor(WAIT);
      await frame.locator('.palisade-filter-bar').getByText('Severity', { exact: true }).click();
      await frame.getByRole('option', { name: 'Critical' }).click();
      await frame.getByText('Showing 2 of 10 findings').waitFor(WAIT);
      await page.keyboard.press('Escape');
      await screenshot(page, 'findings-filtered');
    });

    both('opens a finding with its rule help, dismisses it and stores the triage', async () => {
      const { page, frame } = await open({}, { repo: seeded.repos.webShop, tab: 'findings' });
      await findingsOf(frame);
      await frame.getByText('GitHub personal access token committed in source.').click();
      const panel = frame.locator('.palisade-finding-panel');
      await panel.waitFor(WAIT);
      await panel.locator('.palisade-rule-help').getByText('Fix', { exact: false }).first().waitFor(WAIT);
      await panel.locator('.palisade-location-link').waitFor(WAIT);
      const href = await panel.locator('.palisade-location-link').getAttribute('href');
      assert.match(href ?? '', /_git\/web-shop\?path=%2Fscripts%2Fdeploy\.sh&version=GC[0-9a-f]+&line=12/);
      await screenshot(page, 'finding-detail');

      await panel.locator('.palisade-dismiss-reason').click();
      await frame.getByRole('option', { name: 'Used in tests' }).click();
      await panel.locator('textarea').fill('Token of the test tenant; revoked.');
      await panel.getByRole('button', { name: 'Dismiss finding' }).click();
      await panel.getByText('Dismissed.', { exact: true }).waitFor(WAIT);
      await panel.getByText('dismissed it as used in tests').waitFor(WAIT);

      const docs = storedDocuments(emulator, collections.triage(seeded.repos.webShop));
      const doc = docs.find((d) => d.id === documentIds.triage(seeded.secretFingerprint));
      assert.ok(doc, 'triage document stored');
      assert.equal(doc.state, 'dismissed');
      assert.equal(doc.reason, 'usedInTests');
      assert.equal(doc.comment, 'Token of the test tenant; revoked.');
      assert.equal((doc.by as { displayName: string }).displayName, 'Avery Admin');
      await screenshot(page, 'finding-dismissed');
    });

    both('lets an admin change a project default', async () => {
      const { page, frame } = await open({}, { tab: 'settings' });
      const card = frame.locator('.palisade-defaults-card');
      await card.waitFor(WAIT);
      await card.locator('[data-setting="prComments"]').getByRole('switch').click();
      await card.getByRole('button', { name: 'Save' }).click();
      await frame.getByText('Project defaults saved.').waitFor(WAIT);
      const defaults = storedDocuments(emulator, collections.settings(seeded.projectId)).find((d) => d.id === documentIds.projectDefaults);
      assert.ok(defaults, 'defaults stored');
      assert.equal(defaults.prComments, false);
      assert.equal((defaults.updatedBy as { displayName: string }).displayName, 'Avery Admin');
      await frame.getByText('palisade/security-scan').waitFor(WAIT);
      await screenshot(page, 'settings-admin');
    });

    both('shows settings read-only to a reader, saying why', async () => {
      const { page, frame } = await open({ user: 'reader' }, { tab: 'settings' });
      await frame.locator('.palisade-readonly-note').getByText('Only project administrators').waitFor(WAIT);
      assert.equal(await frame.getByRole('button', { name: 'Save' }).count(), 0, 'no Save button');
      const disabled = await frame.locator('.palisade-defaults-card [data-setting="enabled"] [role="switch"]').getAttribute('aria-disabled');
      assert.equal(disabled, 'true');
      await screenshot(page, 'settings-reader');
    });

    both('opens the log of a scan and searches it', async () => {
      const { page, frame } = await open({}, { repo: seeded.repos.webShop, tab: 'scans' });
      await frame.waitForSelector('.palisade-scans-table', WAIT);
      await frame.locator('.palisade-log-link').nth(1).click();
      const panel = frame.locator('.palisade-log-panel');
      await panel.getByText('Published SARIF to the CodeAnalysisLogs artifact.').waitFor(WAIT);
      await panel.locator('input').fill('critical');
      await panel.getByText('2 matching lines of 10 lines').waitFor(WAIT);
      assert.equal(await panel.locator('mark').count(), 2);
      await screenshot(page, 'scan-log');
    });

    cloudOnly('follows a deep link to a PR finding, and back/forward move between views', async () => {
      const { page, frame } = await open({}, { repo: seeded.repos.webShop, pr: '1', finding: seeded.prFingerprint });
      const panel = frame.locator('.palisade-finding-panel');
      await panel.getByText('New in this pull request').waitFor(WAIT);
      await panel.getByText('Stripe secret key committed in source.').waitFor(WAIT);
      await screenshot(page, 'deep-link');
      await panel.getByRole('button', { name: 'Close' }).click();
      await panel.waitFor({ state: 'detached', ...WAIT });
      await frame.getByRole('tab', { name: 'Scans' }).click();
      await frame.waitForSelector('.palisade-scans-table', WAIT);
      await page.goBack();
      await frame.waitForSelector('.palisade-findings-table', WAIT);
      await page.goBack();
      await frame.locator('.palisade-finding-panel').getByText('New in this pull request').waitFor(WAIT);
      await page.goForward();
      await frame.locator('.palisade-finding-panel').waitFor({ state: 'detached', ...WAIT });
    });

    cloudOnly('works from the keyboard: arrows move between findings, Enter opens one, Escape closes it', async () => {
      const { page, frame } = await open({}, { repo: seeded.repos.webShop, tab: 'findings' });
      await findingsOf(frame);
      await frame.locator('.palisade-findings-table tr.bolt-table-row').first().focus();
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const panel = frame.locator('.palisade-finding-panel');
      await panel.waitFor(WAIT);
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'detached', ...WAIT });
    });

    cloudOnly('switches to the dark theme with the host', async () => {
      const { page, frame } = await open({}, { repo: seeded.repos.webShop, tab: 'findings' });
      await findingsOf(frame);
      // Page functions are strings: the test project has no DOM typings.
      const background = () => frame.evaluate<string>('getComputedStyle(document.body).backgroundColor');
      const light = await background();
      await page.getByRole('button', { name: 'Switch theme' }).click();
      await frame.waitForFunction(`getComputedStyle(document.body).backgroundColor !== ${JSON.stringify(light)}`, undefined, WAIT);
      const dark = await background();
      const [r, g, b] = (dark.match(/\d+/g) ?? []).map(Number);
      assert.ok(r + g + b < 200, `dark background, got ${dark}`);
      await screenshot(page, 'dark-theme');
    });

    cloudOnly('renders scanned text as text, never as HTML', async () => {
      const { page, frame } = await open({}, { repo: seeded.repos.webShop, tab: 'findings' });
      await findingsOf(frame);
      await frame.fill('.palisade-filter-bar input', 'onerror');
      await frame.getByText('Showing 1 of 10 findings').waitFor(WAIT);
      await frame.locator('.palisade-finding-message', { hasText: XSS_TEXT }).click();
      const panel = frame.locator('.palisade-finding-panel');
      await panel.locator('.palisade-finding-text', { hasText: XSS_TEXT }).waitFor(WAIT);
      assert.equal(await frame.locator('img[src="x"]').count(), 0, 'no <img> from scanned text');
      assert.equal(await frame.locator('.palisade-hub img, .palisade-finding-panel img').count(), 0);
      await screenshot(page, 'xss-as-text');
    });

    both('falls back to the SARIF artifact of the latest build, read-only', async () => {
      const { page, frame } = await open({ project: 'Legacy Apps' });
      await frame.locator('[data-coverage="sarifOnly"]').waitFor(WAIT);
      await frame.getByText('old-portal', { exact: true }).click();
      await frame.locator('.palisade-note-sarif').getByText('CodeAnalysisLogs artifact').waitFor(WAIT);
      await frame.getByText('Azure Storage account key committed in source.').click();
      const panel = frame.locator('.palisade-finding-panel');
      await panel.locator('.palisade-triage-readonly').waitFor(WAIT);
      await panel.locator('.palisade-rule-help').getByText('<script>alert("help")</script>', { exact: false }).waitFor(WAIT);
      assert.equal(await frame.locator('.palisade-rule-help script, .palisade-rule-help img').count(), 0);
      await screenshot(page, 'sarif-fallback');
    });

    cloudOnly('keeps 10,000 findings virtualized and filters them', async () => {
      const { page, frame } = await open({}, { repo: seeded.repos.payments, tab: 'findings' });
      await frame.getByText(`of ${seeded.largeFindingCount.toLocaleString('en-US')} findings`, { exact: false }).waitFor(WAIT);
      const rendered = await frame.locator('.palisade-findings-table tbody tr').count();
      assert.ok(rendered < 300, `only visible rows are rendered (${rendered})`);
      await frame.fill('.palisade-filter-bar input', 'number 9999 ');
      await frame.getByText('Showing 1 of 10,000 findings').waitFor(WAIT);
      await screenshot(page, 'large-findings');
    });
  });
}
