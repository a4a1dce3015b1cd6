/**
 * `npm run package`: builds the task and the hub in production mode and writes
 * dist/palisade-<version>.vsix with tfx-cli.
 *
 *   node out/test/package/packageVsix.js [--no-build]
 *
 * vss-extension.json (at the top of the repository) names its files by where they are built
 * (`dist/hub` -> `hub`, `dist/PalisadeScanV1` -> `PalisadeScanV1`). tfx checks a task
 * contribution's task.json at `<root>/<name>`, so the package is assembled in
 * dist/vsix-root/ first, laid out as inside the vsix, with the manifest's `files` rewritten to
 * that layout; tfx then packs that folder and validates the task as well.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../support/paths';

export const MANIFEST_PATH = join(REPO_ROOT, 'vss-extension.json');
export const STAGING_DIR = join(REPO_ROOT, 'dist', 'vsix-root');
/** The Marketplace's upload limit for an extension package. */
export const MAX_VSIX_BYTES = 25 * 1024 * 1024;

export interface ManifestFile {
  path: string;
  addressable?: boolean;
  packagePath?: string;
  /** Served with this type (a decorator template: text/plain, as Microsoft Learn shows). */
  contentType?: string;
}

export interface ExtensionManifest {
  id: string;
  publisher: string;
  version: string;
  name: string;
  description: string;
  icons?: Record<string, string>;
  categories?: string[];
  tags?: string[];
  scopes?: string[];
  content?: Record<string, { path: string }>;
  files: ManifestFile[];
  contributions: Array<{ id: string; type: string; targets: string[]; properties: Record<string, unknown>; includes?: string[] }>;
  [key: string]: unknown;
}

export function readManifest(): ExtensionManifest {
  return JSON.parse(readFileSync(MANIFEST_PATH, 'utf8')) as ExtensionManifest;
}

export function vsixPathFor(version = readManifest().version): string {
  return join(REPO_ROOT, 'dist', `palisade-${version}.vsix`);
}

/** Files that only help development and never ship. */
const NOT_SHIPPED = /\.map$/;

function copyFiltered(from: string, to: string): void {
  cpSync(from, to, { recursive: true, filter: (src) => !NOT_SHIPPED.test(src) });
}

function run(command: string, args: string[], what: string): string {
  const r = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}):\n${output.trim()}`);
  return output;
}

/** Production bundles of the task and the hub (dist/PalisadeScanV1, dist/hub). */
export function buildBundles(log: (line: string) => void = () => undefined, parts: string[] = ['task', 'hub']): void {
  const cli = require.resolve('webpack-cli/bin/cli.js', { paths: [REPO_ROOT] });
  log(`webpack --mode production --env part=${parts.join(',')}`);
  const out = run(process.execPath, [cli, '--mode', 'production', '--env', `part=${parts.join(',')}`], 'webpack');
  for (const line of out.split('\n')) if (/warning|error/i.test(line)) log(`  ${line.trim()}`);
}

/** Copies what the manifest ships into `dir`, as laid out in the vsix; returns the staged manifest. */
export function stage(manifest: ExtensionManifest = readManifest(), dir = STAGING_DIR): ExtensionManifest {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const staged: ExtensionManifest = structuredClone(manifest);
  staged.files = manifest.files.map((f) => {
    const from = join(REPO_ROOT, f.path);
    if (!existsSync(from)) throw new Error(`vss-extension.json: files: ${f.path} does not exist (build first: npm run package)`);
    const inPackage = f.packagePath ?? f.path;
    copyFiltered(from, join(dir, inPackage));
    return { path: inPackage, ...(f.addressable ? { addressable: true } : {}), ...(f.contentType ? { contentType: f.contentType } : {}) };
  });
  // The marketplace page, its license and the icons are referenced by path, outside `files`.
  const loose = [...Object.values(manifest.content ?? {}).map((c) => c.path), ...Object.values(manifest.icons ?? {})];
  for (const p of loose) {
    const from = join(REPO_ROOT, p);
    if (!existsSync(from)) throw new Error(`vss-extension.json names ${p}, which does not exist`);
    const to = join(dir, p);
    if (!existsSync(to)) {
      mkdirSync(dirname(to), { recursive: true });
      cpSync(from, to);
    }
  }
  writeFileSync(join(dir, 'vss-extension.json'), `${JSON.stringify(staged, null, 2)}\n`);
  return staged;
}

export interface PackageResult {
  path: string;
  bytes: number;
  version: string;
  /** tfx's warnings (it prints them in yellow; an empty list is the goal). */
  warnings: string[];
}

export interface PackageOptions {
  /** Run webpack first (default true). */
  build?: boolean;
  /** Where to write the vsix (default dist/palisade-<version>.vsix). */
  outputPath?: string;
  /** Where to assemble it (default dist/vsix-root). */
  stagingDir?: string;
  log?: (line: string) => void;
}

export function packageVsix(options: PackageOptions = {}): PackageResult {
  const log = options.log ?? (() => undefined);
  const manifest = readManifest();
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  if (pkg.version !== manifest.version) {
    throw new Error(`package.json says version ${pkg.version}, vss-extension.json ${manifest.version}: make them the same`);
  }
  if (options.build !== false) buildBundles(log);
  const stagingDir = options.stagingDir ?? STAGING_DIR;
  log(`staging ${stagingDir}`);
  stage(manifest, stagingDir);
  const output = options.outputPath ?? vsixPathFor(manifest.version);
  mkdirSync(dirname(output), { recursive: true });
  rmSync(output, { force: true });
  const tfx = join(dirname(require.resolve('tfx-cli/package.json', { paths: [REPO_ROOT] })), '_build', 'tfx-cli.js');
  log(`tfx extension create -> ${output}`);
  const text = run(
    process.execPath,
    [tfx, 'extension', 'create', '--root', stagingDir, '--manifest-globs', 'vss-extension.json', '--output-path', output, '--no-prompt', '--no-color'],
    'tfx extension create',
  );
  const warnings = text.split('\n').filter((l) => /^warning/i.test(l.trim())).map((l) => l.trim());
  if (!existsSync(output)) throw new Error(`tfx finished but wrote no ${output}:\n${text}`);
  const bytes = statSync(output).size;
  if (bytes > MAX_VSIX_BYTES) throw new Error(`${output} is ${(bytes / 1048576).toFixed(1)} MB, over the Marketplace's 25 MB limit`);
  return { path: output, bytes, version: manifest.version, warnings };
}

