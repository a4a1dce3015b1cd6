import { ManifestError, emptyManifest, type DependencyGraph, type ManifestContext, type ParsedManifest } from '../types';
import { elements, expectObject, lineOf, member, members, parseJsonDoc, stringValue } from './jsonTree';

/**
 * composer.lock: `packages` and `packages-dev` arrays of {name, version, require}. The
 * project's direct dependencies are composer.json's `require` / `require-dev` beside it;
 * without it, the packages no other package requires.
 */
export function parseComposerLock(text: string, _path?: string, ctx?: ManifestContext): ParsedManifest {
  const doc = parseJsonDoc(text);
  const root = expectObject(doc, 'composer.lock');
  if (!member(root, 'packages')) throw new ManifestError('"packages" is missing: this does not look like a composer.lock', 1);
  const out = emptyManifest();
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  const devSection = new Map<string, boolean>();
  for (const section of ['packages', 'packages-dev'] as const) {
    for (const pkg of elements(member(root, section))) {
      const nameNode = member(pkg, 'name');
      const name = stringValue(nameNode);
      if (!name || !nameNode) continue;
      const node = name.toLowerCase();
      devSection.set(node, section === 'packages-dev');
      graph.edges.set(
        node,
        members(member(pkg, 'require'))
          .filter((r) => r.key.includes('/'))
          .map((r) => ({ node: r.key.toLowerCase(), range: stringValue(r.value) })),
      );
      const line = lineOf(doc, nameNode);
      if (stringValue(member(member(pkg, 'dist'), 'type')) === 'path') continue; // local code
      const version = stringValue(member(pkg, 'version'));
      // Branch installs (`dev-main`, `1.x-dev`) have no release to compare.
      if (!version || /^dev-|-dev$/.test(version)) out.unchecked.push({ name, reason: 'a development branch, not a release', line });
      else out.packages.push({ ecosystem: 'Packagist', name, version: version.replace(/^v/i, ''), line, node, ...(section === 'packages-dev' ? { dev: true } : {}) });
    }
  }
  const manifest = composerJson(ctx);
  if (manifest) {
    for (const [name, dev] of manifest) if (graph.edges.has(name)) graph.roots.push({ node: name, dev });
  } else {
    const required = new Set([...graph.edges.values()].flat().map((e) => e.node));
    for (const [node, dev] of devSection) if (!required.has(node)) graph.roots.push({ node, dev });
  }
  out.graph = graph;
  return out;
}

function composerJson(ctx: ManifestContext | undefined): Map<string, boolean> | undefined {
  const text = ctx?.readRelative('composer.json');
  if (text === undefined) return undefined;
  try {
    const json = JSON.parse(text) as { require?: Record<string, unknown>; 'require-dev'?: Record<string, unknown> };
    const out = new Map<string, boolean>();
    for (const name of Object.keys(json['require-dev'] ?? {})) out.set(name.toLowerCase(), true);
    for (const name of Object.keys(json.require ?? {})) out.set(name.toLowerCase(), false);
    return out;
  } catch {
    return undefined;
  }
}
