import { parse as parseClassic } from '@yarnpkg/lockfile';
import semver from 'semver';
import { LineCounter, parseDocument, isMap, isScalar, type Pair } from 'yaml';
import { ManifestError, emptyManifest, type DependencyGraph, type ManifestContext, type ParsedManifest } from '../types';
import { packageJsonRoots } from './packageJson';

/**
 * yarn.lock in both shapes: Yarn 1 ("classic") writes its own format, read with Yarn's own
 * parser (@yarnpkg/lockfile); Yarn 2+ ("berry") writes YAML with a `__metadata` entry, read
 * with the yaml library, which also gives each entry's line. Entries list their dependencies
 * as descriptors (`name@range`), which is how the graph is built; which packages the project
 * names itself, and which of those are dev-only, comes from package.json beside the lockfile.
 */
export function parseYarnLock(text: string, _path?: string, ctx?: ManifestContext): ParsedManifest {
  return /^__metadata:/m.test(text) ? parseBerry(text, ctx) : parseClassicLock(text, ctx);
}

/** `@scope/name@range` -> `@scope/name`; an `npm:` alias range names the real package. */
function splitDescriptor(descriptor: string): { name: string; range: string } {
  const at = descriptor.indexOf('@', 1);
  if (at === -1) return { name: descriptor, range: '' };
  const name = descriptor.slice(0, at);
  const range = descriptor.slice(at + 1);
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(range);
  return alias ? { name: alias[1], range } : { name, range };
}

function parseClassicLock(text: string, ctx: ManifestContext | undefined): ParsedManifest {
  if (/^(<<<<<<<|>>>>>>>)/m.test(text)) throw new ManifestError('has unresolved merge-conflict markers');
  let parsed: { type: string; object: Record<string, Record<string, unknown>> };
  try {
    parsed = parseClassic(text);
  } catch (e) {
    const pos = /(\d+):(\d+) in lockfile/.exec((e as Error).message);
    const line = pos ? Number(pos[1]) : undefined;
    throw new ManifestError(`invalid yarn.lock${line ? ` at line ${line}` : ''}: ${(e as Error).message.replace(/\s+\d+:\d+ in lockfile$/, '')}`, line);
  }
  const headerLines = classicHeaderLines(text);
  const out = emptyManifest();
  const nodeOf = new Map<string, string>();
  const seen = new Set<string>();
  for (const [descriptor, entry] of Object.entries(parsed.object)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { name } = splitDescriptor(descriptor);
    const version = typeof entry.version === 'string' ? entry.version : undefined;
    const node = `${name}@${version ?? descriptor}`;
    nodeOf.set(descriptor, node);
    // Every descriptor of an entry maps to it; the package is reported once, at its header.
    if (seen.has(node)) continue;
    seen.add(node);
    const line = headerLines.get(descriptor) ?? 1;
    const resolved = typeof entry.resolved === 'string' ? entry.resolved : '';
    if (resolved.startsWith('file:') || splitDescriptor(descriptor).range.startsWith('file:')) continue;
    if (!version) out.unchecked.push({ name, reason: 'no version in the lockfile', line });
    else if (!semver.valid(version)) out.unchecked.push({ name, reason: 'not a registry version', line });
    else out.packages.push({ ecosystem: 'npm', name, version, line, node });
  }
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  for (const [descriptor, entry] of Object.entries(parsed.object)) {
    const from = nodeOf.get(descriptor);
    if (!from || graph.edges.has(from)) continue;
    const edges: { node: string; range?: string }[] = [];
    for (const section of ['dependencies', 'optionalDependencies']) {
      const deps = entry[section];
      if (typeof deps !== 'object' || deps === null) continue;
      for (const [dep, range] of Object.entries(deps as Record<string, unknown>)) {
        const node = nodeOf.get(`${dep}@${String(range)}`);
        if (node) edges.push({ node, range: String(range) });
      }
    }
    graph.edges.set(from, edges);
  }
  const declared = packageJsonRoots(ctx);
  if (declared) {
    for (const d of declared) {
      const node = nodeOf.get(`${d.name}@${d.range}`);
      if (node) graph.roots.push({ node, dev: d.dev });
    }
    out.graph = graph;
  }
  return out;
}

