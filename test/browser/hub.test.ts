/**
 * The Security hub in headless Chromium, inside the emulator's host page, against seeded data
 * (test/hub/e2e/hubSeed.ts: scan builds and project properties), as an administrator, a
 * contributor, a reader and a member of the other project only. Each test opens its own page;
 * screenshots go to test-output/hub/. Needs the built hub (`npx webpack --env part=hub`) and
 * /usr/bin/chromium; skips saying why when either is missing.
 */
import assert from 'node:assert/strict';
import type { Browser, Frame, Page } from 'playwright-core';
import type { Emulator, ServerVersion } from '../emulator';
import { parseSettingsProperty, parseTriageProperty, SETTINGS_DEFAULTS_KEY, triageKey } from '../../tasks/contract/projectSettings';
import { launchBrowser, openHub, pageErrors, projectProperties, screenshot, SERVERS, startHubEmulator, whyCannotRun } from '../hub/e2e/hubBrowser';
import { seedHub, XSS_TEXT, type SeededHub } from '../hub/e2e/hubSeed';

const WAIT = { timeout: 20_000 };

// Against the cloud service and against Azure DevOps Server 2022 (REST API up to 7.0): every
// call the hub makes must negotiate its api-version down there.
for (const server of SERVERS) hubSuite(server);

