import { normalizePackageName } from '../names';
import { emptyManifest, type DependencyGraph, type ManifestContext, type ParsedManifest } from '../types';
import { siblingPyproject } from './pyproject';
import { tomlPackages, tomlString } from './tomlPackages';

/**
 * poetry.lock: `[[package]]` tables with name and version; `source` marks non-PyPI packages;
 * `[package.dependencies]` are the edges (one version per name in a poetry lock). Dev-only:
 * poetry < 1.5 wrote `category = "dev"`, poetry 2 writes `groups = [...]`; in between the
 * lock says nothing, so the groups of pyproject.toml beside it decide, through the graph.
 */
export function parsePoetryLock(text: string, _path?: string, ctx?: ManifestContext): ParsedManifest {
  const out = emptyManifest();
  const key = (name: string) => normalizePackageName('PyPI', name);
  const edges = new Map<string, { node: string; range?: string }[]>();
  for (const { table, line } of tomlPackages(text).packages) {
    const name = tomlString(table.name);
    const version = tomlString(table.version);
    if (!name) continue;
    const deps = typeof table.dependencies === 'object' && table.dependencies !== null ? (table.dependencies as Record<string, unknown>) : {};
    edges.set(key(name), Object.entries(deps).map(([dep, spec]) => ({ node: key(dep), range: constraint(spec) })));
    const source = table.source as { type?: unknown } | undefined;
    const sourceType = typeof source === 'object' && source ? tomlString(source.type) : undefined;
    if (sourceType === 'directory' || sourceType === 'file') continue; // local code
    const groups = Array.isArray(table.groups) ? table.groups.filter((g): g is string => typeof g === 'string') : undefined;
    const dev = groups ? !groups.includes('main') : table.category === 'dev' ? true : undefined;
    if (sourceType === 'git' || sourceType === 'url') out.unchecked.push({ name, reason: `from a ${sourceType} source`, line });
    else if (!version) out.unchecked.push({ name, reason: 'no version', line });
    else out.packages.push({ ecosystem: 'PyPI', name, version, line, node: key(name), ...(dev ? { dev } : {}) });
  }
  const declared = siblingPyproject(ctx);
  if (declared) {
    const graph: DependencyGraph = { roots: declared.filter((d) => edges.has(key(d.name))).map((d) => ({ node: key(d.name), dev: d.dev })), edges };
    out.graph = graph;
  }
  return out;
}

function constraint(spec: unknown): string | undefined {
  if (typeof spec === 'string') return spec;
  if (typeof spec === 'object' && spec !== null && typeof (spec as { version?: unknown }).version === 'string') return (spec as { version: string }).version;
  return undefined;
}
