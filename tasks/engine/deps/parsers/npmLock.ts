import semver from 'semver';
import type { Node } from 'jsonc-parser';
import { ManifestError, emptyManifest, type DependencyGraph, type ManifestContext, type ParsedManifest } from '../types';
import { expectObject, lineOf, member, members, parseJsonDoc, stringValue, type JsonDoc } from './jsonTree';
import { packageJsonRoots } from './packageJson';

/**
 * npm's package-lock.json and npm-shrinkwrap.json. Version 2 and 3 lockfiles list every
 * installed copy under `packages` keyed by its node_modules path; version 1 nests
 * `dependencies` objects instead (version 2 carries both, `packages` is authoritative).
 * Edges follow Node's module resolution over those paths: a dependency is the nearest
 * `node_modules/<name>` going up from the dependent's folder.
 */
export function parseNpmLock(text: string, _path?: string, ctx?: ManifestContext): ParsedManifest {
  const doc = parseJsonDoc(text);
  const root = expectObject(doc, 'an npm lockfile');
  const lockfileVersion = member(root, 'lockfileVersion');
  if (!lockfileVersion || lockfileVersion.type !== 'number') {
    throw new ManifestError('"lockfileVersion" is missing: this does not look like an npm lockfile', 1);
  }
  const out = emptyManifest();
  const packages = member(root, 'packages');
  if (packages) {
    if (packages.type !== 'object') throw new ManifestError('"packages" is not an object', lineOf(doc, packages));
    readPackages(doc, packages, out);
  } else {
    readV1Dependencies(doc, member(root, 'dependencies'), out, [], ctx);
  }
  return out;
}

const NODE_MODULES = 'node_modules/';
const DEP_SECTIONS = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;

function readPackages(doc: JsonDoc, packages: Node, out: ParsedManifest): void {
  const entries = new Map<string, Node>();
  for (const { key, keyNode, value } of members(packages)) {
    if (value.type !== 'object') continue;
    entries.set(key, value);
    // "" is the project itself; paths without node_modules/ are workspace folders.
    const at = key.lastIndexOf(NODE_MODULES);
    if (at === -1 || member(value, 'link')?.value === true) continue;
    const name = stringValue(member(value, 'name')) ?? key.slice(at + NODE_MODULES.length);
    add(out, name, stringValue(member(value, 'version')), stringValue(member(value, 'resolved')), lineOf(doc, keyNode), isDev(value), key);
  }

  const resolveFrom = (from: string, name: string): string | undefined => {
    for (let dir: string | undefined = from; dir !== undefined; dir = parentDir(dir)) {
      const candidate = `${dir ? `${dir}/` : ''}${NODE_MODULES}${name}`;
      const entry = entries.get(candidate);
      if (!entry) continue;
      // A workspace link points at the workspace's folder entry.
      const target = member(entry, 'link')?.value === true ? stringValue(member(entry, 'resolved')) : undefined;
      return target !== undefined && entries.has(target) ? target : candidate;
    }
    return undefined;
  };
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  for (const [key, entry] of entries) {
    const edges: { node: string; range?: string }[] = [];
    for (const section of DEP_SECTIONS) {
      for (const { key: dep, value } of members(member(entry, section))) {
        const node = resolveFrom(key, dep);
        if (node !== undefined) edges.push({ node, range: stringValue(value) });
      }
    }
    const isProject = key === '' || !key.includes(NODE_MODULES);
    if (isProject) {
      // The project and its workspaces: what they name are the direct dependencies.
      for (const e of edges) graph.roots.push({ node: e.node, dev: false });
      for (const { key: dep } of members(member(entry, 'devDependencies'))) {
        const node = resolveFrom(key, dep);
        if (node !== undefined) graph.roots.push({ node, dev: true });
      }
    } else {
      graph.edges.set(key, edges);
    }
  }
  // A workspace is the project's own code; its dependencies are roots of their own above.
  graph.roots = graph.roots.filter((r) => r.node.includes(NODE_MODULES));
  out.graph = graph;
}

