import type { Ecosystem } from './types';

/**
 * Which files the dependency scanner reads, by name alone. Kept apart from the parsers so a
 * scan can tell whether it needs them (and their libraries) before loading any.
 */
export interface ManifestKind {
  id:
    | 'npm'
    | 'yarn'
    | 'pnpm'
    | 'bun'
    | 'nugetLock'
    | 'packagesConfig'
    | 'msbuild'
    | 'pip'
    | 'poetry'
    | 'uv'
    | 'pyproject'
    | 'pipfile'
    | 'maven'
    | 'gradle'
    | 'goMod'
    | 'goSum'
    | 'cargo'
    | 'gemfile'
    | 'composer';
  /** Human name used in diagnostics: `npm lockfile`. */
  label: string;
  /**
   * It records the exact version installed (a lockfile): what it leaves unchecked (git, path or
   * branch dependencies) a lockfile would not pin either, unlike a manifest's ranges.
   */
  lockfile?: true;
  /** The OSV ecosystem of its packages (what an offline export must hold for it). */
  ecosystem: Ecosystem;
  matches(base: string, dir: string): boolean;
}

const named = (...names: string[]) => (base: string) => names.includes(base);

export const MANIFEST_KINDS: readonly ManifestKind[] = [
  { id: 'npm', ecosystem: 'npm', label: 'npm lockfile', lockfile: true, matches: named('package-lock.json', 'npm-shrinkwrap.json') },
  { id: 'yarn', ecosystem: 'npm', label: 'yarn.lock', lockfile: true, matches: named('yarn.lock') },
  { id: 'pnpm', ecosystem: 'npm', label: 'pnpm-lock.yaml', lockfile: true, matches: named('pnpm-lock.yaml') },
  { id: 'bun', ecosystem: 'npm', label: 'bun.lock', lockfile: true, matches: named('bun.lock') },
  { id: 'nugetLock', ecosystem: 'NuGet', label: 'NuGet packages.lock.json', lockfile: true, matches: named('packages.lock.json') },
  { id: 'packagesConfig', ecosystem: 'NuGet', label: 'NuGet packages.config', matches: named('packages.config') },
  { id: 'msbuild', ecosystem: 'NuGet', label: 'MSBuild project', matches: (base) => /\.(cs|fs|vb)proj$/i.test(base) || /^Directory\.(Packages|Build)\.props$/i.test(base) },
  {
    id: 'pip',
    ecosystem: 'PyPI',
    label: 'pip requirements file',
    matches: (base, dir) => /^requirements[\w.-]*\.txt$/i.test(base) || (/(^|\/)requirements$/i.test(dir) && /\.txt$/i.test(base)),
  },
  { id: 'poetry', ecosystem: 'PyPI', label: 'poetry.lock', lockfile: true, matches: named('poetry.lock') },
  { id: 'uv', ecosystem: 'PyPI', label: 'uv.lock', lockfile: true, matches: named('uv.lock') },
  { id: 'pyproject', ecosystem: 'PyPI', label: 'pyproject.toml', matches: named('pyproject.toml') },
  { id: 'pipfile', ecosystem: 'PyPI', label: 'Pipfile.lock', lockfile: true, matches: named('Pipfile.lock') },
  { id: 'maven', ecosystem: 'Maven', label: 'Maven pom.xml', matches: named('pom.xml') },
  {
    id: 'gradle',
    ecosystem: 'Maven',
    label: 'Gradle lockfile',
    lockfile: true,
    matches: (base, dir) => /(^|[-.])gradle\.lockfile$/.test(base) || (/(^|\/)dependency-locks$/.test(dir) && base.endsWith('.lockfile')),
  },
  { id: 'goMod', ecosystem: 'Go', label: 'go.mod', matches: named('go.mod') },
  { id: 'goSum', ecosystem: 'Go', label: 'go.sum', lockfile: true, matches: named('go.sum') },
  { id: 'cargo', ecosystem: 'crates.io', label: 'Cargo.lock', lockfile: true, matches: named('Cargo.lock') },
  { id: 'gemfile', ecosystem: 'RubyGems', label: 'Gemfile.lock', lockfile: true, matches: named('Gemfile.lock', 'gems.locked') },
  { id: 'composer', ecosystem: 'Packagist', label: 'composer.lock', lockfile: true, matches: named('composer.lock') },
];

/** The kind of a repository-relative path, or undefined. Installed copies under node_modules are not the project's manifests. */
export function manifestKind(relPath: string): ManifestKind | undefined {
  const p = relPath.replace(/\\/g, '/');
  if (/(^|\/)node_modules\//.test(p)) return undefined;
  const slash = p.lastIndexOf('/');
  const base = p.slice(slash + 1);
  const dir = slash === -1 ? '' : p.slice(0, slash);
  return MANIFEST_KINDS.find((f) => f.matches(base, dir));
}

/** True for files the dependency scanner reads (lockfiles and manifests it knows), by repository-relative path. */
export function isDependencyManifest(relPath: string): boolean {
  return manifestKind(relPath) !== undefined;
}
