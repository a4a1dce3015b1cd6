import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../../text/lineIndex';
import { ManifestError } from '../types';

/**
 * JSON lockfiles parsed into a tree that keeps offsets, so that a package can point at the
 * line of its own entry. jsonc-parser is used for that; JSON.parse keeps no positions.
 */
export interface JsonDoc {
  root: Node;
  lines: LineIndex;
}

export function parseJsonDoc(text: string): JsonDoc {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  const lines = new LineIndex(text);
  if (errors.length || !root) {
    const first = errors[0];
    const line = first ? lines.lineOf(first.offset) : 1;
    const what = first ? describe(printParseErrorCode(first.error)) : 'the file is empty';
    throw new ManifestError(`invalid JSON at line ${line}: ${what}`, line);
  }
  return { root, lines };
}

function describe(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** The value under `key` of an object node. */
export function member(node: Node | undefined, key: string): Node | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && k.value === key) return v;
  }
  return undefined;
}

/** The members of an object node in file order, with the key's node for line numbers. */
export function members(node: Node | undefined): { key: string; keyNode: Node; value: Node }[] {
  if (!node || node.type !== 'object') return [];
  const out: { key: string; keyNode: Node; value: Node }[] = [];
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v && typeof k.value === 'string') out.push({ key: k.value, keyNode: k, value: v });
  }
  return out;
}

export function elements(node: Node | undefined): Node[] {
  return node && node.type === 'array' ? (node.children ?? []) : [];
}

export function stringValue(node: Node | undefined): string | undefined {
  return node && node.type === 'string' ? (node.value as string) : undefined;
}

export function lineOf(doc: JsonDoc, node: Node): number {
  return doc.lines.lineOf(node.offset);
}

/** Demands an object at the top level: a lockfile that is valid JSON but another shape is still malformed. */
export function expectObject(doc: JsonDoc, what: string): Node {
  if (doc.root.type !== 'object') throw new ManifestError(`expected a JSON object at the top level of ${what}`, 1);
  return doc.root;
}
