import assert from 'node:assert/strict';
import { parseBunLock } from '../../../../../tasks/engine/deps/parsers/bunLock';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { pkgs, unchecked } from '../support/parsed';

describe('bun.lock', () => {
  it('registry packages with their line; git and workspace entries are not releases', () => {
    const lock = `{
  // bun writes JSONC: comments and trailing commas
  "lockfileVersion": 1,
  "workspaces": { "": { "name": "app", "dependencies": { "lodash": "^4.17.0", "x": "github:a/x" } } },
  "packages": {
    "lodash": ["lodash@4.17.20", "", {}, "sha512-a"],
    "x": ["x@github:a/x#abc", {}, "a-x-abc"],
  },
}`;
    const m = parseBunLock(lock);
    assert.deepEqual(pkgs(m), ['lodash@4.17.20:6']);
    assert.deepEqual(unchecked(m), ['x:7']);
    assert.throws(() => parseBunLock('{ "packages": {} }'), /lockfileVersion/);
    assert.throws(() => parseBunLock('{ "lockfileVersion": 1, "packages": { '), (e: ManifestError) => e instanceof ManifestError && e.line === 1);
  });

  it('calls an empty bun.lock empty', () => {
    assert.throws(() => parseBunLock('\n'), (e: ManifestError) => e instanceof ManifestError && e.line === 1 && /the file is empty/.test(e.message));
  });
});
