/** The overview's table (hub/securityHub/overview/RepositoriesTable.tsx): a row per repository, sorting, links to findings and logs, and the scanning switch. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { ListSelection } from 'azure-devops-ui/List';
import { overviewRow, type RepoOverviewRow } from '../../../../hub/shared/data/coverage';
import type { ScanSummary } from '../../../../hub/shared/data/scanRecords';
import { RepositoriesTable } from '../../../../hub/securityHub/overview/RepositoriesTable';
import { inHub, type InHub } from '../../components/hubShared';
import { click, text, unmountAll } from '../../components/render';

const none = { critical: 0, high: 0, medium: 0, low: 0, note: 0 };
function scan(over: Partial<ScanSummary>): ScanSummary {
  return { buildId: 1, scanId: '1-1-job', artifactName: 'CodeAnalysisLogs', repoId: 'r', branch: 'main', trigger: 'branch', outcome: 'succeeded', counts: none, newFindings: 0, fixedFindings: 0, startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:01:00Z', durationMs: 1, history: 'derived', toolVersion: 't', honouredTriage: [], ...over } as ScanSummary;
}

const ROWS: RepoOverviewRow[] = [
  overviewRow({ id: 'r-b', name: 'beta', defaultBranch: 'refs/heads/main' }, { build: { id: 2 }, scan: scan({ scanId: '2-1-job', counts: { ...none, low: 3 }, finishedAt: '2025-01-03T00:00:00Z', outcome: 'failed' }) }),
  overviewRow({ id: 'r-a', name: 'alpha', defaultBranch: 'refs/heads/dev' }, { build: { id: 1 }, scan: scan({ counts: { ...none, critical: 1 }, finishedAt: '2025-01-01T00:00:00Z' }) }),
  overviewRow({ id: 'r-c', name: 'gamma', isDisabled: true }, { build: null }),
  overviewRow({ id: 'r-d', name: 'delta' }, { build: null }),
];

async function table(options: { canEdit?: boolean; canSelect?: boolean } = {}): Promise<InHub & { toggles: Array<[string, boolean]>; sorted: () => string[]; names: () => string[] }> {
  const toggles: Array<[string, boolean]> = [];
  let lastSorted: RepoOverviewRow[] = [];
  const hub = await inHub(
    <RepositoriesTable rows={ROWS} selection={new ListSelection({ multiSelect: true })} canEdit={options.canEdit ?? true} canSelect={options.canSelect ?? true} onSorted={(r) => (lastSorted = r)} onToggle={(id, on) => toggles.push([id, on])} />,
  );
  const names = () => [...document.querySelectorAll<HTMLElement>('.palisade-repo-link')].map((a) => text(a));
  return Object.assign(hub, { toggles, sorted: () => lastSorted.map((r) => r.repo.name), names });
}

function header(name: string): HTMLElement {
  const h = [...document.querySelectorAll<HTMLElement>('.palisade-repos-table th, .palisade-repos-table [role="columnheader"]')].find((e) => text(e).includes(name));
  assert.ok(h, `the ${name} header`);
  return h!.querySelector<HTMLElement>('[role="button"], button, .bolt-table-header-cell-content') ?? h!;
}

describe('hub components: repositories table', () => {
  afterEach(() => unmountAll());

  it('lists repositories by name, with their branch, coverage and findings, and reports the order', async () => {
    const t = await table();
    assert.deepEqual(t.names(), ['alpha', 'beta', 'delta', 'gamma']);
    assert.deepEqual(t.sorted(), ['alpha', 'beta', 'delta', 'gamma']);
    const body = text(document.querySelector<HTMLElement>('.palisade-repos-table')!);
    assert.ok(body.includes('dev'));
    assert.ok(body.includes('disabled in Repos'));
    assert.ok(body.includes('empty repository'));
    assert.ok(body.includes('1 Critical'));
  });

  it('sorts by a column when its header is clicked, and back', async () => {
    const t = await table();
    click(header('Open findings'));
    assert.deepEqual(t.sorted(), ['delta', 'gamma', 'beta', 'alpha'], 'ascending: none, then milder; ties by name');
    assert.deepEqual(t.names(), t.sorted(), 'the table shows that order');
    click(header('Open findings'));
    assert.deepEqual(t.sorted(), ['alpha', 'beta', 'delta', 'gamma'], 'descending: the critical one first');
  });

  it('opens a repository\'s findings and a scan\'s log through the URL', async () => {
    const t = await table();
    click([...document.querySelectorAll<HTMLElement>('.palisade-repo-link')].find((a) => text(a) === 'beta')!);
    assert.deepEqual(t.navigations.at(-1)?.change, { tab: 'findings', repo: 'r-b', pr: undefined, branch: undefined, finding: undefined });
    const rowOf = (name: string) => [...document.querySelectorAll<HTMLElement>('.palisade-repos-table tr, .palisade-repos-table [role="row"]')].find((r) => text(r).includes(name))!;
    click(rowOf('beta').querySelector<HTMLElement>('.palisade-log-link')!);
    assert.deepEqual(t.navigations.at(-1)?.change, { tab: 'scans', repo: 'r-b', scan: '2-1-job' });
  });

  it('switches scanning per row, never for a repository disabled in Repos, and says why', async () => {
    const t = await table();
    const toggleOf = (name: string) => document.querySelector<HTMLElement>(`[role="switch"][aria-label^="Scanning for ${name}"]`)!;
    click(toggleOf('alpha'));
    assert.deepEqual(t.toggles, [['r-a', false]]);
    const gamma = toggleOf('gamma');
    assert.equal(gamma.getAttribute('aria-disabled'), 'true');
    assert.equal(gamma.getAttribute('aria-label'), 'Scanning for gamma: unavailable, the repository is disabled in Repos');
    assert.equal(gamma.getAttribute('aria-checked'), 'false');
  });

  it('has no selection column and no working switch for read-only users', async () => {
    const t = await table({ canEdit: false, canSelect: false });
    assert.equal(document.querySelectorAll('.palisade-repos-table [role="checkbox"]').length, 0);
    const alpha = document.querySelector<HTMLElement>('[role="switch"][aria-label="Scanning for alpha"]')!;
    assert.equal(alpha.getAttribute('aria-disabled'), 'true');
    click(alpha);
    assert.deepEqual(t.toggles, []);
  });
});
