/** The Findings tab (hub/securityHub/findings/FindingsTab.tsx): the latest scan's findings, filtered in the browser, hostile text kept as text, and its empty states. */
import assert from 'node:assert/strict';
import * as React from 'react';
import type { Finding } from '../../../../tasks/contract/findings';
import { serializeTriageProperty } from '../../../../tasks/contract/projectSettings';
import { HubApp } from '../../../../hub/securityHub/App';
import { FindingsTab, noOpenTitle } from '../../../../hub/securityHub/findings/FindingsTab';
import { fakeHub, finding, XSS } from '../../components/fakeServices';
import { inHub } from '../../components/hubShared';
import { recorded, rows } from '../../components/rows';
import { byText, click, mount, text, type, unmountAll, waitFor } from '../../components/render';

describe('hub components: Findings tab', () => {
  afterEach(() => unmountAll());

  it('lists findings, renders scanned markup as text and filters by text', async () => {
    const hub = await fakeHub({ route: { tab: 'findings', repo: 'repo-web' } });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => text().includes('Showing 3 of 3 findings'), 'the findings');
    assert.ok(text().includes(XSS), 'the message is shown as text');
    assert.equal(document.querySelectorAll('img[src="x"]').length, 0, 'and never becomes an element');
    const input = document.querySelector<HTMLInputElement>('.palisade-filter-bar input');
    assert.ok(input);
    type(input, 'SQL');
    await waitFor(() => text().includes('Showing 1 of 3 findings'), 'the filtered count');
  });

  it('a message that is an object does not blank the tab, and bidi controls in names show as code points', async () => {
    const odd = { ruleId: 'other/R1', kind: 'external', severity: 'high', message: { text: 'not a string' }, path: 'src/invoice\u202Efdp.exe', region: { startLine: 'x' }, preview: '', fingerprint: 'f'.repeat(64) } as unknown as Finding;
    const spoof = { ruleId: 'other/R2', kind: 'external', severity: 'medium', message: 'see \u2067evil\u2069 here', path: 'a.ts', region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 2 }, preview: '', fingerprint: 'e'.repeat(64) } as Finding;
    const hub = await fakeHub({ route: { tab: 'findings', repo: 'repo-web' }, findings: [odd, spoof] });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => text().includes('Showing 2 of 2 findings'), 'both findings');
    assert.ok(text().includes("(this finding's message could not be read)"), 'the unreadable message is named');
    assert.ok(text().includes('src/invoice<U+202E>fdp.exe:1'), 'the override is visible');
    assert.ok(text().includes('see <U+2067>evil<U+2069> here'));
    assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(text()), 'no bidi control reaches the page');
  });

  it('opens a finding by putting it in the URL', async () => {
    const hub = await inHub(<FindingsTab />, { route: { tab: 'findings', repo: 'repo-web' } });
    await waitFor(() => text().includes('Showing 3 of 3 findings'), 'the findings');
    const row = [...document.querySelectorAll<HTMLElement>('.palisade-findings-table tr, .palisade-findings-table [role="row"]')].find((r) => text(r).includes('SQL built from strings'))!;
    click(row);
    assert.deepEqual(hub.navigations.at(-1)?.change, { finding: finding(2).fingerprint });
  });

  it('says all findings are dismissed with the numbers, and how to see them', async () => {
    const all = [finding(1), finding(2)];
    await inHub(<FindingsTab />, {
      route: { tab: 'findings', repo: 'repo-web' },
      findings: all,
      setup: (p) => serializeTriageProperty('repo-web', all.map((f) => ({ fingerprint: f.fingerprint, reason: 'falsePositive' as const, by: { id: 'u', displayName: 'U' }, at: '2025-02-01T00:00:00Z' }))).forEach((prop) => p.properties.set(prop.name, prop.value as string)),
    });
    await waitFor(() => text().includes('No open findings (2 dismissed)'), 'the numbers');
    assert.ok(text().includes('Showing 0 of 2 findings'));
    assert.ok(text().includes('Choose Dismissed or Fixed in the State filter to see them.'));
  });

  it('says when no finding matches the filters, and "Clear filters" clears them', async () => {
    await inHub(<FindingsTab />, { route: { tab: 'findings', repo: 'repo-web' } });
    await waitFor(() => text().includes('Showing 3 of 3 findings'), 'the findings');
    type(document.querySelector<HTMLInputElement>('.palisade-filter-bar input')!, 'no such thing');
    await waitFor(() => text().includes('No findings match the filters'), 'the empty state');
    click(await waitFor(() => byText('Clear filters', 'button'), 'the clear action'));
    await waitFor(() => text().includes('Showing 3 of 3 findings'), 'every open finding again');
  });


  it('says a repository was never scanned and leads to the setup', async () => {
    const hub = await inHub(<FindingsTab />, { route: { tab: 'findings', repo: 'repo-docs' } });
    await waitFor(() => text().includes('docs-site has not been scanned yet'), 'the note');
    assert.ok(text().includes('There is no scan to show here yet.'));
    click(byText('How to set up scanning', 'button')!);
    assert.deepEqual(hub.navigations.at(-1)?.change, { tab: 'settings' });
  });

  it('says a clean scan found nothing', async () => {
    await inHub(<FindingsTab />, { route: { tab: 'findings', repo: 'repo-clean' } });
    await waitFor(() => text().includes('The latest scan found nothing. Scanned, 0 findings.'), 'the clean state');
  });

  it('says when a linked finding is not in this scan, and dismissing the note leaves the URL without it', async () => {
    const hub = await inHub(<FindingsTab />, { route: { tab: 'findings', repo: 'repo-web', finding: 'f'.repeat(64) } });
    await waitFor(() => text().includes('The linked finding is not in this scan'), 'the note');
    const card = [...document.querySelectorAll<HTMLElement>('.bolt-messagecard, [class*="message"]')].find((c) => text(c).includes('linked finding'));
    const close = card?.querySelector<HTMLElement>('button');
    assert.ok(close, 'a dismiss button');
    click(close!);
    assert.deepEqual(hub.navigations.at(-1), { change: { finding: undefined }, replace: true });
  });

  it('names the state of each finding when none is open', () => {
    assert.equal(noOpenTitle(rows([recorded(1, { state: 'fixed' }), recorded(2, { state: 'fixed' }), recorded(3, { suppression: { kind: 'config' } })])), 'No open findings (1 dismissed, 2 fixed)');
    assert.equal(noOpenTitle([]), 'No open findings');
  });
});