/** `node_modules/a/node_modules/b` -> `node_modules/a`; a workspace folder -> the project; the project -> none. */
function parentDir(dir: string): string | undefined {
  if (dir === '') return undefined;
  const at = dir.lastIndexOf(NODE_MODULES);
  if (at === -1) return '';
  return dir.slice(0, Math.max(0, at - 1));
}

function readV1Dependencies(doc: JsonDoc, deps: Node | undefined, out: ParsedManifest, parents: string[], ctx: ManifestContext | undefined): void {
  const top = parents.length === 0;
  const requires: { from: string; chain: string[]; name: string; range: string }[] = [];
  const nodes = new Set<string>();
  const walk = (node: Node | undefined, chain: string[]) => {
    for (const { key, keyNode, value } of members(node)) {
      if (value.type !== 'object') throw new ManifestError(`dependency "${key}" is not an object`, lineOf(doc, keyNode));
      let name = key;
      let version = stringValue(member(value, 'version'));
      // An alias (`"foo": {"version": "npm:bar@1.2.3"}`) installs bar.
      const alias = version && /^npm:((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(version);
      if (alias) [name, version] = [alias[1], alias[2]];
      const here = [...chain, key];
      const id = here.map((k) => `${NODE_MODULES}${k}`).join('/');
      nodes.add(id);
      add(out, name, version, stringValue(member(value, 'resolved')), lineOf(doc, keyNode), isDev(value), id);
      for (const r of members(member(value, 'requires'))) requires.push({ from: id, chain: here, name: r.key, range: stringValue(r.value) ?? '' });
      walk(member(value, 'dependencies'), here);
    }
  };
  walk(deps, parents);
  if (!top) return;
  // Version 1 nests a copy under the package that needs it; otherwise the nearest one up.
  const resolve = (chain: string[], name: string): string | undefined => {
    for (let i = chain.length; i >= 0; i--) {
      const id = [...chain.slice(0, i), name].map((k) => `${NODE_MODULES}${k}`).join('/');
      if (nodes.has(id)) return id;
    }
    return undefined;
  };
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  const required = new Set<string>();
  for (const r of requires) {
    const node = resolve(r.chain, r.name);
    if (node === undefined) continue;
    required.add(node);
    const list = graph.edges.get(r.from) ?? [];
    list.push({ node, range: r.range });
    graph.edges.set(r.from, list);
  }
  // Version 1 does not say what the project itself names: package.json beside it does.
  const manifest = packageJsonRoots(ctx);
  if (manifest) {
    for (const d of manifest) {
      const node = resolve([], d.name);
      if (node !== undefined) graph.roots.push({ node, dev: d.dev });
    }
  } else {
    const devOf = new Map(out.packages.map((p) => [p.node, !!p.dev]));
    for (const id of nodes) if (!id.slice(NODE_MODULES.length).includes(`/${NODE_MODULES}`) && !required.has(id)) graph.roots.push({ node: id, dev: devOf.get(id) ?? false });
  }
  out.graph = graph;
}

function isDev(entry: Node): boolean {
  return member(entry, 'dev')?.value === true || member(entry, 'devOptional')?.value === true;
}

function add(out: ParsedManifest, name: string, version: string | undefined, resolved: string | undefined, line: number, dev: boolean, node: string): void {
  if (!version) {
    out.unchecked.push({ name, reason: 'no version in the lockfile', line });
  } else if (resolved?.startsWith('file:') || version.startsWith('file:')) {
    // Local folders and tarballs are the project's own code, not registry packages.
  } else if (!semver.valid(version)) {
    out.unchecked.push({ name, reason: 'not a registry version (git or URL dependency)', line });
  } else {
    out.packages.push({ ecosystem: 'npm', name, version, line, node, ...(dev ? { dev } : {}) });
  }
}
