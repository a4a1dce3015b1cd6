/** Links into Azure DevOps (hub/shared/data/links.ts): encoded parts, selected lines, and only web URLs from stored data. */
import assert from 'node:assert/strict';
import { buildResultsUrl, commitUrl, fileAtCommitUrl, pullRequestUrl, safeHref } from '../../../../hub/shared/data/links';

describe('hub links', () => {
  it('links the file at the scanned commit with the lines selected', () => {
    const url = fileAtCommitUrl('https://dev.azure.com/org/', 'My Project', { name: 'web shop' }, 'src/a b.ts', 'abc123', { startLine: 4, startColumn: 2, endLine: 5, endColumn: 9 });
    assert.equal(url, 'https://dev.azure.com/org/My%20Project/_git/web%20shop?path=%2Fsrc%2Fa+b.ts&version=GCabc123&line=4&lineEnd=5&lineStartColumn=2&lineEndColumn=9&lineStyle=plain&_a=contents');
  });

  it('links the file without a commit or region, whatever the slashes', () => {
    assert.equal(fileAtCommitUrl('https://server/tfs/Coll', 'P', { name: 'r' }, '//a.ts', undefined), 'https://server/tfs/Coll/P/_git/r?path=%2Fa.ts&_a=contents');
  });

  it('links builds, logs, pull requests and commits with encoded parts', () => {
    assert.equal(buildResultsUrl('https://dev.azure.com/org', 'P Q', 12), 'https://dev.azure.com/org/P%20Q/_build/results?buildId=12');
    assert.equal(buildResultsUrl('https://dev.azure.com/org/', 'P', 12, 'logs'), 'https://dev.azure.com/org/P/_build/results?buildId=12&view=logs');
    assert.equal(pullRequestUrl('https://dev.azure.com/org/', 'P', { name: 'a/b' }, 7), 'https://dev.azure.com/org/P/_git/a%2Fb/pullrequest/7');
    assert.equal(commitUrl('https://dev.azure.com/org/', 'P', { name: 'r' }, 'c0#ffee'), 'https://dev.azure.com/org/P/_git/r/commit/c0%23ffee');
  });

  it('links only web URLs', () => {
    assert.equal(safeHref('javascript:alert(1)'), undefined);
    assert.equal(safeHref('data:text/html,x'), undefined);
    assert.equal(safeHref('not a url'), undefined);
    assert.equal(safeHref(undefined), undefined);
    assert.equal(safeHref('https://osv.dev/x'), 'https://osv.dev/x');
    assert.equal(safeHref('HTTP://Example.com'), 'http://example.com/');
  });
});
