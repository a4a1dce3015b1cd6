import assert from 'node:assert/strict';
import { parsePackagesConfig } from '../../../../../tasks/engine/deps/parsers/packagesConfig';
import { pkgs, unchecked } from '../support/parsed';

describe('NuGet packages.config', () => {
  it('id and version per <package>, developmentDependency marks dev', () => {
    const m = parsePackagesConfig(
      ['<?xml version="1.0" encoding="utf-8"?>', '<packages>', '  <package id="Newtonsoft.Json" version="12.0.1" targetFramework="net472" />', '  <package id="StyleCop.Analyzers" version="1.1.118" developmentDependency="true" />', '  <package id="Broken" version="[1.0,2.0)" />', '</packages>', ''].join('\n'),
    );
    assert.deepEqual(pkgs(m), ['Newtonsoft.Json@12.0.1:3', 'StyleCop.Analyzers@1.1.118:4:dev']);
    assert.deepEqual(unchecked(m), ['Broken:5']);
    assert.equal(m.packages[0].ecosystem, 'NuGet');
    assert.throws(() => parsePackagesConfig('<project/>'), /not <packages>/);
  });
});
