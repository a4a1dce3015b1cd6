import assert from 'node:assert/strict';
import { parseNpmLock } from '../../../../../tasks/engine/deps/parsers/npmLock';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { ecosystems, fixtureText, pkgs, unchecked } from '../support/parsed';

describe('npm package-lock.json', () => {
  it('v1: walks nested dependencies, resolves npm: aliases, skips file: links', () => {
    const m = parseNpmLock(fixtureText('npm-v1/package-lock.json'), 'package-lock.json');
    assert.deepEqual(pkgs(m), ['i18next@1.10.2:7', 'jquery@2.2.4:12:dev', 'mixin-deep@1.3.1:18', 'for-in@1.0.2:25', 'string-width@4.2.3:31']);
    assert.deepEqual(m.unchecked, []);
    assert.deepEqual(ecosystems(m), ['npm']);
  });

  it('v2: reads "packages" and ignores the duplicate v1 "dependencies" section', () => {
    assert.deepEqual(pkgs(parseNpmLock(fixtureText('npm-v2/package-lock.json'), 'package-lock.json')), ['i18next@1.10.2:15', 'mixin-deep@2.0.0:20']);
  });

  it('v3: skips the root, workspace links and folders; uses "name" for aliased installs; keeps nested copies', () => {
    assert.deepEqual(pkgs(parseNpmLock(fixtureText('npm-v3/package-lock.json'), 'package-lock.json')), [
      'ansi-html@0.0.1:15:dev',
      'jquery@3.0.0:21',
      'shiba@1.1.0:26',
      'shiba@1.1.0:31',
      'strip-ansi@6.0.1:36',
    ]);
  });

  it('lists git dependencies as unchecked instead of dropping them', () => {
    const m = parseNpmLock(
      JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/x': { version: 'git+ssh://git@github.com/a/x.git#abc' } } }, null, 2),
      'package-lock.json',
    );
    assert.deepEqual(m.packages, []);
    assert.deepEqual(unchecked(m), ['x:4']);
  });

  it('rejects JSON that is not a lockfile, and broken JSON with its line', () => {
    assert.throws(() => parseNpmLock('{"name": "x"}', 'package-lock.json'), /lockfileVersion/);
    assert.throws(
      () => parseNpmLock(fixtureText('malformed/package-lock.json'), 'package-lock.json'),
      (e: ManifestError) => e instanceof ManifestError && e.line === 5 && /invalid JSON at line 5/.test(e.message),
    );
  });
});
