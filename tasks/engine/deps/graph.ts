import type { DependencyGraph, PackageRef } from './types';

/** How one package got into the project, as far as its lockfile tells. */
export interface Provenance {
  /** The project names this package itself. */
  direct: boolean;
  /**
   * Shortest chain from a direct dependency to the package, both included, as `name@version`
   * (a production chain when there is one). Undefined when the lockfile records no edges.
   */
  path?: string[];
  /** The direct dependency at the head of `path`. */
  directDependency?: { name: string; version?: string; dev: boolean };
  /** What the package's immediate parent in `path` asks for (`^6.7.0`), when recorded. */
  parentRange?: string;
  /** Reached only through development dependencies (undefined: the graph cannot tell). */
  devOnly?: boolean;
}

interface Step {
  prev?: string;
  range?: string;
  root: string;
}

/**
 * Shortest paths from the project's direct dependencies to every package, by breadth-first
 * search: first from the production roots, then from the development roots over what the
 * first pass did not reach, so a package needed in production shows a production chain and
 * is not marked dev-only.
 */
export function provenanceOf(graph: DependencyGraph, packages: readonly PackageRef[]): Map<string, Provenance> {
  const labelOf = new Map<string, { name: string; version?: string }>();
  for (const p of packages) if (p.node !== undefined) labelOf.set(p.node, { name: p.name, version: p.version });
  const nameOf = (node: string) => labelOf.get(node) ?? { name: graph.labels?.get(node) ?? node };
  const text = (node: string) => {
    const l = nameOf(node);
    return l.version ? `${l.name}@${l.version}` : l.name;
  };

  const prodReach = new Map<string, Step>();
  const devReach = new Map<string, Step>();
  const search = (roots: string[], reach: Map<string, Step>, skip?: Map<string, Step>) => {
    const queue: string[] = [];
    for (const r of roots) {
      if (reach.has(r) || skip?.has(r)) continue;
      reach.set(r, { root: r });
      queue.push(r);
    }
    for (let i = 0; i < queue.length; i++) {
      const node = queue[i];
      const step = reach.get(node) as Step;
      for (const edge of graph.edges.get(node) ?? []) {
        if (reach.has(edge.node) || skip?.has(edge.node)) continue;
        reach.set(edge.node, { prev: node, range: edge.range, root: step.root });
        queue.push(edge.node);
      }
    }
  };
  const prodRoots = graph.roots.filter((r) => !r.dev).map((r) => r.node);
  const devRoots = graph.roots.filter((r) => r.dev).map((r) => r.node);
  search(prodRoots, prodReach);
  search(devRoots, devReach, prodReach);
  const rootSet = new Set(graph.roots.map((r) => r.node));

  const out = new Map<string, Provenance>();
  for (const p of packages) {
    if (p.node === undefined) continue;
    const dev = !prodReach.has(p.node) && devReach.has(p.node);
    const step = prodReach.get(p.node) ?? devReach.get(p.node);
    if (!step) {
      // In the lockfile but reached from no direct dependency (a stale or partial entry).
      out.set(p.node, { direct: rootSet.has(p.node) });
      continue;
    }
    const chain: string[] = [];
    const reach = prodReach.has(p.node) ? prodReach : devReach;
    for (let n: string | undefined = p.node, guard = 0; n !== undefined && guard < 10_000; n = reach.get(n)?.prev, guard++) chain.unshift(n);
    const head = nameOf(step.root);
    out.set(p.node, {
      direct: rootSet.has(p.node),
      path: chain.map(text),
      directDependency: { name: head.name, version: head.version, dev },
      parentRange: step.range,
      devOnly: dev,
    });
  }
  return out;
}
