import { ManifestError, emptyManifest, type DependencyGraph, type ParsedManifest } from '../types';

/**
 * Bundler's Gemfile.lock: under `GEM` / `specs:`, each resolved gem is `    name (version)`
 * at four spaces (a platform may follow the version: `1.13.0-x86_64-linux`); six-space lines
 * below it are its own requirements (the graph's edges). `DEPENDENCIES` lists what the
 * Gemfile names (the direct dependencies). `GIT` and `PATH` sections hold gems not from
 * RubyGems: a git gem is listed as unchecked, a path gem is the project's own code. Gemfile
 * groups (development, test) are not in the lockfile.
 */
export function parseGemfileLock(text: string): ParsedManifest {
  const out = emptyManifest();
  const graph: DependencyGraph = { roots: [], edges: new Map() };
  const lines = text.split(/\r?\n/);
  let section = '';
  let inSpecs = false;
  let current: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const lineNo = i + 1;
    if (/^(<<<<<<<|=======|>>>>>>>)/.test(l)) throw new ManifestError(`line ${lineNo} is a merge-conflict marker`, lineNo);
    if (!l.trim()) continue;
    if (/^\S/.test(l)) {
      section = l.trim();
      inSpecs = false;
      current = undefined;
      continue;
    }
    if (section === 'DEPENDENCIES') {
      const d = /^ {2}([^\s(!]+)/.exec(l);
      if (d) graph.roots.push({ node: d[1], dev: false });
      continue;
    }
    if (/^ {2}specs:\s*$/.test(l)) {
      inSpecs = true;
      continue;
    }
    if (!inSpecs) continue;
    const dep = /^ {6}([^\s(]+)(?: \(([^)]*)\))?\s*$/.exec(l);
    if (dep && current) {
      graph.edges.get(current)?.push({ node: dep[1], range: dep[2] });
      continue;
    }
    if (!/^ {4}\S/.test(l)) continue;
    const m = /^ {4}([^\s(]+) \(([^)\s]+)\)\s*$/.exec(l);
    if (!m) throw new ManifestError(`line ${lineNo} is not "name (version)" in a specs list`, lineNo);
    const [, name, full] = m;
    current = name;
    if (!graph.edges.has(name)) graph.edges.set(name, []);
    // A PATH gem's source is a folder (`remote: .`, Rails' own gems; `../shared`): the project's
    // own code, which the code and secret scanners read as such. No advisory names it.
    if (section === 'PATH') continue;
    if (section !== 'GEM') {
      out.unchecked.push({ name, reason: `from a ${section} source, not RubyGems`, line: lineNo });
      continue;
    }
    // Gem versions contain no `-`; what follows it is the platform.
    out.packages.push({ ecosystem: 'RubyGems', name, version: full.split('-')[0], line: lineNo, node: name });
  }
  if (graph.roots.length) out.graph = graph;
  return out;
}
