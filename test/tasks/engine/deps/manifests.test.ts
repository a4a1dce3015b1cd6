import assert from 'node:assert/strict';
import { isDependencyManifest } from '../../../../tasks/engine/deps/index';

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
