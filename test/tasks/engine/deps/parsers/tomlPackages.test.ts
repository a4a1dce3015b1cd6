import assert from 'node:assert/strict';
import { tomlPackages, tomlString } from '../../../../../tasks/engine/deps/parsers/tomlPackages';
import { ManifestError } from '../../../../../tasks/engine/deps/types';

describe('TOML [[package]] tables (tomlPackages)', () => {
  it('gives each [[package]] the line of its name key, else of its header', () => {
    const text = ['version = 3', '', '[[package]]', '# a comment', 'name = "a"', 'version = "1.0"', '', '[[package]] # trailing comment', 'version = "2.0"', '', '[[package]]', 'name = "ünï"', 'version = "3.0"', ''].join('\r\n');
    const { doc, packages } = tomlPackages(text);
    assert.equal(doc.version, 3);
    assert.deepEqual(packages.map((p) => `${tomlString(p.table.name) ?? '-'}:${p.line}`), ['a:5', '-:8', 'ünï:12']);
  });

  it('does not take the name of a sub-table for the package', () => {
    const text = ['[[package]]', 'version = "1.0"', '[package.source]', 'name = "not-the-package"', ''].join('\n');
    assert.deepEqual(tomlPackages(text).packages.map((p) => p.line), [1]);
  });

  it('a file without packages has none', () => {
    assert.deepEqual(tomlPackages('').packages, []);
    assert.deepEqual(tomlPackages('[metadata]\nlock-version = "2.0"\n').packages, []);
  });

  it('reports broken TOML with its line, and a "package" that is not an array of tables', () => {
    assert.throws(() => tomlPackages('[[package]]\nname = "a"\nversion = \n'), (e: ManifestError) => e instanceof ManifestError && e.line === 3 && /^invalid TOML at line 3: /.test(e.message));
    assert.throws(() => tomlPackages('package = "x"\n'), /"package" is not an array of tables/);
    assert.throws(() => tomlPackages('package = [1]\n'), /package #1 is not a table/);
  });

  it('tomlString passes strings only', () => {
    assert.equal(tomlString('1.0'), '1.0');
    assert.equal(tomlString(1), undefined);
    assert.equal(tomlString(undefined), undefined);
  });
});
