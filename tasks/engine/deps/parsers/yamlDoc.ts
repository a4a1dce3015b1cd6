import { LineCounter, parseDocument, isMap, isScalar, type Pair, type YAMLMap } from 'yaml';
import { ManifestError } from '../types';

/** A YAML lockfile with a line counter, so entries can report their own line. */
export interface YamlLock {
  root: YAMLMap;
  lineOfKey(pair: Pair): number;
}

export function parseYamlLock(text: string, what: string): YamlLock {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length) {
    const line = counter.linePos(doc.errors[0].pos[0]).line;
    throw new ManifestError(`invalid YAML at line ${line}: ${doc.errors[0].message.split('\n')[0]}`, line);
  }
  if (!isMap(doc.contents)) throw new ManifestError(`expected a YAML map at the top level of ${what}`, 1);
  return {
    root: doc.contents,
    lineOfKey: (pair) => counter.linePos((pair.key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0).line,
  };
}

export function mapPairs(node: unknown): Pair[] {
  return isMap(node) ? (node.items as Pair[]) : [];
}

export function scalarKey(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

/** Plain JS value of a map entry (`version`, `dev`...). */
export function getValue(node: unknown, key: string): unknown {
  if (!isMap(node)) return undefined;
  const v = node.get(key, true);
  return isScalar(v) ? v.value : v;
}
