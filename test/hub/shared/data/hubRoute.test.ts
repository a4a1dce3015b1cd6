/** The hub's place as URL parameters (hub/shared/data/hubRoute.ts): deep links, defaults and the hash round trip. */
import assert from 'node:assert/strict';
import { hashToParams, parseRoute, routeToHash, routeToParams, sameRoute } from '../../../../hub/shared/data/hubRoute';

describe('hub route', () => {
  it('reads deep links from the pipeline (repo, pr, finding) and defaults sensibly', () => {
    assert.deepEqual(parseRoute({}), { tab: 'overview', repo: undefined, pr: undefined, branch: undefined, finding: undefined, scan: undefined });
    assert.equal(parseRoute({ repo: 'r1', pr: '42' }).tab, 'findings');
    assert.equal(parseRoute({ repo: 'r1', scan: 's9' }).tab, 'scans');
    assert.equal(parseRoute({ tab: 'settings', pr: 'x' }).pr, undefined);
    assert.equal(parseRoute({ tab: 'nonsense' }).tab, 'overview');
    assert.equal(parseRoute({ pr: '3', branch: 'main' }).branch, undefined, 'a PR wins over a branch');
  });

  it('infers the tab from what the link names when it names no tab', () => {
    assert.equal(parseRoute({ finding: 'abc' }).tab, 'findings');
    assert.equal(parseRoute({ scan: 's1' }).tab, 'scans');
    assert.equal(parseRoute({ repo: 'web' }).tab, 'findings');
    assert.equal(parseRoute({ tab: 'scans', finding: 'abc' }).tab, 'scans', 'a named tab wins');
  });

  it('drops a pull request number that is not a positive integer, and blank values', () => {
    for (const pr of ['0', '-3', '1.5', 'abc', '  ']) assert.equal(parseRoute({ pr }).pr, undefined, pr);
    assert.equal(parseRoute({ pr: ' 7 ' }).pr, 7);
    assert.equal(parseRoute({ repo: '   ', branch: '' }).repo, undefined);
    assert.equal(parseRoute({ branch: '  dev ' }).branch, 'dev');
  });

  it('round-trips through the hash, dropping empty values', () => {
    const route = parseRoute({ tab: 'findings', repo: 'r1', branch: 'feature/x y', finding: 'abc' });
    assert.deepEqual(parseRoute(hashToParams(routeToHash(route))), route);
    assert.equal(routeToParams({ tab: 'overview' }).repo, '', 'empty means remove');
    assert.equal(routeToHash({ tab: 'scans', scan: 's 1' }), 'tab=scans&scan=s+1');
    assert.deepEqual(hashToParams('#tab=findings&pr=4'), { tab: 'findings', pr: '4' });
  });

  it('tells equal routes from different ones', () => {
    assert.ok(sameRoute({ tab: 'findings', repo: 'r1' }, { tab: 'findings', repo: 'r1', branch: undefined }));
    assert.ok(!sameRoute({ tab: 'findings', repo: 'r1' }, { tab: 'findings', repo: 'r2' }));
    assert.ok(!sameRoute({ tab: 'findings', pr: 1 }, { tab: 'findings', pr: 2 }));
  });
});
