/**
 * The Organization settings page "Palisade inventory", built (dist/hub/inventory.html) and run
 * in Chromium inside the emulator's host page with each user's token: it discovers what the user
 * may see, and onboarding shows its plan before creating anything.
 */
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { EXTENSION_ID, PUBLISHER_ID } from '../../tasks/contract/extension';
import type { Emulator } from '../emulator/index';
import { hubFrame, launchBrowser, screenshot, startHubEmulator, whyCannotRun } from '../hub/e2e/hubBrowser';

const CONTRIBUTION = `${PUBLISHER_ID}.${EXTENSION_ID}.palisade-inventory`;

describe('Browser: Palisade inventory (Organization settings)', function () {
  this.timeout(180_000);
  let emulator: Emulator | undefined;
  let browser: Browser | undefined;

  before(async function () {
    const why = whyCannotRun();
    if (why) this.skip();
    emulator = await startHubEmulator();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await emulator?.stop();
  });

  async function open(user: string) {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(emulator!.hostUrl({ page: '/hub/inventory.html', contribution: CONTRIBUTION, user }));
    const frame = await hubFrame(page);
    await frame.waitForSelector('text=Done:', { timeout: 60_000 });
    return { page, frame, errors };
  }

  it('lists what each user may see and shows the onboarding plan before creating it', async () => {
    const admin = await open('admin');
    const rows = await admin.frame.$$eval('table.palisade-inventory-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent?.trim())));
    assert.equal(rows.length, 5, JSON.stringify(rows));
    assert.ok(rows.some((r) => r[1] === 'old-portal' && r[2] === 'No pipeline'), JSON.stringify(rows));
    const before = emulator!.store.data.pullRequests.length;
    await admin.frame.click('text=Plan onboarding');
    await admin.frame.waitForSelector('text=Nothing has been created yet');
    assert.match(await admin.frame.innerText('[aria-label="Onboarding plan"]'), /task: PalisadeScan@1/);
    assert.equal(emulator!.store.data.pullRequests.length, before, 'the plan created nothing');
    await screenshot(admin.page, 'inventory-onboarding-plan');
    await admin.frame.click('[aria-label="Onboarding plan"] button:text-is("Create")');
    await admin.frame.waitForSelector('[aria-label="Results"]', { timeout: 60_000 });
    const results = await admin.frame.innerText('[aria-label="Results"]');
    assert.match(results, /old-portal: Pull request \d+ opened/, results);
    assert.equal(emulator!.store.data.pullRequests.length, before + 1);
    assert.deepEqual(admin.errors, []);

    const outsider = await open('outsider');
    const theirs = await outsider.frame.$$eval('table.palisade-inventory-table tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent?.trim()));
    assert.deepEqual(theirs, ['old-portal']);
    assert.match(await outsider.frame.innerText('[aria-label="Projects"]'), /you cannot change this project's settings/);
  });
});
