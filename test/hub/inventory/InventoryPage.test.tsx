/**
 * Organization settings > Palisade inventory (hub/inventory/InventoryPage.tsx) against an
 * organization in memory (a scripted fetch under the page's throttled client): discovery
 * progress, projects and repositories with coverage, filters and sorting, bulk enablement where
 * allowed, the gate, and onboarding's plan shown before anything is created.
 */
import assert from 'node:assert/strict';
import * as React from 'react';
import { act } from 'react-dom/test-utils';
import { parseSettingsProperty } from '../../../tasks/contract/projectSettings';
import type { CheckpointStore, DiscoveryCheckpoint } from '../../../hub/inventory/data/discovery';
import { InventoryPage } from '../../../hub/inventory/InventoryPage';
import { ThrottledClient } from '../../../hub/shared/sdk/throttledClient';
import { scripted, type Sent } from '../scriptedFetch';
import { byText, click, mount, text, type, unmountAll, waitFor } from '../components/render';

const user = { id: 'u-admin', displayName: 'Avery Admin' };

class MemoryStore implements CheckpointStore {
  value?: DiscoveryCheckpoint;
  load() {
    return this.value;
  }
  save(c: DiscoveryCheckpoint) {
    this.value = c;
  }
  clear() {
    this.value = undefined;
  }
}

