import { ManifestError, emptyManifest, type PackageRef, type ParsedManifest } from '../types';
import { goOrdering } from '../versions/goOrdering';

/**
 * go.sum: a checksum line per module version the build ever downloaded. It also keeps
 * versions that minimal version selection did not pick, so only the highest version of each
 * module whose source (not only its go.mod) was fetched is taken. go.mod is preferred when
 * both are present (the caller skips go.sum then).
 */
export function parseGoSum(text: string): ParsedManifest {
  const best = new Map<string, PackageRef>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l) continue;
    const f = l.split(/\s+/);
    if (f.length !== 3 || !f[2].includes(':')) throw new ManifestError(`line ${i + 1} is not "module version hash"`, i + 1);
    const [path, version] = f;
    if (version.endsWith('/go.mod')) continue;
    if (!goOrdering.valid(version)) throw new ManifestError(`line ${i + 1}: "${version}" is not a Go module version`, i + 1);
    const prev = best.get(path);
    if (!prev || goOrdering.compare(version, prev.version) > 0) best.set(path, { ecosystem: 'Go', name: path, version, line: i + 1 });
  }
  const out = emptyManifest();
  out.packages.push(...best.values());
  return out;
}
