import { parseBunLock } from './parsers/bunLock';
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
import { parsePackagesConfig } from './parsers/packagesConfig';
import { parsePipfileLock } from './parsers/pipfileLock';
import { parsePipRequirements } from './parsers/pipRequirements';
import { parsePnpmLock } from './parsers/pnpmLock';
import { parsePoetryLock } from './parsers/poetryLock';
import { parsePyproject } from './parsers/pyproject';
import { parseUvLock } from './parsers/uvLock';
import { parseYarnLock } from './parsers/yarnLock';
import { MANIFEST_KINDS, manifestKind, type ManifestKind } from './manifestNames';
import type { ManifestParser } from './types';

/** A manifest format: how to recognise its files and how to read them. */
export interface ManifestFormat extends ManifestKind {
  parse: ManifestParser;
}

const PARSERS: Record<ManifestKind['id'], ManifestParser> = {
  npm: parseNpmLock,
  yarn: parseYarnLock,
  pnpm: parsePnpmLock,
  bun: parseBunLock,
  nugetLock: parseNuGetLock,
  packagesConfig: parsePackagesConfig,
  msbuild: parseMsbuildPackages,
  pip: parsePipRequirements,
  poetry: parsePoetryLock,
  uv: parseUvLock,
  pyproject: parsePyproject,
  pipfile: parsePipfileLock,
  maven: parseMavenPom,
  gradle: parseGradleLock,
  goMod: parseGoMod,
  goSum: parseGoSum,
  cargo: parseCargoLock,
  gemfile: parseGemfileLock,
  composer: parseComposerLock,
};

export const MANIFEST_FORMATS: readonly ManifestFormat[] = MANIFEST_KINDS.map((k) => ({ ...k, parse: PARSERS[k.id] }));

/** The format of a repository-relative path, or undefined. */
export function manifestFormat(relPath: string): ManifestFormat | undefined {
  const kind = manifestKind(relPath);
  return kind && MANIFEST_FORMATS.find((f) => f.id === kind.id);
}
