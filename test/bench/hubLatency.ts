/**
 * Hub figures in headless Chromium against the emulator's host page (the production hub bundle,
 * as shipped):
 * - at 10,000 findings: time to interactive (navigation start until the findings table shows its
 *   rows and its count) and filter latency (typing a query until the table shows its result);
 * - the overview of a project of 500 repositories, cold (a browser that never saw it) and warm
 *   (the same browser again, records' summaries cached): time until the table is usable, time
 *   until every row shows its scan, and the REST calls the emulator served, by kind.
 *
 *   node out/test/bench/hubLatency.js [--runs 3]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { Emulator } from '../emulator';
import { hubFrame, HUB_DIST, launchBrowser, startHubEmulator, CONTRIBUTION, whyCannotRun } from '../hub/e2e/hubBrowser';
import { seedHub, seedManyRepositories } from '../hub/e2e/hubSeed';
import { median } from './measure';
import { REPO_ROOT } from '../support/paths';

export interface HubLatencyResult {
  findings: number;
  interactiveMs: number[];
  filterMs: number[];
  medianInteractiveMs: number;
  medianFilterMs: number;
  overview?: OverviewFigures;
}

export interface OverviewLoad {
  /** Navigation start until the repositories table shows rows. */
  interactiveMs: number;
  /** Navigation start until every row shows its scan. */
  completeMs: number;
  /** REST calls served to the page (location look-ups included), by kind. */
  calls: Record<string, number>;
  totalCalls: number;
}

export interface OverviewFigures {
  repos: number;
  cold: OverviewLoad;
  warm: OverviewLoad;
}

/** Overview size the call counts are stated for (README, Security hub). */
export const OVERVIEW_REPOS = 500;

function callKind(route: string | undefined, method: string): string {
  if (method === 'OPTIONS' || /^location\./.test(route ?? '')) return 'location look-ups';
  if (route === 'build.builds.list') return 'build lists';
  if (route === 'build.artifacts.list') return 'artifact lists';
  if (/^containers\./.test(route ?? '')) return 'record reads';
  if (/^core\.projectProperties/.test(route ?? '')) return 'project properties';
  if (/^git\.repositories/.test(route ?? '')) return 'repositories';
  if (route === 'security.permissions.has') return 'permission checks';
  return route ?? 'other';
}

async function loadOverviewOnce(emulator: Emulator, context: Awaited<ReturnType<Browser['newContext']>>, repos: number): Promise<OverviewLoad> {
  const page = await context.newPage();
  const mark = emulator.requestLog.mark();
  const t0 = Date.now();
  await page.goto(emulator.hostUrl({ page: '/hub/hub.html', contribution: CONTRIBUTION }));
  const frame = await hubFrame(page);
  await frame.locator('.palisade-repos-table tr.bolt-table-row').first().waitFor({ timeout: 120_000 });
  const interactiveMs = Date.now() - t0;
  await frame.getByText(`${repos.toLocaleString('en-US')} repositories`, { exact: false }).waitFor({ timeout: 120_000 });
  await frame.getByText('Reading scans from builds', { exact: false }).waitFor({ state: 'detached', timeout: 300_000 });
  const completeMs = Date.now() - t0;
  const calls: Record<string, number> = {};
  for (const e of emulator.requestLog.since(mark)) {
    if (e.identity !== 'admin') continue;
    const kind = callKind(e.route, e.method);
    calls[kind] = (calls[kind] ?? 0) + 1;
  }
  await page.close();
  return { interactiveMs, completeMs, calls, totalCalls: Object.values(calls).reduce((n, v) => n + v, 0) };
}

/** The overview of a project with `repos` scanned repositories, cold then warm, in one browser profile. */
export async function measureOverview(browser: Browser, repos = OVERVIEW_REPOS): Promise<OverviewFigures> {
  const emulator = await startHubEmulator();
  try {
    await seedHub(emulator, { largeFindings: 0 });
    seedManyRepositories(emulator, repos - emulator.store.data.repositories.filter((r) => r.projectId === emulator.store.project('Palisade Demo').id).length);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const cold = await loadOverviewOnce(emulator, context, repos);
      const warm = await loadOverviewOnce(emulator, context, repos);
      return { repos, cold, warm };
    } finally {
      await context.close();
    }
  } finally {
    await emulator.stop();
  }
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
    const overview = await measureOverview(browser);
    return { findings: seeded.largeFindingCount, interactiveMs, filterMs, medianInteractiveMs: median(interactiveMs), medianFilterMs: median(filterMs), overview };
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
    if (r.overview) process.stdout.write(`${describeOverview(r.overview)}\n`);
  });
}

function buildProductionHub(): void {
  process.stderr.write('[bench] building the production hub bundle (dist/hub holds a development build or none)\n');
  const cli = require.resolve('webpack-cli/bin/cli.js', { paths: [REPO_ROOT] });
  execFileSync(process.execPath, [cli, '--mode', 'production', '--env', 'part=hub'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (existsSync(join(HUB_DIST, 'hub.js.map'))) throw new Error('dist/hub still holds a development build after the production build');
}

export function describeOverview(o: OverviewFigures): string {
  const line = (name: string, l: OverviewLoad) =>
    `  ${name}: table in ${l.interactiveMs} ms, every row in ${l.completeMs} ms, ${l.totalCalls} REST calls (${Object.entries(l.calls).map(([k, v]) => `${v} ${k}`).join(', ')})`;
  return [`hub overview of ${o.repos} repositories:`, line('cold', o.cold), line('warm', o.warm)].join('\n');
}
