import assert from 'node:assert/strict';
import { ecosystemOrdering, rangeOrdering, type VersionOrdering } from '../../../../../tasks/engine/deps/versions';
import { mavenOrdering } from '../../../../../tasks/engine/deps/versions/mavenOrdering';
import type { Ecosystem } from '../../../../../tasks/engine/deps/types';

/** Asserts that each version sorts strictly before the next, in every pairing. */
function assertAscending(o: VersionOrdering, versions: string[]): void {
  for (let i = 0; i < versions.length; i++) {
    assert.ok(o.valid(versions[i]), `${o.name}: ${versions[i]} should be valid`);
    for (let j = i + 1; j < versions.length; j++) {
      assert.equal(Math.sign(o.compare(versions[i], versions[j])), -1, `${o.name}: ${versions[i]} < ${versions[j]}`);
      assert.equal(Math.sign(o.compare(versions[j], versions[i])), 1, `${o.name}: ${versions[j]} > ${versions[i]}`);
    }
  }
}

function assertEqualVersions(o: VersionOrdering, pairs: [string, string][]): void {
  for (const [a, b] of pairs) assert.equal(o.compare(a, b), 0, `${o.name}: ${a} == ${b}`);
}

const eco = (e: Ecosystem) => ecosystemOrdering(e);

describe('version ordering per ecosystem', () => {
  it('npm: SemVer 2.0 precedence', () => {
    assertAscending(eco('npm'), ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.9.0', '1.10.0', '2.1.1-0', '2.1.1']);
    assertEqualVersions(eco('npm'), [['1.0.0+build.1', '1.0.0+build.2']]);
    assert.equal(eco('npm').valid('not-a-version'), false);
  });

  it('crates.io: SemVer precedence', () => {
    assertAscending(eco('crates.io'), ['0.1.45', '0.2.0-alpha.1', '0.2.0', '1.6.0', '1.6.1']);
  });

  it('PyPI: PEP 440 (dev, pre, post, epochs, local versions)', () => {
    assertAscending(eco('PyPI'), ['1.0.dev1', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0+local.1', '1.0.post1', '1.1', '2.6.1rc1', '2.6.1', '1!0.1']);
    assertEqualVersions(eco('PyPI'), [['1.0', '1.0.0'], ['1.0RC1', '1.0rc1'], ['2.6.1', 'v2.6.1']]);
    assert.equal(eco('PyPI').valid('latest'), false);
  });

  it("Maven: ComparableVersion's documented qualifier order", () => {
    assertAscending(mavenOrdering, [
      '1-alpha2snapshot', '1-alpha2', '1-alpha-123', '1-beta-2', '1-beta123', '1-m2', '1-m11', '1-rc', '1-cr2', '1-rc123',
      '1-SNAPSHOT', '1', '1-sp', '1-sp2', '1-sp123', '1-abc', '1-def', '1-pom-1', '1-1-snapshot', '1-1', '1-2', '1-123',
    ]);
    assertAscending(mavenOrdering, ['2.0', '2.0.1', '2.0.1-xyz', '2.0.1.123', '2.5.16-RC1', '2.5.16', '4.1.99.Final', '4.1.100.Final', '12.6.7', '12.10.1']);
    assertEqualVersions(mavenOrdering, [['1', '1.0'], ['1.0', '1.0.0'], ['1-ga', '1'], ['1-final', '1'], ['1.0.RELEASE', '1.0'], ['1-cr', '1-rc'], ['1.0-alpha1', '1.0-a1'], ['1.0.0.Final', '1.0.0']]);
  });

  it('NuGet: four parts, case-insensitive labels, numeric labels first, metadata ignored', () => {
    assertAscending(eco('NuGet'), ['1.0.0-1', '1.0.0-alpha', '1.0.0-alpha.2', '1.0.0-alpha.10', '1.0.0-beta', '1.0.0-rc.1', '1.0.0', '1.0.0.1', '1.0.1', '4.3.0', '12.0.1', '13.0.1']);
    assertEqualVersions(eco('NuGet'), [['1.0', '1.0.0.0'], ['1.0.0-ALPHA', '1.0.0-alpha'], ['1.0.0+abc', '1.0.0'], ['01.2.3', '1.2.3']]);
    assert.equal(eco('NuGet').valid('1.0.*'), false);
  });

  it('Go: v prefix, pseudo-versions by time, toolchain spellings', () => {
    const go = eco('Go');
    assertAscending(go, [
      'v0.0.0-20210817142637-7d9622a276b7',
      'v0.0.0-20220412211240-33da011f77ad',
      'v0.1.0',
      'v1.2.3',
      'v1.2.4-0.20191109021931-daa7c04131f5',
      'v1.2.4',
    ]);
    assertAscending(go, ['1.19', '1.19.1', '1.20rc1', '1.20', 'go1.22.4']);
    assertEqualVersions(go, [['v1.3.1', '1.3.1'], ['1.19', '1.19.0']]);
  });

  it('RubyGems: Gem::Version (letters are pre-releases)', () => {
    assertAscending(eco('RubyGems'), ['1.0.0.a', '1.0.0.b', '1.0.0.pre', '1.0.0.rc1', '1.0.0', '1.2.9', '1.2.10', '3.0.21', '4.0.0.rc1', '4.0.1']);
    assertEqualVersions(eco('RubyGems'), [['1.0', '1.0.0']]);
  });

  it('Packagist: Composer/PHP version_compare order', () => {
    assertAscending(eco('Packagist'), ['1.0.0-dev', '1.0.0-alpha1', '1.0.0-beta1', '1.0.0-beta2', '1.0.0-RC1', '1.0.0', '1.0.0-patch1', '1.0.1', '1.9', '1.10']);
    assertEqualVersions(eco('Packagist'), [['1.0', '1.0.0'], ['v2.0.4', '2.0.4'], ['1.0.0-rc1', '1.0.0RC1']]);
  });

  it('picks SemVer for SEMVER ranges and no order for GIT ranges', () => {
    assert.equal(rangeOrdering('GIT', 'npm'), undefined);
    const semver = rangeOrdering('SEMVER', 'PyPI');
    assert.ok(semver);
    assert.ok(semver.compare('1.2', '1.10.0') < 0, 'two-part versions read with a zero patch');
    assert.equal(rangeOrdering('ECOSYSTEM', 'Maven'), mavenOrdering);
  });
});
