/** The findings table (hub/shared/components/FindingsTable.tsx): what each row says, opening a row, and sorting by a column. */
import assert from 'node:assert/strict';
import * as React from 'react';
import { FindingsTable } from '../../../../hub/shared/components/FindingsTable';
import type { FindingRow } from '../../../../hub/shared/data/findingRows';
import type { SortKey } from '../../../../hub/shared/data/findingsFilter';
import { recorded, rows } from '../../components/rows';
import { click, mount, text, unmountAll } from '../../components/render';

function table(list: FindingRow[], showRepository = false) {
  const opened: string[] = [];
  const sorts: Array<{ key: SortKey; descending: boolean }> = [];
  const m = mount(<FindingsTable rows={list} showRepository={showRepository} sort={{ key: 'severity', descending: false }} onSort={(s) => sorts.push(s)} onOpen={(r) => opened.push(r.finding.fingerprint)} />);
  const bodyRows = () => [...m.container.querySelectorAll<HTMLElement>('.palisade-findings-table tr, .palisade-findings-table [role="row"]')].filter((r) => r.querySelector('.palisade-finding-message'));
  return { ...m, opened, sorts, bodyRows };
}

describe('hub components: findings table', () => {
  afterEach(() => unmountAll());

  it('says for each finding its message, rule and kind, location, state and when it was seen', () => {
    const list = rows([
      recorded(1, { message: 'AWS key in config', path: 'src/config.ts', region: { startLine: 12, startColumn: 1, endLine: 12, endColumn: 5 } }),
      recorded(2, { suppression: { kind: 'inSource' }, firstSeenAt: undefined }),
      recorded(3, { path: 'test/keys.ts', properties: { context: 'test' } }),
      recorded(4, { path: 'examples/keys.ts', properties: { context: 'example' } }),
    ]);
    const t = table(list);
    const [first, second, third, fourth] = t.bodyRows();
    assert.match(text(first), /AWS key in config/);
    assert.match(text(first), /github-pat-classic · Secret/);
    assert.match(text(first), /src\/config\.ts:12/);
    assert.match(text(first), /Open/);
    assert.match(text(second), /Suppressed \(inSource\)/);
    assert.match(text(second), /First seen unknown/);
    assert.match(text(third), /main · test path/);
    assert.match(text(fourth), /main · example path/);
    assert.doesNotMatch(text(first), /path$|test path|example path/);
  });

  it('names the repository of each row when it shows several, and the dismissal reason', () => {
    const list = rows([recorded(1)], { source: { ref: 'pr/7', pullRequestId: 7 }, triage: [{ fingerprint: recorded(1).fingerprint, reason: 'usedInTests', by: { id: 'u', displayName: 'U' }, at: '2025-01-03T00:00:00Z' }] });
    const t = table(list, true);
    assert.match(text(t.bodyRows()[0]), /web-shop · PR 7/);
    assert.match(text(t.bodyRows()[0]), /Dismissed: Used in tests/);
  });

  it('opens a finding with one click', () => {
    const list = rows([recorded(1), recorded(2)]);
    const t = table(list);
    click(t.bodyRows()[1]);
    assert.deepEqual(t.opened, [list[1].finding.fingerprint]);
  });

  it('asks to sort by the column whose header was clicked', () => {
    const t = table(rows([recorded(1)]));
    const header = [...t.container.querySelectorAll<HTMLElement>('th, [role="columnheader"]')].find((h) => text(h).includes('Location'));
    assert.ok(header, 'the Location header');
    click(header!.querySelector<HTMLElement>('[role="button"], button, .bolt-table-header-cell-content') ?? header!);
    assert.deepEqual(t.sorts, [{ key: 'location', descending: false }]);
  });

  it('keeps scanned markup as text', () => {
    const t = table(rows([recorded(1, { message: '<img src=x onerror=alert(1)>' })]));
    assert.ok(text(t.container).includes('<img src=x onerror=alert(1)>'));
    assert.equal(t.container.querySelectorAll('img').length, 0);
  });
});
