import { emptyManifest, type DependencyGraph, type ParsedManifest } from '../types';
import { tomlPackages, tomlString } from './tomlPackages';

/**
 * Cargo.lock: `[[package]]` tables. Packages without `source` are the workspace's own
 * crates (their dependencies are the direct ones); `git+` sources are not crates.io
 * releases. `dependencies` entries are `name`, or `name version` when several versions are
 * locked. Cargo.lock does not tell dev-dependencies apart.
 */
export function parseCargoLock(text: string): ParsedManifest {
  const out = emptyManifest();
  const tables = tomlPackages(text).packages;
  const versionsOf = new Map<string, string[]>();
  for (const { table } of tables) {
    const name = tomlString(table.name);
    const version = tomlString(table.version);
    if (name && version) versionsOf.set(name, [...(versionsOf.get(name) ?? []), version]);
  }
  const nodeOf = (dep: string): string | undefined => {
    const [name, version] = dep.split(' ');
    const v = version ?? (versionsOf.get(name)?.length === 1 ? versionsOf.get(name)?.[0] : undefined);
    return v ? `${name}@${v}` : undefined;
  };
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  for (const { table, line } of tables) {
    const name = tomlString(table.name);
    const version = tomlString(table.version);
    const source = tomlString(table.source);
    if (!name) continue;
    const deps = (Array.isArray(table.dependencies) ? table.dependencies : []).flatMap((d) => {
      const node = typeof d === 'string' ? nodeOf(d) : undefined;
      return node ? [{ node }] : [];
    });
    if (!source) {
      for (const d of deps) graph.roots.push({ node: d.node, dev: false });
      continue;
    }
    graph.edges.set(`${name}@${version}`, deps);
    if (!source.startsWith('registry+') && !source.startsWith('sparse+')) out.unchecked.push({ name, reason: 'from a git repository', line });
    else if (!version) out.unchecked.push({ name, reason: 'no version', line });
    else out.packages.push({ ecosystem: 'crates.io', name, version, line, node: `${name}@${version}` });
  }
  out.graph = graph;
  return out;
}
