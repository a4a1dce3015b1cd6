/** The hub's data layer (hub/shared/data), pure and DOM-free: routes, rows, filters, coverage, SARIF, the scan index, the record cache and the overview's REST calls. */
import assert from 'node:assert/strict';
import type { Finding } from '../../../../tasks/contract/findings';
import type { TriageEntry } from '../../../../tasks/contract/projectSettings';
import { serializeTriageProperty, settingsRepoKey } from '../../../../tasks/contract/projectSettings';
import type { RecordedFinding } from '../../../../tasks/contract/scanRecord';
import { Limiter } from '../../../../hub/shared/data/concurrency';
import { coverageOf, overviewRow } from '../../../../hub/shared/data/coverage';
import { buildRows, findingState, recordDismissals, withTriage } from '../../../../hub/shared/data/findingRows';
import { filterRows, sortRows } from '../../../../hub/shared/data/findingsFilter';
import { loadFindings } from '../../../../hub/securityHub/data/findingsLoader';
import { HubData } from '../../../../hub/securityHub/data/hubData';
import { hashToParams, parseRoute, routeToHash, routeToParams } from '../../../../hub/shared/data/hubRoute';
import { fileAtCommitUrl, safeHref } from '../../../../hub/shared/data/links';
import { searchLog } from '../../../../hub/securityHub/data/logSearch';
import { loadOverview, triageChangedSince } from '../../../../hub/securityHub/data/overviewLoader';
import { REQUIRED_STATUS } from '../../../../hub/securityHub/data/pipelineSnippet';
import { cacheKey, MemoryStorage, RecordCache } from '../../../../hub/shared/data/recordCache';
import { parseSarif } from '../../../../hub/shared/data/sarifFindings';
import { INDEX_PAGE_SIZE, loadScanIndex, MAX_INDEX_PAGES, shownBuild } from '../../../../hub/securityHub/data/scanIndex';
import { FakeProject, finding, totalCalls } from '../../fakeProject';

const repo = { id: 'r1', name: 'web-shop', defaultBranch: 'refs/heads/main' };

function stored(over: Partial<RecordedFinding> & { fingerprint: string }): RecordedFinding {
  const base: Finding = {
    ruleId: 'github-pat-classic', kind: 'secret', severity: 'high', message: 'token', path: 'src/a.ts', preview: 'ghp_***',
    region: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 10 }, fingerprint: over.fingerprint,
  };
  return { ...base, firstSeenAt: '2025-01-01T00:00:00Z', lastSeenAt: '2025-01-02T00:00:00Z', state: 'open', ...over };
}

function triage(fp: string, at = '2025-01-03T00:00:00Z'): TriageEntry {
  return { fingerprint: fp, reason: 'falsePositive', by: { id: 'u1', displayName: 'Avery' }, at };
}

