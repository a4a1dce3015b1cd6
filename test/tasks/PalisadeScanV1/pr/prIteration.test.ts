import assert from 'node:assert/strict';
import { chooseIteration } from '../../../../tasks/PalisadeScanV1/pr/prIteration';

const it1 = { id: 1, sourceRefCommit: { commitId: 'aaa1' } };
const it2 = { id: 2, sourceRefCommit: { commitId: 'bbb2' } };
const it3 = { id: 3, sourceRefCommit: { commitId: 'AAA1' } }; // force-pushed back to the first commit

describe('PR iteration of a build', () => {
  it('takes the iteration whose source commit is System.PullRequest.SourceCommitId, not the newest', async () => {
    assert.deepEqual(await chooseIteration([it1, it2], { sourceCommitId: 'aaa1', sourceVersion: 'merge' }), { iterationId: 1, latestIterationId: 2, how: 'sourceCommit' });
    assert.deepEqual(await chooseIteration([it2, it1, it3], { sourceCommitId: 'aaa1' }), { iterationId: 3, latestIterationId: 3, how: 'sourceCommit' }, 'a commit pushed twice: its latest iteration');
  });

  it('without SourceCommitId, matches Build.SourceVersion directly or through the merge commit\'s second parent', async () => {
    assert.equal((await chooseIteration([it1, it2], { sourceVersion: 'bbb2' })).iterationId, 2);
    let asked = 0;
    const viaMerge = await chooseIteration([it1, it2], { sourceVersion: 'merge', parents: async () => { asked++; return ['target', 'aaa1']; } });
    assert.deepEqual(viaMerge, { iterationId: 1, latestIterationId: 2, how: 'mergeParent' });
    assert.equal(asked, 1);
    const firstParentOnly = await chooseIteration([it1, it2], { sourceVersion: 'merge', parents: async () => ['aaa1'] });
    assert.equal(firstParentOnly.iterationId, undefined, 'the first parent is the target branch, not the PR');
  });

  it('answers no iteration when nothing matches (the caller then posts no status)', async () => {
    assert.deepEqual(await chooseIteration([it1, it2], { sourceCommitId: 'ffff' }), { latestIterationId: 2, how: 'none' });
    assert.deepEqual(await chooseIteration([it1, it2], {}), { latestIterationId: 2, how: 'none' });
    assert.deepEqual(await chooseIteration([], { sourceCommitId: 'aaa1' }), { latestIterationId: 0, how: 'none' });
  });
});
