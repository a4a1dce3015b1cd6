import semver from 'semver';
import { isMap } from 'yaml';
import { emptyManifest, type DependencyGraph, type ParsedManifest } from '../types';
import { getValue, mapPairs, parseYamlLock, scalarKey } from './yamlDoc';

/**
 * pnpm-lock.yaml. Package keys changed with the lockfile version: v5 `/name/1.2.3_peer`,
 * v6 `/name@1.2.3(peer@1.0.0)`, v9 `name@1.2.3` (peers moved to `snapshots`). Entries may
 * also carry explicit `name`/`version` (tarball and git dependencies). Edges are in
 * `snapshots` (v9) or in each package entry (before); the project's direct dependencies are
 * its `importers` (or, single-project v5/v6, the top-level maps). v9 dropped the `dev` flag,
 * so dev-only is worked out from which importer section reaches a package.
 */
export function parsePnpmLock(text: string): ParsedManifest {
  const lock = parseYamlLock(text, 'pnpm-lock.yaml');
  const lockfileVersion = parseFloat(String(getValue(lock.root, 'lockfileVersion') ?? ''));
  const out = emptyManifest();
  const packages = lock.root.get('packages', true);
  for (const pair of mapPairs(packages)) {
    const key = scalarKey(pair);
    if (!key) continue;
    const line = lock.lineOfKey(pair);
    const entry = pair.value;
    const fromKey = splitKey(key, lockfileVersion);
    const name = stringOr(getValue(entry, 'name'), fromKey?.name);
    const version = stringOr(getValue(entry, 'version'), fromKey?.version);
    const resolution = isMap(entry) ? entry.get('resolution', true) : undefined;
    if (getValue(resolution, 'directory') !== undefined) continue; // a local folder: the project's own code
    if (!name || /^(file|link):/.test(version ?? '')) continue;
    const dev = getValue(entry, 'dev') === true;
    // Before v9, registry keys start with `/`; others (`github.com/...`) are git or URL tarballs.
    const registryKey = key.startsWith('/') || Number.isNaN(lockfileVersion) || lockfileVersion >= 9;
    if (!registryKey || getValue(resolution, 'type') === 'git' || !version || !semver.valid(version)) {
      out.unchecked.push({ name, reason: 'not a registry version (git, URL or local dependency)', line });
    } else {
      // The `dev` flag of v5/v6 is kept as written; v9 leaves it to the graph.
      out.packages.push({ ecosystem: 'npm', name, version, line, node: `${name}@${version}`, ...(dev ? { dev } : {}) });
    }
  }
  out.graph = pnpmGraph(lock.root, lockfileVersion);
  return out;
}

const PROD_SECTIONS = ['dependencies', 'optionalDependencies'];

function pnpmGraph(root: unknown, lockfileVersion: number): DependencyGraph {
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  const depNode = (dep: string, value: unknown): string | undefined => {
    const v = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : isMap(value) ? String(getValue(value, 'version') ?? '') : '';
    if (!v || /^(link|file|workspace):/.test(v)) return undefined;
    if (v.startsWith('/')) {
      const k = splitKey(v, lockfileVersion);
      return k && `${k.name}@${k.version}`;
    }
    if (!Number.isNaN(lockfileVersion) && lockfileVersion < 6) return `${dep}@${v.split('_')[0]}`;
    const plain = v.replace(/\(.*$/, '');
    // An alias (`string-width-cjs: string-width@4.2.3`) names the installed package.
    const alias = /^(@?[^@]+)@(.+)$/.exec(plain);
    return alias ? `${alias[1]}@${alias[2]}` : `${dep}@${plain}`;
  };
  const edgesOf = (entry: unknown) => {
    const edges: { node: string; range?: string }[] = [];
    for (const section of PROD_SECTIONS) {
      for (const p of mapPairs(getValue(entry, section))) {
        const dep = scalarKey(p);
        const node = dep && depNode(dep, isMap(p.value) ? p.value : getValue(getValue(entry, section), dep));
        if (node) edges.push({ node });
      }
    }
    return edges;
  };
  const addRoots = (importer: unknown) => {
    for (const [section, dev] of [['dependencies', false], ['optionalDependencies', false], ['devDependencies', true]] as const) {
      const map = getValue(importer, section);
      for (const p of mapPairs(map)) {
        const dep = scalarKey(p);
        const node = dep && depNode(dep, isMap(p.value) ? p.value : getValue(map, dep));
        if (node) graph.roots.push({ node, dev });
      }
    }
  };
  const importers = getValue(root, 'importers');
  if (isMap(importers)) for (const p of mapPairs(importers)) addRoots(p.value);
  else addRoots(root);
  // v9 keeps edges in `snapshots` (per peer variant); earlier versions in `packages`.
  const withEdges = getValue(root, 'snapshots') ?? getValue(root, 'packages');
  for (const p of mapPairs(withEdges)) {
    const key = scalarKey(p);
    const k = key && splitKey(key, lockfileVersion);
    if (!k) continue;
    const from = `${stringOr(getValue(p.value, 'name'), k.name)}@${stringOr(getValue(p.value, 'version'), k.version)}`;
    graph.edges.set(from, [...(graph.edges.get(from) ?? []), ...edgesOf(p.value)]);
  }
  return graph;
}

function stringOr(v: unknown, fallback: string | undefined): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : fallback;
}

export function splitKey(rawKey: string, lockfileVersion: number): { name: string; version: string } | undefined {
  const key = rawKey.replace(/^\//, '');
  if (!Number.isNaN(lockfileVersion) && lockfileVersion < 6) {
    // v5: name/version with `_peer+deps` after the version.
    const slash = key.lastIndexOf('/');
    if (slash <= 0) return undefined;
    return { name: key.slice(0, slash), version: key.slice(slash + 1).split('_')[0] };
  }
  const withoutPeers = key.replace(/\(.*$/, '');
  const at = withoutPeers.lastIndexOf('@');
  if (at <= 0) return undefined;
  return { name: withoutPeers.slice(0, at), version: withoutPeers.slice(at + 1) };
}
