import { emptyManifest, type ParsedManifest } from '../types';
import { tomlPackages, tomlString } from './tomlPackages';

/** poetry.lock: `[[package]]` tables with name and version; `source` marks non-PyPI packages. */
export function parsePoetryLock(text: string): ParsedManifest {
  const out = emptyManifest();
  for (const { table, line } of tomlPackages(text).packages) {
    const name = tomlString(table.name);
    const version = tomlString(table.version);
    if (!name) continue;
    const source = table.source as { type?: unknown } | undefined;
    const sourceType = typeof source === 'object' && source ? tomlString(source.type) : undefined;
    if (sourceType === 'directory' || sourceType === 'file') continue; // local code
    if (sourceType === 'git' || sourceType === 'url') out.unchecked.push({ name, reason: `from a ${sourceType} source`, line });
    else if (!version) out.unchecked.push({ name, reason: 'no version', line });
    else out.packages.push({ ecosystem: 'PyPI', name, version, line, ...(table.category === 'dev' ? { dev: true } : {}) });
  }
  return out;
}
