import { ManifestError, emptyManifest, type DependencyGraph, type ParsedManifest } from '../types';
import { expectObject, lineOf, member, members, parseJsonDoc, stringValue } from './jsonTree';

/**
 * NuGet's packages.lock.json: `dependencies` per target framework, each package with its
 * `resolved` version, its `type` (`Direct`, `Transitive`, `CentralTransitive`) and its own
 * `dependencies` (the graph's edges, within the framework). Project references
 * (`"type": "Project"`) are the solution's own code: what they need counts as direct.
 */
export function parseNuGetLock(text: string): ParsedManifest {
  const doc = parseJsonDoc(text);
  const root = expectObject(doc, 'packages.lock.json');
  if (member(root, 'version')?.type !== 'number') {
    throw new ManifestError('"version" is missing: this does not look like a NuGet packages.lock.json', 1);
  }
  const out = emptyManifest();
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  const labels = new Map<string, string>();
  for (const framework of members(member(root, 'dependencies'))) {
    const nodeOf = (name: string) => `${framework.key}|${name.toLowerCase()}`;
    for (const { key, keyNode, value } of members(framework.value)) {
      const node = nodeOf(key);
      const type = stringValue(member(value, 'type'));
      graph.edges.set(node, members(member(value, 'dependencies')).map((d) => ({ node: nodeOf(d.key), range: stringValue(d.value) })));
      if (type === 'Direct' || type === 'Project') graph.roots.push({ node, dev: false });
      labels.set(node, key);
      if (type === 'Project') continue;
      const line = lineOf(doc, keyNode);
      const resolved = stringValue(member(value, 'resolved'));
      if (!resolved) out.unchecked.push({ name: key, reason: 'no resolved version', line });
      else out.packages.push({ ecosystem: 'NuGet', name: key, version: resolved, line, node, ...(type === 'Direct' ? { direct: true } : {}) });
    }
  }
  graph.labels = labels;
  out.graph = graph;
  return out;
}
