import assert from 'node:assert/strict';
import { pep440Ordering } from '../../../../../tasks/engine/deps/versions/pep440Ordering';
import { assertAscending, assertEqualVersions } from '../support/orderings';

describe('PEP 440 ordering (PyPI)', () => {
  it('dev, pre, post, epochs, local versions', () => {
    assertAscending(pep440Ordering, ['1.0.dev1', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0+local.1', '1.0.post1', '1.1', '2.6.1rc1', '2.6.1', '1!0.1']);
    assertEqualVersions(pep440Ordering, [['1.0', '1.0.0'], ['1.0RC1', '1.0rc1'], ['2.6.1', 'v2.6.1']]);
    assert.equal(pep440Ordering.valid('latest'), false);
  });

  it('normalises the alternative spellings PEP 440 allows', () => {
    assertEqualVersions(pep440Ordering, [['1.0alpha1', '1.0a1'], ['1.0-c1', '1.0rc1'], ['1.0-1', '1.0.post1'], ['1.0.dev', '1.0.dev0']]);
  });

  it('rejects what is no PEP 440 version', () => {
    for (const v of ['', 'abc', '1.0-foo', '==1.0']) assert.equal(pep440Ordering.valid(v), false, v);
  });
});
