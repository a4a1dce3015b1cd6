/** The hub's own model helpers (hub/shared/data/model.ts): finding a repository by id or name, short branch names. */
import assert from 'node:assert/strict';
import { findRepo, shortBranch } from '../../../../hub/shared/data/model';

describe('hub model', () => {
  const repos = [
    { id: 'AB12', name: 'web' },
    { id: 'web', name: 'other' },
    { id: 'cd34', name: 'Docs-Site' },
  ];

  it('finds a repository by id first, then by name, ignoring case', () => {
    assert.equal(findRepo(repos, 'ab12')?.name, 'web');
    assert.equal(findRepo(repos, 'web')?.id, 'web', 'an id wins over another repository\'s name');
    assert.equal(findRepo(repos, 'docs-SITE')?.id, 'cd34');
    assert.equal(findRepo(repos, 'missing'), undefined);
    assert.equal(findRepo(repos, undefined), undefined);
    assert.equal(findRepo(repos, ''), undefined);
  });

  it('shortens refs/heads/ branches only', () => {
    assert.equal(shortBranch('refs/heads/feature/x'), 'feature/x');
    assert.equal(shortBranch('refs/pull/4/merge'), 'refs/pull/4/merge');
    assert.equal(shortBranch(undefined), undefined);
  });
});
