import assert from 'node:assert/strict';
import { parseCargoLock } from '../../../../../tasks/engine/deps/parsers/cargoLock';
import type { ManifestError } from '../../../../../tasks/engine/deps/types';
import { ecosystems, fixtureText, pkgs, unchecked } from '../support/parsed';

describe('Cargo.lock', () => {
  it('registry crates; workspace crates skipped; git crates unchecked', () => {
    const m = parseCargoLock(fixtureText('cargo/Cargo.lock'));
    assert.deepEqual(pkgs(m), ['smallvec@1.6.0:14', 'time@0.1.45:20']);
    assert.deepEqual(unchecked(m), ['patched-crate:26']);
    assert.deepEqual(ecosystems(m), ['crates.io']);
    assert.throws(() => parseCargoLock(fixtureText('malformed/Cargo.lock')), (e: ManifestError) => e.line === 3);
  });
});
