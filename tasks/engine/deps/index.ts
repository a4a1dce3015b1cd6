import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, Finding, Region, RuleSummary } from '../../contract/findings';
import { compareFindings } from '../../contract/findings';
import { decodeText } from '../text/decode';
import { groupAdvisories } from './advisoryGroups';
import type { AdvisoryQuery, AdvisorySource } from './advisorySource';
import { advisoryFacts, buildFinding, RuleCollector } from './findings';
import { provenanceOf, type Provenance } from './graph';
import { manifestFormat } from './manifests';
import { packageKey } from './names';
import type { OsvRecord } from './osvRecord';
import { planFix } from './remediation';
import { templateMark } from './templateManifest';
import { ManifestError, type Ecosystem, type InventoryPackage, type ManifestContext, type PackageRef, type UncheckedDependency } from './types';

export type { AdvisoryQuery, AdvisoryQueryResult, AdvisorySource } from './advisorySource';
export { AdvisorySourceError } from './advisorySource';
export type { OsvRecord } from './osvRecord';
export { checkOsvRecord } from './osvRecord';
export { matchRecord } from './affected';
export { normalizePackageName } from './names';
export { ECOSYSTEMS, isEcosystem, type Ecosystem, type InventoryPackage, type PackageRef } from './types';
export type { Provenance } from './graph';

export interface DependencyScanOptions {
  /** Check packages needed only for development too (default true: they run in CI and on desks). */
  includeDev?: boolean;
  /** Manifests larger than this are reported and skipped (default 64 MiB). */
  maxFileBytes?: number;
  /** Advisory records fetched at once (default 8). */
  concurrency?: number;
}

export interface DependencyScanResult {
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** One rule per advisory that produced a finding. */
  rules: RuleSummary[];
  /** Every package of every manifest read (dev-only ones only when included). */
  packages: InventoryPackage[];
}

const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
const PYTHON_LOCKS = ['poetry.lock', 'uv.lock', 'Pipfile.lock', 'pdm.lock'];
const MAX_LISTED = 10;

export { isDependencyManifest, manifestKind } from './manifestNames';
export { buildSbom, isSbomFormat, SBOM_FORMATS, type SbomFormat } from './sbom';

interface ReadManifest {
  path: string;
  lines: string[];
  packages: PackageRef[];
  /** By packageKey, for manifests whose format records edges or direct dependencies. */
  provenance: Map<string, Provenance>;
}

/**
 * Finds known-vulnerable packages in the given manifests. Never throws for bad input or an
 * unreachable advisory source: such problems come back as diagnostics, so the other
 * scanners' results still stand.
 */
export async function scanDependencies(
  files: readonly { path: string; abs: string }[],
  source: AdvisorySource,
  opts: DependencyScanOptions = {},
): Promise<DependencyScanResult> {
  const diagnostics: Diagnostic[] = [];
  const manifests = await readManifests(files, opts, diagnostics);
  const packages = inventory(manifests);

  const queries = new Map<string, AdvisoryQuery>();
  for (const m of manifests) {
    for (const p of m.packages) {
      const key = packageKey(p.ecosystem, p.name, p.version);
      if (!queries.has(key)) queries.set(key, { ecosystem: p.ecosystem, name: p.name, version: queryVersion(p.ecosystem, p.version) });
    }
  }
  if (!queries.size) return { findings: [], diagnostics, rules: [], packages };

  const keys = [...queries.keys()];
  const idsByKey = new Map<string, string[]>();
  try {
    const results = await source.queryBatch([...queries.values()]);
    if (results.length !== keys.length) {
      throw new Error(`it answered ${results.length} queries for ${keys.length} packages`);
    }
    const unanswered = new Map<string, number>();
    results.forEach((r, i) => {
      if (r.error) unanswered.set(r.error, (unanswered.get(r.error) ?? 0) + 1);
      idsByKey.set(keys[i], [...new Set(r.vulnIds)]);
    });
    // An unanswered package is a hole in the scan, not a detail: report it as an error.
    for (const [error, count] of unanswered) {
      diagnostics.push({ level: 'error', scannerFailure: true, message: `Dependency scan incomplete: ${count} of ${keys.length} package(s) could not be checked against ${source.label}: ${error}` });
    }
  } catch (e) {
    diagnostics.push({
      level: 'error',
      scannerFailure: true,
      message: `Dependency scan incomplete: could not query ${source.label} for ${keys.length} package(s): ${errorText(e)}`,
    });
    return { findings: [], diagnostics, rules: [], packages };
  }

  const records = await fetchRecords(new Set([...idsByKey.values()].flat()), source, opts.concurrency ?? 8, diagnostics);
  for (const message of source.drainWarnings?.() ?? []) diagnostics.push({ level: 'warning', message });

  const findings: Finding[] = [];
  const rules = new RuleCollector();
  for (const m of manifests) {
    for (const pkg of m.packages) {
      const ids = (idsByKey.get(packageKey(pkg.ecosystem, pkg.name, pkg.version)) ?? []).filter((id) => !records.withdrawn.has(id));
      if (!ids.length) continue;
      // All advisories on one package version make one finding, with one fix for them all.
      const groups = groupAdvisories(ids, records.byId);
      const facts = groups.map((g) => advisoryFacts(g, pkg));
      for (const f of facts) rules.add(f, pkg);
      const prov = m.provenance.get(packageKey(pkg.ecosystem, pkg.name, pkg.version));
      findings.push(buildFinding(m.path, pkg, lineRegion(m.lines, pkg.line), facts, planFix(pkg, groups, facts, prov), prov));
    }
  }
  findings.sort(compareFindings);
  return { findings, diagnostics, rules: rules.summaries(), packages };
}

