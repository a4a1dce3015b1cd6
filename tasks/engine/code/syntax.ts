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
  /** A destructured name: the property path it takes from `value` (`const { headers } = req` -> [headers]). */
  picks?: string[];
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
  /** Which declared parameter (0-based) the name comes from, where the adapter knows (a destructured `{ id, input }` gives several names one position). */
  position?: number;
}

export interface SyntaxAdapter {
  /** Nodes that open a new variable scope (functions, lambdas, class bodies). */
  readonly scopeTypes: ReadonlySet<string>;
  /** Function-like nodes (a subset of scopeTypes): what `inFunction` means. */
  readonly functionTypes: ReadonlySet<string>;
  /**
   * Languages whose locals live in the block that declares them (Java, C#): the statements that
   * open such a block. A name declared in two sibling blocks is two variables.
   */
  readonly blockScopeTypes?: ReadonlySet<string>;
  readonly callTypes: readonly string[];
  readonly bindingTypes: readonly string[];
  readonly pairTypes: readonly string[];
  readonly refTypes: readonly string[];
  /** Every node type whose shape is a string or an interpolated string (the file's constant text). */
  readonly stringTypes: readonly string[];
  readonly ifTypes: readonly string[];
  /** Nodes that end the search for naming context (statements). */
  readonly statementTypes: ReadonlySet<string>;

  shape(node: Node): Shape;
  call(node: Node): CallView | null;
  bindings(node: Node): BindingView[];
  pair(node: Node): PairView | null;
  params(scope: Node): ParamView[];
  functionName(scope: Node): string | undefined;
  /**
   * Node types imports() reads: when given, the index's one walk of the tree collects them too
   * and imports() gets them from it (`nodesOf`, in document order) instead of walking again.
   */
  readonly importTypes?: readonly string[];
  /** Local name -> canonical dotted module path (`cp` -> `child_process`). */
  imports(root: Node, nodesOf?: (types: readonly string[]) => Node[]): Map<string, string>;
  ifCondition(node: Node): Node | null;
  /** The function-like node always returns the literal `true`. */
  returnsTrue(fn: Node): boolean;
  /** Value of property `key` of an object / dictionary / initialiser literal. */
  property(obj: Node, key: string): Node | null;
  /**
   * For `this.name` typed by its class (TypeScript: a field declaration or a constructor
   * parameter property). The nearest enclosing node of `ownerTypes` decides: when it is one of
   * `classTypes`, `fieldType` gives the declared type of its field `name`, else (a function with
   * a `this` of its own) there is none. The index finds that node among its intervals: walking
   * up with `.parent` costs a descent from the root per step.
   */
  thisField?: { ownerTypes: readonly string[]; classTypes: ReadonlySet<string>; fieldType(cls: Node, name: string): string | undefined };
  /**
   * A declared type (normalised) as written with its package's own name rather than a local
   * import alias (Go: `gorilla.Dialer` under `gorilla "github.com/gorilla/websocket"` is
   * `websocket.Dialer`), so that typed patterns do not depend on how a file names the import.
   */
  typeInPackage?(type: string, imports: ReadonlyMap<string, string>): string;
}

/**
 * `fn` answered once per node of a parse. Node ids are unique within one tree only (a later
 * parse reuses the memory), so answers are kept per tree, and go when the tree does.
 */
