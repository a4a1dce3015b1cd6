/**
 * Harness for the Security hub's browser tests: the emulator (with the hub's dist/ mounted and
 * seeded data), headless Chromium, and helpers to open the hub inside the emulator's host page
 * and reach into its iframe.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/paths';
import { startEmulator, type Emulator, type HostUrlParams, type ServerVersion } from '../../emulator';
import { ensureHostBundle } from '../../emulator/hostBundle';
import { EXTENSION_ID, HUB_CONTRIBUTION_ID, PUBLISHER_ID } from '../../../tasks/contract/extension';

export const HUB_DIST = join(REPO_ROOT, 'dist', 'hub');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-output', 'hub');
export const CHROMIUM = process.env.PALISADE_CHROMIUM ?? '/usr/bin/chromium';
export const CONTRIBUTION = `${PUBLISHER_ID}.${EXTENSION_ID}.${HUB_CONTRIBUTION_ID}`;

export function whyCannotRun(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (install the Debian chromium package)`;
  if (!existsSync(join(HUB_DIST, 'hub.html'))) return 'the hub is not built: run `npx webpack --env part=hub` first';
  return undefined;
}

/** The Azure DevOps the browser tests run against: the cloud service, and Server 2022 (REST up to 7.0). */
export const SERVERS: readonly ServerVersion[] = ['services', '2022'];

export async function startHubEmulator(serverVersion: ServerVersion = 'services'): Promise<Emulator> {
  await ensureHostBundle();
  return startEmulator({ staticMounts: { '/hub/': HUB_DIST }, faultsFromEnv: false, defaultContribution: CONTRIBUTION, serverVersion });
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface OpenHub {
  page: Page;
  frame: Frame;
}

/** Opens the host page embedding the hub; extra query parameters are the hub's deep link. */
export async function openHub(browser: Browser | BrowserContext, emulator: Emulator, params: HostUrlParams = {}, deepLink: Record<string, string> = {}): Promise<OpenHub> {
  // A context keeps its localStorage between pages (the browser cache); a browser starts fresh each time.
  const page = 'contexts' in browser ? await browser.newPage({ viewport: { width: 1400, height: 900 } }) : await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    // An alert() would mean scanned text ran as script: record it and fail the XSS test.
    errors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  (page as Page & { hubErrors?: string[] }).hubErrors = errors;
  let url = emulator.hostUrl({ page: '/hub/hub.html', contribution: CONTRIBUTION, ...params });
  for (const [k, v] of Object.entries(deepLink)) url += `&${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
  await page.goto(url);
  const frame = await hubFrame(page);
  await frame.waitForSelector('.palisade-hub');
  return { page, frame };
}

export async function hubFrame(page: Page): Promise<Frame> {
  const element = await page.waitForSelector('iframe[title="Extension content"]');
  const frame = await element.contentFrame();
  if (!frame) throw new Error('the hub iframe has no frame');
  return frame;
}

export function pageErrors(page: Page): string[] {
  return (page as Page & { hubErrors?: string[] }).hubErrors ?? [];
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** A project's properties, straight from the emulator's state (what Azure DevOps stored). */
export function projectProperties(emulator: Emulator, projectId: string): Record<string, unknown> {
  return emulator.store.data.projects.find((p) => p.id === projectId)?.properties ?? {};
}