function inventory(manifests: readonly ReadManifest[]): InventoryPackage[] {
  return manifests.flatMap((m) =>
    m.packages.map((p) => {
      const prov = m.provenance.get(packageKey(p.ecosystem, p.name, p.version));
      const direct = prov?.direct ?? p.direct;
      return {
        ecosystem: p.ecosystem,
        name: p.name,
        version: p.version,
        path: m.path,
        dev: !!p.dev,
        ...(direct !== undefined ? { direct } : {}),
        ...(prov?.path && !prov.direct ? { introducedVia: prov.path.join(' > ') } : {}),
      };
    }),
  );
}

/** OSV spells Go versions without the `v` every go.mod writes. */
function queryVersion(ecosystem: Ecosystem, version: string): string {
  return ecosystem === 'Go' ? version.replace(/^v/, '') : version;
}

async function readManifests(
  files: readonly { path: string; abs: string }[],
  opts: DependencyScanOptions,
  diagnostics: Diagnostic[],
): Promise<ReadManifest[]> {
  const maxBytes = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const dirOf = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/')));
  // go.sum keeps versions the build no longer selects; go.mod beside it is the better source.
  const goModDirs = new Set(files.filter((f) => /(^|\/)go\.mod$/.test(f.path)).map((f) => dirOf(f.path)));
  const out: ReadManifest[] = [];
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    const format = manifestFormat(file.path);
    if (!format) continue;
    if (/(^|\/)go\.sum$/.test(file.path) && goModDirs.has(dirOf(file.path))) continue;
    // pyproject.toml declares ranges; a Python lockfile beside it has the exact versions.
    if (format.id === 'pyproject' && PYTHON_LOCKS.some((l) => existsSync(join(dirname(file.abs), l)))) continue;
    let text: string;
    try {
      const size = (await stat(file.abs)).size;
      if (size > maxBytes) {
        diagnostics.push({ level: 'error', scannerFailure: true, path: file.path, message: `${size} bytes is over the ${maxBytes}-byte limit for manifests; its dependencies were not checked.` });
        continue;
      }
      const decoded = decodeText(await readFile(file.abs));
      if (!decoded) throw new ManifestError('the file is binary');
      text = decoded.text;
    } catch (e) {
      diagnostics.push({ level: 'error', scannerFailure: true, path: file.path, message: `could not read the ${format.label}: ${errorText(e)}; its dependencies were not checked.` });
      continue;
    }
    try {
      const parsed = format.parse(text, file.path, siblingReader(file, maxBytes));
      const provenance = parsed.graph ? provenanceOf(parsed.graph, parsed.packages) : new Map<string, Provenance>();
      const byKey = new Map<string, { pkg: PackageRef; prov?: Provenance; dev: boolean }>();
      for (const p of parsed.packages) {
        const prov = p.node !== undefined ? provenance.get(p.node) : undefined;
        // The lockfile's own flag stands; otherwise the graph tells dev-only packages.
        const dev = p.dev ?? prov?.devOnly ?? false;
        const key = packageKey(p.ecosystem, p.name, p.version);
        const seen = byKey.get(key);
        if (!seen) {
          byKey.set(key, { pkg: p, prov, dev });
          continue;
        }
        // Several installed copies of one version: dev-only only if every copy is; the best path wins.
        seen.dev &&= dev;
        if (better(prov, seen.prov)) seen.prov = prov;
      }
      const packages: PackageRef[] = [];
      const byPackage = new Map<string, Provenance>();
      for (const [key, { pkg, prov, dev }] of byKey) {
        if (opts.includeDev === false && dev) continue;
        const { dev: _flag, ...rest } = pkg;
        packages.push(dev ? { ...rest, dev } : rest);
        if (prov) byPackage.set(key, prov);
      }
      out.push({ path: file.path, lines: text.split(/\r?\n/), packages, provenance: byPackage });
      if (parsed.unchecked.length) diagnostics.push(uncheckedDiagnostic(file.path, parsed.unchecked, format.lockfile === true));
    } catch (e) {
      const line = e instanceof ManifestError ? e.line : undefined;
      const template = templateMark(file.path, text);
      if (template) {
        diagnostics.push({ level: 'warning', path: file.path, ...(line ? { line } : {}), message: `not read as a ${format.label}: ${template}, so it is a template, not a manifest yet (${errorText(e)}); its dependencies were not checked. Scan a project made from it to check them.` });
        continue;
      }
      // A lockfile that cannot be read leaves its packages unchecked: the scan is incomplete, never a pass.
      diagnostics.push({
        level: 'error',
        scannerFailure: true,
        path: file.path,
        ...(line ? { line } : {}),
        // The file and line are in `path`/`line`; every printer puts them in front.
        message: `cannot read this ${format.label}: ${errorText(e)}. Fix the file (or regenerate it with its package manager) or exclude it; its dependencies were not checked.`,
      });
    }
  }
  return out;
}

