import { ManifestError, emptyManifest, type PackageRef, type ParsedManifest } from '../types';
import { childElement, childElements, childText, parseXml, type XmlElement } from './xmlTree';

/**
 * Maven pom.xml: the versions the POM itself declares, with `${property}` references resolved
 * from its `<properties>` and project coordinates. Parent POMs and imported BOMs are not
 * fetched, so versions that only they define are listed as unchecked.
 */
export function parseMavenPom(text: string): ParsedManifest {
  const project = parseXml(text);
  if (project.name !== 'project') throw new ManifestError(`the root element is <${project.name}>, not <project>`, project.line);
  const props = collectProperties(project);
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

  // Declared dependencies first, so a managed version is reported at the dependency that uses it.
  for (const scope of scopes) {
    for (const dep of childElements(childElement(scope, 'dependencies'), 'dependency')) {
      const key = coordinates(dep, props);
      const rawVersion = childText(dep, 'version');
      if (rawVersion === undefined) {
        const m = managed.get(key);
        if (m) add(out, key, m.version, dep.line);
        else out.unchecked.push({ name: key, reason: 'version from a parent POM or imported BOM', line: dep.line });
        continue;
      }
      addResolved(out, key, rawVersion, dep.line, props);
    }
  }
  for (const { dep, key } of managementEntries) {
    const rawVersion = childText(dep, 'version');
    if (rawVersion !== undefined) addResolved(out, key, rawVersion, dep.line, props);
  }
  return out;
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

function collectProperties(project: XmlElement): Map<string, string> {
  const props = new Map<string, string>();
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