function hubSuite(server: ServerVersion): void {
describe(`Security hub in the browser (${server === '2022' ? 'Azure DevOps Server 2022' : 'Azure DevOps Services'})`, function () {
  this.timeout(60_000);
  let emulator: Emulator;
  let browser: Browser;
  let seeded: SeededHub;
  const pages: Page[] = [];
  /**
   * What only the page decides (keyboard, theme, escaping, virtualization, history) runs against
   * Services alone: Server 2022 differs in the REST dialect, which the other tests here cover.
   */
  const pageOnly = server === '2022' ? (_title: string, _fn: () => Promise<void>) => undefined : it;

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

  it('lists every repository of the project with its coverage', async () => {
    const { page, frame } = await open();
    await frame.waitForSelector('.palisade-repos-table', WAIT);
    for (const name of ['web-shop', 'payments-api', 'docs-site', 'archived-tools']) await frame.getByText(name, { exact: true }).waitFor(WAIT);
    // Rows fill in as each repository's record is read: wait for each state rather than read once.
    const state = (coverage: string) => frame.locator(`.palisade-repos-table [data-coverage="${coverage}"]`).first().waitFor(WAIT);
    await state('findings'); // web-shop has open findings
    await state('neverScanned'); // docs-site was never scanned
    await state('disabled'); // archived-tools is disabled
    await screenshot(page, 'overview');
  });

  it('filters findings by text and severity', async () => {
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

  it('opens a finding with its rule help, dismisses it and stores the triage', async () => {
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

    // Stored where Azure DevOps checks Manage project properties, with who and when.
    const props = projectProperties(emulator, seeded.projectId);
    assert.ok(props[triageKey(seeded.repos.webShop)], 'the triage property is stored');
    const entries = parseTriageProperty(seeded.repos.webShop, Object.entries(props).map(([name, value]) => ({ name, value })));
    const entry = entries.find((e) => e.fingerprint === seeded.secretFingerprint);
    assert.ok(entry, 'the dismissal is stored');
    assert.equal(entry.reason, 'usedInTests');
    assert.equal(entry.comment, 'Token of the test tenant; revoked.');
    assert.equal(entry.by.displayName, 'Avery Admin');
    assert.ok(Date.now() - Date.parse(entry.at) < 120_000, 'stamped with the time of the dismissal');
    await panel.getByText(/Dismissed as used in tests by Avery Admin in the Security hub on/).waitFor(WAIT);
    await screenshot(page, 'finding-dismissed');
  });

  it('lets an admin change a project default', async () => {
    const { page, frame } = await open({}, { tab: 'settings' });
    const card = frame.locator('.palisade-defaults-card');
    await card.waitFor(WAIT);
    await card.locator('[data-setting="prComments"]').getByRole('switch').click();
    await card.getByRole('button', { name: 'Save' }).click();
    await frame.getByText('Project defaults saved.').waitFor(WAIT);
    const stored = projectProperties(emulator, seeded.projectId)[SETTINGS_DEFAULTS_KEY];
    assert.ok(stored, 'the defaults are stored in the project properties');
    const defaults = parseSettingsProperty(stored, SETTINGS_DEFAULTS_KEY);
    assert.equal(defaults.settings.prComments, false);
    assert.equal(defaults.changedBy.displayName, 'Avery Admin');
    assert.ok(Date.now() - Date.parse(defaults.changedAt) < 120_000, 'stamped with the time of the change');
    await card.getByText(/Last changed by Avery Admin on/).waitFor(WAIT);
    await frame.getByText('palisade/security-scan').waitFor(WAIT);
    await screenshot(page, 'settings-admin');
  });

  it('shows settings read-only to a reader, saying why', async () => {
    const { page, frame } = await open({ user: 'reader' }, { tab: 'settings' });
    await frame.locator('.palisade-readonly-note').getByText('Only project administrators can change settings', { exact: false }).waitFor(WAIT);
    assert.equal(await frame.getByRole('button', { name: 'Save' }).count(), 0, 'no Save button');
    const disabled = await frame.locator('.palisade-defaults-card [data-setting="enabled"] [role="switch"]').getAttribute('aria-disabled');
    assert.equal(disabled, 'true');
    await screenshot(page, 'settings-reader');
  });

  it('opens the log of a scan and searches it', async () => {
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

  pageOnly('follows a deep link to a PR finding, and back/forward move between views', async () => {
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

  pageOnly('works from the keyboard: arrows move between findings, Enter opens one, Escape closes it', async () => {
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

  pageOnly('switches to the dark theme with the host', async () => {
    const { page, frame } = await open({}, { repo: seeded.repos.webShop, tab: 'findings' });
    await findingsOf(frame);
    // Page functions are strings: the test project has no DOM typings.
    const background = () => frame.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    const light = await background();
    await page.getByRole('button', { name: 'Switch theme' }).click();
    // Polled from here: a string predicate polled in the page needs eval, which the hub's CSP forbids.
    let dark = light;
    for (const until = Date.now() + WAIT.timeout; dark === light && Date.now() < until; ) {
      await new Promise((r) => setTimeout(r, 100));
      dark = await background();
    }
    const [r, g, b] = (dark.match(/\d+/g) ?? []).map(Number);
    assert.ok(r + g + b < 200, `dark background, got ${dark}`);
    await screenshot(page, 'dark-theme');
  });

  pageOnly('renders scanned text as text, never as HTML', async () => {
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

  it('shows a contributor the triage and scanning controls disabled, with the reason', async () => {
    const { page, frame } = await open({ user: 'contributor' }, { repo: seeded.repos.webShop, tab: 'findings', finding: seeded.xssFingerprint });
    const panel = frame.locator('.palisade-finding-panel');
    await panel.locator('.palisade-triage-disabled-reason').getByText('Only project administrators can change settings', { exact: false }).waitFor(WAIT);
    assert.equal(await panel.getByRole('button', { name: 'Dismiss finding' }).isDisabled(), true);
    await screenshot(page, 'triage-contributor');
    await panel.getByRole('button', { name: 'Close' }).click();
    await frame.getByRole('tab', { name: 'Overview' }).click();
    await frame.locator('.palisade-readonly-note').getByText('Manage project properties', { exact: false }).waitFor(WAIT);
    const switches = frame.locator('.palisade-repos-table [role="switch"]');
    await switches.first().waitFor(WAIT);
    for (const disabled of await switches.evaluateAll((els) => els.map((e) => e.getAttribute('aria-disabled')))) assert.equal(disabled, 'true');
  });

  it('shows a pull request finding dismissed on its thread, with who and when', async () => {
    const { page, frame } = await open({ user: 'reader' }, { repo: seeded.repos.webShop, pr: '1', finding: seeded.prDismissedFingerprint });
    const panel = frame.locator('.palisade-finding-panel');
    await panel.getByText(/Dismissed as used in tests by Casey Contributor on the pull request on/).waitFor(WAIT);
    await panel.getByText('search runs in the test harness only').waitFor(WAIT);
    await screenshot(page, 'pr-dismissal');
  });

  it('shows a member of another project nothing of this one', async () => {
    const mark = emulator.requestLog.mark();
    const { page, frame } = await open({ user: 'outsider', project: 'Palisade Demo' });
    await frame.locator('.palisade-error').waitFor(WAIT);
    const shown = await frame.locator('body').innerText();
    for (const name of ['web-shop', 'payments-api', 'docs-site', 'archived-tools', 'GitHub personal access token']) assert.ok(!shown.includes(name), `the outsider sees ${name}`);
    const calls = emulator.requestLog.since(mark).filter((e) => e.identity === 'outsider' && !e.path.includes('/_emulator/'));
    assert.ok(calls.length > 0, 'the hub asked Azure DevOps');
    // Location look-ups and the caller's own permission answer say nothing about the project.
    const answered = calls.filter((e) => e.status < 400 && e.method !== 'OPTIONS' && e.route !== 'security.permissions.has' && !/^location\./.test(e.route ?? ''));
    assert.deepEqual(answered.map((e) => `${e.status} ${e.route} ${e.path}`), [], 'nothing of Palisade Demo was answered');
    await screenshot(page, 'outsider');

    // In the project the outsider belongs to, the hub works and shows only that project.
    const own = await open({ user: 'outsider', project: 'Legacy Apps' });
    await own.frame.locator('[data-coverage="findings"]').waitFor(WAIT);
    const text = await own.frame.locator('body').innerText();
    assert.ok(text.includes('old-portal'));
    assert.ok(!text.includes('web-shop'));
  });

  it('reads each record once per browser: a second visit takes the summaries from the cache', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const first = await openHub(context, emulator);
      pages.push(first.page);
      await first.frame.locator('[data-coverage="findings"]').first().waitFor(WAIT);
      await first.frame.getByText('Reading scans from builds', { exact: false }).waitFor({ state: 'detached', ...WAIT });
      const mark = emulator.requestLog.mark();
      const second = await openHub(context, emulator);
      pages.push(second.page);
      await second.frame.locator('[data-coverage="findings"]').first().waitFor(WAIT);
      await second.frame.getByText('Reading scans from builds', { exact: false }).waitFor({ state: 'detached', ...WAIT });
      // Only a repository whose branch triage changed since its scan (web-shop, dismissed above) is recounted from its record.
      const containerReads = emulator.requestLog.since(mark).filter((e) => /^containers\./.test(e.route ?? ''));
      const repoOf = (path: string) => emulator.store.data.builds.find((b) => path.endsWith(`/Containers/${b.containerId}`))?.repositoryId;
      assert.deepEqual(containerReads.map((e) => repoOf(e.path)).filter((r) => r !== seeded.repos.webShop), [], 'no other record read again');
      assert.ok(containerReads.length <= 1, `at most web-shop's record (${containerReads.length} reads)`);
    } finally {
      for (const p of pages.splice(0)) {
        assert.deepEqual(pageErrors(p), [], 'no page errors');
        await p.close();
      }
      await context.close();
    }
  });

  pageOnly('keeps 10,000 findings virtualized and filters them', async () => {
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
