/**
 * Screenshots for the Marketplace page (overview.md) and the README: the demo of `npm start`
 * (emulator, the packaged task's two builds of "storefront"), photographed in headless Chromium.
 *
 *   node out/test/demo/screenshots.js [--out images/screenshots]
 *
 * Needs dist/PalisadeScanV1 and dist/hub (npm run package, or npm start once) and Chromium
 * (/usr/bin/chromium, or PALISADE_CHROMIUM).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Frame, type Page } from 'playwright-core';
import { startEmulator } from '../emulator';
import { ensureHostBundle } from '../emulator/hostBundle';
import { REPO_ROOT } from '../support/paths';
import { BUILD_TAB_CONTRIBUTION_ID, EXTENSION_ID, HUB_CONTRIBUTION_ID, PUBLISHER_ID } from '../../tasks/contract/extension';
import { runDemoBuilds } from './demoBuilds';
import { DEMO, demoPullRequestId, demoSeed } from './demoRepo';

const CHROMIUM = process.env.PALISADE_CHROMIUM ?? '/usr/bin/chromium';
const HUB_DIST = join(REPO_ROOT, 'dist', 'hub');
const TASK = join(REPO_ROOT, 'dist', 'PalisadeScanV1', 'index.js');
const WAIT = { timeout: 20_000 };

async function hubFrame(page: Page): Promise<Frame> {
  const element = await page.waitForSelector('iframe[title="Extension content"]', WAIT);
  const frame = await element.contentFrame();
  if (!frame) throw new Error('the extension iframe has no frame');
  return frame;
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out');
  const outDir = resolve(i > 0 ? process.argv[i + 1] : join(REPO_ROOT, 'images', 'screenshots'));
  for (const [what, p] of [['Chromium', CHROMIUM], ['the hub (dist/hub)', join(HUB_DIST, 'hub.html')], ['the task (dist/PalisadeScanV1)', TASK]]) {
    if (!existsSync(p)) throw new Error(`${what} is missing: ${p}`);
  }
  mkdirSync(outDir, { recursive: true });
  await ensureHostBundle();
  const hubContribution = `${PUBLISHER_ID}.${EXTENSION_ID}.${HUB_CONTRIBUTION_ID}`;
  const emulator = await startEmulator({ seed: demoSeed(), staticMounts: { '/hub/': HUB_DIST }, faultsFromEnv: false, defaultContribution: hubContribution, checkHostAuthorization: false });
  const work = mkdtempSync(join(tmpdir(), 'palisade-shots-'));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const written: string[] = [];
  try {
    const prId = demoPullRequestId();
    const [, prRun] = await runDemoBuilds({ emulator, taskEntry: TASK, workDir: join(work, 'agent'), pullRequestId: prId });
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
    const shoot = async (name: string) => {
      await page.waitForTimeout(400); // fonts and the last layout pass
      const file = join(outDir, `${name}.png`);
      await page.screenshot({ path: file });
      written.push(file);
    };
    const open = async (extra: string, params: Parameters<typeof emulator.hostUrl>[0] = {}) => {
      await page.goto(`${emulator.hostUrl({ page: '/hub/hub.html', contribution: hubContribution, ...params })}${extra}`);
      const frame = await hubFrame(page);
      await frame.waitForSelector('.palisade-hub', WAIT);
      return frame;
    };

    let frame = await open('');
    await frame.waitForSelector('.palisade-repos-table', WAIT);
    await frame.getByText(DEMO.repository, { exact: true }).first().waitFor(WAIT);
    await shoot('hub-overview');

    frame = await open(`&repo=${DEMO.repository}&pr=${prId}`);
    await frame.waitForSelector('.palisade-findings-table', WAIT);
    await frame.locator('.palisade-findings-table').getByText('Stripe', { exact: false }).first().click();
    await frame.locator('.palisade-finding-panel .palisade-rule-help').first().waitFor(WAIT);
    await shoot('hub-findings');

    frame = await open(`&repo=${DEMO.repository}&tab=scans`);
    await frame.waitForSelector('.palisade-scans-table', WAIT);
    await frame.locator('.palisade-log-link').first().click();
    await frame.locator('.palisade-log-panel').getByText('Publishing to the Security hub', { exact: false }).first().waitFor(WAIT);
    await shoot('hub-scans');

    if (existsSync(join(HUB_DIST, 'build-tab.html'))) {
      const tab = `${PUBLISHER_ID}.${EXTENSION_ID}.${BUILD_TAB_CONTRIBUTION_ID}`;
      await page.goto(emulator.hostUrl({ page: '/hub/build-tab.html', contribution: tab, config: { buildId: Number(prRun.build.id) } }));
      const tabFrame = await hubFrame(page);
      await tabFrame.waitForSelector('.palisade-build-tab-findings', WAIT);
      await shoot('build-tab');
    }
  } finally {
    await browser.close();
    await emulator.stop();
    rmSync(work, { recursive: true, force: true });
  }
  for (const f of written) {
    const kb = statSync(f).size / 1024;
    process.stdout.write(`${f} (${kb.toFixed(0)} KB)${kb > 300 ? '  OVER 300 KB' : ''}\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`screenshots failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