/** Newest modification time of the files under these paths (0 when none exist). */
export function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const s = statSync(p);
    if (s.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules') visit(join(p, e));
    } else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of paths) visit(p);
  return newest;
}

const fromRoot = (paths: string[]) => paths.map((p) => join(REPO_ROOT, p));

/** Sources of each bundle, and the file whose age tells when it was built. */
export const BUNDLES = {
  task: {
    output: join(REPO_ROOT, 'dist', 'PalisadeScanV1', 'index.js'),
    sources: fromRoot(['tasks/PalisadeScanV1', 'tasks/engine', 'tasks/contract', 'tasks/osv', 'tasks/rules', 'tasks/webpack.task.js', 'webpack.config.js']),
  },
  hub: {
    output: join(REPO_ROOT, 'dist', 'hub', 'hub.html'),
    sources: fromRoot(['hub/securityHub', 'hub/shared', 'hub/buildTab', 'hub/build', 'hub/webpack.hub.js', 'tasks/contract', 'tasks/rules', 'webpack.config.js']),
  },
} as const;

/** Everything else the vsix is made from. */
export const PACKAGE_SOURCES = fromRoot(['vss-extension.json', 'overview.md', 'images', 'package.json']);

const olderThan = (output: string, sources: string[]) => !existsSync(output) || statSync(output).mtimeMs < newestMtime(sources);

/** Bundles that are missing or older than one of their sources. */
export function staleBundles(): Array<keyof typeof BUNDLES> {
  return (Object.keys(BUNDLES) as Array<keyof typeof BUNDLES>).filter((k) => olderThan(BUNDLES[k].output, BUNDLES[k].sources));
}

/** A vsix is stale when anything it is made from is newer. */
export function vsixIsStale(path = vsixPathFor()): boolean {
  return olderThan(path, [...PACKAGE_SOURCES, ...Object.values(BUNDLES).flatMap((b) => [...b.sources, b.output])]);
}

if (require.main === module) {
  const build = !process.argv.includes('--no-build');
  const started = Date.now();
  try {
    const r = packageVsix({ build, log: (l) => process.stdout.write(`${l}\n`) });
    for (const w of r.warnings) process.stdout.write(`tfx ${w}\n`);
    process.stdout.write(`Wrote ${r.path} (${(r.bytes / 1048576).toFixed(2)} MB, version ${r.version}) in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
  } catch (e) {
    process.stderr.write(`Packaging failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
