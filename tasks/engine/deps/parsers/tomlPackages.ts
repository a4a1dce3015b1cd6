import { parse, TomlError } from 'smol-toml';
import { ManifestError } from '../types';

/** One `[[package]]` table of a TOML lockfile, with the line of its `name =` key (or header). */
export interface TomlPackage {
  table: Record<string, unknown>;
  line: number;
}

/**
 * Cargo.lock and poetry.lock list packages as a `[[package]]` array of tables. smol-toml
 * parses the file but keeps no positions; the n-th `[[package]]` header in the text is the
 * n-th element of the array, which gives each package its line.
 */
export function tomlPackages(text: string): { doc: Record<string, unknown>; packages: TomlPackage[] } {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      throw new ManifestError(`invalid TOML at line ${e.line}: ${e.message.split('\n')[0]}`, e.line);
    }
    throw new ManifestError(`invalid TOML: ${(e as Error).message}`);
  }
  const list = doc.package;
  if (list !== undefined && !Array.isArray(list)) throw new ManifestError('"package" is not an array of tables');
  const lines = text.split(/\r?\n/);
  const headers: number[] = [];
  for (let i = 0; i < lines.length; i++) if (/^\s*\[\[\s*package\s*\]\]\s*(#.*)?$/.test(lines[i])) headers.push(i);
  const packages: TomlPackage[] = [];
  const tables = (list ?? []) as unknown[];
  for (let n = 0; n < tables.length; n++) {
    const table = tables[n];
    if (typeof table !== 'object' || table === null) throw new ManifestError(`package #${n + 1} is not a table`);
    const header = headers[n];
    let line = header === undefined ? 1 : header + 1;
    if (header !== undefined) {
      for (let i = header + 1; i < lines.length && !/^\s*\[/.test(lines[i]); i++) {
        if (/^\s*name\s*=/.test(lines[i])) {
          line = i + 1;
          break;
        }
      }
    }
    packages.push({ table: table as Record<string, unknown>, line });
  }
  return { doc, packages };
}

export function tomlString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
