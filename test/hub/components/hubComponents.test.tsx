/**
 * The hub's components under jsdom, with in-memory services: what each view shows in its
 * loading, empty, error and content states, that scanned text stays text, triage and settings
 * writes to project properties, controls disabled with the reason, and navigation.
 */
import assert from 'node:assert/strict';
import * as React from 'react';
import { parseSettingsProperty, parseTriageProperty, SETTINGS_DEFAULTS_KEY, settingsRepoKey } from '../../../tasks/contract/projectSettings';
import { HubApp } from '../../../hub/securityHub/App';
import { SafeMarkdown } from '../../../hub/shared/components/SafeMarkdown';
import { finding, refused } from '../fakeProject';
import type { Finding } from '../../../tasks/contract/findings';
import { fakeHub, XSS } from './fakeServices';
import { byText, click, mount, text, type, unmountAll, waitFor } from './render';

afterEach(() => unmountAll());

function repoRow(name: string): HTMLElement | undefined {
  return [...document.querySelectorAll<HTMLElement>('.palisade-repos-table tr')].find((tr) => tr.textContent?.includes(name));
}

describe('hub components: overview', () => {
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

  it('switches scanning off for a repository and stores it', async () => {
    const hub = await fakeHub();
    mount(<HubApp services={hub.services} />);
    const toggle = await waitFor(() => repoRow('docs-site')?.querySelector<HTMLElement>('[role="switch"]'), 'the scanning switch');
    await waitFor(() => toggle.getAttribute('aria-disabled') !== 'true' && toggle, 'the permission check');
    click(toggle);
    await waitFor(() => repoRow('docs-site')?.querySelector('[data-coverage="disabled"]'), 'disabled coverage');
    const stored = parseSettingsProperty(hub.project.properties.get(settingsRepoKey('repo-docs')), 'repo-docs');
    assert.equal(stored.settings.enabled, false);
    assert.equal(stored.changedBy.displayName, 'Avery Admin');
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
});

describe('hub components: findings', () => {
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

  it('opens a finding from the URL with rule help rendered safely, and dismisses it', async () => {
    const fp = `0001${'a'.repeat(60)}`;
    const hub = await fakeHub({ route: { tab: 'findings', repo: 'repo-web', finding: fp } });
    mount(<HubApp services={hub.services} />);
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-finding-panel'), 'the detail panel');
    await waitFor(() => /revoke it/i.test(text(panel)), 'the rule help');
    assert.ok(text(panel).includes('<b>not bold</b>'), 'HTML in help stays text');
    assert.equal(panel.querySelectorAll('.palisade-rule-help b, .palisade-fix-guidance b').length, 0);
    // The rule's own "**Fix:**" part is its "How to fix", rendered by the same safe Markdown.
    const fix = panel.querySelector<HTMLElement>('.palisade-fix-guidance');
    assert.equal(fix?.dataset.source, 'rule');
    assert.match(text(fix!), /How to fix\s*Revoke it\./);
    assert.ok(!text(panel.querySelector<HTMLElement>('.palisade-rule-help')!).includes('Revoke it'), 'not said twice');
    const links = [...panel.querySelectorAll<HTMLAnchorElement>('.palisade-rule-help a, .palisade-fix-guidance a')].map((a) => a.getAttribute('href'));
    assert.deepEqual(links, ['https://docs.github.com/x'], 'only the https link became a link');
    assert.match(panel.querySelector('.palisade-location-link')?.getAttribute('href') ?? '', /version=GCc0ffee&line=1/);

    // Choose a reason, comment and dismiss.
    click(panel.querySelector('.palisade-dismiss-reason input') as HTMLElement);
    click(await waitFor(() => byText('False positive', '[role="option"]') ?? byText('False positive', 'td') ?? byText('False positive', 'span'), 'the reason option'));
    type(panel.querySelector('textarea') as HTMLTextAreaElement, 'not a real token');
    click(await waitFor(() => byText('Dismiss finding', 'button'), 'the dismiss button'));
    await waitFor(() => /Dismissed as false positive by Avery Admin in the Security hub on/.test(text(panel)), 'who dismissed it and when');
    const [entry] = parseTriageProperty('repo-web', [...hub.project.properties].map(([name, value]) => ({ name, value })));
    assert.equal(entry.fingerprint, fp);
    assert.equal(entry.reason, 'falsePositive');
    assert.equal(entry.comment, 'not a real token');
    assert.equal(entry.by.displayName, 'Avery Admin');
  });

  it('shows a code finding\'s data flow, source to sink, as text', async () => {
    const fp = `0002${'a'.repeat(60)}`;
    const at = (line: number) => ({ startLine: line, startColumn: 3, endLine: line, endColumn: 9 });
    const flow = [{ region: at(10), preview: `req.query.q ${XSS}` }, { region: at(12), preview: 'const sql = "x" + q' }, { region: at(14), preview: 'db.query(sql)' }];
    const findings = [finding(1), finding(2, { severity: 'critical', kind: 'code', ruleId: 'js-sql-injection', message: 'SQL built from strings', flow })];
    const hub = await fakeHub({ route: { tab: 'findings', repo: 'repo-web', finding: fp }, findings });
    mount(<HubApp services={hub.services} />);
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-finding-panel'), 'the detail panel');
    const steps = await waitFor(() => [...panel.querySelectorAll<HTMLElement>('.palisade-flow-steps li')], 'the flow');
    assert.deepEqual(steps.map((li) => [li.dataset.role, text(li)]), [
      ['source', `Input, line 10: req.query.q ${XSS}`],
      ['step', 'Through, line 12: const sql = "x" + q'],
      ['sink', 'Reaches, line 14: db.query(sql)'],
    ]);
    assert.equal(panel.querySelectorAll('img[src="x"]').length, 0, 'scanned code is never markup');
  });

  it('says a secret sits in a test path, and by how much its severity was lowered', async () => {
    const fp = `0001${'a'.repeat(60)}`;
    const findings = [finding(1, { path: 'test/fixtures/keys.ts', severity: 'medium', properties: { context: 'test', ruleSeverity: 'high' } }), finding(2)];
    const hub = await fakeHub({ route: { tab: 'findings', repo: 'repo-web', finding: fp }, findings });
    mount(<HubApp services={hub.services} />);
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-finding-panel'), 'the detail panel');
    const where = await waitFor(() => panel.querySelector<HTMLElement>('.palisade-context'), 'the where field');
    assert.match(text(where), /In a test or fixture path: severity lowered from high/);
    assert.ok(text().includes('test path'), 'the table row says so too');
  });

  it('says when a secret is shown at low confidence, and why', async () => {
    const fp = `0001${'a'.repeat(60)}`;
    const findings = [finding(1, { severity: 'low', properties: { confidence: 'low' } }), finding(2, { properties: { checksum: 'invalid' } })];
    const hub = await fakeHub({ route: { tab: 'findings', repo: 'repo-web', finding: fp }, findings });
    mount(<HubApp services={hub.services} />);
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-finding-panel'), 'the detail panel');
    const field = await waitFor(() => panel.querySelector<HTMLElement>('.palisade-confidence'), 'the confidence field');
    assert.match(text(field), /Low: the value looks like a filler/);
  });

  it('disables triage for users without Manage project properties, saying why', async () => {
    const fp = `0001${'a'.repeat(60)}`;
    const hub = await fakeHub({ route: { tab: 'findings', repo: 'repo-web', finding: fp }, canEdit: false });
    mount(<HubApp services={hub.services} />);
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-finding-panel'), 'the detail panel');
    await waitFor(() => text(panel).includes('Only project administrators can change settings'), 'the reason');
    const dismiss = await waitFor(() => byText('Dismiss finding', 'button', panel), 'the dismiss button');
    assert.equal(dismiss.getAttribute('aria-disabled') ?? String((dismiss as HTMLButtonElement).disabled), 'true');
    assert.equal(hub.project.calls.propertyWrites, 0);
  });

  it('shows a pull request finding\'s dismissal from its thread, and the one the build ignored', async () => {
    const dismissedFp = `0002${'a'.repeat(60)}`;
    const hub = await fakeHub({ route: { tab: 'findings', repo: 'repo-web', pr: 7, finding: dismissedFp }, pullRequest: true });
    mount(<HubApp services={hub.services} />);
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-finding-panel'), 'the detail panel');
    await waitFor(() => /Dismissed as used in tests by Rey Reviewer on the pull request on/.test(text(panel)), 'the PR dismissal');
    assert.ok(text(panel).includes('fixture data'));
    assert.equal(byText('Dismiss finding', 'button', panel), undefined, 'PR findings are dismissed on the PR');
    hub.goTo({ tab: 'findings', repo: 'repo-web', pr: 7, finding: `0001${'a'.repeat(60)}` });
    await waitFor(() => /author may not dismiss its own findings/.test(text()), 'the ignored dismissal and why');
    assert.ok(text().includes('/palisade dismiss false-positive'), 'how to dismiss it on the PR');
  });

  it('follows back/forward from the host', async () => {
    const hub = await fakeHub({ route: { tab: 'overview' } });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => repoRow('web-shop'), 'the overview');
    hub.goTo({ tab: 'scans', repo: 'repo-web' });
    await waitFor(() => document.querySelector('.palisade-scans-table'), 'the scans tab');
    click(await waitFor(() => document.querySelector<HTMLElement>('.palisade-log-link'), 'a log link'));
    assert.equal(hub.pushed[hub.pushed.length - 1].scan, '101-1-job', 'opening a log is a history entry');
    const panel = await waitFor(() => document.querySelector<HTMLElement>('.palisade-log-panel'), 'the log panel');
    await waitFor(() => text(panel).includes('second line: critical'), 'the log text');
    type(panel.querySelector('input') as HTMLInputElement, 'critical');
    await waitFor(() => panel.querySelectorAll('mark').length === 1, 'the marked match');
  });
});

describe('hub components: settings', () => {
  it('saves a project default as an admin', async () => {
    const hub = await fakeHub({ route: { tab: 'settings' } });
    mount(<HubApp services={hub.services} />);
    const card = await waitFor(() => document.querySelector<HTMLElement>('.palisade-defaults-card'), 'the defaults card');
    const toggle = await waitFor(() => card.querySelector<HTMLElement>('[data-setting="prComments"] [role="switch"]'), 'the PR comments switch');
    await waitFor(() => toggle.getAttribute('aria-disabled') !== 'true', 'an editable form');
    click(toggle);
    click(byText('Save', 'button', card) as HTMLElement);
    await waitFor(() => text().includes('Project defaults saved.'), 'the confirmation');
    const stored = parseSettingsProperty(hub.project.properties.get(SETTINGS_DEFAULTS_KEY), SETTINGS_DEFAULTS_KEY);
    assert.equal(stored.settings.prComments, false);
    await waitFor(() => text(document.querySelector<HTMLElement>('.palisade-defaults-card') ?? undefined).includes('Last changed by Avery Admin on'), 'who changed it and when');
    assert.ok(text().includes('palisade/security-scan'));
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
    const card = await waitFor(() => document.querySelector<HTMLElement>('.palisade-defaults-card'), 'the defaults card');
    const toggle = await waitFor(() => card.querySelector<HTMLElement>('[data-setting="prComments"] [role="switch"]'), 'the PR comments switch');
    await waitFor(() => toggle.getAttribute('aria-disabled') !== 'true', 'an editable form');
    click(toggle);
    click(byText('Save', 'button', card) as HTMLElement);
    await waitFor(() => text().includes('Not saved: Azure DevOps refused: to change settings you need the project permission "Manage project properties"'), 'the refusal');
  });

  it('is read-only when the permission cannot be checked', async () => {
    const hub = await fakeHub({ route: { tab: 'settings' }, canEdit: new Error('HTTP 500') });
    mount(<HubApp services={hub.services} />);
    await waitFor(() => text().includes('could not be checked'), 'the read-only note');
  });
});

describe('hub components: SafeMarkdown', () => {
  it('renders the Markdown subset rules use and nothing else', () => {
    const { container } = mount(<SafeMarkdown markdown={'# Title\n\nUse `x` and **bold** <script>alert(1)</script>\n\n- one\n- two\n\n```\ncode <b>\n```\n[a](https://ok.test) [b](javascript:alert(1))'} />);
    assert.equal(container.querySelectorAll('script').length, 0);
    assert.ok(text(container).includes('<script>alert(1)</script>'));
    assert.equal(container.querySelectorAll('strong').length, 1);
    assert.equal(container.querySelectorAll('li').length, 2);
    assert.equal(container.querySelector('pre')?.textContent, 'code <b>');
    assert.deepEqual([...container.querySelectorAll('a')].map((a) => a.getAttribute('href')), ['https://ok.test/']);
  });
});

describe('hub components: hostile stored findings', () => {
  it('a message that is an object does not blank the Findings tab, and bidi controls in names show as code points', async () => {
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
});
