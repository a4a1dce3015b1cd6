/** The overview (hub/securityHub/overview/OverviewTab.tsx): coverage summary, the scanning switch per repository and for a selection, and what read-only users see. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { parseSettingsProperty, settingsRepoKey } from '../../../../tasks/contract/projectSettings';
import { ONLY_ADMINS } from '../../../../hub/securityHub/App';
import { OverviewTab } from '../../../../hub/securityHub/overview/OverviewTab';
import { refused } from '../../fakeProject';
import { inHub } from '../../components/hubShared';
import { byText, click, text, unmountAll, waitFor } from '../../components/render';

function repoRow(name: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>('.palisade-repos-table tr, .palisade-repos-table [role="row"]')].find((tr) => tr.textContent?.includes(name));
}

describe('hub components: overview', () => {
  afterEach(() => unmountAll());

  it('sums up coverage once every repository is read', async () => {
    await inHub(<OverviewTab />);
    await waitFor(() => !document.querySelector('.palisade-coverage-loading') && repoRow('clean-lib')?.querySelector('[data-coverage="clean"]'), 'every row read');
    const summary = text(document.querySelector<HTMLElement>('.palisade-coverage-summary')!);
    assert.match(summary, /3 repositories/);
    assert.match(summary, /1 repository with open findings/);
    assert.match(summary, /1 never scanned/);
  });

  it('switches scanning off for a repository and stores it with who did it', async () => {
    const hub = await inHub(<OverviewTab />);
    const toggle = await waitFor(() => repoRow('docs-site')?.querySelector<HTMLElement>('[role="switch"]'), 'the scanning switch');
    click(toggle);
    await waitFor(() => repoRow('docs-site')?.querySelector('[data-coverage="disabled"]'), 'disabled coverage');
    const stored = parseSettingsProperty(hub.project.properties.get(settingsRepoKey('repo-docs')), 'repo-docs');
    assert.equal(stored.settings.enabled, false);
    assert.equal(stored.changedBy.displayName, 'Avery Admin');
    await waitFor(() => text().includes('Scanning disabled for 1 repository.'), 'the confirmation');
  });

  it('switches scanning for the selected repositories at once', async () => {
    const hub = await inHub(<OverviewTab />);
    await waitFor(() => repoRow('web-shop'), 'the table');
    const enable = byText('Enable scanning', 'button')!;
    assert.ok(enable.getAttribute('aria-disabled') === 'true' || (enable as HTMLButtonElement).disabled, 'nothing selected yet');
    assert.ok(text().includes('Select repositories to switch scanning for several at once.'));
    const check = (name: string) => click(repoRow(name)!.querySelector<HTMLElement>('[role="checkbox"], .bolt-list-cell-child input, .bolt-checkbox')!);
    check('docs-site');
    check('web-shop');
    await waitFor(() => text().includes('2 repositories selected'), 'the selection count');
    click(byText('Disable scanning', 'button')!);
    await waitFor(() => text().includes('Scanning disabled for 2 repositories.'), 'the confirmation');
    for (const id of ['repo-docs', 'repo-web']) assert.equal(parseSettingsProperty(hub.project.properties.get(settingsRepoKey(id)), id).settings.enabled, false);
    assert.equal(hub.project.calls.propertyWrites, 1, 'one write for the selection');
  });

  it('names the permission when the write is refused', async () => {
    const hub = await inHub(<OverviewTab />);
    hub.project.refuseWrites = refused(403, 'TF50309: no');
    click(await waitFor(() => repoRow('docs-site')?.querySelector<HTMLElement>('[role="switch"]'), 'the scanning switch'));
    await waitFor(() => text().includes('Could not disable scanning: Azure DevOps refused'), 'the refusal');
    assert.match(text(), /Manage project properties/);
  });

  it('is read-only without the permission: switches disabled, no selection, the reason shown', async () => {
    await inHub(<OverviewTab />, { permission: { state: 'denied', reason: ONLY_ADMINS } });
    const toggle = await waitFor(() => repoRow('docs-site')?.querySelector<HTMLElement>('[role="switch"]'), 'the scanning switch');
    assert.equal(toggle.getAttribute('aria-disabled'), 'true');
    assert.ok(text(document.querySelector<HTMLElement>('.palisade-readonly-note')!).includes(ONLY_ADMINS));
    assert.equal(document.querySelector('.palisade-bulk-actions'), null);
  });

  it('says when the settings could not be read, and still shows every repository', async () => {
    await inHub(<OverviewTab />, { wrap: (s) => ({ ...s, readProperties: async () => { throw new Error('properties are down'); } }) });
    const note = await waitFor(() => document.querySelector<HTMLElement>('.palisade-settings-unreadable'), 'the warning');
    assert.match(text(note), /The settings could not be read \(properties are down\); the switches show the built-in defaults\./);
    assert.ok(repoRow('web-shop') && repoRow('docs-site') && repoRow('clean-lib'));
  });

});
