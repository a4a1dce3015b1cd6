/** The Scans tab (hub/securityHub/scans/ScansTab.tsx): the repository it opens on, each scan's row, and the empty and failed states. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { ScansTab } from '../../../../hub/securityHub/scans/ScansTab';
import { inHub } from '../../components/hubShared';
import { byText, click, text, unmountAll, waitFor } from '../../components/render';

describe('hub components: Scans tab', () => {
  afterEach(() => unmountAll());

  it('opens on the repository scanned most recently, replacing the route rather than adding history', async () => {
    const hub = await inHub(<ScansTab />, { route: { tab: 'scans' }, setup: (p) => void p.addScan({ buildId: 120, repoId: 'repo-docs', branch: 'main', finishedAt: '2025-02-01T00:00:00.000Z' }) });
    await waitFor(() => hub.navigations.length > 0, 'a choice of repository');
    assert.deepEqual(hub.navigations[0], { change: { repo: 'repo-docs' }, replace: true });
  });

  it('lists a repository\'s scans with outcome, counts, links to the build and its log', async () => {
    const hub = await inHub(<ScansTab />, { route: { tab: 'scans', repo: 'repo-web' } });
    const table = await waitFor(() => document.querySelector<HTMLElement>('.palisade-scans-table'), 'the scans table');
    await waitFor(() => table.querySelector('[data-outcome]'), 'the record summary');
    assert.equal(table.querySelector('[data-outcome]')?.getAttribute('data-outcome'), 'failed');
    assert.ok(text().includes('1 scan'));
    const buildLink = [...table.querySelectorAll<HTMLAnchorElement>('a')].find((a) => /_build\/results\?buildId=101/.test(a.href));
    assert.ok(buildLink, 'a link to the build');
    assert.equal(buildLink?.getAttribute('rel'), 'noopener noreferrer');
    click(table.querySelector<HTMLElement>('.palisade-log-link')!);
    assert.deepEqual(hub.navigations.at(-1), { change: { scan: '101-1-job' }, replace: false });
  });

  it('says a repository has no scans, and leads to the setup', async () => {
    const hub = await inHub(<ScansTab />, { route: { tab: 'scans', repo: 'repo-docs' } });
    await waitFor(() => text().includes('No build of docs-site carries a Palisade scan'), 'the empty state');
    click(await waitFor(() => byText('How to set up scanning', 'button'), 'the setup action'));
    assert.deepEqual(hub.navigations.at(-1), { change: { tab: 'settings' }, replace: false });
  });

  it('says when no repository of the project was ever scanned', async () => {
    const hub = await inHub(<ScansTab />, { route: { tab: 'scans' }, repos: [{ id: 'r-new', name: 'new-repo', defaultBranch: 'refs/heads/main' }] });
    await waitFor(() => text().includes('No build of this project carries a Palisade scan'), 'the empty state');
    assert.equal(hub.navigations.length, 0);
  });

  it('shows why a scan\'s record cannot be read on its row', async () => {
    await inHub(<ScansTab />, {
      route: { tab: 'scans', repo: 'repo-clean' },
      setup: (project) => {
        const b = project.builds.find((x) => x.id === 102)!;
        b.records[0].text = b.records[0].text.replace('"schemaVersion":1', '"schemaVersion":99');
      },
    });
    const row = await waitFor(() => document.querySelector<HTMLElement>('.palisade-scan-error'), 'the row\'s error');
    assert.match(text(row), /newer Palisade/);
  });

});
