import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { manifestFormat } from '../../../../tasks/engine/deps/manifests';
import { splitKey } from '../../../../tasks/engine/deps/parsers/pnpmLock';
import { ManifestError, type ParsedManifest } from '../../../../tasks/engine/deps/types';
import { decodeText } from '../../../../tasks/engine/text/decode';
import { fixture } from './support/fixtures';

function parseFixture(rel: string): ParsedManifest {
  const format = manifestFormat(rel);
  assert.ok(format, `no format recognised for ${rel}`);
  const decoded = decodeText(readFileSync(fixture(rel)));
  assert.ok(decoded);
  return format.parse(decoded.text, rel);
}

function parseText(rel: string, text: string): ParsedManifest {
  const format = manifestFormat(rel);
  assert.ok(format, `no format recognised for ${rel}`);
  return format.parse(text, rel);
}

/** `name@version:line` (+`:dev`), in file order. */
function pkgs(m: ParsedManifest): string[] {
  return m.packages.map((p) => `${p.name}@${p.version}:${p.line}${p.dev ? ':dev' : ''}`);
}

function unchecked(m: ParsedManifest): string[] {
  return m.unchecked.map((u) => `${u.name}:${u.line}`);
}

function ecosystems(m: ParsedManifest): string[] {
  return [...new Set(m.packages.map((p) => p.ecosystem))];
}

