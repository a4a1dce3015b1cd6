import assert from 'node:assert/strict';
import { isDependencyManifest } from '../../../../tasks/engine/deps/index';
import { MANIFEST_KINDS, manifestKind } from '../../../../tasks/engine/deps/manifestNames';

describe('dependency manifest detection', () => {
  it('recognises every supported file by name and place', () => {
    for (const p of [
      'package-lock.json', 'web/npm-shrinkwrap.json', 'yarn.lock', 'apps/a/pnpm-lock.yaml',
      'src/Api/packages.lock.json', 'src/Api/Api.csproj', 'src/Lib/Lib.fsproj', 'Directory.Packages.props', 'Directory.Build.props',
      'requirements.txt', 'requirements-dev.txt', 'requirements/prod.txt', 'poetry.lock', 'Pipfile.lock',
      'pom.xml', 'gradle.lockfile', 'app/buildscript-gradle.lockfile', 'gradle/dependency-locks/compileClasspath.lockfile',
      'go.mod', 'go.sum', 'Cargo.lock', 'Gemfile.lock', 'composer.lock', 'win\\style\\yarn.lock',
    ]) assert.ok(isDependencyManifest(p), p);
  });

  it('ignores other files and installed copies under node_modules', () => {
    for (const p of ['package.json', 'README.md', 'requirements.md', 'notes/pom.xml.bak', 'node_modules/x/package-lock.json', 'a/node_modules/b/yarn.lock', 'Cargo.toml', 'Gemfile', 'composer.json', 'docs.txt']) {
      assert.ok(!isDependencyManifest(p), p);
    }
  });
});

describe('manifest kinds (manifestKind)', () => {
  it('names the kind, its label and its ecosystem', () => {
    const kind = (p: string) => {
      const k = manifestKind(p);
      return k && `${k.id}|${k.ecosystem}|${k.label}`;
    };
    assert.equal(kind('a/b/yarn.lock'), 'yarn|npm|yarn.lock');
    assert.equal(kind('src\\App\\App.vbproj'), 'msbuild|NuGet|MSBuild project');
    assert.equal(kind('gems.locked'), 'gemfile|RubyGems|Gemfile.lock');
    assert.equal(kind('requirements/base.txt'), 'pip|PyPI|pip requirements file');
    assert.equal(kind('gradle/dependency-locks/compileClasspath.lockfile'), 'gradle|Maven|Gradle lockfile');
  });

  it('matches file names exactly where the tools do (case, position of the folder)', () => {
    assert.equal(manifestKind('Package-Lock.json'), undefined, 'npm writes the name in lower case only');
    assert.equal(manifestKind('docs/requirements/notes.md'), undefined);
    assert.equal(manifestKind('requirements/sub/x.txt'), undefined, 'only files directly in a requirements folder');
    assert.equal(manifestKind('dependency-locks/x.lockfile')?.id, 'gradle');
    assert.equal(manifestKind('mygradle.lockfile'), undefined);
    assert.equal(manifestKind(''), undefined);
    assert.equal(manifestKind('node_modules'), undefined);
  });

  it('every kind has a distinct id', () => {
    const ids = MANIFEST_KINDS.map((k) => k.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});