/** Maps each descriptor to the line of its entry header (`"a@^1", a@^1.2:`). */
function classicHeaderLines(text: string): Map<string, number> {
  const map = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (!l || /^[\s#]/.test(l) || !l.trimEnd().endsWith(':')) continue;
    for (const part of l.trimEnd().slice(0, -1).split(/,\s*/)) map.set(part.trim().replace(/^"|"$/g, ''), i + 1);
  }
  return map;
}

function parseBerry(text: string, ctx: ManifestContext | undefined): ParsedManifest {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length) {
    const line = counter.linePos(doc.errors[0].pos[0]).line;
    throw new ManifestError(`invalid yarn.lock (YAML) at line ${line}: ${doc.errors[0].message.split('\n')[0]}`, line);
  }
  if (!isMap(doc.contents)) throw new ManifestError('expected a map of package entries');
  const out = emptyManifest();
  const nodeOf = new Map<string, string>();
  const entries: { node: string; deps: Map<string, string>; workspace?: string }[] = [];
  for (const pair of doc.contents.items as Pair[]) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (key === '__metadata' || !isMap(pair.value)) continue;
    const line = counter.linePos((pair.key as { range?: [number, number, number] }).range?.[0] ?? 0).line;
    const version = pair.value.get('version');
    const resolution = pair.value.get('resolution');
    const descriptor = typeof resolution === 'string' ? resolution : key.split(/,\s*/)[0];
    for (const d of key.split(/,\s*/)) nodeOf.set(d.trim(), descriptor);
    const deps = new Map<string, string>();
    for (const section of ['dependencies', 'optionalDependencies']) {
      const m = pair.value.get(section);
      if (isMap(m)) for (const p of m.items as Pair[]) if (isScalar(p.key) && isScalar(p.value)) deps.set(String(p.key.value), String(p.value.value));
    }
    const at = descriptor.indexOf('@', 1);
    const name = at === -1 ? descriptor : descriptor.slice(0, at);
    const protocol = at === -1 ? '' : descriptor.slice(at + 1);
    entries.push({ node: descriptor, deps, workspace: protocol.startsWith('workspace:') ? protocol.slice('workspace:'.length) : undefined });
    // workspace:, link:, portal:, file: are the project's own code; patch: wraps a registry package.
    if (/^(workspace|link|portal|file):/.test(protocol)) continue;
    if (!/^(npm|patch):/.test(protocol)) {
      out.unchecked.push({ name, reason: 'not a registry package (git or URL dependency)', line });
      continue;
    }
    const v = typeof version === 'string' ? version : typeof version === 'number' ? String(version) : undefined;
    if (!v || !semver.valid(v)) out.unchecked.push({ name, reason: 'no registry version in the lockfile', line });
    else out.packages.push({ ecosystem: 'npm', name, version: v, line, node: descriptor });
  }
  // Dependencies are written `name: npm:^1.2.0`, the descriptor `name@npm:^1.2.0` of a key.
  const lookup = (dep: string, range: string) => nodeOf.get(`${dep}@${range}`) ?? nodeOf.get(`${dep}@npm:${range}`);
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  for (const e of entries) {
    const edges = [...e.deps].flatMap(([dep, range]) => {
      const node = lookup(dep, range);
      return node ? [{ node, range: range.replace(/^npm:/, '') }] : [];
    });
    if (e.workspace === undefined) {
      graph.edges.set(e.node, edges);
      continue;
    }
    // A workspace's entry merges its dependencies and devDependencies; its package.json tells them apart.
    const declared = packageJsonRoots(ctx, e.workspace === '.' ? '' : e.workspace);
    const devOnly = new Set((declared ?? []).filter((d) => d.dev).map((d) => d.name));
    for (const d of declared ?? []) if (!d.dev) devOnly.delete(d.name);
    for (const [dep] of e.deps) {
      const node = lookup(dep, e.deps.get(dep) as string);
      if (node && !node.includes('@workspace:')) graph.roots.push({ node, dev: devOnly.has(dep) });
    }
    graph.edges.set(e.node, edges);
  }
  out.graph = graph;
  return out;
}
