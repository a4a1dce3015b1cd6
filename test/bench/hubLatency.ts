/**
 * Hub figures at 10,000 findings, in headless Chromium against the emulator's host page (the
 * production hub bundle, as shipped): time to interactive (navigation start until the findings
 * table shows its rows and its count) and filter latency (typing a query until the table shows
 * its result).
 *
 *   node out/test/bench/hubLatency.js [--runs 3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hubFrame, HUB_DIST, launchBrowser, startHubEmulator, CONTRIBUTION, whyCannotRun } from '../hub/e2e/hubBrowser';
import { seedHub } from '../hub/e2e/hubSeed';
import { median } from './measure';
import { REPO_ROOT } from '../support/paths';

export interface HubLatencyResult {
  findings: number;
  interactiveMs: number[];
  filterMs: number[];
  medianInteractiveMs: number;
  medianFilterMs: number;
}

export async function measureHubLatency(runs = 3): Promise<HubLatencyResult | string> {
  const why = whyCannotRun();
  if (why) return why;
  // `npm test` leaves a development build in dist/hub (with source maps); users get the production one.
  if (!existsSync(join(HUB_DIST, 'hub.html')) || existsSync(join(HUB_DIST, 'hub.js.map'))) buildProductionHub();
  const emulator = await startHubEmulator();
  const browser = await launchBrowser();
  try {
    const seeded = await seedHub(emulator, { largeFindings: 10_000 });
    const total = seeded.largeFindingCount.toLocaleString('en-US');
    const interactiveMs: number[] = [];
    const filterMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const url = `${emulator.hostUrl({ page: '/hub/hub.html', contribution: CONTRIBUTION })}&repo=${seeded.repos.payments}&tab=findings`;
      const t0 = Date.now();
      await page.goto(url);
      const frame = await hubFrame(page);
      await frame.getByText(`of ${total} findings`, { exact: false }).waitFor({ timeout: 60_000 });
      await frame.locator('.palisade-findings-table tbody tr:not(.bolt-list-row-spacer)').first().waitFor({ timeout: 60_000 });
      interactiveMs.push(Date.now() - t0);

      const f0 = Date.now();
      await frame.fill('.palisade-filter-bar input', `number ${9000 + i} `);
      await frame.getByText(`Showing 1 of ${total} findings`).waitFor({ timeout: 60_000 });
      filterMs.push(Date.now() - f0);
      await page.close();
    }
    return { findings: seeded.largeFindingCount, interactiveMs, filterMs, medianInteractiveMs: median(interactiveMs), medianFilterMs: median(filterMs) };
  } finally {
    await browser.close();
    await emulator.stop();
  }
}

if (require.main === module) {
  const i = process.argv.indexOf('--runs');
  void measureHubLatency(i > 0 ? Number(process.argv[i + 1]) : 3).then((r) => {
    if (typeof r === 'string') {
      process.stdout.write(`hub figures not measured: ${r}\n`);
      return;
    }
    process.stdout.write(`hub with ${r.findings} findings: interactive median ${r.medianInteractiveMs} ms (${r.interactiveMs.join(', ')}), filter median ${r.medianFilterMs} ms (${r.filterMs.join(', ')})\n`);
  });
}

function buildProductionHub(): void {
  process.stderr.write('[bench] building the production hub bundle (dist/hub holds a development build or none)\n');
  const cli = require.resolve('webpack-cli/bin/cli.js', { paths: [REPO_ROOT] });
  execFileSync(process.execPath, [cli, '--mode', 'production', '--env', 'part=hub'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (existsSync(join(HUB_DIST, 'hub.js.map'))) throw new Error('dist/hub still holds a development build after the production build');
}
