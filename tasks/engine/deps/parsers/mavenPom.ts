import { ManifestError, emptyManifest, type ManifestContext, type PackageRef, type ParsedManifest } from '../types';
import { childElement, childElements, childText, parseXml, type XmlElement } from './xmlTree';

/** How many parent POMs up the chain are read (Maven has no limit; real chains are short). */
const MAX_PARENTS = 10;

/**
 * Maven pom.xml: the versions the POM declares, in `<dependencies>`, `<dependencyManagement>`
 * and the dependencies of build plugins (`<build><plugins>` and `<pluginManagement>`), with
 * `${property}` references resolved from its `<properties>` and project coordinates. Parent
 * POMs present in the scanned tree (`<relativePath>`, by default `../pom.xml`) lend their
 * properties and managed versions; imported BOMs and parents elsewhere are not fetched, so
 * versions only they define are listed as unchecked. A package points at its `<version>`
 * line when the dependency writes one.
 */
export function parseMavenPom(text: string, _path?: string, ctx?: ManifestContext): ParsedManifest {
  const project = parseXml(text);
  if (project.name !== 'project') throw new ManifestError(`the root element is <${project.name}>, not <project>`, project.line);
  const parents = parentChain(project, ctx);
  const props = collectProperties(project, parents);
  const out = emptyManifest();
  const managed = new Map<string, { version: string; line: number }>();
  const scopes = [project, ...childElements(childElement(project, 'profiles'), 'profile')];

  const managementEntries: { dep: XmlElement; key: string; version?: string }[] = [];
  for (const scope of scopes) {
    for (const dep of childElements(childElement(childElement(scope, 'dependencyManagement'), 'dependencies'), 'dependency')) {
      const key = coordinates(dep, props);
      const version = resolve(childText(dep, 'version'), props);
      managementEntries.push({ dep, key, version: version.value });
      if (version.value && !managed.has(key)) managed.set(key, { version: version.value, line: dep.line });
    }
  }
  // The nearest parent's management wins over farther ones; the POM's own over all.
  for (const parent of parents) {
    for (const dep of childElements(childElement(childElement(parent, 'dependencyManagement'), 'dependencies'), 'dependency')) {
      const key = coordinates(dep, props);
      const version = resolve(childText(dep, 'version'), props);
      if (version.value && !managed.has(key)) managed.set(key, { version: version.value, line: dep.line });
    }
  }

  // Declared dependencies first, so a managed version is reported at the dependency that uses it.
  const declared = scopes.flatMap((scope) => [
    ...childElements(childElement(scope, 'dependencies'), 'dependency'),
    ...pluginDependencies(childElement(scope, 'build')),
  ]);
  for (const dep of declared) {
    const key = coordinates(dep, props);
    const rawVersion = childText(dep, 'version');
    if (rawVersion === undefined) {
      const m = managed.get(key);
      if (m) add(out, key, m.version, dep.line);
      else out.unchecked.push({ name: key, reason: parents.length ? 'version from an imported BOM or a parent POM outside this tree' : 'version from a parent POM or imported BOM', line: dep.line });
      continue;
    }
    addResolved(out, key, rawVersion, versionLine(dep), props);
  }
  for (const { dep, key } of managementEntries) {
    const rawVersion = childText(dep, 'version');
    if (rawVersion !== undefined) addResolved(out, key, rawVersion, versionLine(dep), props);
  }
  for (const p of out.packages) p.direct = true;
  return out;
}

function versionLine(dep: XmlElement): number {
  return childElement(dep, 'version')?.line ?? dep.line;
}

/** `<dependency>` elements of build plugins: `<plugins>` and `<pluginManagement><plugins>`. */
function pluginDependencies(build: XmlElement | undefined): XmlElement[] {
  const plugins = [...childElements(childElement(build, 'plugins'), 'plugin'), ...childElements(childElement(childElement(build, 'pluginManagement'), 'plugins'), 'plugin')];
  return plugins.flatMap((p) => childElements(childElement(p, 'dependencies'), 'dependency'));
}

/**
 * The parent POMs found in the tree, nearest first. A parent is taken only when the file at
 * its relativePath is the POM it names (same groupId and artifactId), as Maven checks.
 */
