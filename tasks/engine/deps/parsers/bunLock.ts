import semver from 'semver';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../../text/lineIndex';
import { ManifestError, emptyManifest, type DependencyGraph, type ParsedManifest } from '../types';
import { elements, lineOf, member, members, stringValue, type JsonDoc } from './jsonTree';

/**
 * Bun's text lockfile, bun.lock (JSON with trailing commas). `workspaces` holds each
 * workspace's declared dependencies by section; `packages` maps an install path (`qs`, or
 * `express/qs` for a copy nested under express) to `[ "name@version", registry, info,
 * integrity ]` for registry packages, where info's `dependencies` are the edges. Other
 * identifiers (`name@workspace:`, `@git+`, `@github:`, `@file:`, `@link:`) are not registry
 * releases. A dependency resolves to the nearest install path going up, as in node_modules.
 */
export function parseBunLock(text: string): ParsedManifest {
  const doc = parseJsonc(text);
  const root = doc.root;
  if (root.type !== 'object' || member(root, 'lockfileVersion')?.type !== 'number') {
    throw new ManifestError('"lockfileVersion" is missing: this does not look like a bun.lock', 1);
  }
  const out = emptyManifest();
  const packages = member(root, 'packages');
  const paths = new Set(members(packages).map((m) => m.key));
  const resolve = (from: string, name: string): string | undefined => {
    const parts = from ? from.split('/') : [];
    // Scoped names take two segments: `@scope/pkg/qs` nests qs under @scope/pkg.
    const prefixes: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      if (parts[i].startsWith('@') && i + 1 < parts.length) {
        prefixes.push(parts.slice(0, i + 2).join('/'));
        i++;
      } else prefixes.push(parts.slice(0, i + 1).join('/'));
    }
    for (let i = prefixes.length; i >= 0; i--) {
      const candidate = i ? `${prefixes[i - 1]}/${name}` : name;
      if (paths.has(candidate)) return candidate;
    }
    return undefined;
  };
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  for (const { key, keyNode, value } of members(packages)) {
    const [identNode, , info] = elements(value);
    const ident = stringValue(identNode);
    if (!ident) throw new ManifestError(`package "${key}" has no "name@version" entry`, lineOf(doc, keyNode));
    const at = ident.indexOf('@', 1);
    const name = at === -1 ? ident : ident.slice(0, at);
    const version = at === -1 ? '' : ident.slice(at + 1);
    const infoNode = info?.type === 'object' ? info : elements(value).find((e) => e.type === 'object');
    const edges: { node: string; range?: string }[] = [];
    for (const section of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
      for (const d of members(member(infoNode, section))) {
        const node = resolve(key, d.key);
        if (node) edges.push({ node, range: stringValue(d.value) });
      }
    }
    graph.edges.set(key, edges);
    const line = lineOf(doc, keyNode);
    if (/^(workspace|link|file|root):/.test(version)) continue; // the project's own code
    if (semver.valid(version)) out.packages.push({ ecosystem: 'npm', name, version, line, node: key });
    else out.unchecked.push({ name, reason: 'not a registry version (git, GitHub or tarball dependency)', line });
  }
  for (const ws of members(member(root, 'workspaces'))) {
    for (const [section, dev] of [['dependencies', false], ['optionalDependencies', false], ['peerDependencies', false], ['devDependencies', true]] as const) {
      for (const d of members(member(ws.value, section))) {
        const node = resolve(ws.key ? `${ws.key}` : '', d.key) ?? resolve('', d.key);
        if (node) graph.roots.push({ node, dev });
      }
    }
  }
  out.graph = graph;
  return out;
}

function parseJsonc(text: string): JsonDoc {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const lines = new LineIndex(text);
  if (errors.length || !root) {
    const first = errors[0];
    const line = first ? lines.lineOf(first.offset) : 1;
    const what = first ? printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'the file is empty';
    throw new ManifestError(`invalid JSON at line ${line}: ${what}`, line);
  }
  return { root: root as Node, lines };
}
