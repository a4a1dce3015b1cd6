import { emptyManifest, type ParsedManifest } from '../types';
import { childText, parseXml, type XmlElement } from './xmlTree';

/**
 * NuGet packages declared in MSBuild files: `PackageReference` in project files,
 * `PackageVersion` in Directory.Packages.props (central package management) and
 * `GlobalPackageReference`. `$(Property)` versions are resolved from the file's own
 * PropertyGroups; a PackageReference without a version gets it from the central file,
 * which is scanned on its own.
 */
export function parseMsbuildPackages(text: string): ParsedManifest {
  const project = parseXml(text);
  const properties = new Map<string, string>();
  for (const group of descendants(project, 'PropertyGroup')) {
    for (const p of group.children) properties.set(p.name.toLowerCase(), p.text);
  }
  const out = emptyManifest();
  // Items may sit in ItemGroups nested under Choose/When, so every ItemGroup is read.
  for (const group of descendants(project, 'ItemGroup')) {
    for (const item of group.children) {
      if (!ITEM_NAMES.has(item.name)) continue;
      const name = item.attributes.Include ?? item.attributes.Update;
      if (!name) continue;
      const raw = versionOf(item);
      if (raw === undefined) continue;
      readVersion(out, name, raw, item.line, properties);
    }
  }
  return out;
}

const ITEM_NAMES = new Set(['PackageReference', 'PackageVersion', 'GlobalPackageReference']);

function descendants(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.name === name) out.push(c);
      else visit(c);
    }
  };
  visit(el);
  return out;
}

function versionOf(item: XmlElement): string | undefined {
  return item.attributes.VersionOverride ?? item.attributes.Version ?? childText(item, 'VersionOverride') ?? childText(item, 'Version');
}

function readVersion(out: ParsedManifest, name: string, raw: string, line: number, properties: Map<string, string>): void {
  let missing: string | undefined;
  const expanded = raw.replace(/\$\(([A-Za-z_][\w.-]*)\)/g, (_m, prop: string) => {
    const v = properties.get(prop.toLowerCase());
    if (v === undefined) missing ??= prop;
    return v ?? '';
  });
  if (missing) {
    out.unchecked.push({ name, reason: `version from MSBuild property $(${missing}), not defined in this file`, line });
    return;
  }
  const v = expanded.trim();
  // NuGet reads a bare version as "this or higher" and restores exactly it; `[1.2.3]` pins it.
  const exact = /^\[\s*([^,\s\]]+)\s*\]$/.exec(v);
  const version = exact ? exact[1] : v;
  if (/^[0-9][0-9A-Za-z.+-]*$/.test(version)) out.packages.push({ ecosystem: 'NuGet', name, version, line, direct: true });
  else out.unchecked.push({ name, reason: `version range or floating version "${v}"`, line });
}
