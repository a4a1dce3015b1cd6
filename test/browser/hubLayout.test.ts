/**
 * Every view of the Security hub and the build's Security tab fills the page's width, at 1440
 * and 1024 px, in the light and the dark theme: no view shrinks to its content and leaves a
 * band on the right. Also what a new user meets first: the Scans tab opens on the repository
 * scanned most recently, the overview's first Tab stop is its table, a reader sees no bulk
 * selection, the words match the numbers, and the console stays free of errors. Headless
 * Chromium in the emulator's host page; screenshots go to test-output/hub/layout-*.png.
 */
import assert from 'node:assert/strict';
import type { Browser, Frame, Page } from 'playwright-core';
import type { Emulator } from '../emulator';
import { CONTRIBUTION, launchBrowser, screenshot, startHubEmulator, whyCannotRun } from '../hub/e2e/hubBrowser';
import { seedHub, type SeededHub } from '../hub/e2e/hubSeed';
import { BUILD_TAB_CONTRIBUTION_ID, EXTENSION_ID, PUBLISHER_ID } from '../../tasks/contract/extension';

const WAIT = { timeout: 30_000 };
const WIDTHS = [1440, 1024] as const;
const THEMES = ['light', 'dark'] as const;
const TAB_CONTRIBUTION = `${PUBLISHER_ID}.${EXTENSION_ID}.${BUILD_TAB_CONTRIBUTION_ID}`;

interface Opened {
  page: Page;
  frame: Frame;
  /** Console errors and page errors seen so far. */
  errors: string[];
}

/** Width of `selector`'s box and of the content box it should fill (its view's container). */
interface Fill {
  selector: string;
  width: number;
  available: number;
}

/**
 * The widths to compare: the element's box against the frame's width less the margins the
 * page keeps on either side (the element's own left offset, mirrored on the right). A view that
 * shrinks to its content, or a page that does, leaves a band on the right and fails.
 */
async function fillOf(frame: Frame, selector: string): Promise<Fill> {
  await frame.waitForSelector(selector, { ...WAIT, state: 'visible' });
  const m = await frame.evaluate<{ width: number; available: number }>(`(() => {
    const box = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect();
    return { width: box.width, available: document.documentElement.clientWidth - 2 * box.left };
  })()`);
  return { selector, ...m };
}

function assertFills(f: Fill, where: string): void {
  assert.ok(f.available > 600, `${where}: the content area is ${f.available}px wide`);
  assert.ok(f.width >= f.available - 2, `${where}: ${f.selector} is ${Math.round(f.width)}px of ${Math.round(f.available)}px: it leaves a band of ${Math.round(f.available - f.width)}px`);
}

