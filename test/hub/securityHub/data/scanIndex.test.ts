/** Which build holds each repository's latest scan (hub/securityHub/data/scanIndex.ts): paging, its limit, and direct queries for the rest. */
import assert from 'node:assert/strict';
import { INDEX_PAGE_SIZE, loadScanIndex, MAX_INDEX_PAGES, prOfBranch, refKeyOfBuild, shownBuild } from '../../../../hub/securityHub/data/scanIndex';
import { FakeProject } from '../../fakeProject';

const repo = { id: 'r1', name: 'web-shop', defaultBranch: 'refs/heads/main' };

describe('hub scan index: refs', () => {
  it('tells pull request builds from branch builds', () => {
    assert.equal(prOfBranch('refs/pull/42/merge'), 42);
    assert.equal(prOfBranch('refs/heads/pull/42/x'), undefined);
    assert.equal(prOfBranch(undefined), undefined);
    assert.equal(refKeyOfBuild({ sourceBranch: 'refs/pull/7/merge' }), 'pr/7');
    assert.equal(refKeyOfBuild({ sourceBranch: 'refs/heads/feature/x' }), 'feature/x');
    assert.equal(refKeyOfBuild({}), 'unknown');
  });

  it('shows the default branch, else any branch, else a pull request', () => {
    const b = (id: number) => ({ id });
    assert.equal(shownBuild({ resolved: true, defaultBranch: b(1), branch: b(2), any: b(3) })?.id, 1);
    assert.equal(shownBuild({ resolved: true, branch: b(2), any: b(3) })?.id, 2);
    assert.equal(shownBuild({ resolved: true, any: b(3) })?.id, 3);
    assert.equal(shownBuild(undefined), undefined);
  });
});

describe('hub scan index', () => {
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

describe('hub scan index: progress and repositories without a default branch', () => {
  it('reports progress after every page and query, and matches repository ids without case', async () => {
    const project = new FakeProject([{ id: 'R-Upper', name: 'upper', defaultBranch: 'refs/heads/main' }, { id: 'empty', name: 'empty' }]);
    project.addScan({ buildId: 1, repoId: 'r-upper', branch: 'main' });
    project.addScan({ buildId: 2, repoId: 'empty', branch: 'topic' });
    const seen: number[] = [];
    const index = await loadScanIndex(project.services().listScanBuilds, project.repos, (i) => seen.push(i.pagesRead));
    assert.equal(shownBuild(index.repos.get('r-upper'))?.id, 1);
    assert.equal(shownBuild(index.repos.get('empty'))?.id, 2, 'a repository without a default branch shows its newest branch scan');
    assert.deepEqual(seen, [1]);
    assert.ok(index.complete);
  });
});