function parentChain(project: XmlElement, ctx: ManifestContext | undefined): XmlElement[] {
  const chain: XmlElement[] = [];
  let current = project;
  let base = '';
  for (let depth = 0; ctx && depth < MAX_PARENTS; depth++) {
    const parent = childElement(current, 'parent');
    if (!parent) break;
    const rel = childText(parent, 'relativePath') ?? '../pom.xml';
    if (!rel) break; // `<relativePath/>`: look the parent up in a repository only
    const file = joinRelative(base, /\.xml$/i.test(rel) ? rel : `${rel.replace(/\/+$/, '')}/pom.xml`);
    const text = ctx.readRelative(file);
    if (text === undefined) break;
    let pom: XmlElement;
    try {
      pom = parseXml(text);
    } catch {
      break;
    }
    const group = childText(pom, 'groupId') ?? childText(childElement(pom, 'parent'), 'groupId');
    if (pom.name !== 'project' || childText(pom, 'artifactId') !== childText(parent, 'artifactId') || group !== childText(parent, 'groupId')) break;
    chain.push(pom);
    current = pom;
    base = file.slice(0, Math.max(0, file.lastIndexOf('/')));
  }
  return chain;
}

/** `a/b` + `../pom.xml` -> `a/pom.xml`; stays relative to the first POM's folder. */
function joinRelative(base: string, rel: string): string {
  const parts = base ? base.split('/') : [];
  for (const seg of rel.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else parts.push('..');
    } else parts.push(seg);
  }
  return parts.join('/');
}

function coordinates(dep: XmlElement, props: Map<string, string>): string {
  const group = resolve(childText(dep, 'groupId'), props).value ?? '?';
  const artifact = resolve(childText(dep, 'artifactId'), props).value ?? '?';
  return `${group}:${artifact}`;
}

function addResolved(out: ParsedManifest, name: string, raw: string, line: number, props: Map<string, string>): void {
  const r = resolve(raw, props);
  if (r.missing) out.unchecked.push({ name, reason: `version from property \${${r.missing}}, not defined in this POM`, line });
  else if (r.value) add(out, name, r.value, line);
}

function add(out: ParsedManifest, name: string, version: string, line: number): void {
  // `[1.0,2.0)` and friends are ranges Maven resolves against a repository; exact `[1.2.3]` pins.
  const exact = /^\[\s*([^,\s\]]+)\s*\]$/.exec(version);
  if (exact) version = exact[1];
  else if (/[[\](),]/.test(version)) {
    out.unchecked.push({ name, reason: `version range "${version}"`, line });
    return;
  }
  const ref: PackageRef = { ecosystem: 'Maven', name, version, line };
  out.packages.push(ref);
}

function collectProperties(project: XmlElement, parents: readonly XmlElement[] = []): Map<string, string> {
  const props = new Map<string, string>();
  // Farthest parent first, so nearer POMs override.
  for (const parent of [...parents].reverse()) for (const p of childElement(parent, 'properties')?.children ?? []) props.set(p.name, p.text);
  const parent = childElement(project, 'parent');
  const version = childText(project, 'version') ?? childText(parent, 'version');
  const groupId = childText(project, 'groupId') ?? childText(parent, 'groupId');
  const artifactId = childText(project, 'artifactId');
  const set = (k: string, v: string | undefined) => v !== undefined && props.set(k, v);
  for (const prefix of ['project.', 'pom.', '']) {
    set(`${prefix}version`, version);
    set(`${prefix}groupId`, groupId);
    set(`${prefix}artifactId`, artifactId);
  }
  set('project.parent.version', childText(parent, 'version'));
  set('project.parent.groupId', childText(parent, 'groupId'));
  for (const p of childElement(project, 'properties')?.children ?? []) props.set(p.name, p.text);
  // Profile properties only apply when the profile is active; use them only where the POM has no default.
  for (const profile of childElements(childElement(project, 'profiles'), 'profile')) {
    for (const p of childElement(profile, 'properties')?.children ?? []) if (!props.has(p.name)) props.set(p.name, p.text);
  }
  return props;
}

/** Expands `${name}` references, following chains up to a fixed depth to survive cycles. */
function resolve(raw: string | undefined, props: Map<string, string>): { value?: string; missing?: string } {
  if (raw === undefined) return {};
  let value = raw.trim();
  for (let depth = 0; depth < 10 && value.includes('${'); depth++) {
    let missing: string | undefined;
    value = value.replace(/\$\{([^}]+)\}/g, (m, name: string) => {
      const v = props.get(name.trim());
      if (v === undefined) missing ??= name.trim();
      return v ?? m;
    });
    if (missing) return { missing };
  }
  if (value.includes('${')) return { missing: /\$\{([^}]+)\}/.exec(value)?.[1] ?? value };
  return { value };
}