describe('dependency manifest parsers', () => {
  describe('npm package-lock.json', () => {
    it('v1: walks nested dependencies, resolves npm: aliases, skips file: links', () => {
      const m = parseFixture('npm-v1/package-lock.json');
      assert.deepEqual(pkgs(m), ['i18next@1.10.2:7', 'jquery@2.2.4:12:dev', 'mixin-deep@1.3.1:18', 'for-in@1.0.2:25', 'string-width@4.2.3:31']);
      assert.deepEqual(m.unchecked, []);
      assert.deepEqual(ecosystems(m), ['npm']);
    });

    it('v2: reads "packages" and ignores the duplicate v1 "dependencies" section', () => {
      assert.deepEqual(pkgs(parseFixture('npm-v2/package-lock.json')), ['i18next@1.10.2:15', 'mixin-deep@2.0.0:20']);
    });

    it('v3: skips the root, workspace links and folders; uses "name" for aliased installs; keeps nested copies', () => {
      assert.deepEqual(pkgs(parseFixture('npm-v3/package-lock.json')), [
        'ansi-html@0.0.1:15:dev',
        'jquery@3.0.0:21',
        'shiba@1.1.0:26',
        'shiba@1.1.0:31',
        'strip-ansi@6.0.1:36',
      ]);
    });

    it('lists git dependencies as unchecked instead of dropping them', () => {
      const m = parseText(
        'package-lock.json',
        JSON.stringify({ lockfileVersion: 3, packages: { 'node_modules/x': { version: 'git+ssh://git@github.com/a/x.git#abc' } } }, null, 2),
      );
      assert.deepEqual(m.packages, []);
      assert.deepEqual(unchecked(m), ['x:4']);
    });

    it('rejects JSON that is not a lockfile, and broken JSON with its line', () => {
      assert.throws(() => parseText('package-lock.json', '{"name": "x"}'), /lockfileVersion/);
      assert.throws(() => parseFixture('malformed/package-lock.json'), (e: ManifestError) => e instanceof ManifestError && e.line === 5 && /invalid JSON at line 5/.test(e.message));
    });
  });

  describe('yarn.lock', () => {
    it('classic: one entry per header, scoped names, npm: aliases, header line', () => {
      const m = parseFixture('yarn-classic/yarn.lock');
      assert.deepEqual(pkgs(m), ['@babel/code-frame@7.12.13:5', 'jquery@2.2.4:12', 'marky-markdown@11.3.1:16', 'string-width@4.2.3:20']);
    });

    it('berry: npm and patch: resolutions count, workspaces do not, git sources are unchecked', () => {
      const m = parseFixture('yarn-berry/yarn.lock');
      assert.deepEqual(pkgs(m), ['i18next@1.10.2:16', 'mixin-deep@2.0.0:23', 'resolve@1.22.8:30']);
      assert.deepEqual(unchecked(m), ['left-pad:36']);
    });

    it('reports a broken classic lockfile with its line', () => {
      assert.throws(() => parseFixture('malformed/yarn.lock'), (e: ManifestError) => e instanceof ManifestError && e.line === 3);
    });

    it('refuses a lockfile with merge-conflict markers', () => {
      assert.throws(() => parseText('yarn.lock', '<<<<<<< HEAD\nx@1:\n  version "1.0.0"\n'), /merge-conflict/);
    });
  });

  describe('pnpm-lock.yaml', () => {
    it('v5 keys (/name/version_peers)', () => {
      assert.deepEqual(pkgs(parseFixture('pnpm-v5/pnpm-lock.yaml')), ['i18next@1.10.2:13', '@babel/core@7.12.3:17:dev', 'react-dom@17.0.2:21']);
    });

    it('v6 keys (/name@version(peers)); git tarballs are unchecked', () => {
      const m = parseFixture('pnpm-v6/pnpm-lock.yaml');
      assert.deepEqual(pkgs(m), ['jquery@2.2.4:17', '@types/node@20.11.0:21:dev', 'react-dom@18.2.0:25']);
      assert.deepEqual(unchecked(m), ['private-lib:31']);
    });

    it('v9 keys (name@version), local directories skipped', () => {
      assert.deepEqual(pkgs(parseFixture('pnpm-v9/pnpm-lock.yaml')), ['@babel/helper-string-parser@7.24.1:20', 'mixin-deep@1.3.1:27']);
    });

    it('splits keys of every lockfile version', () => {
      assert.deepEqual(splitKey('/@scope/pkg/1.2.3_react@17.0.2', 5.4), { name: '@scope/pkg', version: '1.2.3' });
      assert.deepEqual(splitKey('/@scope/pkg@1.2.3(react@18.2.0)(react-dom@18.2.0)', 6), { name: '@scope/pkg', version: '1.2.3' });
      assert.deepEqual(splitKey('@scope/pkg@1.2.3', 9), { name: '@scope/pkg', version: '1.2.3' });
    });

    it('reports broken YAML with its line', () => {
      assert.throws(() => parseFixture('malformed/pnpm-lock.yaml'), (e: ManifestError) => e instanceof ManifestError && e.line !== undefined && /invalid YAML/.test(e.message));
    });
  });

  describe('NuGet', () => {
    it('packages.lock.json: every framework, project references skipped', () => {
      const m = parseFixture('nuget-lock/packages.lock.json');
      assert.deepEqual(pkgs(m), ['Newtonsoft.Json@12.0.1:5', 'System.Text.RegularExpressions@4.3.0:11', 'Newtonsoft.Json@12.0.1:21']);
      assert.deepEqual(ecosystems(m), ['NuGet']);
    });

    it('*.csproj PackageReference: attribute and element versions, $(Property), exact ranges; floating and unknown properties unchecked', () => {
      const m = parseFixture('csproj/WebApi.csproj');
      assert.deepEqual(pkgs(m), ['Newtonsoft.Json@12.0.1:9', 'Serilog@2.10.0:10', 'System.Linq.Dynamic.Core@1.3.7:11', 'Polly@7.2.4:14']);
      assert.deepEqual(unchecked(m), ['AutoMapper:15', 'Dapper:16']);
    });

    it('MSBuild items inside Choose/When are read too', () => {
      const m = parseText(
        'App.csproj',
        '<Project>\n  <Choose>\n    <When Condition="true">\n      <ItemGroup>\n        <PackageReference Include="Newtonsoft.Json" Version="12.0.1" />\n      </ItemGroup>\n    </When>\n  </Choose>\n</Project>\n',
      );
      assert.deepEqual(pkgs(m), ['Newtonsoft.Json@12.0.1:5']);
    });

    it('Directory.Packages.props: PackageVersion and GlobalPackageReference', () => {
      assert.deepEqual(pkgs(parseFixture('cpm/Directory.Packages.props')), [
        'System.Text.RegularExpressions@4.3.0:6',
        'Microsoft.Extensions.Logging@8.0.0:7',
        'Nerdbank.GitVersioning@3.6.133:10',
      ]);
    });

    it('reports broken XML with its line, and a malformed packages.lock.json', () => {
      assert.throws(() => parseFixture('malformed/Broken.csproj'), (e: ManifestError) => e instanceof ManifestError && e.line === 4);
      assert.throws(() => parseFixture('malformed/packages.lock.json'), ManifestError);
    });
  });

  describe('Python', () => {
    it('requirements*.txt: pins only, extras/markers/hashes/continuations handled, URLs never echoed', () => {
      const m = parseFixture('pip/requirements-dev.txt');
      assert.deepEqual(pkgs(m), ['Django@2.2.24:5', 'flask@1.0:6', 'Products.PluggableAuthService@2.6.0:7', 'requests@2.20.0:8', 'idna@2.7:16']);
      assert.deepEqual(unchecked(m), ['urllib3:11', 'pyyaml:12', 'mylib:14', '(line 15):15']);
      assert.ok(!JSON.stringify(m).includes('files.example.com'), 'a URL from the file must not be repeated');
      assert.deepEqual(ecosystems(m), ['PyPI']);
    });

    it('requirements*.txt: flags included files the scanner will not read on its own', () => {
      const m = parseText('requirements.txt', '-r base.txt\n-r requirements-common.txt\n--requirement=requirements/prod.txt\n-r https://user:token@example.com/r.txt\n-c constraints.txt\n');
      assert.deepEqual(unchecked(m), ['base.txt:1', '(line 4):4']);
      assert.ok(!JSON.stringify(m).includes('token'));
    });

    it('poetry.lock: packages with their name line; dev category; git sources unchecked', () => {
      const m = parseFixture('poetry/poetry.lock');
      assert.deepEqual(pkgs(m), ['django@2.2.24:4', 'pytest@7.4.0:18:dev']);
      assert.deepEqual(unchecked(m), ['internal-tools:27']);
    });

    it('Pipfile.lock: default and develop, local paths skipped', () => {
      assert.deepEqual(pkgs(parseFixture('pipfile/Pipfile.lock')), ['flask@0.12.2:19', 'idna@2.7:26', 'pytest@7.4.0:38:dev']);
    });

    it('reports broken TOML and JSON with their lines', () => {
      assert.throws(() => parseFixture('malformed/poetry.lock'), (e: ManifestError) => e instanceof ManifestError && e.line === 3);
      assert.throws(() => parseFixture('malformed/Pipfile.lock'), (e: ManifestError) => e instanceof ManifestError && e.line !== undefined);
    });
  });

  describe('Java', () => {
    it('pom.xml: properties resolved (also inside artifactId), managed versions reported at the using dependency', () => {
      const m = parseFixture('maven/pom.xml');
      assert.deepEqual(pkgs(m), [
        'org.apache.logging.log4j:log4j-core@2.14.1:42',
        'com.typesafe.akka:akka-actor_2.12@2.5.10:47',
        'com.fasterxml.jackson.core:jackson-databind@2.12.7.1:49',
        'com.acme:acme-common@3.1.0:56',
        'com.fasterxml.jackson.core:jackson-databind@2.12.7.1:28',
        'org.xwiki.commons:xwiki-commons-core@12.10.1:33',
      ]);
      assert.deepEqual(unchecked(m), ['org.springframework.boot:spring-boot-starter-web:58', 'io.netty:netty-codec:65', 'junit:junit:70']);
      assert.match(m.unchecked[1].reason, /\$\{netty\.version\}/);
      assert.deepEqual(ecosystems(m), ['Maven']);
    });

    it('pom.xml: property chains resolve; a cycle is reported, not looped on', () => {
      const pom = (props: string) =>
        `<project><properties>${props}</properties><dependencies><dependency><groupId>g</groupId><artifactId>a</artifactId><version>\${v}</version></dependency></dependencies></project>`;
      assert.deepEqual(pkgs(parseText('pom.xml', pom('<v>${w}</v><w>1.2</w>'))), ['g:a@1.2:1']);
      assert.equal(parseText('pom.xml', pom('<v>${w}</v><w>${v}</w>')).unchecked.length, 1);
    });

    it('rejects broken XML and a root that is not <project>', () => {
      assert.throws(() => parseFixture('malformed/pom.xml'), ManifestError);
      assert.throws(() => parseText('pom.xml', '<settings/>'), /not <project>/);
    });

    it('gradle.lockfile: coordinates per line, "empty=" ignored', () => {
      const m = parseFixture('gradle/gradle.lockfile');
      assert.deepEqual(pkgs(m), ['com.fasterxml.jackson.core:jackson-core@2.14.0:4', 'io.netty:netty-codec@4.1.100.Final:5', 'junit:junit@4.12:6']);
      assert.throws(() => parseFixture('malformed/gradle.lockfile'), (e: ManifestError) => e.line === 1);
    });
  });

  describe('Go', () => {
    it('go.mod: block and single requires, replace by version applies, replace by local folder drops the module', () => {
      const m = parseFixture('go/go.mod');
      assert.deepEqual(pkgs(m), [
        'github.com/gogo/protobuf@v1.3.2:18',
        'golang.org/x/image@v0.4.0:9',
        'golang.org/x/sys@v0.0.0-20210817142637-7d9622a276b7:10',
        'github.com/opencontainers/runc@v1.0.1:14',
        'stdlib@1.22.4:5',
      ]);
      assert.deepEqual(ecosystems(m), ['Go']);
    });

    it('go.sum: highest downloaded version per module, go.mod-only lines ignored', () => {
      assert.deepEqual(pkgs(parseFixture('gosum/go.sum')), ['github.com/gogo/protobuf@v1.3.1:1', 'golang.org/x/image@v0.4.0:4']);
    });

    it('reports malformed go.mod and go.sum lines', () => {
      assert.throws(() => parseFixture('malformed/go.mod'), (e: ManifestError) => e.line === 4);
      assert.throws(() => parseFixture('malformed/go.sum'), (e: ManifestError) => e.line === 1);
      assert.throws(() => parseText('go.mod', 'module m\nrequire (\n\ta v1.0.0\n'), /not closed/);
    });
  });

  describe('Rust, Ruby, PHP', () => {
    it('Cargo.lock: registry crates; workspace crates skipped; git crates unchecked', () => {
      const m = parseFixture('cargo/Cargo.lock');
      assert.deepEqual(pkgs(m), ['smallvec@1.6.0:14', 'time@0.1.45:20']);
      assert.deepEqual(unchecked(m), ['patched-crate:26']);
      assert.deepEqual(ecosystems(m), ['crates.io']);
      assert.throws(() => parseFixture('malformed/Cargo.lock'), (e: ManifestError) => e.line === 3);
    });

    it('Gemfile.lock: GEM specs with platforms stripped; GIT gems unchecked; requirement lines ignored', () => {
      const m = parseFixture('gemfile/Gemfile.lock');
      assert.deepEqual(pkgs(m), [
        'activesupport@4.1.0:10',
        'i18n@0.9.5:13',
        'json@2.10.1:14',
        'nokogiri@1.18.2:15',
        'paranoid2@1.1.6:17',
        'passenger@4.0.2:18',
        'rack@2.2.3:20',
      ]);
      assert.deepEqual(unchecked(m), ['internal-gem:5']);
      assert.throws(() => parseFixture('malformed/Gemfile.lock'), (e: ManifestError) => e.line === 4);
    });

    it('composer.lock: packages and packages-dev, leading v dropped, branches unchecked', () => {
      const m = parseFixture('composer/composer.lock');
      assert.deepEqual(pkgs(m), ['league/flysystem@1.0.8:8', 'sentry/sdk@2.0.4:18', 'phpunit/phpunit@9.5.10:30:dev']);
      assert.deepEqual(unchecked(m), ['acme/experimental:23']);
      assert.throws(() => parseFixture('malformed/composer.lock'), /"packages" is missing/);
    });
  });
});
