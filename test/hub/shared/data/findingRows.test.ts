/** Finding rows (hub/shared/data/findingRows.ts): the state a user sees, folding in branch triage, PR dismissals and the pipeline's suppressions. */
import assert from 'node:assert/strict';
import type { TriageEntry } from '../../../../tasks/contract/projectSettings';
import { buildRows, findingState, openCounts, recordDismissals, withTriage } from '../../../../hub/shared/data/findingRows';
import { repo, stored } from '../../storedFinding';

function triage(fp: string, at = '2025-01-03T00:00:00Z'): TriageEntry {
  return { fingerprint: fp, reason: 'falsePositive', by: { id: 'u1', displayName: 'Avery' }, at };
}

const prDismissal = { fingerprint: 'a', reason: 'usedInTests' as const, by: { id: 'u2', displayName: 'Rey Reviewer' }, at: '2025-01-04T00:00:00Z', channel: 'pullRequestReply' as const, threadId: 7 };

describe('hub finding rows', () => {
  it('derives the state from the scan, branch triage, PR dismissals and suppressions', () => {
    assert.equal(findingState(stored({ fingerprint: 'a', state: 'fixed' }), triage('a'), undefined).state, 'fixed');
    assert.equal(findingState(stored({ fingerprint: 'a' }), triage('a'), undefined).state, 'dismissed');
    assert.equal(findingState(stored({ fingerprint: 'a', suppression: { kind: 'inSource' } }), undefined, undefined).state, 'dismissed');
    assert.equal(findingState(stored({ fingerprint: 'a', suppression: { kind: 'triage' } }), undefined, undefined).state, 'open', 'reopened since the scan');
    const viaPr = findingState(stored({ fingerprint: 'a', suppression: { kind: 'triage' } }), undefined, prDismissal);
    assert.equal(viaPr.state, 'dismissed');
    assert.deepEqual(viaPr.dismissal, { by: 'triage', channel: 'pullRequestReply', reason: 'usedInTests', comment: undefined, who: 'Rey Reviewer', at: '2025-01-04T00:00:00Z', threadId: 7 });
  });

  it('says which suppression dismissed a finding, with its justification', () => {
    const s = findingState(stored({ fingerprint: 'a', suppression: { kind: 'baseline', justification: 'legacy' } }), undefined, undefined);
    assert.deepEqual(s, { state: 'dismissed', dismissal: { by: 'suppression', kind: 'baseline', justification: 'legacy' } });
    const t = findingState(stored({ fingerprint: 'a' }), { ...triage('a'), comment: 'sample key' }, undefined);
    assert.deepEqual(t.dismissal, { by: 'triage', channel: 'projectTriage', reason: 'falsePositive', comment: 'sample key', who: 'Avery', at: '2025-01-03T00:00:00Z' });
  });

  it('keeps the PR-thread dismissals a build honoured and groups the ignored ones by finding', () => {
    const d = recordDismissals({
      honoured: [prDismissal, { ...prDismissal, fingerprint: 'b', channel: 'projectTriage' }],
      ignored: [
        { fingerprint: 'c', channel: 'pullRequestReply', by: { id: 'u3', displayName: 'Pat' }, why: 'author' },
        { fingerprint: 'c', channel: 'pullRequestReply', by: { id: 'u4', displayName: 'Sam' }, why: 'no permission' },
        { channel: 'pullRequestReply', by: { id: 'u5', displayName: 'Lee' }, why: 'no such finding' },
      ],
    });
    assert.deepEqual([...d.pullRequest.keys()], ['a'], 'project triage is read from the properties, not the record');
    assert.deepEqual(d.ignored.get('c')?.map((i) => i.by?.displayName), ['Pat', 'Sam']);
    assert.equal(d.ignored.size, 1, 'an ignored reply naming no finding has no row to show on');
    assert.equal(recordDismissals(undefined).pullRequest.size, 0);
  });

  it('shows the PR dismissal the build honoured and the ones it ignored, with why', () => {
    const honoured = [{ fingerprint: 'a', reason: 'acceptedRisk' as const, by: { id: 'u2', displayName: 'Rey' }, at: '2025-01-04T00:00:00Z', channel: 'pullRequestReply' as const }];
    const ignored = [{ fingerprint: 'b', channel: 'pullRequestReply' as const, by: { id: 'u3', displayName: 'Pat Author' }, why: 'the pull request\'s author may not dismiss its findings' }];
    const rows = buildRows({ repo, ref: 'pr/4', pullRequestId: 4 }, [stored({ fingerprint: 'a' }), stored({ fingerprint: 'b' })], new Map(), recordDismissals({ honoured, ignored }));
    assert.equal(rows[0].state, 'dismissed');
    assert.equal(rows[1].state, 'open');
    assert.match(rows[1].ignored?.[0].why ?? '', /author/);
    assert.equal(rows[0].ignored, undefined);
  });

  it('gives each row a key unique across repositories and refs, and the text the keyword filter searches', () => {
    const [row] = buildRows({ repo, ref: 'main' }, [stored({ fingerprint: 'a', message: 'AWS Key', path: 'Src/X.ts' })], new Map());
    assert.equal(row.key, 'r1:main:a');
    assert.equal(row.severityRank < buildRows({ repo, ref: 'main' }, [stored({ fingerprint: 'b', severity: 'low' })], new Map())[0].severityRank, true, 'high ranks before low');
    for (const part of ['aws key', 'src/x.ts', 'github-pat-classic', 'ghp_***', 'web-shop']) assert.ok(row.searchText.includes(part), part);
  });

  it('leaves out what is not a finding and coerces the rest, bidi controls made visible', () => {
    const rows = buildRows({ repo, ref: 'main' }, [null, 'text', 42, { fingerprint: 'x', message: { html: 1 }, path: 'a\u202Eb.ts', severity: 'extreme' }], new Map());
    assert.equal(rows.length, 1);
    assert.equal(rows[0].severity, 'medium');
    assert.equal(typeof rows[0].finding.message, 'string');
    assert.ok(!rows[0].display.path.includes('\u202E'));
    assert.match(rows[0].display.path, /202E/i);
  });

  it('applies a triage change to a row without reloading, and a reopen undoes it', () => {
    const [row] = buildRows({ repo, ref: 'main' }, [stored({ fingerprint: 'a' })], new Map());
    const dismissed = withTriage(row, triage('a'));
    assert.equal(dismissed.state, 'dismissed');
    assert.equal(dismissed.triage?.by.displayName, 'Avery');
    const reopened = withTriage(dismissed, undefined);
    assert.equal(reopened.state, 'open');
    assert.equal(reopened.triage, undefined);
    assert.ok(!('triage' in reopened));
  });

  it('lets a pull request\'s dismissal stand whatever the branch triage says', () => {
    const [row] = buildRows({ repo, ref: 'pr/4', pullRequestId: 4 }, [stored({ fingerprint: 'a' })], new Map(), recordDismissals({ honoured: [prDismissal], ignored: [] }));
    const after = withTriage(row, undefined);
    assert.equal(after.state, 'dismissed');
    assert.equal(after.dismissal?.by === 'triage' && after.dismissal.channel, 'pullRequestReply');
  });

  it('counts open findings by severity under the triage that holds now', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      stored({ fingerprint: 'a', severity: 'critical' }),
      stored({ fingerprint: 'b', severity: 'critical' }),
      stored({ fingerprint: 'c', severity: 'low' }),
      stored({ fingerprint: 'd', severity: 'low', state: 'fixed' }),
    ], new Map([['b', triage('b')]]));
    assert.deepEqual(openCounts(rows), { critical: 1, high: 0, medium: 0, low: 1, note: 0 });
  });
});
