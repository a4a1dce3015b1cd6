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
  /** This package's node in the manifest's dependency graph (see DependencyGraph). */
  node?: string;
  /** True when the project names it itself (a manifest entry, a lockfile's direct dependency). */
  direct?: boolean;
}

/**
 * Who depends on whom, as far as the lockfile records it. Node ids are the parser's own
 * (a node_modules path, `name@version`...); packages point at theirs with `PackageRef.node`.
 */
export interface DependencyGraph {
  /** The project's own direct dependencies, with whether the project needs them only for development. */
  roots: { node: string; dev: boolean }[];
  /** node -> the nodes it depends on, each with the version range it asked for when the lockfile keeps it. */
  edges: Map<string, { node: string; range?: string }[]>;
  /** Names of nodes that are not packages (a referenced project), for paths through them. */
  labels?: Map<string, string>;
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
  /** Present when the format records dependency edges; without it paths are "unknown". */
  graph?: DependencyGraph;
}

/**
 * What a parser may read besides its own file: a manifest beside it (package.json next to
 * yarn.lock tells direct and dev dependencies) or a parent POM. Paths are relative to the
 * manifest's folder; undefined when the file is absent or outside the scanned tree.
 */
export interface ManifestContext {
  readRelative(relPath: string): string | undefined;
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
export type ManifestParser = (text: string, path: string, ctx?: ManifestContext) => ParsedManifest;

export function emptyManifest(): ParsedManifest {
  return { packages: [], unchecked: [] };
}

/** One package a manifest brings in, for a bill of materials. */
export interface InventoryPackage {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  /** The manifest it was found in (repository-relative). */
  path: string;
  dev: boolean;
  direct?: boolean;
  /** `express@4.17.1 > body-parser@1.19.0 > qs@6.7.0` for a transitive package whose chain is known. */
  introducedVia?: string;
}
