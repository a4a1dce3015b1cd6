/** The Settings tab (hub/securityHub/settings/SettingsTab.tsx): project defaults and repository settings stored as project properties, who changed them, and refusals in terms of the permission. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { parseSettingsProperty, SETTINGS_DEFAULTS_KEY, settingsRepoKey } from '../../../../tasks/contract/projectSettings';
import { HubApp } from '../../../../hub/securityHub/App';
import { SettingsTab } from '../../../../hub/securityHub/settings/SettingsTab';
import { refused } from '../../fakeProject';
import { fakeHub } from '../../components/fakeServices';
import { inHub } from '../../components/hubShared';
import { byText, click, mount, text, unmountAll, waitFor } from '../../components/render';

async function editableToggle(cardClass: string, key: string): Promise<{ card: HTMLElement; toggle: HTMLElement }> {
  const card = await waitFor(() => document.querySelector<HTMLElement>(cardClass), cardClass);
  const toggle = await waitFor(() => card.querySelector<HTMLElement>(`[data-setting="${key}"] [role="switch"]`), `the ${key} switch`);
  await waitFor(() => toggle.getAttribute('aria-disabled') !== 'true', 'an editable form');
  return { card, toggle };
}

describe('hub components: Settings tab', () => {
  afterEach(() => unmountAll());

  it('saves a project default as an admin, stamped with who and when', async () => {
    const hub = await fakeHub({ route: { tab: 'settings' } });
    mount(<HubApp services={hub.services} />);
    const { card, toggle } = await editableToggle('.palisade-defaults-card', 'prComments');
    click(toggle);
    click(byText('Save', 'button', card) as HTMLElement);
    await waitFor(() => text().includes('Project defaults saved.'), 'the confirmation');
    const stored = parseSettingsProperty(hub.project.properties.get(SETTINGS_DEFAULTS_KEY), SETTINGS_DEFAULTS_KEY);
    assert.equal(stored.settings.prComments, false);
    await waitFor(() => text(document.querySelector<HTMLElement>('.palisade-defaults-card') ?? undefined).includes('Last changed by Avery Admin on'), 'who changed it and when');
    assert.ok(text().includes('palisade/security-scan'));
  });

  it('saves a repository\'s own setting for the repository in the URL', async () => {
    const hub = await inHub(<SettingsTab />, { route: { tab: 'settings', repo: 'repo-docs' } });
    const card = await waitFor(() => document.querySelector<HTMLElement>('.palisade-repo-settings-card'), 'the repository card');
    assert.ok(text(card).includes('This repository uses the project defaults.'));
    const field = card.querySelector<HTMLElement>('[data-setting="prComments"]')!;
    click(field.querySelector<HTMLElement>('.palisade-override [role="checkbox"], .palisade-override input, .palisade-override')!);
    click(field.querySelector<HTMLElement>('.palisade-setting-control [role="switch"]')!);
    click(byText('Save', 'button', card)!);
    await waitFor(() => text().includes('Settings of docs-site saved.'), 'the confirmation');
    const stored = parseSettingsProperty(hub.project.properties.get(settingsRepoKey('repo-docs')), 'x');
    assert.deepEqual(Object.keys(stored.settings), ['prComments']);
  });

  it('is read-only, saying why, without the permission', async () => {
    const hub = await fakeHub({ route: { tab: 'settings' }, canEdit: false });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => text().includes('Only project administrators'), 'the read-only note');
    assert.equal(byText('Save', 'button'), undefined);
  });

  it('names the missing permission when Azure DevOps refuses the write', async () => {
    const hub = await fakeHub({ route: { tab: 'settings' } });
    hub.project.refuseWrites = refused(403, 'TF50309: not allowed');
    mount(<HubApp services={hub.services} />);
    const { card, toggle } = await editableToggle('.palisade-defaults-card', 'prComments');
    click(toggle);
    click(byText('Save', 'button', card) as HTMLElement);
    await waitFor(() => text().includes('Not saved: Azure DevOps refused: to change settings you need the project permission "Manage project properties"'), 'the refusal');
  });

  it('is read-only when the permission cannot be checked', async () => {
    const hub = await fakeHub({ route: { tab: 'settings' }, canEdit: new Error('HTTP 500') });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => text().includes('could not be checked'), 'the read-only note');
  });

  it('ignores a stored setting it cannot read, naming it', async () => {
    await inHub(<SettingsTab />, { route: { tab: 'settings' }, setup: (p) => void p.properties.set(SETTINGS_DEFAULTS_KEY, '{broken') });
    await waitFor(() => document.querySelector('.palisade-settings-problems'), 'the problem');
    assert.ok(text(document.querySelector<HTMLElement>('.palisade-settings-problems')!).includes(SETTINGS_DEFAULTS_KEY));
    assert.ok(text().includes('Not changed yet: built-in defaults apply.'));
  });
});