/** Two projects; the user manages Alpha only. Alpha's api has a pipeline, web has none, old is disabled in Repos. */
function organisation(options: { failProjects?: boolean } = {}) {
  const writes: Sent[] = [];
  const { sent, fetchFn } = scripted((req) => {
    const url = new URL(req.url);
    const path = url.pathname.replace(/^\/org\//, '');
    if (req.method !== 'GET') {
      writes.push(req);
      if (path.endsWith('/_apis/policy/configurations')) return { body: { id: 77, ...JSON.parse(req.body ?? '{}') } };
      return { body: {} };
    }
    if (path === '_apis/projects') return options.failProjects ? { status: 401, body: { message: 'TF400813: not authorized' } } : { body: { value: [{ id: 'p1', name: 'Alpha' }, { id: 'p2', name: 'Beta' }] } };
    if (path.startsWith('_apis/permissions/')) return { body: { value: [true, false] } };
    if (path === 'p1/_apis/git/repositories') return { body: { value: [{ id: 'r-web', name: 'web', defaultBranch: 'refs/heads/main' }, { id: 'r-api', name: 'api', defaultBranch: 'refs/heads/main' }, { id: 'r-old', name: 'old', isDisabled: true }] } };
    if (path === 'p2/_apis/git/repositories') return { body: { value: [{ id: 'r-docs', name: 'docs', defaultBranch: 'refs/heads/main' }] } };
    if (path.endsWith('/properties')) return { body: { value: [] } };
    if (path === 'p1/_apis/build/definitions') return { body: { value: [{ id: 1, repository: { id: 'r-api', type: 'TfsGit' } }] } };
    if (path.endsWith('/_apis/build/definitions') || path.endsWith('/_apis/build/builds') || path.endsWith('/_apis/policy/configurations')) return { body: { value: [] } };
    return { status: 404, body: { message: `unexpected ${req.method} ${path}` } };
  });
  const client = new ThrottledClient('https://dev.azure.com/org', async () => 'Bearer t', { concurrency: 2, sleep: async () => undefined }, fetchFn);
  return { client, sent, writes };
}

const rowOf = (name: string) => [...document.querySelectorAll<HTMLElement>('.palisade-inventory-table tbody tr')].find((r) => r.children[1]?.textContent === name);
const names = () => [...document.querySelectorAll<HTMLElement>('.palisade-inventory-table tbody tr')].map((r) => r.children[1]?.textContent);

async function page(org = organisation()) {
  const store = new MemoryStore();
  const m = mount(<InventoryPage client={org.client} store={store} user={user} />);
  await waitFor(() => text(m.container).includes('Done: 2 projects, 4 repositories'), 'discovery');
  return { ...m, ...org, store };
}

describe('hub components: inventory page', () => {
  afterEach(() => unmountAll());

  it('discovers every project and repository the user can see, with coverage, most in need first', async () => {
    const p = await page();
    assert.match(text(p.container), /Alpha: 3 repositories/);
    assert.match(text(p.container), /Beta: 1 repositories/);
    assert.ok(text(p.container).includes("you cannot change this project's settings"), 'Beta is not the user\'s to change');
    assert.equal(rowOf('web')?.children[2].textContent, 'No pipeline');
    assert.equal(rowOf('api')?.children[2].textContent, 'Enabled, never scanned (!)', 'flagged');
    assert.match(rowOf('api')?.children[2].getAttribute('title') ?? '', /Managed scanning is off here/, 'and the warning says why');
    assert.equal(rowOf('api')?.children[3].textContent, 'never');
    assert.deepEqual(names(), ['old', 'web', 'docs', 'api'], 'no pipeline first, then by project and name');
    assert.equal(rowOf('api')?.querySelector('button')?.textContent, 'Add gate');
    assert.match(text(p.container), /Repositories without a pipeline \(2\)/);
    assert.ok(p.store.value, 'the checkpoint is kept');
  });

  it('filters by text and by coverage, and sorts by a column', async () => {
    const p = await page();
    type(p.container.querySelector<HTMLInputElement>('input[aria-label="Filter"]')!, 'BETA');
    assert.deepEqual(names(), ['docs']);
    type(p.container.querySelector<HTMLInputElement>('input[aria-label="Filter"]')!, '');
    const select = p.container.querySelector<HTMLSelectElement>('select[aria-label="Coverage"]')!;
    act(() => {
      select.value = 'enabledNeverScanned';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    assert.deepEqual(names(), ['api']);
    act(() => {
      select.value = '';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    click(byText('Repository', 'button', p.container)!);
    assert.deepEqual(names(), ['api', 'docs', 'old', 'web']);
    assert.equal(byText('Repository', 'button', p.container)!.closest('th')?.getAttribute('aria-sort'), 'ascending');
    click(byText('Repository', 'button', p.container)!);
    assert.deepEqual(names(), ['web', 'old', 'docs', 'api']);
  });

  it('enables managed scanning for a project the user manages, and discovers again', async () => {
    const p = await page();
    const alpha = [...p.container.querySelectorAll('li')].find((li) => li.textContent?.startsWith('Alpha'))!;
    const before = p.sent.length;
    click(byText('Enable: enforce', 'button', alpha)!);
    await waitFor(() => text(p.container).includes('Alpha: Managed scanning on (enforced) for every repository without its own setting.'), 'the result');
    const patch = p.writes.find((w) => w.method === 'PATCH')!;
    assert.equal(new URL(patch.url).pathname, '/org/_apis/projects/p1/properties');
    const [op] = JSON.parse(patch.body ?? '[]') as { value: string }[];
    assert.equal(parseSettingsProperty(op.value, 'x').settings.managedScan, 'enforce');
    await waitFor(() => p.sent.slice(before).some((s) => s.method === 'GET' && new URL(s.url).pathname === '/org/_apis/projects'), 'a new discovery');
  });

  it('adds the gate to a repository with a default branch', async () => {
    const p = await page();
    click(rowOf('api')!.querySelector('button')!);
    await waitFor(() => text(p.container).includes('api: status check added.'), 'the result');
    const post = p.writes.find((w) => w.method === 'POST')!;
    assert.equal(new URL(post.url).pathname, '/org/p1/_apis/policy/configurations');
    const body = JSON.parse(post.body ?? '{}');
    assert.equal(body.isBlocking, true);
    assert.ok(JSON.stringify(body).includes('r-api'));
  });

  it('shows the onboarding plan before creating anything, and Cancel creates nothing', async () => {
    const p = await page();
    click(byText('Plan onboarding', 'button', p.container)!);
    const plan = await waitFor(() => p.container.querySelector<HTMLElement>('[aria-label="Onboarding plan"]'), 'the plan');
    assert.ok(text(plan).includes('Nothing has been created yet.'));
    assert.ok(text(plan).includes('web'));
    click(byText('Cancel', 'button', plan)!);
    assert.equal(p.container.querySelector('[aria-label="Onboarding plan"]'), null);
    assert.equal(p.writes.length, 0);
  });

  it('says why discovery stopped', async () => {
    const org = organisation({ failProjects: true });
    const { container } = mount(<InventoryPage client={org.client} store={new MemoryStore()} user={user} />);
    const alert = await waitFor(() => container.querySelector<HTMLElement>('[role="alert"]'), 'the alert');
    assert.match(text(alert), /^Discovery stopped: .*TF400813: not authorized\. What was found is kept; "Continue" resumes\.$/);
  });
});
