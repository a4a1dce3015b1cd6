import assert from 'node:assert/strict';
import { ecosystemOrdering, rangeOrdering } from '../../../../../tasks/engine/deps/versions';
import { goOrdering } from '../../../../../tasks/engine/deps/versions/goOrdering';
import { mavenOrdering } from '../../../../../tasks/engine/deps/versions/mavenOrdering';
import { nugetOrdering } from '../../../../../tasks/engine/deps/versions/nugetOrdering';
import { packagistOrdering } from '../../../../../tasks/engine/deps/versions/packagistOrdering';
import { pep440Ordering } from '../../../../../tasks/engine/deps/versions/pep440Ordering';
import { rubyGemsOrdering } from '../../../../../tasks/engine/deps/versions/rubyGemsOrdering';
import { lenientSemverOrdering, semverOrdering } from '../../../../../tasks/engine/deps/versions/semverOrdering';

// Each ordering's own cases are in test/tasks/engine/deps/versions/<ordering>.test.ts.
describe('version ordering per ecosystem', () => {
  it('gives each ecosystem its own ordering', () => {
    assert.equal(ecosystemOrdering('npm'), semverOrdering);
    assert.equal(ecosystemOrdering('crates.io'), semverOrdering);
    assert.equal(ecosystemOrdering('Go'), goOrdering);
    assert.equal(ecosystemOrdering('NuGet'), nugetOrdering);
    assert.equal(ecosystemOrdering('PyPI'), pep440Ordering);
    assert.equal(ecosystemOrdering('Maven'), mavenOrdering);
    assert.equal(ecosystemOrdering('RubyGems'), rubyGemsOrdering);
    assert.equal(ecosystemOrdering('Packagist'), packagistOrdering);
  });

  it('picks SemVer for SEMVER ranges and no order for GIT ranges', () => {
    assert.equal(rangeOrdering('GIT', 'npm'), undefined);
    const semver = rangeOrdering('SEMVER', 'PyPI');
    assert.ok(semver);
    assert.ok(semver.compare('1.2', '1.10.0') < 0, 'two-part versions read with a zero patch');
    assert.equal(rangeOrdering('ECOSYSTEM', 'Maven'), mavenOrdering);
  });

  it("reads Go's SEMVER ranges with Go's spelling, other SEMVER ranges leniently", () => {
    assert.equal(rangeOrdering('SEMVER', 'Go'), goOrdering);
    assert.equal(rangeOrdering('SEMVER', 'npm'), lenientSemverOrdering);
    assert.equal(rangeOrdering('semver', 'npm'), undefined, 'range types are case-sensitive, as OSV spells them');
  });
});
