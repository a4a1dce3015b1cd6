/** The shared finding panel (hub/shared/components/FindingDetailPanel.tsx): the finding, links at the scanned commit, where and how sure, data flow, rule help and how to fix, all as text. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { FindingDetailPanel } from '../../../../hub/shared/components/FindingDetailPanel';
import type { FindingRow } from '../../../../hub/shared/data/findingRows';
import type { RuleCatalog } from '../../../../hub/shared/data/ruleHelp';
import { recorded, rows } from '../../components/rows';
import { click, mount, text, unmountAll, waitFor } from '../../components/render';

const context = { collectionUri: 'https://dev.azure.com/org/', projectName: 'Project' };
const XSS = '<img src=x onerror=alert(1)>';
const catalog: RuleCatalog = {
  rules: {
    'github-pat-classic': { id: 'github-pat-classic', title: 'GitHub personal access token', description: 'A classic PAT.', helpMarkdown: '**Fix:** revoke it. <b>not bold</b> [evil](javascript:alert(1)) [docs](https://docs.github.com/x)', cwe: ['CWE-798'] },
  },
};

async function panel(row: FindingRow, extra: { catalog?: RuleCatalog; onClose?: () => void; children?: React.ReactNode } = {}): Promise<HTMLElement> {
  mount(<FindingDetailPanel row={row} context={context} catalog={extra.catalog} onClose={extra.onClose ?? (() => undefined)}>{extra.children}</FindingDetailPanel>);
  return waitFor(() => document.querySelector<HTMLElement>('.palisade-finding-panel'), 'the panel');
}

describe('hub components: finding detail panel', () => {
  afterEach(() => unmountAll());

  it('shows the finding with links to the file at the scanned commit and to the build', async () => {
    const p = await panel(rows([recorded(1, { message: `token ${XSS}` })])[0], { catalog });
    assert.ok(text(p).includes(`token ${XSS}`));
    assert.equal(p.querySelectorAll('img').length, 0);
    assert.match(p.querySelector('.palisade-location-link')?.getAttribute('href') ?? '', /_git\/web-shop\?path=%2Fsrc%2Ffile1\.ts&version=GCc0ffee&line=1/);
    assert.match(p.querySelector('.palisade-build-link')?.getAttribute('href') ?? '', /_build\/results\?buildId=101$/);
    assert.equal(p.querySelector('.palisade-preview')?.textContent, 'ghp_****');
    assert.ok(text(p).includes('GitHub personal access token'), 'the rule\'s title');
  });

  it('renders rule help safely and its "Fix:" part once, under How to fix', async () => {
    const p = await panel(rows([recorded(1)])[0], { catalog });
    assert.ok(text(p).includes('<b>not bold</b>'), 'HTML in help stays text');
    assert.equal(p.querySelectorAll('.palisade-rule-help b, .palisade-fix-guidance b').length, 0);
    const fix = p.querySelector<HTMLElement>('.palisade-fix-guidance');
    assert.equal(fix?.dataset.source, 'rule');
    assert.match(text(fix!), /How to fix\s*Revoke it\./);
    assert.ok(!text(p.querySelector<HTMLElement>('.palisade-rule-help')!).includes('Revoke it'), 'not said twice');
    assert.deepEqual([...p.querySelectorAll<HTMLAnchorElement>('.palisade-rule-help a, .palisade-fix-guidance a')].map((a) => a.getAttribute('href')), ['https://docs.github.com/x']);
  });

  it('falls back to guidance by kind for a rule it has no help for', async () => {
    const p = await panel(rows([recorded(1, { ruleId: 'unknown-rule' })])[0]);
    assert.match(text(p.querySelector<HTMLElement>('.palisade-fix-guidance')!), /revoke or rotate/);
  });

  it('shows a code finding\'s data flow, source to sink, as text', async () => {
    const at = (line: number) => ({ startLine: line, startColumn: 3, endLine: line, endColumn: 9 });
    const flow = [{ region: at(10), preview: `req.query.q ${XSS}` }, { region: at(12), preview: 'const sql = "x" + q' }, { region: at(14), preview: 'db.query(sql)' }];
    const p = await panel(rows([recorded(2, { kind: 'code', ruleId: 'js-sql-injection', flow })])[0]);
    const steps = [...p.querySelectorAll<HTMLElement>('.palisade-flow-steps li')];
    assert.deepEqual(steps.map((li) => [li.dataset.role, text(li)]), [
      ['source', `Input, line 10: req.query.q ${XSS}`],
      ['step', 'Through, line 12: const sql = "x" + q'],
      ['sink', 'Reaches, line 14: db.query(sql)'],
    ]);
    assert.equal(p.querySelectorAll('img').length, 0);
  });

  it('says a secret sits in a test path and by how much its severity was lowered, and when it is shown at low confidence', async () => {
    const p = await panel(rows([recorded(1, { path: 'test/fixtures/keys.ts', severity: 'medium', properties: { context: 'test', ruleSeverity: 'high' } })])[0]);
    assert.match(text(p.querySelector<HTMLElement>('.palisade-context')!), /In a test or fixture path: severity lowered from high/);
    unmountAll();
    const e = await panel(rows([recorded(1, { path: 'examples/keys.ts', severity: 'high', properties: { context: 'example' } })])[0]);
    assert.match(text(e.querySelector<HTMLElement>('.palisade-context')!), /In an example or sample path$/);
    unmountAll();
    const c = await panel(rows([recorded(1, { path: 'src/keys.ts' })])[0]);
    assert.equal(c.querySelector('.palisade-context'), null);
    unmountAll();
    const q = await panel(rows([recorded(1, { severity: 'low', properties: { confidence: 'low' } })])[0]);
    assert.match(text(q.querySelector<HTMLElement>('.palisade-confidence')!), /Low: the value looks like a filler/);
  });

  it('shows what the caller adds below it, and closes on request', async () => {
    let closed = 0;
    const p = await panel(rows([recorded(1)])[0], { onClose: () => closed++, children: <div className="extra">triage here</div> });
    assert.equal(text(p.querySelector<HTMLElement>('.extra')!), 'triage here');
    const close = p.querySelector<HTMLElement>('button[aria-label="Close"]') ?? document.querySelector<HTMLElement>('.bolt-panel button[aria-label*="lose"]');
    assert.ok(close, 'a close button');
    click(close!);
    assert.equal(closed, 1);
  });
});
