/**
 * The emulator's host page in Chromium: it embeds the sample extension page from another
 * origin, completes the SDK handshake, and serves the SDK's services; the page writes and reads
 * extension data through the SDK's data service, and calls REST across origins.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { ensureHostBundle } from '../emulator/hostBundle';
import { startEmulator, type Emulator } from '../emulator/index';

const CHROMIUM = process.env.PALISADE_CHROMIUM ?? '/usr/bin/chromium';
const SAMPLE = '/_sample/sample-page.html';

interface SampleWindow {
  __sample: {
    SDK: {
      getService<T>(id: string): Promise<T>;
      getAccessToken(): Promise<string>;
      getAppToken(): Promise<string>;
      getExtensionContext(): { id: string };
      resize(width?: number, height?: number): void;
      notifyLoadFailed(e: string): Promise<void>;
    };
    done: Promise<Array<{ name: string; ok: boolean; detail: string }>>;
  };
}

interface DataManager {
  createDocument(collection: string, doc: object, options?: object): Promise<{ __etag: number }>;
  getDocument(collection: string, id: string, options?: object): Promise<Record<string, unknown>>;
  getDocuments(collection: string, options?: object): Promise<unknown[]>;
  updateDocument(collection: string, doc: object, options?: object): Promise<{ __etag: number }>;
  setDocument(collection: string, doc: object, options?: object): Promise<{ __etag: number }>;
  getValue(key: string, options?: object): Promise<unknown>;
  setValue(key: string, value: unknown, options?: object): Promise<unknown>;
}

interface HostWindow {
  __emulatorHost: { events: Array<{ type: string; detail?: unknown }>; state: { loaded: boolean; failed?: string } };
}

describe('emulator host page in Chromium', function () {
  this.timeout(120_000);
  let emulator: Emulator;
  let browser: Browser;

  before(async function () {
    if (!existsSync(CHROMIUM)) {
      process.stdout.write(`      [skipped: ${CHROMIUM} is not installed]\n`);
      this.skip();
    }
    await ensureHostBundle();
    emulator = await startEmulator({ faultsFromEnv: false });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  after(async () => {
    await browser?.close();
    await emulator?.stop();
  });

  beforeEach(() => {
    emulator?.store.reset();
    emulator?.requestLog.clear();
  });

  async function openSample(params: { theme?: 'light' | 'dark'; user?: string } = {}): Promise<{ page: Page; frame: Frame }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(emulator.hostUrl({ page: SAMPLE, ...params }));
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    assert.ok(frame, 'the host page embeds the extension page');
    const checks = await frame.evaluate(() => (window as unknown as SampleWindow).__sample.done);
    assert.ok(checks.every((c) => c.ok), JSON.stringify(checks));
    assert.deepEqual(errors, []);
    return { page, frame };
  }

  it('completes the handshake and serves the data service, the project and REST across origins', async () => {
    const page = await browser.newPage();
    await page.goto(emulator.hostUrl({ page: SAMPLE, user: 'admin' }));
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    assert.ok(frame);
    const checks = await frame.evaluate(() => (window as unknown as SampleWindow).__sample.done);
    assert.deepEqual(checks.map((c) => [c.name, c.ok]), [
      ['handshake', true], ['project', true], ['extension data', true], ['git repositories (REST across origins)', true],
    ], JSON.stringify(checks));
    assert.match(checks[0].detail, /^Avery Admin in palisade-demo/);
    assert.equal(checks[1].detail, 'Palisade Demo');

    const hostEvents = await page.evaluate(() => (window as unknown as HostWindow).__emulatorHost.events.map((e) => e.type));
    assert.deepEqual(hostEvents.slice(0, 1), ['handshake']);
    assert.ok(hostEvents.includes('loaded'), 'notifyLoadSucceeded reached the host');

    const stored = emulator.store.data.extensionData.find((c) => c.collectionName === 'emulator-sample');
    assert.deepEqual([stored?.scopeType, stored?.scopeValue, stored?.documents[0].by], ['User', emulator.store.identity('admin').id, 'Avery Admin']);
    const rest = emulator.requestLog.filter('git.repositories.list')[0];
    assert.equal(rest.dialect, 'browser');
    assert.equal(rest.identity, 'admin');
    assert.equal(rest.origin, emulator.contentUrl, 'called from the extension origin, allowed by CORS');
    await page.close();
  });

  it('writes then reads documents through the SDK data manager, with etag rules and settings', async () => {
    const { page, frame } = await openSample();
    const result = await frame.evaluate(async () => {
      const { SDK } = (window as unknown as SampleWindow).__sample;
      const service = await SDK.getService<{ getExtensionDataManager(id: string, token: string): Promise<DataManager> }>(
        'ms.vss-features.extension-data-service');
      const manager = await service.getExtensionDataManager(SDK.getExtensionContext().id, await SDK.getAccessToken());
      const created = await manager.createDocument('triage-repo-1', { id: 't-abc', state: 'dismissed', reason: 'test code' });
      const read = await manager.getDocument('triage-repo-1', 't-abc');
      const stale = await manager.updateDocument('triage-repo-1', { id: 't-abc', state: 'open', __etag: 0 }).then(
        () => 'accepted', (e: { status?: number }) => e.status);
      const updated = await manager.updateDocument('triage-repo-1', { ...read, state: 'open' });
      const missing = await manager.getDocument('triage-repo-1', 'nope').then(() => 'found', (e: { status?: number }) => e.status);
      const empty = await manager.getDocuments('never-written');
      await manager.setValue('columns', ['severity', 'rule'], { scopeType: 'User' });
      const columns = await manager.getValue('columns', { scopeType: 'User' });
      const fallback = await manager.getValue('absent', { defaultValue: 'default' });
      return { created: created.__etag, read, stale, updated: updated.__etag, missing, empty, columns, fallback };
    });
    assert.deepEqual(result, {
      created: 1,
      read: { id: 't-abc', state: 'dismissed', reason: 'test code', __etag: 1 },
      stale: 400,
      updated: 2,
      missing: 404,
      empty: [],
      columns: ['severity', 'rule'],
      fallback: 'default',
    });
    const stored = emulator.store.data.extensionData.find((c) => c.collectionName === 'triage-repo-1')?.documents[0];
    assert.deepEqual(stored, { id: 't-abc', state: 'open', reason: 'test code', __etag: 2 });
    await page.close();
  });

  it('signs in the identity named in the URL: a reader writes Default-scope documents too (no permission check, as in the service)', async () => {
    const { page, frame } = await openSample({ user: 'reader' });
    const outcome = await frame.evaluate(async () => {
      const { SDK } = (window as unknown as SampleWindow).__sample;
      const service = await SDK.getService<{ getExtensionDataManager(id: string, token: string): Promise<DataManager> }>(
        'ms.vss-features.extension-data-service');
      const manager = await service.getExtensionDataManager(SDK.getExtensionContext().id, await SDK.getAccessToken());
      const shared = await manager.setDocument('settings-x', { id: 'defaults' }).then(() => 'written', (e: { status?: number; message?: string }) => [e.status, e.message]);
      const own = await manager.setDocument('prefs', { id: 'mine' }, { scopeType: 'User' }).then((d) => d.__etag);
      return { shared, own };
    });
    assert.equal(outcome.shared, 'written');
    assert.equal(outcome.own, 1);
    const own = emulator.store.data.extensionData.find((c) => c.collectionName === 'prefs');
    assert.equal(own?.scopeValue, emulator.store.data.identities.find((i) => i.key === 'reader')?.id, 'User/Me is the reader\'s own');
    assert.equal(await page.locator('select[aria-label="Signed-in user"]').inputValue(), 'reader');
    await page.close();
  });

  it('applies the theme from the URL and passes a live theme switch to the extension', async () => {
    const { page, frame } = await openSample({ theme: 'dark' });
    const background = () => frame.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--background-color').trim());
    assert.equal(await background(), 'rgba(30, 30, 30, 1)');
    await page.getByRole('button', { name: 'Switch theme' }).click();
    await frame.waitForFunction(() => getComputedStyle(document.documentElement).getPropertyValue('--background-color').trim() === 'rgba(255, 255, 255, 1)');
    assert.match(page.url(), /theme=light/);
    await page.close();
  });

  it('serves navigation, global messages, resize and load failure to the extension', async () => {
    const { page, frame } = await openSample({ user: 'contributor' });
    const nav = await frame.evaluate(async () => {
      const { SDK } = (window as unknown as SampleWindow).__sample;
      const navigation = await SDK.getService<{
        setHash(h: string): void; getHash(): Promise<string>; onHashChanged(cb: (h: string) => void): void;
        getQueryParams(): Promise<Record<string, string>>; setQueryParams(p: Record<string, string>): void;
      }>('ms.vss-features.host-navigation-service');
      await navigation.setHash('repo=web-shop');
      const hash = await navigation.getHash();
      await navigation.setQueryParams({ severity: 'high' });
      const params = await navigation.getQueryParams();
      const changed = new Promise<string>((resolve) => navigation.onHashChanged(resolve));
      (window as unknown as { __changed: Promise<string> }).__changed = changed;
      const messages = await SDK.getService<{ addBanner(b: object): void }>('ms.vss-tfs-web.tfs-global-messages-service');
      await messages.addBanner({ message: 'Scanning is off for 2 repositories', level: 1 });
      SDK.resize(undefined, 420);
      const appToken = await SDK.getAppToken();
      return { hash, params, appToken };
    });
    const claims = JSON.parse(Buffer.from(nav.appToken.split('.')[1], 'base64url').toString('utf8')) as { nameid: string; aud: string };
    assert.deepEqual([claims.nameid, claims.aud], [emulator.store.identity('contributor').id, 'palisade-security.palisade']);
    assert.equal(nav.hash, 'repo=web-shop');
    assert.deepEqual(nav.params, { severity: 'high' }, 'the emulator\'s own URL parameters stay hidden');
    assert.match(page.url(), /#repo=web-shop$/);
    assert.match(page.url(), /severity=high/);

    await page.evaluate(() => { window.location.hash = 'finding=fp-1'; });
    assert.equal(await frame.evaluate(() => (window as unknown as { __changed: Promise<string> }).__changed), 'finding=fp-1');
    await page.getByText('Scanning is off for 2 repositories').waitFor();
    await page.waitForFunction(() => (window as unknown as HostWindow).__emulatorHost.events.some((e) => e.type === 'resize'));
    assert.equal(await page.locator('iframe').evaluate((f) => (f as HTMLIFrameElement).style.height), '420px');

    await frame.evaluate(() => (window as unknown as SampleWindow).__sample.SDK.notifyLoadFailed('no data'));
    await page.getByRole('alert').getByText('The extension failed to load: no data').waitFor();
    await page.close();
  });
});
