import { normalizePackageName } from '../names';
import { emptyManifest, type DependencyGraph, type ParsedManifest } from '../types';
import { tomlPackages, tomlString } from './tomlPackages';

type Table = Record<string, unknown>;
const asTable = (v: unknown): Table | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Table) : undefined);

/**
 * uv.lock: `[[package]]` tables with name, version and `source`: `{ registry = ... }` for
 * PyPI (or another index), `{ editable | virtual | directory | path = ... }` for the project's
 * own code, `{ git | url = ... }` for others. `dependencies`, `optional-dependencies` and
 * `dev-dependencies` (groups) list `{ name [, version] }` edges; the project's own packages'
 * lists are the direct dependencies, `dev-dependencies` among them dev-only.
 */
export function parseUvLock(text: string): ParsedManifest {
  const out = emptyManifest();
  const tables = tomlPackages(text).packages;
  const key = (name: string) => normalizePackageName('PyPI', name);
  const versionsOf = new Map<string, string[]>();
  for (const { table } of tables) {
    const name = tomlString(table.name);
    if (name) versionsOf.set(key(name), [...(versionsOf.get(key(name)) ?? []), tomlString(table.version) ?? '']);
  }
  const nodeOf = (dep: unknown): string | undefined => {
    const t = asTable(dep);
    const name = tomlString(t?.name);
    if (!name) return undefined;
    const version = tomlString(t?.version) ?? (versionsOf.get(key(name))?.length === 1 ? versionsOf.get(key(name))?.[0] : undefined);
    return version === undefined ? undefined : `${key(name)}@${version}`;
  };
  const list = (v: unknown) => (Array.isArray(v) ? v : []).map(nodeOf).filter((n): n is string => !!n);
  const groups = (v: unknown) => Object.values(asTable(v) ?? {}).flatMap(list);
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  for (const { table, line } of tables) {
    const name = tomlString(table.name);
    if (!name) continue;
    const version = tomlString(table.version) ?? '';
    const node = `${key(name)}@${version}`;
    const prod = [...list(table.dependencies), ...groups(table['optional-dependencies'])];
    const dev = groups(table['dev-dependencies']);
    const source = asTable(table.source) ?? {};
    if (['editable', 'virtual', 'directory', 'path'].some((k) => k in source)) {
      // The project (or a workspace member): what it needs are the direct dependencies.
      for (const n of prod) graph.roots.push({ node: n, dev: false });
      for (const n of dev) graph.roots.push({ node: n, dev: true });
      continue;
    }
    graph.edges.set(node, prod.map((n) => ({ node: n })));
    if ('git' in source || 'url' in source) out.unchecked.push({ name, reason: `from a ${'git' in source ? 'git' : 'URL'} source`, line });
    else if (!version) out.unchecked.push({ name, reason: 'no version', line });
    else out.packages.push({ ecosystem: 'PyPI', name, version, line, node });
  }
  out.graph = graph;
  return out;
}