describe('Security hub layout: every view fills the page (1440 and 1024 px, light and dark)', function () {
  this.timeout(300_000);
  let emulator: Emulator;
  let browser: Browser;
  let seeded: SeededHub;
  const pages: Opened[] = [];

  before(async function () {
    const missing = whyCannotRun();
    if (missing) {
      console.log(`    (skipped: ${missing})`);
      this.skip();
    }
    emulator = await startHubEmulator('services');
    seeded = await seedHub(emulator, { largeFindings: 0 });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await emulator?.stop();
  });

  afterEach(async () => {
    for (const p of pages.splice(0)) {
      assert.deepEqual(p.errors, [], 'no console errors, page errors or alert() dialogs');
      await p.page.close();
    }
  });

  async function open(width: number, params: Record<string, unknown>, deepLink: Record<string, string> = {}, page = '/hub/hub.html'): Promise<Opened> {
    const p = await browser.newPage({ viewport: { width, height: 900 } });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    p.on('console', (m) => {
      // The browser asks the host page for its icon by itself; the hub asked for nothing.
      if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) errors.push(`console error: ${m.text()} (${m.location().url})`);
    });
    p.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    let url = emulator.hostUrl({ page, contribution: page === '/hub/hub.html' ? CONTRIBUTION : TAB_CONTRIBUTION, ...params });
    for (const [k, v] of Object.entries(deepLink)) url += `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
    await p.goto(url);
    const element = await p.waitForSelector('iframe[title="Extension content"]');
    const frame = await element.contentFrame();
    assert.ok(frame);
    await frame.waitForSelector('.palisade-hub', WAIT);
    const opened = { page: p, frame, errors };
    pages.push(opened);
    return opened;
  }

  /** The page at each width in turn: resized in place, so each view loads once per theme. */
  async function atEachWidth(page: Page, check: (width: number) => Promise<void>): Promise<void> {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await check(width);
    }
  }

  for (const theme of THEMES) {
    it(`${theme}, ${WIDTHS.join(' and ')} px: overview, findings, empty states, scans, settings and the build tab fill the width`, async () => {
      const checks: Array<{ name: string; deepLink: Record<string, string>; selector: string; ready?: (frame: Frame) => Promise<void> }> = [
        { name: 'overview', deepLink: {}, selector: '.palisade-overview > .palisade-table-card', ready: (f) => f.waitForSelector('.palisade-repos-table', WAIT).then(() => undefined) },
        { name: 'findings', deepLink: { repo: seeded.repos.webShop, tab: 'findings' }, selector: '.palisade-findings .palisade-table-card' },
        {
          name: 'findings-no-match',
          deepLink: { repo: seeded.repos.webShop, tab: 'findings' },
          selector: '.palisade-findings .palisade-empty',
          ready: async (f) => {
            await f.waitForSelector('.palisade-findings-table', WAIT);
            await f.fill('.palisade-filter-bar input', 'nothing-matches-this-text');
          },
        },
        { name: 'findings-never-scanned', deepLink: { repo: seeded.repos.docs, tab: 'findings' }, selector: '.palisade-findings .palisade-empty' },
        { name: 'scans', deepLink: { repo: seeded.repos.webShop, tab: 'scans' }, selector: '.palisade-scans .palisade-table-card' },
        { name: 'scans-none', deepLink: { repo: seeded.repos.docs, tab: 'scans' }, selector: '.palisade-scans .palisade-empty' },
        { name: 'settings', deepLink: { tab: 'settings' }, selector: '.palisade-settings > .bolt-card' },
      ];
      for (const c of checks) {
        const { page, frame } = await open(WIDTHS[0], { theme }, c.deepLink);
        if (theme === 'dark') {
          const bg = await frame.evaluate<string>('getComputedStyle(document.body).backgroundColor');
          const [r, g, b] = (bg.match(/\d+/g) ?? []).map(Number);
          assert.ok(r + g + b < 200, `${c.name}: dark background, got ${bg}`);
        }
        await c.ready?.(frame);
        await atEachWidth(page, async (width) => {
          assertFills(await fillOf(frame, c.selector), `${theme} ${width}px ${c.name}`);
          if (c.name === 'settings') {
            // Every card of the tab, not just the first.
            const widths = await frame.$$eval('.palisade-settings > .bolt-card', (els) => els.map((e) => e.getBoundingClientRect().width));
            assert.ok(widths.length >= 2 && widths.every((w) => Math.abs(w - widths[0]) < 2), `settings cards: ${widths.join(', ')}`);
          }
          await screenshot(page, `layout-${theme}-${width}-${c.name}`);
        });
      }
      for (const [name, buildId] of [['build-tab-pr', seeded.builds.webShopPr], ['build-tab-main', seeded.builds.webShopMain]] as const) {
        const { page, frame } = await open(WIDTHS[0], { theme, config: { buildId } }, {}, '/hub/build-tab.html');
        await frame.waitForSelector('.palisade-build-tab', WAIT);
        await atEachWidth(page, async (width) => {
          assertFills(await fillOf(frame, '.palisade-build-tab-scan'), `${theme} ${width}px ${name}`);
          assertFills(await fillOf(frame, '.palisade-build-tab-findings'), `${theme} ${width}px ${name} findings`);
          await screenshot(page, `layout-${theme}-${width}-${name}`);
        });
      }
    });
  }

  it('opens the Scans tab on the repository scanned most recently', async () => {
    const { frame } = await open(1440, {}, { tab: 'scans' });
    await frame.waitForSelector('.palisade-scans-table', WAIT);
    const picked = await frame.locator('.palisade-scans .palisade-repo-picker input, .palisade-scans .palisade-repo-picker button').first().evaluate((e) => (e as unknown as { value?: string; textContent: string | null }).value || e.textContent);
    // web-shop's pull request build (2025-01-10 11:30) is the project's newest scan.
    assert.match(picked ?? '', /web-shop/);
  });

  it('gives the overview\'s first Tab stop to the table, not to its column headers', async () => {
    const { page, frame } = await open(1440, {});
    await frame.waitForSelector('.palisade-repos-table .bolt-table-row', WAIT);
    await frame.locator('body').click({ position: { x: 5, y: 5 } });
    // Tab through the page until focus enters the table.
    const stops: string[] = [];
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      const where = await frame.evaluate<string>(`(() => {
        const a = document.activeElement;
        if (!a) return 'none';
        if (a.closest('.palisade-repos-table thead')) return 'header:' + (a.textContent || '').trim();
        if (a.closest('.palisade-repos-table tbody') || a.matches('.palisade-repos-table')) return 'table';
        return a.tagName.toLowerCase() + '.' + a.className;
      })()`);
      stops.push(where);
      if (where === 'table' || where.startsWith('header:')) break;
    }
    assert.equal(stops[stops.length - 1], 'table', `Tab stops: ${stops.join(' | ')}`);
    // From the table, arrows reach the rows (past the select-all box an admin has).
    let inRows = false;
    for (let i = 0; i < 3 && !inRows; i++) {
      await page.keyboard.press('ArrowDown');
      inRows = await frame.evaluate<boolean>(`!!document.activeElement.closest('.palisade-repos-table tbody')`);
    }
    assert.ok(inRows, 'ArrowDown moves into the rows');
  });

  it('shows a reader no bulk selection, and a repository disabled in Repos with its switch off and unavailable', async () => {
    const archived = emulator.store.data.repositories.find((r) => r.id === seeded.repos.archived);
    assert.ok(archived, 'the seeded archived-tools repository');
    archived.isDisabled = true;
    try {
      const reader = await open(1440, { user: 'reader' });
      await reader.frame.waitForSelector('.palisade-repos-table .bolt-table-row', WAIT);
      assert.equal(await reader.frame.locator('.palisade-bulk-actions, .palisade-selected-count').count(), 0, 'no bulk actions or selection prompt for a reader');
      assert.equal(await reader.frame.locator('.palisade-repos-table thead [role="checkbox"], .palisade-repos-table .bolt-list-cell-selection').count(), 0, 'no selection column');

      const admin = await open(1440, {});
      const row = admin.frame.locator('.palisade-repos-table .bolt-table-row', { hasText: 'archived-tools' });
      await row.waitFor(WAIT);
      const toggle = row.locator('.palisade-scan-toggle[aria-checked], .palisade-scan-toggle [aria-checked]').first();
      assert.equal(await toggle.getAttribute('aria-checked'), 'false', 'the switch is off');
      assert.equal(await toggle.getAttribute('aria-disabled'), 'true', 'and unavailable');
      assert.match((await row.textContent()) ?? '', /Disabled in Repos/);
      assert.ok(await admin.frame.locator('.palisade-bulk-actions').count(), 'an admin has the bulk actions');
    } finally {
      archived.isDisabled = false;
    }
  });

  it('moves Tab from the chosen dismiss reason to the comment field', async () => {
    const { page, frame } = await open(1440, {}, { repo: seeded.repos.webShop, tab: 'findings', finding: seeded.secretFingerprint });
    const panel = frame.locator('.palisade-finding-panel');
    await panel.waitFor(WAIT);
    const reason = panel.locator('.palisade-dismiss-reason');
    await reason.click();
    await frame.getByRole('option', { name: 'False positive' }).click();
    await page.keyboard.press('Tab');
    const focused = await frame.evaluate<string>(`(() => { const a = document.activeElement; return a ? a.tagName.toLowerCase() + ':' + (a.getAttribute('aria-label') || '') : 'none'; })()`);
    assert.equal(focused, 'textarea:Triage comment');
  });

  it('says what the summary line counts', async () => {
    const { frame } = await open(1440, {});
    // Waited for by selector, not by a string predicate: Playwright polls a string with eval()
    // in the page, which the hub's CSP (script-src 'self') refuses whenever the first check fails.
    // The summary must exist first: before the repositories load there is neither a loading line
    // nor a chip, and "loading detached" alone would pass at once and read no chips (a CI flake).
    await frame.waitForSelector('.palisade-coverage-summary', WAIT);
    await frame.waitForSelector('.palisade-coverage-loading', { ...WAIT, state: 'detached' });
    await frame.locator('.palisade-coverage-chip', { hasText: /open findings?$/ }).first().waitFor(WAIT);
    const chips = await frame.$$eval('.palisade-coverage-chip', (els) => els.map((e) => e.textContent));
    assert.ok(chips.some((c) => /^\d+ repositor(y|ies) with open findings$/.test(c ?? '')), chips.join(' | '));
    assert.ok(chips.some((c) => /^\d+ open findings?$/.test(c ?? '')), chips.join(' | '));
  });
});
