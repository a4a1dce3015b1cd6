/**
 * Shapes shared by the manifest parsers, the version matchers and the finding builder.
 * Ecosystem names are spelled exactly as OSV spells them, so they go into queries unchanged.
 */

export const ECOSYSTEMS = ['npm', 'NuGet', 'PyPI', 'Maven', 'Go', 'crates.io', 'RubyGems', 'Packagist'] as const;
export type Ecosystem = (typeof ECOSYSTEMS)[number];

export function isEcosystem(v: unknown): v is Ecosystem {
  return typeof v === 'string' && (ECOSYSTEMS as readonly string[]).includes(v);
}

/** One package a manifest brings in. */
export interface PackageRef {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /** 1-based line of the manifest entry that brings the package in. */
  line: number;
  /** Only needed for development (npm `dev`, poetry `dev` group, Pipfile `develop`...). */
  dev?: boolean;
}

/** A dependency the manifest names but whose exact version cannot be known from it. */
export interface UncheckedDependency {
  name: string;
  /** Short reason, e.g. `version range "^1.2"` or `version from a parent POM`. */
  reason: string;
  line?: number;
}

export interface ParsedManifest {
  packages: PackageRef[];
  unchecked: UncheckedDependency[];
}

/**
 * A manifest that cannot be read as its format. The message says what is wrong; the
 * engine adds the file name and the advice to fix or exclude it.
 */
export class ManifestError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** Parses one manifest's text. `path` is the repository-relative path (some formats need the file name). */
export type ManifestParser = (text: string, path: string) => ParsedManifest;

export function emptyManifest(): ParsedManifest {
  return { packages: [], unchecked: [] };
}
