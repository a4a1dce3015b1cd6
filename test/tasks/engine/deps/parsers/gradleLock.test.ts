import assert from 'node:assert/strict';
import { parseGradleLock } from '../../../../../tasks/engine/deps/parsers/gradleLock';
import type { ManifestError } from '../../../../../tasks/engine/deps/types';
import { fixtureText, pkgs } from '../support/parsed';

describe('gradle.lockfile', () => {
  it('coordinates per line, "empty=" ignored', () => {
    const m = parseGradleLock(fixtureText('gradle/gradle.lockfile'));
    assert.deepEqual(pkgs(m), ['com.fasterxml.jackson.core:jackson-core@2.14.0:4', 'io.netty:netty-codec@4.1.100.Final:5', 'junit:junit@4.12:6']);
    assert.throws(() => parseGradleLock(fixtureText('malformed/gradle.lockfile')), (e: ManifestError) => e.line === 1);
  });
});
