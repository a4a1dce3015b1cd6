import assert from 'node:assert/strict';
import { join, sep } from 'node:path';
import { checkedFilesIn, rememberCheckedTree } from '../../../../tasks/engine/text/checkedFiles';

describe('text/checkedFiles', () => {
  const root = join(sep, 'checked-files-test', 'rules');

  it("gives a checked folder's own files by name, sorted, and nothing for folders no check saw", () => {
    assert.equal(checkedFilesIn(join(root, 'code', 'sources')), undefined);
    rememberCheckedTree(
      root,
      [
        { path: 'a.yml', size: 1, mtimeMs: 1.5 },
        { path: 'code/sources/z.yml', size: 2, mtimeMs: 2.25 },
        { path: 'code/sources/b.yml', size: 3, mtimeMs: 3 },
        { path: 'code/sources/deeper/c.yml', size: 4, mtimeMs: 4 },
        { path: 'code/sourcesx/d.yml', size: 5, mtimeMs: 5 },
      ],
      [{ path: '' }, { path: 'code' }, { path: 'code/sources' }, { path: 'code/sources/deeper' }, { path: 'code/sourcesx' }],
    );
    assert.deepEqual(checkedFilesIn(join(root, 'code', 'sources')), [
      { name: 'b.yml', size: 3, mtimeMs: 3 },
      { name: 'z.yml', size: 2, mtimeMs: 2.25 },
    ]);
    assert.deepEqual(checkedFilesIn(join(root, 'code')), [], 'a folder holding only folders');
    assert.equal(checkedFilesIn(join(root, 'secrets')), undefined, 'a folder the check did not see');
    assert.equal(checkedFilesIn(join(sep, 'checked-files-test', 'other')), undefined, 'outside the checked folder');
  });
});
