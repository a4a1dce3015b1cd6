import assert from 'node:assert/strict';
import { nugetOrdering } from '../../../../../tasks/engine/deps/versions/nugetOrdering';
import { assertAscending, assertEqualVersions } from '../support/orderings';

describe('NuGet version ordering', () => {
  it('four parts, case-insensitive labels, numeric labels first, metadata ignored', () => {
    assertAscending(nugetOrdering, ['1.0.0-1', '1.0.0-alpha', '1.0.0-alpha.2', '1.0.0-alpha.10', '1.0.0-beta', '1.0.0-rc.1', '1.0.0', '1.0.0.1', '1.0.1', '4.3.0', '12.0.1', '13.0.1']);
    assertEqualVersions(nugetOrdering, [['1.0', '1.0.0.0'], ['1.0.0-ALPHA', '1.0.0-alpha'], ['1.0.0+abc', '1.0.0'], ['01.2.3', '1.2.3']]);
    assert.equal(nugetOrdering.valid('1.0.*'), false);
  });

  it('a shorter label list sorts first when the shared labels are equal', () => {
    assertAscending(nugetOrdering, ['1.0.0-beta', '1.0.0-beta.0', '1.0.0-beta.0.x']);
  });

  it('rejects ranges, wildcards and five parts', () => {
    for (const v of ['', '[1.0,2.0)', '1.0.0.0.0', 'x', '1.0.0-', '1.0.0-a..b']) assert.equal(nugetOrdering.valid(v), false, v);
  });
});