/** Direct beats transitive, a production chain beats a dev-only one, then the shorter chain. */
function better(a: Provenance | undefined, b: Provenance | undefined): boolean {
  if (!a) return false;
  if (!b) return true;
  if (a.direct !== b.direct) return a.direct;
  if (!!a.devOnly !== !!b.devOnly) return !a.devOnly;
  return (a.path?.length ?? Infinity) < (b.path?.length ?? Infinity);
}

/**
 * Lets a parser read a file beside its manifest (package.json, pyproject.toml, a parent POM),
 * never outside the scanned tree and never beyond the manifest size limit.
 */
function siblingReader(file: { path: string; abs: string }, maxBytes: number): ManifestContext {
  const depth = file.path.split('/').length - 1;
  const root = resolve(dirname(file.abs), ...Array<string>(depth).fill('..'));
  return {
    readRelative(relPath) {
      const target = resolve(dirname(file.abs), relPath);
      const rel = relative(root, target);
      if (rel.startsWith('..') || rel.startsWith(sep) || rel === '' || join(root, rel) !== target) return undefined;
      try {
        if (statSync(target).size > maxBytes) return undefined;
        return decodeText(readFileSync(target))?.text;
      } catch {
        return undefined;
      }
    },
  };
}

function uncheckedDiagnostic(path: string, unchecked: UncheckedDependency[], lockfile: boolean): Diagnostic {
  const listed = unchecked.slice(0, MAX_LISTED).map((u) => `${u.name}${u.line ? ` (line ${u.line})` : ''}: ${u.reason}`);
  const more = unchecked.length > MAX_LISTED ? `; and ${unchecked.length - MAX_LISTED} more` : '';
  const one = unchecked.length === 1;
  // A manifest's ranges: its lockfile has the versions. A lockfile's git, path or branch
  // dependencies: advisories name released versions of registry packages, so none applies.
  const why = lockfile
    ? `${one ? 'is' : 'are'} not a released version from a package registry and ${one ? 'was' : 'were'} not checked (advisories name registry releases only)`
    : `${one ? 'has' : 'have'} no exact version here and ${one ? 'was' : 'were'} not checked (commit a lockfile to check them)`;
  return { level: 'warning', path, message: `${unchecked.length} dependenc${one ? 'y' : 'ies'} ${why}: ${listed.join('; ')}${more}` };
}

async function fetchRecords(
  ids: Set<string>,
  source: AdvisorySource,
  concurrency: number,
  diagnostics: Diagnostic[],
): Promise<{ byId: Map<string, OsvRecord>; withdrawn: Set<string> }> {
  const byId = new Map<string, OsvRecord>();
  const withdrawn = new Set<string>();
  const failed: { id: string; reason: string }[] = [];
  const queue = [...ids].sort();
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        const record = await source.getVuln(id);
        if (record.withdrawn) withdrawn.add(id);
        else byId.set(id, record);
      } catch (e) {
        failed.push({ id, reason: errorText(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker));
  if (failed.length) {
    failed.sort((a, b) => (a.id < b.id ? -1 : 1));
    const names = failed.slice(0, MAX_LISTED).map((f) => f.id).join(', ');
    diagnostics.push({
      level: 'warning',
      message: `Could not fetch ${failed.length} advisory record(s) from ${source.label} (${names}${failed.length > MAX_LISTED ? ', ...' : ''}): ${failed[0].reason}. Their findings are reported with the advisory id only and medium severity.`,
    });
  }
  return { byId, withdrawn };
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The manifest line as a region: from its first to its last non-blank character. */
function lineRegion(lines: readonly string[], line: number): Region {
  const text = lines[line - 1] ?? '';
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  return { startLine: line, startColumn: start + 1, endLine: line, endColumn: Math.max(end + 1, start + 2) };
}
