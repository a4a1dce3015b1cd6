/** One settings form (hub/securityHub/settings/SettingsForm.tsx): saves only what changed, overrides and un-overrides repository fields, read-only without the permission. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { BUILTIN_DEFAULTS, type ScanSettings } from '../../../../tasks/contract/projectSettings';
import type { SettingsChanges } from '../../../../hub/securityHub/data/settingsActions';
import { SettingsForm } from '../../../../hub/securityHub/settings/SettingsForm';
import { byText, click, mount, text, unmountAll } from '../../components/render';

function form(props: { mode: 'defaults' | 'repo'; stored?: Partial<ScanSettings>; inherited?: ScanSettings; readOnly?: boolean; saving?: boolean }) {
  const saved: SettingsChanges[] = [];
  const m = mount(<SettingsForm mode={props.mode} idPrefix="t" stored={props.stored ?? {}} inherited={props.inherited ?? BUILTIN_DEFAULTS} readOnly={!!props.readOnly} saving={!!props.saving} onSave={(c) => saved.push(c)} />);
  const field = (key: string) => m.container.querySelector<HTMLElement>(`[data-setting="${key}"]`)!;
  const toggle = (key: string) => field(key).querySelector<HTMLElement>('.palisade-setting-control [role="switch"]')!;
  const isDisabled = (el: Element | null | undefined) => el?.getAttribute('aria-disabled') === 'true' || (el as HTMLButtonElement | null)?.disabled === true;
  return { ...m, saved, field, toggle, isDisabled, button: (t: string) => byText(t, 'button', m.container) };
}

describe('hub components: settings form', () => {
  afterEach(() => unmountAll());

  it('saves only the field that changed, and can discard the change', () => {
    const f = form({ mode: 'defaults', stored: { failOn: 'medium' } });
    assert.ok(f.isDisabled(f.button('Save')), 'nothing to save yet');
    click(f.toggle('prComments'));
    assert.ok(!f.isDisabled(f.button('Save')));
    click(f.button('Discard changes')!);
    assert.ok(f.isDisabled(f.button('Save')), 'discarded');
    click(f.toggle('prComments'));
    click(f.button('Save')!);
    assert.deepEqual(f.saved, [{ prComments: !BUILTIN_DEFAULTS.prComments }]);
  });

  it('shows a repository\'s inherited fields disabled until overridden, and un-overriding saves a removal', () => {
    const inherited = { ...BUILTIN_DEFAULTS, prComments: false };
    const f = form({ mode: 'repo', stored: { failOn: 'low' }, inherited });
    assert.ok(f.isDisabled(f.toggle('prComments')), 'inherits the project default');
    assert.equal(f.toggle('prComments').getAttribute('aria-checked'), 'false', 'shows the inherited value');
    const override = (key: string) => f.field(key).querySelector<HTMLElement>('.palisade-override [role="checkbox"], .palisade-override input, .palisade-override')!;
    click(override('prComments'));
    assert.ok(!f.isDisabled(f.toggle('prComments')), 'overridden: editable');
    click(f.toggle('prComments'));
    click(override('failOn'));
    click(f.button('Save')!);
    assert.deepEqual(f.saved, [{ failOn: null, prComments: true }]);
  });

  it('is read-only without the permission: no save buttons, every control disabled', () => {
    const f = form({ mode: 'defaults', readOnly: true });
    assert.equal(f.button('Save'), undefined);
    assert.equal(f.button('Discard changes'), undefined);
    assert.ok(f.isDisabled(f.toggle('prComments')));
    assert.ok(text(f.container).length > 0);
  });

  it('says it is saving and disables its controls meanwhile', () => {
    const f = form({ mode: 'defaults', saving: true });
    assert.ok(f.button('Saving...'));
    assert.ok(f.isDisabled(f.toggle('prComments')));
  });
});
