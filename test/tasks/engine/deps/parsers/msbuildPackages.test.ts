import assert from 'node:assert/strict';
import { parseMsbuildPackages } from '../../../../../tasks/engine/deps/parsers/msbuildPackages';
import { ManifestError } from '../../../../../tasks/engine/deps/types';
import { fixtureText, pkgs, unchecked } from '../support/parsed';

describe('MSBuild projects (*.csproj, Directory.Packages.props)', () => {
  it('*.csproj PackageReference: attribute and element versions, $(Property), exact ranges; floating and unknown properties unchecked', () => {
    const m = parseMsbuildPackages(fixtureText('csproj/WebApi.csproj'));
    assert.deepEqual(pkgs(m), ['Newtonsoft.Json@12.0.1:9', 'Serilog@2.10.0:10', 'System.Linq.Dynamic.Core@1.3.7:11', 'Polly@7.2.4:14']);
    assert.deepEqual(unchecked(m), ['AutoMapper:15', 'Dapper:16']);
  });

  it('MSBuild items inside Choose/When are read too', () => {
    const m = parseMsbuildPackages(
      '<Project>\n  <Choose>\n    <When Condition="true">\n      <ItemGroup>\n        <PackageReference Include="Newtonsoft.Json" Version="12.0.1" />\n      </ItemGroup>\n    </When>\n  </Choose>\n</Project>\n',
    );
    assert.deepEqual(pkgs(m), ['Newtonsoft.Json@12.0.1:5']);
  });

  it('Directory.Packages.props: PackageVersion and GlobalPackageReference', () => {
    assert.deepEqual(pkgs(parseMsbuildPackages(fixtureText('cpm/Directory.Packages.props'))), [
      'System.Text.RegularExpressions@4.3.0:6',
      'Microsoft.Extensions.Logging@8.0.0:7',
      'Nerdbank.GitVersioning@3.6.133:10',
    ]);
  });

  it('reports broken XML with its line', () => {
    assert.throws(() => parseMsbuildPackages(fixtureText('malformed/Broken.csproj')), (e: ManifestError) => e instanceof ManifestError && e.line === 4);
  });
});
