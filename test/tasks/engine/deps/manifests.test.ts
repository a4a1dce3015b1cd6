import assert from 'node:assert/strict';
import { MANIFEST_KINDS } from '../../../../tasks/engine/deps/manifestNames';
import { MANIFEST_FORMATS, manifestFormat } from '../../../../tasks/engine/deps/manifests';
import { parseBunLock } from '../../../../tasks/engine/deps/parsers/bunLock';
import { parseCargoLock } from '../../../../tasks/engine/deps/parsers/cargoLock';
import { parseComposerLock } from '../../../../tasks/engine/deps/parsers/composerLock';
import { parseGemfileLock } from '../../../../tasks/engine/deps/parsers/gemfileLock';
import { parseGoMod } from '../../../../tasks/engine/deps/parsers/goMod';
import { parseGoSum } from '../../../../tasks/engine/deps/parsers/goSum';
import { parseGradleLock } from '../../../../tasks/engine/deps/parsers/gradleLock';
import { parseMavenPom } from '../../../../tasks/engine/deps/parsers/mavenPom';
import { parseMsbuildPackages } from '../../../../tasks/engine/deps/parsers/msbuildPackages';
import { parseNpmLock } from '../../../../tasks/engine/deps/parsers/npmLock';
import { parseNuGetLock } from '../../../../tasks/engine/deps/parsers/nugetLock';
import { parsePackagesConfig } from '../../../../tasks/engine/deps/parsers/packagesConfig';
import { parsePipfileLock } from '../../../../tasks/engine/deps/parsers/pipfileLock';
import { parsePipRequirements } from '../../../../tasks/engine/deps/parsers/pipRequirements';
import { parsePnpmLock } from '../../../../tasks/engine/deps/parsers/pnpmLock';
import { parsePoetryLock } from '../../../../tasks/engine/deps/parsers/poetryLock';
import { parsePyproject } from '../../../../tasks/engine/deps/parsers/pyproject';
import { parseUvLock } from '../../../../tasks/engine/deps/parsers/uvLock';
import { parseYarnLock } from '../../../../tasks/engine/deps/parsers/yarnLock';
import type { ManifestParser } from '../../../../tasks/engine/deps/types';
import { fixtureText, pkgs } from './support/parsed';

// Each parser's own cases are in test/tasks/engine/deps/parsers/<parser>.test.ts; this file
// checks only the dispatch from a file's path to its parser.
describe('dependency manifest formats (path → parser)', () => {
  it('hands every file to its own parser', () => {
    const expected: [string, ManifestParser][] = [
      ['package-lock.json', parseNpmLock],
      ['web/npm-shrinkwrap.json', parseNpmLock],
      ['yarn.lock', parseYarnLock],
      ['pnpm-lock.yaml', parsePnpmLock],
      ['bun.lock', parseBunLock],
      ['src/Api/packages.lock.json', parseNuGetLock],
      ['src/App/packages.config', parsePackagesConfig],
      ['src/Api/Api.csproj', parseMsbuildPackages],
      ['Directory.Packages.props', parseMsbuildPackages],
      ['requirements/prod.txt', parsePipRequirements],
      ['poetry.lock', parsePoetryLock],
      ['uv.lock', parseUvLock],
      ['pyproject.toml', parsePyproject],
      ['Pipfile.lock', parsePipfileLock],
      ['pom.xml', parseMavenPom],
      ['gradle.lockfile', parseGradleLock],
      ['go.mod', parseGoMod],
      ['go.sum', parseGoSum],
      ['Cargo.lock', parseCargoLock],
      ['gems.locked', parseGemfileLock],
      ['composer.lock', parseComposerLock],
    ];
    for (const [path, parser] of expected) assert.equal(manifestFormat(path)?.parse, parser, path);
  });

  it('has one format per manifest kind, each with a parser, and none for other files', () => {
    assert.deepEqual(MANIFEST_FORMATS.map((f) => f.id), MANIFEST_KINDS.map((k) => k.id));
    assert.ok(MANIFEST_FORMATS.every((f) => typeof f.parse === 'function'));
    assert.equal(manifestFormat('package.json'), undefined);
    assert.equal(manifestFormat('node_modules/x/package-lock.json'), undefined);
  });

  it('a format parses its sample the way its parser does', () => {
    const format = manifestFormat('Cargo.lock');
    assert.ok(format);
    assert.deepEqual(pkgs(format.parse(fixtureText('cargo/Cargo.lock'), 'Cargo.lock')), ['smallvec@1.6.0:14', 'time@0.1.45:20']);
  });
});
