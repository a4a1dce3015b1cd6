/** The hub's finding panel (hub/securityHub/findings/FindingDetailPanel.tsx): the shared detail with this project's links, and triage below it. */
import assert from 'node:assert/strict';
import * as React from 'react';
import type { TriageEntry } from '../../../../tasks/contract/projectSettings';
import { FindingDetailPanel } from '../../../../hub/securityHub/findings/FindingDetailPanel';
import { inHub } from '../../components/hubShared';
import { recorded, rows } from '../../components/rows';
import { byText, click, text, unmountAll, waitFor } from '../../components/render';

describe('hub components: the hub\'s finding panel', () => {
  afterEach(() => unmountAll());

  it('links into the hub\'s own project and puts triage under the finding', async () => {
    const saved: Array<TriageEntry | undefined> = [];
    let closed = 0;
    await inHub(<FindingDetailPanel row={rows([recorded(1)])[0]} onClose={() => closed++} onTriaged={(e) => saved.push(e)} />);
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-finding-panel'), 'the panel');
    assert.match(panel.querySelector('.palisade-location-link')?.getAttribute('href') ?? '', /^https:\/\/dev\.azure\.com\/org\/Project\/_git\/web-shop\?/);
    const triage = panel.querySelector<HTMLElement>('.palisade-triage');
    assert.ok(triage, 'the triage section');
    const sections = [...panel.querySelectorAll('section')];
    assert.equal(sections[sections.length - 1], triage, 'last, after the rule help');
    click(triage!.querySelector('.palisade-dismiss-reason input') as HTMLElement);
    click(await waitFor(() => byText('False positive', '[role="option"]') ?? byText('False positive', 'td') ?? byText('False positive', 'span'), 'the reason option'));
    click(byText('Dismiss finding', 'button', triage!)!);
    await waitFor(() => saved.length === 1, 'the tab is told');
    assert.equal(saved[0]?.reason, 'falsePositive');
    assert.match(text(panel), /Dismissed/);
    assert.equal(closed, 0);
  });
});
