/** The Security hub page (hub/securityHub/App.tsx): loading, failed and empty states, tabs, the route in the host URL, and the edit permission it hands the tabs. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { HubApp, ONLY_ADMINS } from '../../../hub/securityHub/App';
import { fakeHub } from '../components/fakeServices';
import { byText, click, mount, text, unmountAll, waitFor } from '../components/render';

function repoRow(name: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>('.palisade-repos-table tr')].find((tr) => tr.textContent?.includes(name));
}

describe('hub components: the Security hub page', () => {
  afterEach(() => unmountAll());

  it('shows loading, then every repository with coverage that tells the cases apart', async () => {
    const hub = await fakeHub();
    const { container } = mount(<HubApp services={hub.services} />);
    assert.ok(container.querySelector('[role="status"]'), 'loading indicator first');
    await waitFor(() => repoRow('web-shop'), 'the repositories table');
    await waitFor(() => repoRow('web-shop')?.querySelector('[data-coverage="findings"]'), 'the scan read from its build');
    await waitFor(() => repoRow('docs-site')?.querySelector('[data-coverage="neverScanned"]'), 'the unscanned repository');
    assert.equal(repoRow('docs-site')?.querySelector('[data-coverage]')?.getAttribute('data-coverage'), 'neverScanned');
    assert.equal(repoRow('clean-lib')?.querySelector('[data-coverage]')?.getAttribute('data-coverage'), 'clean');
    assert.match(text(repoRow('clean-lib')), /Scanned, 0 findings/);
  });

  it('offers a retry when the repositories cannot be loaded', async () => {
    const hub = await fakeHub({ failRepos: 1 });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => text().includes('Git is down'), 'the error');
    click(await waitFor(() => byText('Retry', 'button'), 'the retry button'));
    await waitFor(() => repoRow('web-shop'), 'the repositories after retry');
  });

  it('says so when the project has no repositories', async () => {
    const hub = await fakeHub({ repos: [] });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => text().includes('No repositories yet'), 'the empty state');
  });

  it('tells the host it is ready once the route and the repositories are known', async () => {
    const hub = await fakeHub();
    let ready = 0;
    mount(<HubApp services={hub.services} onReady={() => ready++} />);
    await waitFor(() => ready === 1, 'onReady');
    await waitFor(() => repoRow('web-shop'), 'the table');
    assert.equal(ready, 1, 'once');
  });

  it('moves between tabs as history entries, closing what was open in the tab left', async () => {
    const fp = `0001${'a'.repeat(60)}`;
    const hub = await fakeHub({ route: { tab: 'findings', repo: 'repo-web', finding: fp } });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => document.querySelector('.palisade-finding-panel'), 'the open finding');
    click(await waitFor(() => byText('Scans', '[role="tab"]') ?? byText('Scans'), 'the Scans tab'));
    await waitFor(() => document.querySelector('.palisade-scans-table') ?? (text().includes('No scans yet') || undefined), 'the scans tab');
    const last = hub.pushed[hub.pushed.length - 1];
    assert.equal(last.tab, 'scans');
    assert.equal(last.repo, 'repo-web', 'the repository stays chosen');
    assert.equal(last.finding, undefined, 'the finding panel is closed');
    assert.equal(document.querySelector('.palisade-finding-panel'), null);
  });

  it('follows back/forward from the host, and opening a log is a history entry', async () => {
    const hub = await fakeHub({ route: { tab: 'overview' } });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => repoRow('web-shop'), 'the overview');
    hub.goTo({ tab: 'scans', repo: 'repo-web' });
    await waitFor(() => document.querySelector('.palisade-scans-table'), 'the scans tab');
    const pushedBefore = hub.pushed.length;
    click(await waitFor(() => document.querySelector<HTMLElement>('.palisade-log-link'), 'a log link'));
    assert.equal(hub.pushed.length, pushedBefore + 1);
    assert.equal(hub.pushed[hub.pushed.length - 1].scan, '101-1-job');
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-log-panel'), 'the log panel');
    await waitFor(() => text(panel).includes('second line: critical'), 'the log text');
  });

  it('makes settings read-only for users without the permission, and says why', async () => {
    const hub = await fakeHub({ canEdit: false });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => text().includes(ONLY_ADMINS), 'the reason');
    assert.equal(document.querySelector('.palisade-bulk-actions'), null, 'no bulk switching');
  });
});
