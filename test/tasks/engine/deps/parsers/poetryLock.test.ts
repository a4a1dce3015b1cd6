import assert from 'node:assert/strict';
import { parsePoetryLock } from '../../../../../tasks/engine/deps/parsers/poetryLock';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { fixtureText, pkgs, unchecked } from '../support/parsed';

describe('poetry.lock', () => {
  it('packages with their name line; dev category; git sources unchecked', () => {
    const m = parsePoetryLock(fixtureText('poetry/poetry.lock'));
    assert.deepEqual(pkgs(m), ['django@2.2.24:4', 'pytest@7.4.0:18:dev']);
    assert.deepEqual(unchecked(m), ['internal-tools:27']);
  });

  it('reports broken TOML with its line', () => {
    assert.throws(() => parsePoetryLock(fixtureText('malformed/poetry.lock')), (e: ManifestError) => e instanceof ManifestError && e.line === 3);
  });
});
