/** The hub's data layer (hub/src/data), pure and DOM-free: routes, rows, filters, coverage, SARIF. */
import assert from 'node:assert/strict';
import type { Finding } from '../../tasks/contract/findings';
import { emptyCounts, type RepoSummaryDoc, type StoredFinding, type TriageDoc } from '../../tasks/contract/storage';
import { coverageOf, overviewRow, primaryRef } from '../../hub/src/data/coverage';
import { buildRows, findingState } from '../../hub/src/data/findingRows';
import { filterRows, sortRows } from '../../hub/src/data/findingsFilter';
import { hashToParams, parseRoute, routeToHash, routeToParams } from '../../hub/src/data/hubRoute';
import { fileAtCommitUrl, safeHref } from '../../hub/src/data/links';
import { searchLog } from '../../hub/src/data/logSearch';
import { REQUIRED_STATUS } from '../../hub/src/data/pipelineSnippet';
import { parseSarif } from '../../hub/src/data/sarifFindings';

const repo = { id: 'r1', name: 'web-shop', defaultBranch: 'refs/heads/main' };

function stored(over: Partial<StoredFinding> & { fingerprint: string }): StoredFinding {
  const base: Finding = {
    ruleId: 'github-pat-classic', kind: 'secret', severity: 'high', message: 'token', path: 'src/a.ts', preview: 'ghp_***',
    region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 }, fingerprint: over.fingerprint,
  };
  return { ...base, firstSeenAt: '2025-01-01T00:00:00Z', firstSeenScanId: 's1', lastSeenAt: '2025-01-02T00:00:00Z', state: 'open', ...over };
}

function triage(fp: string, state: 'dismissed' | 'open'): TriageDoc {
  const by = { id: 'u1', displayName: 'Avery' };
  return { id: `t-${fp}`, schemaVersion: 1, fingerprint: fp, ruleId: 'x', kind: 'secret', state, reason: state === 'dismissed' ? 'falsePositive' : undefined, by, at: '2025-01-03T00:00:00Z', history: [{ state, by, at: '2025-01-03T00:00:00Z' }] };
}

describe('hub data: routes', () => {
  it('reads deep links from the pipeline (repo, pr, finding) and defaults sensibly', () => {
    assert.deepEqual(parseRoute({}), { tab: 'overview', repo: undefined, pr: undefined, branch: undefined, finding: undefined, scan: undefined });
    assert.equal(parseRoute({ repo: 'r1', pr: '42' }).tab, 'findings');
    assert.equal(parseRoute({ repo: 'r1', scan: 's9' }).tab, 'scans');
    assert.equal(parseRoute({ tab: 'settings', pr: 'x' }).pr, undefined);
    assert.equal(parseRoute({ tab: 'nonsense' }).tab, 'overview');
    assert.equal(parseRoute({ pr: '3', branch: 'main' }).branch, undefined, 'a PR wins over a branch');
  });

  it('round-trips through the hash, dropping empty values', () => {
    const route = parseRoute({ tab: 'findings', repo: 'r1', branch: 'feature/x y', finding: 'abc' });
    assert.deepEqual(parseRoute(hashToParams(routeToHash(route))), route);
    assert.equal(routeToParams({ tab: 'overview' }).repo, '', 'empty means remove');
  });
});

describe('hub data: finding rows and filters', () => {
  it('derives the state from the scan, triage and suppressions', () => {
    assert.equal(findingState(stored({ fingerprint: 'a', state: 'fixed' }), triage('a', 'dismissed')).state, 'fixed');
    assert.equal(findingState(stored({ fingerprint: 'a' }), triage('a', 'dismissed')).state, 'dismissed');
    assert.equal(findingState(stored({ fingerprint: 'a', suppression: { kind: 'inSource' } }), undefined).state, 'dismissed');
    assert.equal(findingState(stored({ fingerprint: 'a', suppression: { kind: 'triage' } }), triage('a', 'open')).state, 'open', 'a reopen in the hub outranks the pipeline');
  });

  it('filters by severity, kind, rule, state and every word of the text', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      stored({ fingerprint: 'a', severity: 'critical', path: 'src/config/aws.ts', ruleId: 'aws-access-key-id' }),
      stored({ fingerprint: 'b', severity: 'low', kind: 'code', ruleId: 'js-eval', message: 'eval runs code' }),
      stored({ fingerprint: 'c', state: 'fixed' }),
    ], new Map([['a', triage('a', 'dismissed')]]));
    assert.deepEqual(filterRows(rows, { states: ['open'] }).map((r) => r.finding.fingerprint), ['b']);
    assert.deepEqual(filterRows(rows, { severities: ['critical'] }).map((r) => r.finding.fingerprint), ['a']);
    assert.deepEqual(filterRows(rows, { kinds: ['code'] }).map((r) => r.finding.fingerprint), ['b']);
    assert.deepEqual(filterRows(rows, { rules: ['aws-access-key-id'] }).map((r) => r.finding.fingerprint), ['a']);
    assert.deepEqual(filterRows(rows, { text: 'CONFIG aws' }).map((r) => r.finding.fingerprint), ['a']);
    assert.deepEqual(filterRows(rows, { text: 'config eval' }), []);
    assert.equal(filterRows(rows, {}).length, 3);
  });

  it('sorts with stable tie-breaks', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      stored({ fingerprint: 'a', severity: 'low', path: 'b.ts' }),
      stored({ fingerprint: 'b', severity: 'critical', path: 'c.ts' }),
      stored({ fingerprint: 'c', severity: 'low', path: 'a.ts' }),
    ], new Map());
    assert.deepEqual(sortRows(rows, 'severity', false).map((r) => r.finding.fingerprint), ['b', 'c', 'a']);
    assert.deepEqual(sortRows(rows, 'severity', true).map((r) => r.finding.fingerprint), ['c', 'a', 'b']);
    assert.deepEqual(sortRows(rows, 'location', false).map((r) => r.finding.path), ['a.ts', 'b.ts', 'c.ts']);
  });

  it('filters 10,000 rows without surprises', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => stored({ fingerprint: `f${i}`, message: `finding ${i}`, severity: i % 2 ? 'high' : 'low' }));
    const rows = buildRows({ repo, ref: 'main' }, many, new Map());
    assert.equal(filterRows(rows, { severities: ['high'] }).length, 5_000);
    assert.deepEqual(filterRows(rows, { text: 'finding 9999' }).map((r) => r.finding.fingerprint), ['f9999']);
  });
});

