import assert from 'node:assert/strict';
import { loadGrammar, loadedRuntime } from '../../tasks/engine/code/grammars';
import type { GrammarName } from '../../tasks/engine/code/languages';
import type { Node, Shape, SyntaxAdapter } from '../../tasks/engine/code/syntax';

/** The root of `code` parsed with `grammar`. */
export async function parseWith(grammar: GrammarName, code: string): Promise<Node> {
  const language = await loadGrammar(grammar); // initialises the runtime first
  const parser = new (loadedRuntime().Parser)();
  parser.setLanguage(language);
  return parser.parse(code)!.rootNode;
}

/** The first node of `type` under `root` (depth first), failing the test when there is none. */
export function firstOf(root: Node, type: string): Node {
  const find = (n: Node): Node | null => {
    if (n.type === type) return n;
    for (const c of n.namedChildren) {
      const f = c && find(c);
      if (f) return f;
    }
    return null;
  };
  const node = find(root);
  assert.ok(node, `no ${type} in ${root.text}`);
  return node;
}

/** The shape of the first node of `type` in `code`, as text that assertions read easily. */
export async function shapeIn(grammar: GrammarName, adapter: SyntaxAdapter, code: string, type: string): Promise<string> {
  return showShape(adapter.shape(firstOf(await parseWith(grammar, code), type)));
}

export function showShape(s: Shape): string {
  switch (s.kind) {
    case 'string':
    case 'scalar':
      return `${s.kind} ${JSON.stringify(s.value)}`;
    case 'interpolated':
      return `interpolated ${s.parts.map((p) => (typeof p === 'string' ? JSON.stringify(p) : `{${p.text}}`)).join(' ')}`;
    case 'binary':
      return `binary ${s.left.text} ${s.op} ${s.right.text}`;
    case 'ident':
      return `ident ${s.name}`;
    case 'member':
      return `member ${s.object.text} . ${s.name}`;
    case 'index':
      return `index ${s.object.text} [${s.index?.text ?? ''}]`;
    case 'call':
      return `call ${s.call.node.text}`;
    case 'wrap':
      return `wrap ${s.inner.text}`;
    case 'choice':
      return `choice ${s.options.map((o) => o.text).join(' | ')} if ${s.condition?.text ?? '?'}`;
    case 'collection':
      return `collection ${s.items.map((i) => i.text).join(', ')}`;
    default:
      return s.kind;
  }
}

/** One test per case: the node of `type` in `code` has the shape `expected` (as showShape writes it). */
export function itShapes(adapter: SyntaxAdapter, cases: readonly [grammar: GrammarName, code: string, type: string, expected: string][]): void {
  for (const [grammar, code, type, expected] of cases) {
    it(`${type} in ${JSON.stringify(code)} is ${expected}`, async () => {
      assert.equal(await shapeIn(grammar, adapter, code, type), expected);
    });
  }
}
