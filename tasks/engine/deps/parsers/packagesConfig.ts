import { ManifestError, emptyManifest, type ParsedManifest } from '../types';
import { childElements, parseXml } from './xmlTree';

/**
 * NuGet's packages.config (projects before PackageReference): `<package id version
 * [developmentDependency="true"] />` under `<packages>`. It lists every package the project
 * restores, direct and transitive alike, without edges.
 */
export function parsePackagesConfig(text: string): ParsedManifest {
  const root = parseXml(text);
  if (root.name !== 'packages') throw new ManifestError(`the root element is <${root.name}>, not <packages>`, root.line);
  const out = emptyManifest();
  for (const p of childElements(root, 'package')) {
    const name = p.attributes.id;
    const version = p.attributes.version;
    if (!name) throw new ManifestError(`line ${p.line}: <package> has no id`, p.line);
    const dev = p.attributes.developmentDependency?.toLowerCase() === 'true';
    if (!version) out.unchecked.push({ name, reason: 'no version', line: p.line });
    else if (!/^[0-9][0-9A-Za-z.+-]*$/.test(version)) out.unchecked.push({ name, reason: `not an exact version ("${version}")`, line: p.line });
    else out.packages.push({ ecosystem: 'NuGet', name, version, line: p.line, ...(dev ? { dev } : {}) });
  }
  return out;
}