export function memoByNode<T>(fn: (node: Node) => T): (node: Node) => T {
  const byTree = new WeakMap<object, Map<number, T>>();
  return (node: Node): T => {
    let memo = byTree.get(node.tree);
    if (!memo) byTree.set(node.tree, (memo = new Map()));
    if (memo.has(node.id)) return memo.get(node.id) as T;
    const v = fn(node);
    memo.set(node.id, v);
    return v;
  };
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

// ---- Shape tables ----------------------------------------------------------------------------
// Each adapter's `shape` is a table from its grammar's node types to one of the builders below,
// so that what differs between languages (node and field names) is data and the building is here.

/** Builds the shape of one node; `adapter` answers calls (its `call` view). */
export type ShapeBuilder = (node: Node, adapter: SyntaxAdapter) => Shape;

const OTHER: Shape = { kind: 'other' };

/** A table of builders by node type; the types of a row share its builder. */
export function shapeTable(rows: readonly [types: readonly string[] | string, build: ShapeBuilder][]): ReadonlyMap<string, ShapeBuilder> {
  const table = new Map<string, ShapeBuilder>();
  for (const [types, build] of rows) for (const t of typeof types === 'string' ? [types] : types) table.set(t, build);
  return table;
}

/** The shape of `node` by `table`, or `fallback` (default: other) for node types it does not list. */
export function shapeBy(table: ReadonlyMap<string, ShapeBuilder>, node: Node, adapter: SyntaxAdapter, fallback?: ShapeBuilder): Shape {
  const build = table.get(node.type) ?? fallback;
  return build ? build(node, adapter) : OTHER;
}

/** A fixed scalar (true, false, null/nil/None). */
export const constant = (value: boolean | null): ShapeBuilder => {
  const s: Shape = { kind: 'scalar', value };
  return () => s;
};

/** A number literal; `strip` removes digit separators and type suffixes before parsing. */
export const numberLiteral = (strip: RegExp): ShapeBuilder => (n) => ({ kind: 'scalar', value: Number(n.text.replace(strip, '')) });

/** A string whose value is its text between one-character delimiters (character literals). */
export const charLiteral: ShapeBuilder = (n) => ({ kind: 'string', value: n.text.slice(1, -1) });

export const identifier: ShapeBuilder = (n) => ({ kind: 'ident', name: n.text });
export const thisRef: ShapeBuilder = () => ({ kind: 'this' });
export const functionValue: ShapeBuilder = () => ({ kind: 'function' });
export const binary: ShapeBuilder = (n) => binaryShape(n);

/** `object.name` from the grammar's two field names. */
export const member = (objectField: string, nameField: string): ShapeBuilder => (n) => {
  const o = field(n, objectField);
  if (!o) return OTHER;
  // Most members are written `object.name` (or `object?.name`): the name is then the text after
  // the object, read without making the name's node (a Node and two objects for one string).
  const name = plainMemberName(n.text, o.endIndex - n.startIndex);
  if (name !== undefined) return { kind: 'member', object: o, name };
  const p = field(n, nameField);
  return p ? { kind: 'member', object: o, name: p.text } : OTHER;
};

/**
 * The name of `text` from offset `from` when that rest is exactly `.name` or `?.name` with an
 * ASCII identifier (letters, digits, `_`, `$`, not starting with a digit); else undefined (spaces,
 * comments, generics, `#private`, other characters: the caller reads the name's node instead).
 */
export function plainMemberName(text: string, from: number): string | undefined {
  let i = from;
  if (text.charCodeAt(i) === 63 /* ? */) i++;
  if (text.charCodeAt(i) !== 46 /* . */) return undefined;
  const start = ++i;
  if (start >= text.length) return undefined;
  const first = text.charCodeAt(start);
  if (first >= 48 && first <= 57) return undefined;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
    if (!ok) return undefined;
  }
  return text.slice(start);
}

/** `object[index]` from the grammar's two field names. */
export const subscript = (objectField: string, indexField: string): ShapeBuilder => (n) => {
  const o = field(n, objectField);
  return o ? { kind: 'index', object: o, index: field(n, indexField) } : OTHER;
};

/** A call or construction, as the adapter's `call` view sees it. */
export const callOf: ShapeBuilder = (n, adapter) => {
  const c = adapter.call(n);
  return c ? { kind: 'call', call: c } : OTHER;
};

/** The value of an inner node: by field name, or the first / last named child. */
export const wrapping = (inner: { field: string } | 'first' | 'last'): ShapeBuilder => (n) => {
  const i = inner === 'first' ? n.firstNamedChild : inner === 'last' ? n.lastNamedChild : field(n, inner.field);
  return i ? { kind: 'wrap', inner: i } : OTHER;
};

/** `condition ? consequence : alternative`, as most grammars name the fields. */
export const ternary: ShapeBuilder = (n) => {
  const a = field(n, 'consequence');
  const b = field(n, 'alternative');
  return { kind: 'choice', options: [a, b].filter((x): x is Node => !!x), condition: field(n, 'condition') ?? undefined };
};

/** A list literal: its named children are the items. */
export const listOfKids: ShapeBuilder = (n) => ({ kind: 'collection', items: kids(n) });

/** A dictionary / object literal: the values of its `pair` children (other children as they are). */
export const valuesOfPairs: ShapeBuilder = (n) => ({ kind: 'collection', items: kids(n).map((p) => (p.type === 'pair' ? field(p, 'value') : p)).filter((x): x is Node => !!x) });
