/** Filtering and sorting finding rows (hub/shared/data/findingsFilter.ts). */
import assert from 'node:assert/strict';
import type { TriageEntry } from '../../../../tasks/contract/projectSettings';
import { buildRows } from '../../../../hub/shared/data/findingRows';
import { filterRows, ruleIdsOf, sortRows } from '../../../../hub/shared/data/findingsFilter';
import { repo, stored } from '../../storedFinding';

function triage(fp: string): TriageEntry {
  return { fingerprint: fp, reason: 'falsePositive', by: { id: 'u1', displayName: 'Avery' }, at: '2025-01-03T00:00:00Z' };
}

const ids = (rows: { finding: { fingerprint: string } }[]) => rows.map((r) => r.finding.fingerprint);

describe('hub findings filter', () => {
  it('filters by severity, kind, rule, state and every word of the text', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      stored({ fingerprint: 'a', severity: 'critical', path: 'src/config/aws.ts', ruleId: 'aws-access-key-id' }),
      stored({ fingerprint: 'b', severity: 'low', kind: 'code', ruleId: 'js-eval', message: 'eval runs code' }),
      stored({ fingerprint: 'c', state: 'fixed' }),
    ], new Map([['a', triage('a')]]));
    assert.deepEqual(ids(filterRows(rows, { states: ['open'] })), ['b']);
    assert.deepEqual(ids(filterRows(rows, { severities: ['critical'] })), ['a']);
    assert.deepEqual(ids(filterRows(rows, { kinds: ['code'] })), ['b']);
    assert.deepEqual(ids(filterRows(rows, { rules: ['aws-access-key-id'] })), ['a']);
    assert.deepEqual(ids(filterRows(rows, { text: 'CONFIG aws' })), ['a']);
    assert.deepEqual(filterRows(rows, { text: 'config eval' }), []);
    assert.equal(filterRows(rows, {}).length, 3);
    assert.equal(filterRows(rows, { severities: [], kinds: [], text: '   ' }).length, 3, 'an empty list or blank text filters nothing');
    assert.deepEqual(ids(filterRows(rows, { states: ['open', 'fixed'], severities: ['high', 'low'] })), ['b', 'c'], 'filters combine');
  });

  it('tells secrets in test, fixture and example paths (marked by the scan) from the rest, and filters by where', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      stored({ fingerprint: 'a', path: 'test/fixtures/keys.ts', severity: 'medium', properties: { context: 'test', ruleSeverity: 'high' } }),
      stored({ fingerprint: 'b', path: 'src/keys.ts' }),
      stored({ fingerprint: 'c', path: 'src/other.ts', properties: { context: { not: 'a string' } } }),
      stored({ fingerprint: 'd', path: 'examples/app.env', severity: 'medium', properties: { context: 'example', ruleSeverity: 'high' } }),
      stored({ fingerprint: 'e', path: 'src/x.ts', properties: { context: 'Example' } }),
    ], new Map());
    assert.deepEqual(rows.map((r) => r.context), ['test', 'code', 'code', 'example', 'code']);
    assert.deepEqual(ids(filterRows(rows, { contexts: ['test'] })), ['a']);
    assert.deepEqual(ids(filterRows(rows, { contexts: ['example'] })), ['d']);
    assert.deepEqual(ids(filterRows(rows, { contexts: ['code'] })), ['b', 'c', 'e']);
    assert.equal(filterRows(rows, { contexts: ['code', 'test'] }).length, 4);
  });

  it('searches the repository name too', () => {
    const rows = [
      ...buildRows({ repo, ref: 'main' }, [stored({ fingerprint: 'a' })], new Map()),
      ...buildRows({ repo: { id: 'r2', name: 'billing' }, ref: 'main' }, [stored({ fingerprint: 'b' })], new Map()),
    ];
    assert.deepEqual(ids(filterRows(rows, { text: 'BILLING' })), ['b']);
  });

  it('sorts with stable tie-breaks', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      stored({ fingerprint: 'a', severity: 'low', path: 'b.ts' }),
      stored({ fingerprint: 'b', severity: 'critical', path: 'c.ts' }),
      stored({ fingerprint: 'c', severity: 'low', path: 'a.ts' }),
    ], new Map());
    assert.deepEqual(ids(sortRows(rows, 'severity', false)), ['b', 'c', 'a']);
    assert.deepEqual(ids(sortRows(rows, 'severity', true)), ['c', 'a', 'b']);
    assert.deepEqual(sortRows(rows, 'location', false).map((r) => r.finding.path), ['a.ts', 'b.ts', 'c.ts']);
    assert.deepEqual(ids(rows), ['a', 'b', 'c'], 'sorting copies');
  });

  it('sorts by line within a file, state, repository and dates, unknown first-seen dates last', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      stored({ fingerprint: 'a', region: { startLine: 20, startColumn: 1, endLine: 20, endColumn: 2 }, firstSeenAt: undefined, lastSeenAt: '2025-01-05T00:00:00Z' }),
      stored({ fingerprint: 'b', region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 2 }, state: 'fixed', firstSeenAt: '2025-01-02T00:00:00Z' }),
      stored({ fingerprint: 'c', region: { startLine: 11, startColumn: 1, endLine: 11, endColumn: 2 }, firstSeenAt: '2025-01-01T00:00:00Z', lastSeenAt: '2025-01-09T00:00:00Z' }),
    ], new Map([['c', triage('c')]]));
    assert.deepEqual(ids(sortRows(rows, 'location', false)), ['b', 'c', 'a']);
    assert.deepEqual(ids(sortRows(rows, 'state', false)), ['a', 'c', 'b']);
    assert.deepEqual(ids(sortRows(rows, 'firstSeen', false)), ['c', 'b', 'a']);
    assert.deepEqual(ids(sortRows(rows, 'lastSeen', true)), ['c', 'a', 'b']);
    const two = [
      ...buildRows({ repo: { id: 'z', name: 'Zeta' }, ref: 'main' }, [stored({ fingerprint: 'z' })], new Map()),
      ...buildRows({ repo: { id: 'y', name: 'alpha' }, ref: 'main' }, [stored({ fingerprint: 'y' })], new Map()),
    ];
    assert.deepEqual(ids(sortRows(two, 'repository', false)), ['y', 'z'], 'names compare without case');
  });

  it('lists the distinct rule ids, sorted, for the rule filter', () => {
    const rows = buildRows({ repo, ref: 'main' }, [stored({ fingerprint: 'a', ruleId: 'z-rule' }), stored({ fingerprint: 'b', ruleId: 'a-rule' }), stored({ fingerprint: 'c', ruleId: 'z-rule' })], new Map());
    assert.deepEqual(ruleIdsOf(rows), ['a-rule', 'z-rule']);
  });

  it('filters 10,000 rows without surprises', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => stored({ fingerprint: `f${i}`, message: `finding ${i}`, severity: i % 2 ? 'high' : 'low' }));
    const rows = buildRows({ repo, ref: 'main' }, many, new Map());
    assert.equal(filterRows(rows, { severities: ['high'] }).length, 5_000);
    assert.deepEqual(ids(filterRows(rows, { text: 'finding 9999' })), ['f9999']);
  });
});