describe('hub data: coverage', () => {
  const summary = (refs: RepoSummaryDoc['refs'], defaultRef?: string): RepoSummaryDoc => ({
    id: 'summary', schemaVersion: 1, repoId: 'r1', projectId: 'p', refs, defaultRef, history: [], updatedAt: '2025-01-01T00:00:00Z',
  });
  const ref = (name: string, at: string, total = 0) => ({ ref: name, scanId: name, finishedAt: at, outcome: 'succeeded' as const, counts: { ...emptyCounts(), high: total }, findingsPages: 1 });

  it('tells disabled, never scanned, scanned clean and findings apart', () => {
    assert.equal(coverageOf(false, ref('main', '2025-01-01'), 3), 'disabled');
    assert.equal(coverageOf(true, undefined, 0), 'neverScanned');
    assert.equal(coverageOf(true, ref('main', '2025-01-01'), 0), 'clean');
    assert.equal(coverageOf(true, ref('main', '2025-01-01'), 2), 'findings');
    assert.equal(coverageOf(true, { ...ref('main', '2025-01-01'), outcome: 'error' }, 0), 'scanFailed');
  });

  it('shows the default ref, not the newest pull request', () => {
    const s = summary({ main: ref('main', '2025-01-01'), 'pr/4': ref('pr/4', '2025-02-01', 5) });
    assert.equal(primaryRef(s, repo)?.ref, 'main');
    const row = overviewRow(repo, null, undefined, s);
    assert.equal(row.coverage, 'clean');
    assert.equal(overviewRow(repo, null, { id: 'repo-r1', schemaVersion: 1, repoId: 'r1', enabled: false }, s).coverage, 'disabled');
  });
});

describe('hub data: SARIF fallback', () => {
  const sarif = (results: unknown[], rules: unknown[] = []) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'OtherTool', rules } }, results }] });

  it('maps results to findings without taking code snippets', () => {
    const parsed = parseSarif(sarif([
      { ruleId: 'r', level: 'error', message: { text: 'bad <b>thing</b>' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/a%20b.js' }, region: { startLine: 7, snippet: { text: 'password=hunter2' } } } }] },
    ], [{ id: 'r', shortDescription: { text: 'Rule R' }, help: { markdown: '**fix** it' }, properties: { 'security-severity': '9.1', tags: ['external/cwe/cwe-79'] } }]), '2025-01-01T00:00:00Z');
    assert.equal(parsed.findings.length, 1);
    const f = parsed.findings[0];
    assert.equal(f.severity, 'critical');
    assert.equal(f.kind, 'external');
    assert.equal(f.path, 'src/a b.js');
    assert.equal(f.region.startLine, 7);
    assert.equal(f.preview, '', 'no snippet from another tool');
    assert.ok(!JSON.stringify(parsed).includes('hunter2'));
    assert.match(f.fingerprint, /^sarif-/);
    assert.deepEqual(parsed.rules.get('r')?.cwe, ['CWE-79']);
  });

  it('refuses what is not SARIF', () => {
    assert.throws(() => parseSarif('{nope', 'x'), /not valid JSON/);
    assert.throws(() => parseSarif('{"runs": []}', 'x'), /no runs/);
  });
});

describe('hub data: links, log search, pipeline snippet', () => {
  it('links the file at the scanned commit with the lines selected', () => {
    const url = fileAtCommitUrl('https://dev.azure.com/org/', 'My Project', { name: 'web shop' }, 'src/a b.ts', 'abc123', { startLine: 4, startColumn: 2, endLine: 5, endColumn: 9 });
    assert.equal(url, 'https://dev.azure.com/org/My%20Project/_git/web%20shop?path=%2Fsrc%2Fa+b.ts&version=GCabc123&line=4&lineEnd=5&lineStartColumn=2&lineEndColumn=9&lineStyle=plain&_a=contents');
  });

  it('links only web URLs', () => {
    assert.equal(safeHref('javascript:alert(1)'), undefined);
    assert.equal(safeHref('data:text/html,x'), undefined);
    assert.equal(safeHref('https://osv.dev/x'), 'https://osv.dev/x');
  });

  it('finds matching lines with their numbers', () => {
    const view = searchLog('one\ntwo critical\nthree\nCRITICAL four\n', 'critical');
    assert.deepEqual(view.lines.map((l) => l.number), [2, 4]);
    assert.equal(view.totalLines, 4);
    assert.equal(searchLog('a\nb\nc', '', 2).lines.length, 2);
  });

  it('names the status a branch policy requires', () => {
    assert.equal(REQUIRED_STATUS, 'palisade/security-scan');
  });
});
