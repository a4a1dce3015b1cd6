import assert from 'node:assert/strict';
import { parseYarnLock } from '../../../../../tasks/engine/deps/parsers/yarnLock';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { fixtureText, pkgs, unchecked } from '../support/parsed';

describe('yarn.lock', () => {
  it('classic: one entry per header, scoped names, npm: aliases, header line', () => {
    const m = parseYarnLock(fixtureText('yarn-classic/yarn.lock'), 'yarn.lock');
    assert.deepEqual(pkgs(m), ['@babel/code-frame@7.12.13:5', 'jquery@2.2.4:12', 'marky-markdown@11.3.1:16', 'string-width@4.2.3:20']);
  });

  it('berry: npm and patch: resolutions count, workspaces do not, git sources are unchecked', () => {
    const m = parseYarnLock(fixtureText('yarn-berry/yarn.lock'), 'yarn.lock');
    assert.deepEqual(pkgs(m), ['i18next@1.10.2:16', 'mixin-deep@2.0.0:23', 'resolve@1.22.8:30']);
    assert.deepEqual(unchecked(m), ['left-pad:36']);
  });

  it('reports a broken classic lockfile with its line', () => {
    assert.throws(() => parseYarnLock(fixtureText('malformed/yarn.lock'), 'yarn.lock'), (e: ManifestError) => e instanceof ManifestError && e.line === 3);
  });

  it('refuses a lockfile with merge-conflict markers', () => {
    assert.throws(() => parseYarnLock('<<<<<<< HEAD\nx@1:\n  version "1.0.0"\n', 'yarn.lock'), /merge-conflict/);
  });
});
