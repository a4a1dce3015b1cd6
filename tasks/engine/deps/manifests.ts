import { parseCargoLock } from './parsers/cargoLock';
import { parseComposerLock } from './parsers/composerLock';
import { parseGemfileLock } from './parsers/gemfileLock';
import { parseGoMod } from './parsers/goMod';
import { parseGoSum } from './parsers/goSum';
import { parseGradleLock } from './parsers/gradleLock';
import { parseMavenPom } from './parsers/mavenPom';
import { parseMsbuildPackages } from './parsers/msbuildPackages';
import { parseNpmLock } from './parsers/npmLock';
import { parseNuGetLock } from './parsers/nugetLock';
import { parsePipfileLock } from './parsers/pipfileLock';
import { parsePipRequirements } from './parsers/pipRequirements';
import { parsePnpmLock } from './parsers/pnpmLock';
import { parsePoetryLock } from './parsers/poetryLock';
import { parseYarnLock } from './parsers/yarnLock';
import type { ManifestParser } from './types';

/** A manifest format: how to recognise its files and how to read them. */
export interface ManifestFormat {
  /** Human name used in diagnostics: `npm package-lock.json`. */
  label: string;
  matches(base: string, dir: string): boolean;
  parse: ManifestParser;
}

const named = (...names: string[]) => (base: string) => names.includes(base);

export const MANIFEST_FORMATS: readonly ManifestFormat[] = [
  { label: 'npm lockfile', matches: named('package-lock.json', 'npm-shrinkwrap.json'), parse: parseNpmLock },
  { label: 'yarn.lock', matches: named('yarn.lock'), parse: parseYarnLock },
  { label: 'pnpm-lock.yaml', matches: named('pnpm-lock.yaml'), parse: parsePnpmLock },
  { label: 'NuGet packages.lock.json', matches: named('packages.lock.json'), parse: parseNuGetLock },
  {
    label: 'MSBuild project',
    matches: (base) => /\.(cs|fs|vb)proj$/i.test(base) || /^Directory\.(Packages|Build)\.props$/i.test(base),
    parse: parseMsbuildPackages,
  },
  {
    label: 'pip requirements file',
    matches: (base, dir) => /^requirements[\w.-]*\.txt$/i.test(base) || (/(^|\/)requirements$/i.test(dir) && /\.txt$/i.test(base)),
    parse: parsePipRequirements,
  },
  { label: 'poetry.lock', matches: named('poetry.lock'), parse: parsePoetryLock },
  { label: 'Pipfile.lock', matches: named('Pipfile.lock'), parse: parsePipfileLock },
  { label: 'Maven pom.xml', matches: named('pom.xml'), parse: parseMavenPom },
  {
    label: 'Gradle lockfile',
    matches: (base, dir) => /(^|[-.])gradle\.lockfile$/.test(base) || (/(^|\/)dependency-locks$/.test(dir) && base.endsWith('.lockfile')),
    parse: parseGradleLock,
  },
  { label: 'go.mod', matches: named('go.mod'), parse: parseGoMod },
  { label: 'go.sum', matches: named('go.sum'), parse: parseGoSum },
  { label: 'Cargo.lock', matches: named('Cargo.lock'), parse: parseCargoLock },
  { label: 'Gemfile.lock', matches: named('Gemfile.lock', 'gems.locked'), parse: parseGemfileLock },
  { label: 'composer.lock', matches: named('composer.lock'), parse: parseComposerLock },
];

/** The format of a repository-relative path, or undefined. Installed copies under node_modules are not the project's manifests. */
export function manifestFormat(relPath: string): ManifestFormat | undefined {
  const p = relPath.replace(/\\/g, '/');
  if (/(^|\/)node_modules\//.test(p)) return undefined;
  const slash = p.lastIndexOf('/');
  const base = p.slice(slash + 1);
  const dir = slash === -1 ? '' : p.slice(0, slash);
  return MANIFEST_FORMATS.find((f) => f.matches(base, dir));
}
