import assert from 'node:assert/strict';
import { normalizePackageName, packageKey } from '../../../../tasks/engine/deps/names';

describe('package names', () => {
  it('PyPI folds case and runs of -_. (PEP 503)', () => {
    assert.equal(normalizePackageName('PyPI', 'Django'), 'django');
    assert.equal(normalizePackageName('PyPI', 'zope.interface'), 'zope-interface');
    assert.equal(normalizePackageName('PyPI', 'Foo__Bar-.-baz'), 'foo-bar-baz');
  });

  it('NuGet and Packagist fold case only', () => {
    assert.equal(normalizePackageName('NuGet', 'Newtonsoft.Json'), 'newtonsoft.json');
    assert.equal(normalizePackageName('Packagist', 'Symfony/Http_Kernel'), 'symfony/http_kernel');
  });

  it('other registries are case-sensitive and keep the name as spelt', () => {
    for (const eco of ['npm', 'Maven', 'Go', 'crates.io', 'RubyGems'] as const) assert.equal(normalizePackageName(eco, 'Some_Name.X'), 'Some_Name.X', eco);
  });

  it('packageKey makes spellings of one package version equal, and keeps ecosystems and versions apart', () => {
    assert.equal(packageKey('PyPI', 'Zope.Interface', '5.0'), packageKey('PyPI', 'zope_interface', '5.0'));
    assert.notEqual(packageKey('npm', 'React', '1.0.0'), packageKey('npm', 'react', '1.0.0'));
    assert.notEqual(packageKey('npm', 'a', '1.0.0'), packageKey('crates.io', 'a', '1.0.0'));
    assert.notEqual(packageKey('npm', 'a', '1.0'), packageKey('npm', 'a', '1.0.0'), 'versions are compared as written');
    assert.notEqual(packageKey('npm', 'a b', 'c'), packageKey('npm', 'a', 'b c'), 'the separator cannot occur in names');
  });
});
