import assert from 'node:assert/strict';
import { packagistOrdering } from '../../../../../tasks/engine/deps/versions/packagistOrdering';
import { assertAscending, assertEqualVersions } from '../support/orderings';

describe('Packagist (Composer) version ordering', () => {
  it('Composer/PHP version_compare order', () => {
    assertAscending(packagistOrdering, ['1.0.0-dev', '1.0.0-alpha1', '1.0.0-beta1', '1.0.0-beta2', '1.0.0-RC1', '1.0.0', '1.0.0-patch1', '1.0.1', '1.9', '1.10']);
    assertEqualVersions(packagistOrdering, [['1.0', '1.0.0'], ['v2.0.4', '2.0.4'], ['1.0.0-rc1', '1.0.0RC1']]);
  });

  it('aliases a = alpha, b = beta, pl = p = patch; "-stable" is a release; unknown words rank below dev', () => {
    assertEqualVersions(packagistOrdering, [['1.0a1', '1.0-alpha1'], ['1.0b2', '1.0-beta2'], ['1.0pl1', '1.0-patch1'], ['1.0p1', '1.0-patch1'], ['1.0.0-stable', '1.0.0']]);
    assertAscending(packagistOrdering, ['1.0-foo', '1.0-dev', '1.0']);
  });

  it('compares numbers beyond 2^53 exactly', () => {
    assertAscending(packagistOrdering, ['1.9007199254740993', '1.9007199254740994', '1.20000000000000000000']);
  });

  it('a version starts with a digit (after an optional v)', () => {
    assert.ok(packagistOrdering.valid('V1.0'));
    for (const v of ['', 'dev-master', 'x1.0']) assert.equal(packagistOrdering.valid(v), false, v);
  });
});
