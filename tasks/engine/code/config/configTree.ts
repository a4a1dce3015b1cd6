import type { Node as YamlNode } from 'yaml';

// Loaded on the first YAML or JSON file: most scans never need it, and it costs ~40 ms to load.
type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
const yaml = (): YamlModule => (yamlModule ??= require('yaml') as YamlModule);

/**
 * One tree shape for every configuration format (YAML, JSON, Terraform/HCL, Bicep, Dockerfile):
 * maps (with possibly repeated keys, as HCL blocks repeat), lists, scalars and expressions
 * (references and computed values, kept as source text). Offsets are string indexes.
 */
export interface CNode {
  kind: 'map' | 'list' | 'scalar' | 'expr';
  start: number;
  end: number;
  entries?: CEntry[];
  items?: CNode[];
  value?: string | number | boolean | null;
  /** Source text of a scalar or expression. */
  text?: string;
}

export interface CEntry {
  key: string;
  /** Block labels (HCL `resource "type" "name"`, Bicep `resource name 'type'`). */
  labels: string[];
  start: number;
  end: number;
  value: CNode;
}

export interface ConfigDoc {
  roots: CNode[];
}

export function mapNode(entries: CEntry[], start: number, end: number): CNode {
  return { kind: 'map', entries, start, end };
}

function fromYaml(n: unknown, text: string): CNode {
  const node = n as YamlNode | null;
  const range = (node && 'range' in node && node.range) || [0, 0, 0];
  const start = range[0];
  const end = range[1];
  if (yaml().isMap(node)) {
    const entries: CEntry[] = [];
    for (const pair of node.items) {
      const k = pair.key as YamlNode | null;
      const key = yaml().isScalar(k) ? String(k.value) : k ? text.slice(k.range?.[0] ?? 0, k.range?.[1] ?? 0) : '';
      const value = pair.value === null || pair.value === undefined ? { kind: 'scalar' as const, value: null, start: k?.range?.[1] ?? start, end: k?.range?.[1] ?? start, text: '' } : fromYaml(pair.value, text);
      const kStart = k?.range?.[0] ?? start;
      entries.push({ key, labels: [], start: kStart, end: Math.max(value.end, k?.range?.[1] ?? kStart), value });
    }
    return mapNode(entries, start, end);
  }
  if (yaml().isSeq(node)) return { kind: 'list', items: node.items.map((i) => fromYaml(i, text)), start, end };
  if (yaml().isScalar(node)) {
    const v = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : String(v);
    return { kind: 'scalar', value, start, end, text: text.slice(start, end) };
  }
  if (yaml().isAlias(node)) return { kind: 'expr', start, end, text: text.slice(start, end) };
  return { kind: 'scalar', value: null, start, end, text: '' };
}

/** YAML (all documents of a stream) or JSON; null when the text does not parse. */
export function parseYamlTree(text: string): ConfigDoc | null {
  let docs;
  try {
    docs = yaml().parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false, strict: false });
  } catch {
    return null;
  }
  const list = Array.isArray(docs) ? docs : [docs];
  const roots: CNode[] = [];
  for (const d of list) {
    if (d.errors.length) return null;
    if (d.contents) roots.push(fromYaml(d.contents, text));
  }
  return { roots };
}

/** Top-level keys of the first document, for telling pipeline YAML apart. */
export function topLevelKeys(doc: ConfigDoc): string[] {
  const r = doc.roots[0];
  return r?.kind === 'map' ? (r.entries ?? []).map((e) => e.key) : [];
}
