import assert from 'node:assert/strict';
import { manifestFormat } from '../../../../tasks/engine/deps/manifests';
import { ManifestError, type ManifestContext, type ParsedManifest } from '../../../../tasks/engine/deps/types';

function parse(path: string, text: string, siblings: Record<string, string> = {}): ParsedManifest {
  const format = manifestFormat(path);
  assert.ok(format, `${path} is recognised`);
  const ctx: ManifestContext = { readRelative: (rel) => siblings[rel] };
  return format.parse(text, path, ctx);
}

const pkgs = (m: ParsedManifest) => m.packages.map((p) => `${p.name}@${p.version}:${p.line}${p.dev ? ':dev' : ''}`);
const unchecked = (m: ParsedManifest) => m.unchecked.map((u) => `${u.name}:${u.line}`);

describe('dependency formats added for issue 21', () => {
  it('packages.config: id and version per <package>, developmentDependency marks dev', () => {
    const m = parse(
      'src/App/packages.config',
      ['<?xml version="1.0" encoding="utf-8"?>', '<packages>', '  <package id="Newtonsoft.Json" version="12.0.1" targetFramework="net472" />', '  <package id="StyleCop.Analyzers" version="1.1.118" developmentDependency="true" />', '  <package id="Broken" version="[1.0,2.0)" />', '</packages>', ''].join('\n'),
    );
    assert.deepEqual(pkgs(m), ['Newtonsoft.Json@12.0.1:3', 'StyleCop.Analyzers@1.1.118:4:dev']);
    assert.deepEqual(unchecked(m), ['Broken:5']);
    assert.equal(m.packages[0].ecosystem, 'NuGet');
    assert.throws(() => parse('packages.config', '<project/>'), /not <packages>/);
  });

  it('bun.lock: registry packages with their line; git and workspace entries are not releases', () => {
    const lock = `{
  // bun writes JSONC: comments and trailing commas
  "lockfileVersion": 1,
  "workspaces": { "": { "name": "app", "dependencies": { "lodash": "^4.17.0", "x": "github:a/x" } } },
  "packages": {
    "lodash": ["lodash@4.17.20", "", {}, "sha512-a"],
    "x": ["x@github:a/x#abc", {}, "a-x-abc"],
  },
}`;
    const m = parse('bun.lock', lock);
    assert.deepEqual(pkgs(m), ['lodash@4.17.20:6']);
    assert.deepEqual(unchecked(m), ['x:7']);
    assert.throws(() => parse('bun.lock', '{ "packages": {} }'), /lockfileVersion/);
    assert.throws(() => parse('bun.lock', '{ "lockfileVersion": 1, "packages": { '), (e: ManifestError) => e instanceof ManifestError && e.line === 1);
  });

  it('uv.lock: registry packages count, the project and git sources do not', () => {
    const lock = ['version = 1', '', '[[package]]', 'name = "app"', 'version = "0.1.0"', 'source = { virtual = "." }', '', '[[package]]', 'name = "Jinja2"', 'version = "2.10"', 'source = { registry = "https://pypi.org/simple" }', '', '[[package]]', 'name = "lib"', 'version = "1.0"', 'source = { git = "https://example.com/lib.git" }', ''].join('\n');
    const m = parse('uv.lock', lock);
    assert.deepEqual(pkgs(m), ['Jinja2@2.10:9']);
    assert.deepEqual(unchecked(m), ['lib:14']);
    assert.equal(m.packages[0].ecosystem, 'PyPI');
  });

  it('pyproject.toml: PEP 621 == pins and Poetry exact pins count, at their line; ranges are unchecked', () => {
    const text = [
      '[project]',
      'name = "app"',
      'dependencies = [',
      '  "Django==2.2.20",',
      '  "requests>=2",',
      '  "urllib3 == 1.26.4 ; python_version >= \'3.8\'",',
      ']',
      '',
      '[project.optional-dependencies]',
      'yaml = ["PyYAML===5.3"]',
      '',
      '[dependency-groups]',
      'test = ["pytest==7.0.0"]',
      '',
      '[tool.poetry.dependencies]',
      'python = "^3.9"',
      'flask = "1.0"',
      'click = "^8.0"',
      '',
      '[tool.poetry.group.dev.dependencies]',
      'black = { version = "==22.1.0" }',
      '',
    ].join('\n');
    const m = parse('pyproject.toml', text);
    assert.deepEqual(pkgs(m), ['Django@2.2.20:4', 'urllib3@1.26.4:6', 'PyYAML@5.3:10', 'pytest@7.0.0:13:dev', 'flask@1.0:17', 'black@22.1.0:21:dev']);
    assert.deepEqual(unchecked(m), ['requests:5', 'click:18']);
    assert.ok(m.packages.every((p) => p.direct));
    assert.throws(() => parse('pyproject.toml', '[project\nname = 1\n'), ManifestError);
  });

  it('pom.xml: dependencies of build plugins count, and findings point at the <version> line', () => {
    const pom = [
      '<project>',
      '  <groupId>g</groupId><artifactId>a</artifactId><version>1</version>',
      '  <build>',
      '    <plugins>',
      '      <plugin>',
      '        <artifactId>maven-antrun-plugin</artifactId>',
      '        <dependencies>',
      '          <dependency>',
      '            <groupId>org.apache.ant</groupId>',
      '            <artifactId>ant</artifactId>',
      '            <version>1.9.0</version>',
      '          </dependency>',
      '        </dependencies>',
      '      </plugin>',
      '    </plugins>',
      '  </build>',
      '</project>',
    ].join('\n');
    assert.deepEqual(pkgs(parse('pom.xml', pom)), ['org.apache.ant:ant@1.9.0:11']);
  });

  it('pom.xml: a parent POM in the tree (relativePath, default ../pom.xml) lends properties and managed versions', () => {
    const parent = [
      '<project>',
      '  <groupId>com.acme</groupId><artifactId>parent</artifactId><version>1</version>',
      '  <properties><jackson.version>2.9.8</jackson.version></properties>',
      '  <dependencyManagement><dependencies>',
      '    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>1.26</version></dependency>',
      '  </dependencies></dependencyManagement>',
      '</project>',
    ].join('\n');
    const child = (relativePath: string) =>
      [
        '<project>',
        `  <parent><groupId>com.acme</groupId><artifactId>parent</artifactId><version>1</version>${relativePath}</parent>`,
        '  <artifactId>svc</artifactId>',
        '  <dependencies>',
        '    <dependency>',
        '      <groupId>com.fasterxml.jackson.core</groupId><artifactId>jackson-databind</artifactId>',
        '      <version>${jackson.version}</version>',
        '    </dependency>',
        '    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId></dependency>',
        '  </dependencies>',
        '</project>',
      ].join('\n');
    const m = parse('svc/pom.xml', child(''), { '../pom.xml': parent });
    assert.deepEqual(pkgs(m), ['com.fasterxml.jackson.core:jackson-databind@2.9.8:7', 'org.yaml:snakeyaml@1.26:9']);
    assert.deepEqual(unchecked(m), []);
    const elsewhere = parse('svc/pom.xml', child('<relativePath>../build/parent.xml</relativePath>'), { '../build/parent.xml': parent });
    assert.equal(elsewhere.packages.length, 2);
    const absent = parse('svc/pom.xml', child(''), {});
    assert.deepEqual(absent.packages, []);
    assert.equal(absent.unchecked.length, 2, 'without the parent both versions are unknown');
    const wrong = parse('svc/pom.xml', child(''), { '../pom.xml': parent.replace('<artifactId>parent</artifactId>', '<artifactId>other</artifactId>') });
    assert.equal(wrong.packages.length, 0, 'a POM that is not the named parent is ignored, as Maven does');
  });

  it('go.mod: the toolchain (else go) directive becomes the stdlib package; // indirect marks transitive modules', () => {
    const m = parse('go.mod', 'module m\n\ngo 1.20\n\nrequire (\n\tgolang.org/x/net v0.1.0 // indirect\n\tgithub.com/a/b v1.0.0\n)\n');
    assert.deepEqual(m.packages.map((p) => `${p.name}@${p.version}:${p.line}:${p.direct ? 'direct' : 'indirect'}`), ['golang.org/x/net@v0.1.0:6:indirect', 'github.com/a/b@v1.0.0:7:direct', 'stdlib@1.20.0:3:direct']);
    const t = parse('go.mod', 'module m\ngo 1.21\ntoolchain go1.21rc2\n');
    assert.deepEqual(pkgs(t), ['stdlib@1.21.0-rc.2:3']);
    assert.throws(() => parse('go.mod', 'module m\ngo banana\n'), (e: ManifestError) => e.line === 2);
  });
});
