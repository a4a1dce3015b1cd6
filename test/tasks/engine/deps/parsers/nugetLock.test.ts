import assert from 'node:assert/strict';
import { parseNuGetLock } from '../../../../../tasks/engine/deps/parsers/nugetLock';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { ecosystems, fixtureText, pkgs } from '../support/parsed';

describe('NuGet packages.lock.json', () => {
  it('every framework, project references skipped', () => {
    const m = parseNuGetLock(fixtureText('nuget-lock/packages.lock.json'));
    assert.deepEqual(pkgs(m), ['Newtonsoft.Json@12.0.1:5', 'System.Text.RegularExpressions@4.3.0:11', 'Newtonsoft.Json@12.0.1:21']);
    assert.deepEqual(ecosystems(m), ['NuGet']);
  });

  it('reports a malformed packages.lock.json', () => {
    assert.throws(() => parseNuGetLock(fixtureText('malformed/packages.lock.json')), ManifestError);
  });
});
