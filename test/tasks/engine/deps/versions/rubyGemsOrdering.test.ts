import assert from 'node:assert/strict';
import { rubyGemsOrdering } from '../../../../../tasks/engine/deps/versions/rubyGemsOrdering';
import { assertAscending, assertEqualVersions } from '../support/orderings';

describe('RubyGems ordering', () => {
  it('Gem::Version (letters are pre-releases)', () => {
    assertAscending(rubyGemsOrdering, ['1.0.0.a', '1.0.0.b', '1.0.0.pre', '1.0.0.rc1', '1.0.0', '1.2.9', '1.2.10', '3.0.21', '4.0.0.rc1', '4.0.1']);
    assertEqualVersions(rubyGemsOrdering, [['1.0', '1.0.0']]);
  });

  it('rejects what Gem::Version does not accept', () => {
    for (const v of ['', 'not a version', '1.0 beta']) assert.equal(rubyGemsOrdering.valid(v), false, v);
  });
});