const describeError = (e: unknown) => (e instanceof Error ? e.message : String(e));

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
  it('derives the state from the scan, branch triage, PR dismissals and suppressions', () => {
    assert.equal(findingState(stored({ fingerprint: 'a', state: 'fixed' }), triage('a'), undefined).state, 'fixed');
    assert.equal(findingState(stored({ fingerprint: 'a' }), triage('a'), undefined).state, 'dismissed');
    assert.equal(findingState(stored({ fingerprint: 'a', suppression: { kind: 'inSource' } }), undefined, undefined).state, 'dismissed');
    assert.equal(findingState(stored({ fingerprint: 'a', suppression: { kind: 'triage' } }), undefined, undefined).state, 'open', 'reopened since the scan');
    const pr = { fingerprint: 'a', reason: 'usedInTests' as const, by: { id: 'u2', displayName: 'Rey Reviewer' }, at: '2025-01-04T00:00:00Z', channel: 'pullRequestReply' as const, threadId: 7 };
    const viaPr = findingState(stored({ fingerprint: 'a', suppression: { kind: 'triage' } }), undefined, pr);
    assert.equal(viaPr.state, 'dismissed');
    assert.deepEqual(viaPr.dismissal, { by: 'triage', channel: 'pullRequestReply', reason: 'usedInTests', comment: undefined, who: 'Rey Reviewer', at: '2025-01-04T00:00:00Z', threadId: 7 });
  });

  it('shows the PR dismissal the build honoured and the ones it ignored, with why', () => {
    const honoured = [{ fingerprint: 'a', reason: 'acceptedRisk' as const, by: { id: 'u2', displayName: 'Rey' }, at: '2025-01-04T00:00:00Z', channel: 'pullRequestReply' as const }];
    const ignored = [{ fingerprint: 'b', channel: 'pullRequestReply' as const, by: { id: 'u3', displayName: 'Pat Author' }, why: 'the pull request\'s author may not dismiss its findings' }];
    const rows = buildRows({ repo, ref: 'pr/4', pullRequestId: 4 }, [stored({ fingerprint: 'a' }), stored({ fingerprint: 'b' })], new Map(), recordDismissals({ honoured, ignored }));
    assert.equal(rows[0].state, 'dismissed');
    assert.equal(rows[1].state, 'open');
    assert.match(rows[1].ignored?.[0].why ?? '', /author/);
  });

  it('applies a triage change to a row without reloading, and a reopen undoes it', () => {
    const [row] = buildRows({ repo, ref: 'main' }, [stored({ fingerprint: 'a' })], new Map());
    const dismissed = withTriage(row, triage('a'));
    assert.equal(dismissed.state, 'dismissed');
    assert.equal(dismissed.triage?.by.displayName, 'Avery');
    const reopened = withTriage(dismissed, undefined);
    assert.equal(reopened.state, 'open');
    assert.equal(reopened.triage, undefined);
  });

  it('filters by severity, kind, rule, state and every word of the text', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      stored({ fingerprint: 'a', severity: 'critical', path: 'src/config/aws.ts', ruleId: 'aws-access-key-id' }),
      stored({ fingerprint: 'b', severity: 'low', kind: 'code', ruleId: 'js-eval', message: 'eval runs code' }),
      stored({ fingerprint: 'c', state: 'fixed' }),
    ], new Map([['a', triage('a')]]));
    assert.deepEqual(filterRows(rows, { states: ['open'] }).map((r) => r.finding.fingerprint), ['b']);
    assert.deepEqual(filterRows(rows, { severities: ['critical'] }).map((r) => r.finding.fingerprint), ['a']);
    assert.deepEqual(filterRows(rows, { kinds: ['code'] }).map((r) => r.finding.fingerprint), ['b']);
    assert.deepEqual(filterRows(rows, { rules: ['aws-access-key-id'] }).map((r) => r.finding.fingerprint), ['a']);
    assert.deepEqual(filterRows(rows, { text: 'CONFIG aws' }).map((r) => r.finding.fingerprint), ['a']);
    assert.deepEqual(filterRows(rows, { text: 'config eval' }), []);
    assert.equal(filterRows(rows, {}).length, 3);
  });

  it('tells secrets in test and fixture paths (marked by the scan) from the rest, and filters by where', () => {
    const rows = buildRows({ repo, ref: 'main' }, [
      stored({ fingerprint: 'a', path: 'test/fixtures/keys.ts', severity: 'medium', properties: { context: 'test', ruleSeverity: 'high' } }),
      stored({ fingerprint: 'b', path: 'src/keys.ts' }),
      stored({ fingerprint: 'c', path: 'src/other.ts', properties: { context: { not: 'a string' } } }),
    ], new Map());
    assert.deepEqual(rows.map((r) => r.context), ['test', 'code', 'code']);
    assert.deepEqual(filterRows(rows, { contexts: ['test'] }).map((r) => r.finding.fingerprint), ['a']);
    assert.deepEqual(filterRows(rows, { contexts: ['code'] }).map((r) => r.finding.fingerprint), ['b', 'c']);
    assert.equal(filterRows(rows, { contexts: ['code', 'test'] }).length, 3);
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
  const scan = { outcome: 'succeeded' as const };

  it('tells disabled, never scanned, scanned clean and findings apart', () => {
    assert.equal(coverageOf(false, scan, 3), 'disabled');
    assert.equal(coverageOf(true, undefined, 0), 'neverScanned');
    assert.equal(coverageOf(true, scan, 0), 'clean');
    assert.equal(coverageOf(true, scan, 2), 'findings');
    assert.equal(coverageOf(true, { outcome: 'error' }, 0), 'scanFailed');
  });

  it('says it is still looking until the index and the record are in', () => {
    assert.equal(overviewRow(repo, {}).coverage, 'looking');
    assert.equal(overviewRow(repo, { build: null }).coverage, 'neverScanned');
    assert.equal(overviewRow(repo, { build: { id: 1 } }).coverage, 'looking');
    const disabled = { schemaVersion: 1, settings: { enabled: false }, changedBy: { id: 'a', displayName: 'A' }, changedAt: '2025-01-01T00:00:00Z' };
    assert.equal(overviewRow(repo, { build: null, repoSettings: disabled }).coverage, 'disabled');
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

/** `n` repositories, each with a scan of main (newest), of a feature branch and of a pull request. */
function bigProject(n: number): FakeProject {
  const repos = Array.from({ length: n }, (_, i) => ({ id: `repo-${String(i).padStart(3, '0')}`, name: `service-${String(i).padStart(3, '0')}`, defaultBranch: 'refs/heads/main' }));
  const project = new FakeProject(repos);
  const at = (minutes: number) => new Date(Date.UTC(2025, 0, 10) - minutes * 60_000).toISOString();
  repos.forEach((r, i) => {
    project.addScan({ buildId: 10_000 + i, repoId: r.id, branch: 'main', finishedAt: at(i), findings: i % 2 ? [finding(1), finding(2, { severity: 'low' })] : [] });
    project.addScan({ buildId: 20_000 + i, repoId: r.id, branch: 'feature/x', finishedAt: at(1000 + i), findings: [finding(3)] });
    project.addScan({ buildId: 30_000 + i, repoId: r.id, pullRequestId: 1 + i, finishedAt: at(2000 + i), findings: [finding(4)] });
  });
  return project;
}

describe('hub data: scan index', () => {
  it('keeps the newest build of the default branch, then of any branch, then a pull request', async () => {
    const project = new FakeProject([repo, { id: 'r2', name: 'only-prs', defaultBranch: 'refs/heads/main' }, { id: 'r3', name: 'empty' }]);
    project.addScan({ buildId: 1, repoId: 'r1', branch: 'main', finishedAt: '2025-01-01T00:00:00Z' });
    project.addScan({ buildId: 2, repoId: 'r1', branch: 'main', finishedAt: '2025-01-02T00:00:00Z' });
    project.addScan({ buildId: 3, repoId: 'r1', branch: 'dev', finishedAt: '2025-01-03T00:00:00Z' });
    project.addScan({ buildId: 4, repoId: 'r2', pullRequestId: 9, finishedAt: '2025-01-03T00:00:00Z' });
    const services = project.services();
    const index = await loadScanIndex(services.listScanBuilds, project.repos);
    assert.equal(shownBuild(index.repos.get('r1'))?.id, 2, 'the default branch, not the newer dev build');
    assert.equal(shownBuild(index.repos.get('r2'))?.id, 4, 'a pull request when nothing else was scanned');
    assert.equal(shownBuild(index.repos.get('r3')), undefined);
    assert.equal(project.calls.buildLists, 1, 'one page holds every build, so every repository is known');
  });

  it('stops paging at its limit and asks about the repositories it has not seen', async () => {
    const repos = Array.from({ length: 30 }, (_, i) => ({ id: `x${i}`, name: `x${i}`, defaultBranch: 'refs/heads/main' }));
    const project = new FakeProject(repos);
    // One busy repository fills every page; the others have one old main build each.
    for (let i = 0; i < INDEX_PAGE_SIZE * (MAX_INDEX_PAGES + 1); i++) project.addScan({ buildId: 100_000 + i, repoId: 'x0', branch: 'feature', finishedAt: new Date(Date.UTC(2025, 5, 1) - i * 1000).toISOString() });
    repos.slice(1, 20).forEach((r, i) => project.addScan({ buildId: 500 + i, repoId: r.id, branch: 'main', finishedAt: '2024-01-01T00:00:00Z' }));
    const index = await loadScanIndex(project.services().listScanBuilds, repos);
    assert.equal(index.pagesRead, MAX_INDEX_PAGES);
    assert.ok(index.complete);
    for (const r of repos.slice(1, 20)) assert.ok(shownBuild(index.repos.get(r.id)), `${r.id} found by its own query`);
    for (const r of repos.slice(20)) assert.equal(shownBuild(index.repos.get(r.id)), undefined, `${r.id} was never scanned`);
    // x0 and the never-scanned repositories: two queries each (default branch, then any); the others one.
    assert.equal(project.calls.buildLists, MAX_INDEX_PAGES + 2 * 11 + 19);
  });
});

describe('hub data: record cache', () => {
  it('keeps summaries per organization, user and project, and survives a damaged entry', () => {
    const storage = new MemoryStorage();
    const key = cacheKey({ collectionUri: 'https://dev.azure.com/Org/', userId: 'U1', projectId: 'P1' });
    assert.equal(key, 'palisade.records|https://dev.azure.com/org|u1|p1');
    const cache = new RecordCache<{ n: number }>(storage, key);
    cache.put(1, { n: 1 });
    cache.flush();
    assert.deepEqual(new RecordCache<{ n: number }>(storage, key).get(1), { n: 1 });
    assert.equal(new RecordCache<{ n: number }>(storage, cacheKey({ collectionUri: 'https://dev.azure.com/Org/', userId: 'U2', projectId: 'P1' })).get(1), undefined, 'another user sees nothing');
    storage.setItem(key, '{not json');
    assert.equal(new RecordCache<{ n: number }>(storage, key).get(1), undefined);
  });

  it('drops the least recently used entries over its limit and when the browser refuses the size', () => {
    let t = 0;
    const storage = new MemoryStorage();
    const cache = new RecordCache<number>(storage, 'k', 3, () => ++t);
    for (let i = 1; i <= 4; i++) cache.put(i, i);
    cache.get(1);
    cache.flush();
    const again = new RecordCache<number>(storage, 'k', 3);
    assert.deepEqual([1, 2, 3, 4].map((i) => again.get(i)), [1, undefined, 3, 4]);
    const full = { getItem: () => null, setItem: (_k: string, v: string) => { if (v.length > 60) throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
    const small = new RecordCache<string>(full, 'k');
    for (let i = 0; i < 8; i++) small.put(i, 'x'.repeat(10));
    assert.doesNotThrow(() => small.flush());
  });
});

describe('hub data: limiter', () => {
  it('never runs more than its limit at once', async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let most = 0;
    await Promise.all(Array.from({ length: 20 }, () => limiter.run(async () => {
      active++;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 1));
      active--;
    })));
    assert.equal(most, 3);
  });
});

describe('hub data: overview REST calls for 500 repositories', () => {
  it('cold: 1 property read, 3 build pages and 2 calls per record; warm: no record read at all', async () => {
    const project = bigProject(500);
    const data = new HubData(project.services(), project.repos);
    const cold = await loadOverview(data, describeError);
    assert.equal(cold.pending, 0);
    assert.equal(cold.rows.filter((r) => r.coverage === 'findings').length, 250);
    assert.equal(cold.rows.filter((r) => r.coverage === 'clean').length, 250);
    assert.ok(cold.rows.every((r) => r.scan?.branch === 'main'), 'every row shows its default branch');
    assert.deepEqual(project.calls, { repositories: 0, permissions: 0, buildLists: 3, artifactLists: 500, containerReads: 500, propertyReads: 1, propertyWrites: 0 });
    assert.equal(totalCalls(project.calls), 1004);

    // The next visit: the same browser (cache), a new page (no memory).
    project.resetCalls();
    const warm = await loadOverview(new HubData(project.services(), project.repos), describeError);
    assert.deepEqual(warm.rows.map((r) => r.openTotal), cold.rows.map((r) => r.openTotal));
    assert.deepEqual(project.calls, { repositories: 0, permissions: 0, buildLists: 3, artifactLists: 0, containerReads: 0, propertyReads: 1, propertyWrites: 0 });

    // A newer scan of one repository is a new build id: only that record is read.
    project.resetCalls();
    project.addScan({ buildId: 40_001, repoId: 'repo-001', branch: 'main', finishedAt: '2025-01-11T00:00:00.000Z' });
    const after = await loadOverview(new HubData(project.services(), project.repos), describeError);
    assert.equal(after.rows.find((r) => r.repo.id === 'repo-001')?.coverage, 'clean');
    assert.equal(project.calls.artifactLists, 1);
  });

  it('renders progressively: the first update comes before every record is read', async () => {
    const project = bigProject(60);
    project.latencyMs = 2;
    const data = new HubData(project.services(), project.repos);
    const seen: number[] = [];
    await loadOverview(data, describeError, (s) => seen.push(s.pending), () => false, 0);
    assert.ok(seen.length > 1, `several updates (${seen.length})`);
    assert.ok(seen[0] > 0, 'the first update still has rows loading');
  });

  it('recounts a repository only when its branch triage changed since the scan', async () => {
    const project = bigProject(4);
    await loadOverview(new HubData(project.services(), project.repos), describeError);
    project.resetCalls();
    const fp = finding(1).fingerprint;
    for (const p of serializeTriageProperty('repo-001', [triage(fp, '2025-02-01T00:00:00Z')])) project.properties.set(p.name, p.value as string);
    const overview = await loadOverview(new HubData(project.services(), project.repos), describeError);
    const row = overview.rows.find((r) => r.repo.id === 'repo-001');
    assert.equal(row?.counts.high, 0, 'the dismissed finding no longer counts');
    assert.equal(row?.counts.low, 1);
    assert.equal(project.calls.artifactLists, 1, 'only the triaged repository is read again');
    assert.equal(triageChangedSince({ finishedAt: '2025-03-01T00:00:00Z', honouredTriage: [fp] }, []), true, 'a dismissal the scan honoured was removed');
    assert.equal(triageChangedSince({ finishedAt: '2025-03-01T00:00:00Z', honouredTriage: [fp] }, [triage(fp, '2025-02-01T00:00:00Z')]), false);
  });

  it('shows a repository switched off in the project properties as disabled', async () => {
    const project = bigProject(2);
    project.properties.set(settingsRepoKey('repo-000'), JSON.stringify({ schemaVersion: 1, settings: { enabled: false }, changedBy: { id: 'a', displayName: 'Avery' }, changedAt: '2025-01-05T00:00:00Z' }));
    const overview = await loadOverview(new HubData(project.services(), project.repos), describeError);
    assert.equal(overview.rows[0].coverage, 'disabled');
    assert.equal(overview.rows[0].hasOverrides, true);
  });
});

describe('hub data: findings from builds', () => {
  it('loads a pull request\'s build with the dismissals it honoured, and a branch with project triage', async () => {
    const project = new FakeProject([repo]);
    const a = finding(1);
    const b = finding(2);
    project.addScan({ buildId: 5, repoId: 'r1', branch: 'main', findings: [a, b] });
    project.addScan({ buildId: 6, repoId: 'r1', pullRequestId: 12, findings: [a, { ...b, suppression: { kind: 'triage' } }], honoured: [{ fingerprint: b.fingerprint, reason: 'usedInTests', by: { id: 'u9', displayName: 'Rey' }, at: '2025-01-03T00:00:00Z', channel: 'pullRequestReply' }] });
    for (const p of serializeTriageProperty('r1', [triage(a.fingerprint)])) project.properties.set(p.name, p.value as string);
    const data = new HubData(project.services(), project.repos);
    const main = await loadFindings(data, [repo], {}, describeError);
    assert.deepEqual(main.rows.map((r) => r.state), ['dismissed', 'open']);
    assert.equal(main.rows[0].dismissal?.by === 'triage' && main.rows[0].dismissal.channel, 'projectTriage');
    assert.deepEqual(main.branches, ['main']);
    assert.deepEqual(main.prs, [12]);
    const pr = await loadFindings(data, [repo], { pr: 12 }, describeError);
    assert.equal(pr.repos[0].source?.pullRequestId, 12);
    const rowB = pr.rows.find((r) => r.finding.fingerprint === b.fingerprint);
    assert.equal(rowB?.state, 'dismissed');
    assert.equal(rowB?.dismissal?.by === 'triage' && rowB.dismissal.who, 'Rey');
    const none = await loadFindings(data, [repo], { branch: 'nope' }, describeError);
    assert.equal(none.repos[0].note?.kind, 'noRef');
  });

  it('says when first-seen dates are unknown because the scan could not read earlier builds', async () => {
    const project = new FakeProject([repo]);
    project.addScan({ buildId: 5, repoId: 'r1', branch: 'main', findings: [finding(1)], history: 'unavailable' });
    const result = await loadFindings(new HubData(project.services(), project.repos), [repo], {}, describeError);
    assert.equal(result.repos[0].note?.kind, 'history');
    assert.equal(result.rows[0].finding.firstSeenAt, undefined);
  });

  it('explains a record from a newer Palisade instead of misreading it', async () => {
    const project = new FakeProject([repo]);
    const b = project.addScan({ buildId: 5, repoId: 'r1', branch: 'main' });
    b.records[0].text = b.records[0].text.replace('"schemaVersion":1', '"schemaVersion":99');
    const result = await loadFindings(new HubData(project.services(), project.repos), [repo], {}, describeError);
    assert.equal(result.repos[0].note?.kind, 'error');
    assert.match(result.repos[0].note?.text ?? '', /newer Palisade/);
  });
});
