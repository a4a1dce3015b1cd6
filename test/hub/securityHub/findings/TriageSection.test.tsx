/** Triage of one finding (hub/securityHub/findings/TriageSection.tsx): dismiss and reopen a branch finding, disabled with the reason, and a pull request's finding dismissed on its thread. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { parseTriageProperty, serializeTriageProperty, type TriageEntry } from '../../../../tasks/contract/projectSettings';
import { ONLY_ADMINS } from '../../../../hub/securityHub/App';
import { TriageSection } from '../../../../hub/securityHub/findings/TriageSection';
import type { FindingRow } from '../../../../hub/shared/data/findingRows';
import { inHub } from '../../components/hubShared';
import { recorded, rows } from '../../components/rows';
import { byText, click, text, type, unmountAll, waitFor } from '../../components/render';

const fp = recorded(1).fingerprint;
const stored = (project: { properties: Map<string, string> }) => parseTriageProperty('repo-web', [...project.properties].map(([name, value]) => ({ name, value })));
const isDisabled = (el: HTMLElement | undefined) => el?.getAttribute('aria-disabled') === 'true' || (el as HTMLButtonElement | undefined)?.disabled === true;

describe('hub components: triage section', () => {
  afterEach(() => unmountAll());

  it('dismisses a branch finding with a reason and a comment, stored with who, and tells the tab', async () => {
    const saved: Array<TriageEntry | undefined> = [];
    const hub = await inHub(<TriageSection row={rows([recorded(1)])[0]} onSaved={(e) => saved.push(e)} />);
    const section = await waitFor(() => document.querySelector<HTMLElement>('.palisade-triage'), 'the section');
    assert.ok(isDisabled(byText('Dismiss finding', 'button', section)), 'no reason chosen yet');
    click(section.querySelector('.palisade-dismiss-reason input') as HTMLElement);
    click(await waitFor(() => byText('Accepted risk', '[role="option"]') ?? byText('Accepted risk', 'td') ?? byText('Accepted risk', 'span'), 'the reason option'));
    type(section.querySelector('textarea') as HTMLTextAreaElement, 'internal only');
    click(byText('Dismiss finding', 'button', section)!);
    await waitFor(() => saved.length === 1, 'the saved entry');
    assert.equal(saved[0]?.reason, 'acceptedRisk');
    assert.equal(saved[0]?.comment, 'internal only');
    const [entry] = stored(hub.project);
    assert.deepEqual([entry.fingerprint, entry.reason, entry.by.displayName], [fp, 'acceptedRisk', 'Avery Admin']);
    await waitFor(() => text(section).includes('Dismissed.'), 'the notice');
  });

  it('reopens a dismissed branch finding', async () => {
    const triage: TriageEntry = { fingerprint: fp, reason: 'falsePositive', by: { id: 'u-admin', displayName: 'Avery Admin' }, at: '2025-01-03T00:00:00.000Z' };
    const saved: Array<TriageEntry | undefined> = [];
    const hub = await inHub(<TriageSection row={rows([recorded(1)], { triage: [triage] })[0]} onSaved={(e) => saved.push(e)} />, {
      setup: (p) => serializeTriageProperty('repo-web', [triage]).forEach((prop) => p.properties.set(prop.name, prop.value as string)),
    });
    const section = await waitFor(() => document.querySelector<HTMLElement>('.palisade-triage'), 'the section');
    assert.match(text(section), /Dismissed as false positive by Avery Admin in the Security hub on/);
    click(byText('Reopen finding', 'button', section)!);
    await waitFor(() => saved.length === 1, 'the reopen');
    assert.equal(saved[0], undefined);
    assert.deepEqual(stored(hub.project), []);
    await waitFor(() => text(section).includes('Reopened.'), 'the notice');
  });

  it('is disabled for users without Manage project properties, saying why, and writes nothing', async () => {
    const hub = await inHub(<TriageSection row={rows([recorded(1)])[0]} onSaved={() => undefined} />, { permission: { state: 'denied', reason: ONLY_ADMINS } });
    const section = await waitFor(() => document.querySelector<HTMLElement>('.palisade-triage'), 'the section');
    assert.ok(text(section).includes('Only project administrators can change settings'));
    assert.ok(isDisabled(byText('Dismiss finding', 'button', section)));
    assert.equal(hub.project.calls.propertyWrites, 0);
  });

  it('says it is still checking the permission', async () => {
    await inHub(<TriageSection row={rows([recorded(1)])[0]} onSaved={() => undefined} />, { permission: { state: 'checking' } });
    await waitFor(() => text().includes('Checking your permission to triage...'), 'the note');
  });

  it('shows a pull request finding\'s dismissal from its thread and the one the build ignored, and how to dismiss on the PR', async () => {
    const honoured = [{ fingerprint: fp, reason: 'usedInTests' as const, comment: 'fixture data', by: { id: 'u-rev', displayName: 'Rey Reviewer' }, at: '2025-01-03T00:00:00.000Z', channel: 'pullRequestReply' as const, threadId: 4 }];
    const ignored = [{ fingerprint: recorded(2).fingerprint, channel: 'pullRequestReply' as const, by: { id: 'u-author', displayName: 'Pat Author' }, at: '2025-01-03T00:00:01.000Z', why: "the pull request's author may not dismiss its own findings" }];
    const [dismissed, open] = rows([recorded(1), recorded(2)], { source: { ref: 'pr/7', pullRequestId: 7 }, dismissals: { honoured, ignored } });
    await inHub(<TriageSection row={dismissed} onSaved={() => undefined} />);
    let section = await waitFor(() => document.querySelector<HTMLElement>('.palisade-triage'), 'the section');
    assert.match(text(section), /Dismissed as used in tests by Rey Reviewer on the pull request on/);
    assert.ok(text(section).includes('fixture data'));
    assert.equal(byText('Dismiss finding', 'button', section), undefined, 'PR findings are dismissed on the PR');
    unmountAll();
    await inHub(<TriageSection row={open} onSaved={() => undefined} />);
    section = await waitFor(() => document.querySelector<HTMLElement>('.palisade-triage'), 'the section');
    assert.match(text(section), /author may not dismiss its own findings/);
    assert.ok(text(section).includes('/palisade dismiss false-positive'));
  });

  it('has nothing to triage on a fixed finding', async () => {
    const row: FindingRow = rows([recorded(1, { state: 'fixed', fixedAt: '2025-01-05T00:00:00.000Z' })])[0];
    await inHub(<TriageSection row={row} onSaved={() => undefined} />);
    const fixed = await waitFor(() => document.querySelector<HTMLElement>('.palisade-triage-fixed'), 'the fixed note');
    assert.match(text(fixed), /^Fixed on .*: it was not found by a later scan\.$/);
    assert.equal(byText('Dismiss finding', 'button'), undefined);
  });

  it('explains why a suppressed finding or one read from SARIF only is not triaged here', async () => {
    await inHub(<TriageSection row={rows([recorded(1, { suppression: { kind: 'inSource', justification: 'test key' } })])[0]} onSaved={() => undefined} />);
    await waitFor(() => text().includes('Suppressed by the pipeline (inSource: test key). Change the suppression in the repository to reopen it.'), 'the suppression');
    unmountAll();
    await inHub(<TriageSection row={rows([recorded(1)], { source: { readOnly: true } })[0]} onSaved={() => undefined} />);
    await waitFor(() => document.querySelector('.palisade-triage-readonly'), 'the SARIF note');
    assert.match(text(), /without a Palisade scan record/);
  });

  it('names the permission when the write is refused', async () => {
    const hub = await inHub(<TriageSection row={rows([recorded(1)])[0]} onSaved={() => undefined} />);
    hub.project.refuseWrites = Object.assign(new Error('TF50309: no'), { status: 403 });
    const section = await waitFor(() => document.querySelector<HTMLElement>('.palisade-triage'), 'the section');
    click(section.querySelector('.palisade-dismiss-reason input') as HTMLElement);
    click(await waitFor(() => byText('False positive', '[role="option"]') ?? byText('False positive', 'td') ?? byText('False positive', 'span'), 'the reason option'));
    click(byText('Dismiss finding', 'button', section)!);
    await waitFor(() => /Manage project properties/.test(text(section)), 'the refusal');
    assert.deepEqual(stored(hub.project), []);
  });
});
