import type { Node } from '@vscode/tree-sitter-wasm';

/**
 * A language-neutral view of the syntax trees of the six programming languages: each language
 * adapter (lang/*.ts) maps its grammar's node types onto these few shapes, and the matcher and
 * the value tracker work on the shapes only.
 */

export type { Node };

/** How a value-producing node is built, as far as the matcher cares. */
export type Shape =
  | { kind: 'string'; value: string }
  | { kind: 'scalar'; value: number | boolean | null }
  /** Template / f-string / interpolated string: literal text and embedded expressions in order. */
  | { kind: 'interpolated'; parts: (string | Node)[] }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'ident'; name: string }
  | { kind: 'this' }
  | { kind: 'member'; object: Node; name: string }
  | { kind: 'index'; object: Node; index: Node | null }
  | { kind: 'call'; call: CallView }
  /** Parentheses, casts, await, non-null assertions, address-of: the value of `inner`. */
  | { kind: 'wrap'; inner: Node }
  /** Conditional expression: `options[0]` when `condition` holds, else `options[1]`. */
  | { kind: 'choice'; options: Node[]; condition?: Node }
  | { kind: 'collection'; items: Node[] }
  | { kind: 'function' }
  | { kind: 'other' };

export interface ArgView {
  node: Node;
  /** Keyword / named argument name, if any. */
  name?: string;
}

export interface CallView {
  node: Node;
  /** Callee expression (`a.b` in `a.b(x)`); absent for constructor calls and Java-style `recv.name(...)`. */
  callee?: Node;
  /** Receiver and method name when the grammar splits them (Java). */
  receiver?: Node;
  name?: string;
  /** Constructor call (`new T(...)`, C# object creation); `type` is the constructed type. */
  isNew?: boolean;
  type?: Node;
  /** Annotation / attribute used like a call (`@CrossOrigin(origins = "*")`). */
  isAnnotation?: boolean;
  args: ArgView[];
}

/** A definition of a local name: declaration, assignment, loop variable. */
export interface BindingView {
  node: Node;
  /** The assigned-to expression (identifier, member, subscript). */
  target: Node;
  /** Bound value; null when unknown (e.g. a declaration without initialiser). */
  value: Node | null;
  /** `x += v`: adds to the previous value instead of replacing it. */
  augmented: boolean;
  /** Declared type text, when the language says it (`int n = ...`). */
  type?: string;
}

export interface PairView {
  node: Node;
  key: string;
  keyNode: Node;
  value: Node;
}

export interface ParamView {
  name: string;
  type?: string;
  /** Annotation / attribute / decorator names on the parameter (`FromQuery`, `RequestParam`). */
  annotations: string[];
}

export interface SyntaxAdapter {
  /** Nodes that open a new variable scope (functions, lambdas, class bodies). */
  readonly scopeTypes: ReadonlySet<string>;
  /** Function-like nodes (a subset of scopeTypes): what `inFunction` means. */
  readonly functionTypes: ReadonlySet<string>;
  readonly callTypes: readonly string[];
  readonly bindingTypes: readonly string[];
  readonly pairTypes: readonly string[];
  readonly refTypes: readonly string[];
  readonly ifTypes: readonly string[];
  /** Nodes that end the search for naming context (statements). */
  readonly statementTypes: ReadonlySet<string>;

  shape(node: Node): Shape;
  call(node: Node): CallView | null;
  bindings(node: Node): BindingView[];
  pair(node: Node): PairView | null;
  params(scope: Node): ParamView[];
  functionName(scope: Node): string | undefined;
  /** Local name -> canonical dotted module path (`cp` -> `child_process`). */
  imports(root: Node): Map<string, string>;
  ifCondition(node: Node): Node | null;
  /** The function-like node always returns the literal `true`. */
  returnsTrue(fn: Node): boolean;
  /** Value of property `key` of an object / dictionary / initialiser literal. */
  property(obj: Node, key: string): Node | null;
}

/** Named children without nulls. */
export function kids(node: Node): Node[] {
  const out: Node[] = [];
  for (const c of node.namedChildren) if (c) out.push(c);
  return out;
}

export function field(node: Node, name: string): Node | null {
  return node.childForFieldName(name);
}

/** The `binary` shape of a node with `left` and `right` fields, as every grammar names them. */
export function binaryShape(node: Node): Shape {
  const l = field(node, 'left');
  const r = field(node, 'right');
  return l && r ? { kind: 'binary', op: operatorOf(node), left: l, right: r } : { kind: 'other' };
}

/** Text of an operator child (anonymous token between operands). */
export function operatorOf(node: Node): string {
  const op = node.childForFieldName('operator');
  if (op) return op.text;
  for (let i = 0; i < node.childCount; i++) {
    const c = node.child(i);
    if (c && !c.isNamed) return c.text;
  }
  return '';
}

/** Unquotes the text of a simple string literal node by dropping its delimiters. */
export function stripQuotes(text: string): string {
  const m = /^[A-Za-z@$]*("""|'''|"|'|`)([\s\S]*)\1$/.exec(text);
  return m ? m[2] : text;
}

/** A type's text reduced to its name: `*http.Request` -> `http.Request`, `List<String>` -> `List`. */
export function normaliseType(text: string): string {
  return text.replace(/<[\s\S]*$/, '').replace(/[\s*&?[\]]/g, '').replace(/^(final|const|readonly)/, '');
}

/** Types whose values cannot carry an injection payload. */
export const SAFE_TYPES = /^(u?int\d*|uint|long|ulong|short|ushort|byte|sbyte|float\d*|double|decimal|bool|boolean|char|number|Integer|Long|Short|Byte|Float|Double|Boolean|Guid|UUID|DateTime|DateTimeOffset|LocalDate|LocalDateTime|Instant|BigDecimal|BigInteger|time\.Time|time\.Duration)$/;
