import { emptyManifest, type ParsedManifest } from '../types';
import { tomlPackages, tomlString } from './tomlPackages';

/**
 * Cargo.lock: `[[package]]` tables. Packages without `source` are the workspace's own
 * crates; `git+` sources are not crates.io releases.
 */
export function parseCargoLock(text: string): ParsedManifest {
  const out = emptyManifest();
  for (const { table, line } of tomlPackages(text).packages) {
    const name = tomlString(table.name);
    const version = tomlString(table.version);
    const source = tomlString(table.source);
    if (!name || !source) continue;
    if (!source.startsWith('registry+') && !source.startsWith('sparse+')) out.unchecked.push({ name, reason: 'from a git repository', line });
    else if (!version) out.unchecked.push({ name, reason: 'no version', line });
    else out.packages.push({ ecosystem: 'crates.io', name, version, line });
  }
  return out;
}
