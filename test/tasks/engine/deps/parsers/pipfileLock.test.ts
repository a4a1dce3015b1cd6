import assert from 'node:assert/strict';
import { parsePipfileLock } from '../../../../../tasks/engine/deps/parsers/pipfileLock';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { fixtureText, pkgs } from '../support/parsed';

describe('Pipfile.lock', () => {
  it('default and develop, local paths skipped', () => {
    assert.deepEqual(pkgs(parsePipfileLock(fixtureText('pipfile/Pipfile.lock'))), ['flask@0.12.2:19', 'idna@2.7:26', 'pytest@7.4.0:38:dev']);
  });

  it('reports broken JSON with its line', () => {
    assert.throws(() => parsePipfileLock(fixtureText('malformed/Pipfile.lock')), (e: ManifestError) => e instanceof ManifestError && e.line !== undefined);
  });
});
