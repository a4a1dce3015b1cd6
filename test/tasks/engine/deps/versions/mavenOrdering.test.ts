import assert from 'node:assert/strict';
import { mavenOrdering } from '../../../../../tasks/engine/deps/versions/mavenOrdering';
import { assertAscending, assertEqualVersions } from '../support/orderings';

describe('Maven version ordering', () => {
  it("ComparableVersion's documented qualifier order", () => {
    assertAscending(mavenOrdering, [
      '1-alpha2snapshot', '1-alpha2', '1-alpha-123', '1-beta-2', '1-beta123', '1-m2', '1-m11', '1-rc', '1-cr2', '1-rc123',
      '1-SNAPSHOT', '1', '1-sp', '1-sp2', '1-sp123', '1-abc', '1-def', '1-pom-1', '1-1-snapshot', '1-1', '1-2', '1-123',
    ]);
    assertAscending(mavenOrdering, ['2.0', '2.0.1', '2.0.1-xyz', '2.0.1.123', '2.5.16-RC1', '2.5.16', '4.1.99.Final', '4.1.100.Final', '12.6.7', '12.10.1']);
    assertEqualVersions(mavenOrdering, [['1', '1.0'], ['1.0', '1.0.0'], ['1-ga', '1'], ['1-final', '1'], ['1.0.RELEASE', '1.0'], ['1-cr', '1-rc'], ['1.0-alpha1', '1.0-a1'], ['1.0.0.Final', '1.0.0']]);
  });

  it('compares numbers beyond 2^53 exactly, and ignores case and surrounding space', () => {
    assertAscending(mavenOrdering, ['1.9007199254740992', '1.9007199254740993', '1.100000000000000000000']);
    assertEqualVersions(mavenOrdering, [['1.0-SNAPSHOT', '1.0-snapshot'], [' 2.0 ', '2.0']]);
  });

  it('every non-blank string is a version', () => {
    assert.ok(mavenOrdering.valid('anything-goes'));
    assert.equal(mavenOrdering.valid(''), false);
    assert.equal(mavenOrdering.valid('  '), false);
  });
});
