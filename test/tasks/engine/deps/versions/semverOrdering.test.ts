import assert from 'node:assert/strict';
import { lenientSemverOrdering, padSemver, semverOrdering } from '../../../../../tasks/engine/deps/versions/semverOrdering';
import { assertAscending, assertEqualVersions } from '../support/orderings';

describe('SemVer ordering (npm, crates.io, OSV SEMVER ranges)', () => {
  it('npm: SemVer 2.0 precedence', () => {
    assertAscending(semverOrdering, ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.9.0', '1.10.0', '2.1.1-0', '2.1.1']);
    assertEqualVersions(semverOrdering, [['1.0.0+build.1', '1.0.0+build.2']]);
    assert.equal(semverOrdering.valid('not-a-version'), false);
  });

  it('crates.io: SemVer precedence', () => {
    assertAscending(semverOrdering, ['0.1.45', '0.2.0-alpha.1', '0.2.0', '1.6.0', '1.6.1']);
  });

  it('loose parsing accepts a leading v and =, and nothing short of three parts', () => {
    assertEqualVersions(semverOrdering, [['v1.2.3', '1.2.3'], ['=1.2.3', '1.2.3']]);
    for (const v of ['', '1.2', '1', 'latest', '1.2.3.4']) assert.equal(semverOrdering.valid(v), false, v);
  });

  it('padSemver reads missing parts as zero and keeps pre-release and build', () => {
    assert.equal(padSemver('1.19'), '1.19.0');
    assert.equal(padSemver('v2'), '2.0.0');
    assert.equal(padSemver(' 1.2.3 '), '1.2.3');
    assert.equal(padSemver('1.2-rc.1'), '1.2.0-rc.1');
    assert.equal(padSemver('1.2.3-beta+exp.sha.5114f85'), '1.2.3-beta');
    for (const v of ['', 'x', '1.2.3.4', '1..2', '01.2.3', '1.2.3-']) assert.equal(padSemver(v), undefined, v);
  });

  it('lenient ordering compares short versions as if padded, large numbers exactly', () => {
    assertAscending(lenientSemverOrdering, ['1', '1.2-rc.1', '1.2', '1.2.1', '1.10', '2']);
    assertEqualVersions(lenientSemverOrdering, [['1.19', '1.19.0'], ['v1', '1.0.0']]);
    assert.equal(lenientSemverOrdering.valid('latest'), false);
  });
});
