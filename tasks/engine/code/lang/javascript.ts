import { type ArgView, binary, type BindingView, callOf, type CallView, constant, field, functionValue, kids, listOfKids, member, memoByNode, type Node, numberLiteral, operatorOf, type PairView, type ParamView, type Shape, shapeBy, shapeTable, stripQuotes, subscript, type SyntaxAdapter, ternary, thisRef, valuesOfPairs, wrapping } from '../syntax';

/** JavaScript, TypeScript and TSX (the three grammars share these node types). */

const FUNCTIONS = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);

/**
 * Packages that stand in for a core module with the same functions (`graceful-fs`, `fs-extra`,
 * `mz/fs`): their calls are the core module's, for sinks and sources alike.
 */
const DROP_IN_MODULES = new Map([
  ['graceful-fs', 'fs'],
  ['fs-extra', 'fs'],
  ['original-fs', 'fs'],
  ['mz/fs', 'fs'],
  ['fs-extra/esm', 'fs'],
  ['mz/child_process', 'child_process'],
  ['child-process-promise', 'child_process'],
]);

function moduleName(s: string): string {
  const name = s.replace(/^node:/, '');
  return DROP_IN_MODULES.get(name) ?? name;
}

function stringValue(node: Node): string {
  // The children once (each read of the tree is a call into WebAssembly); none: an empty string.
  const parts = node.namedChildren;
  if (parts.length === 0) return stripQuotes(node.text);
  let out = '';
  for (const c of parts) if (c) out += c.type === 'escape_sequence' ? unescape(c.text) : c.text;
  return out;
}

function unescape(esc: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };
  // `\u0041`, `\u{1F600}`, `\x41`: the character (a regex in a string reads it as one).
  const hex = /^\\(?:u\{([0-9a-fA-F]{1,6})\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))$/.exec(esc);
  if (hex) {
    const cp = parseInt(hex[1] ?? hex[2] ?? hex[3], 16);
    if (cp <= 0x10ffff) return String.fromCodePoint(cp);
  }
  return map[esc.slice(1)] ?? esc.slice(1);
}

/**
 * The property path an object pattern takes a name from: `{ headers }` -> [headers],
 * `{ body: { name: n } }` -> [body, name]; undefined for a plain name, an array pattern or a rest.
 */
function picksOf(t: Node): string[] | undefined {
  const path: string[] = [];
  let n: Node | null = t;
  if (t.type === 'shorthand_property_identifier_pattern') {
    path.unshift(t.text);
    n = t.parent;
  } else if (t.parent?.type === 'pair_pattern' && field(t.parent, 'value')?.id === t.id) {
    const key = field(t.parent, 'key');
    if (!key || key.type !== 'property_identifier') return undefined;
    path.unshift(key.text);
    n = t.parent.parent;
  } else return undefined;
  while (n && n.type === 'object_pattern' && n.parent?.type === 'pair_pattern') {
    const key = field(n.parent, 'key');
    if (!key || key.type !== 'property_identifier') return undefined;
    path.unshift(key.text);
    n = n.parent.parent;
  }
  return n?.type === 'object_pattern' ? path : undefined;
}

/** Identifiers bound by a declaration target (plain name or destructuring pattern). */
function patternNames(p: Node): Node[] {
  switch (p.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      return [p];
    case 'object_pattern':
    case 'array_pattern':
      return kids(p).flatMap(patternNames);
    case 'pair_pattern': {
      const v = field(p, 'value');
      return v ? patternNames(v) : [];
    }
    case 'assignment_pattern':
    case 'object_assignment_pattern': {
      const l = field(p, 'left');
      return l ? patternNames(l) : [];
    }
    case 'rest_pattern':
      return kids(p).flatMap(patternNames);
    default:
      return [];
  }
}

function typeText(n: Node | null): string | undefined {
  return n ? n.text.replace(/^:\s*/, '') : undefined;
}

const CLASS_TYPES = new Set(['class_declaration', 'class', 'abstract_class_declaration']);

/**
 * The declared type of field `name` of class `cls`: `private http: HttpService;` or a
 * constructor parameter property (`constructor(private readonly http: HttpService)`, as NestJS
 * and Angular inject services).
 */
function thisFieldType(cls: Node, name: string): string | undefined {
  return classFieldTypes(cls).get(name);
}

/**
 * A class's fields by name and their declared types (a field declaration or a constructor
 * parameter property; the first one written wins), read once per class: the index asks for
 * each name of `this.name` the class reads, and each ask walked the whole class body.
 */
const classFieldTypes = memoByNode((cls: Node): Map<string, string | undefined> => {
  const out = new Map<string, string | undefined>();
  const body = field(cls, 'body');
  if (!body) return out;
  for (const m of kids(body)) {
    if (m.type === 'public_field_definition') {
      const name = field(m, 'name')?.text;
      if (name !== undefined && !out.has(name)) out.set(name, typeText(field(m, 'type')));
      continue;
    }
    if (m.type !== 'method_definition' || field(m, 'name')?.text !== 'constructor') continue;
    const list = field(m, 'parameters');
    for (const p of list ? kids(list) : []) {
      if (p.type !== 'required_parameter' && p.type !== 'optional_parameter') continue;
      // Only a parameter property (with an accessibility modifier or readonly) is a field.
      const head = p.text.replace(/^(?:@[\w.]+(?:\([^)]*\))?\s*)+/, '');
      if (!/^(?:public|private|protected|readonly)\b/.test(head)) continue;
      const name = field(p, 'pattern')?.text;
      if (name !== undefined && !out.has(name)) out.set(name, typeText(field(p, 'type')));
    }
  }
  return out;
});

/** JavaScript / TypeScript node types by the shape they build (see syntax.ts). */
const SHAPES = shapeTable([
  ['string', (n) => ({ kind: 'string', value: stringValue(n) })],
  ['template_string', (n) => {
    const parts: (string | Node)[] = [];
    for (const c of kids(n)) {
      if (c.type === 'template_substitution') {
        const e = c.firstNamedChild;
        if (e) parts.push(e);
      } else if (c.type === 'escape_sequence') parts.push(unescape(c.text));
      else parts.push(c.text);
    }
    return { kind: 'interpolated', parts };
  }],
  ['regex', (n) => ({ kind: 'string', value: n.text })],
  ['number', numberLiteral(/_/g)],
  ['true', constant(true)],
  ['false', constant(false)],
  [['null', 'undefined'], constant(null)],
  ['binary_expression', binary],
  [['identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern'], (n) => {
    // The text once: each read is a call into WebAssembly for the node's end.
    const name = n.text;
    return name === 'undefined' ? { kind: 'scalar', value: null } : { kind: 'ident', name };
  }],
  ['this', thisRef],
  // The callee of a dynamic `import(x)`: named `import` so that `import()` patterns find the call.
  ['import', () => ({ kind: 'ident', name: 'import' })],
  ['member_expression', member('object', 'property')],
  ['subscript_expression', subscript('object', 'index')],
  [['call_expression', 'new_expression'], callOf],
  [['type_assertion', 'sequence_expression'], wrapping('last')],
  [['parenthesized_expression', 'await_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'spread_element'], wrapping('first')],
  ['ternary_expression', ternary],
  ['array', listOfKids],
  ['object', valuesOfPairs],
  [['arrow_function', 'function_expression', 'function', 'generator_function'], functionValue],
]);

export const javascriptAdapter: SyntaxAdapter = {
  // A nested `function` has a `this` of its own: a class around it does not type `this.x` there.
  thisField: { ownerTypes: [...CLASS_TYPES, 'function_declaration', 'function_expression', 'function'], classTypes: CLASS_TYPES, fieldType: thisFieldType },
  scopeTypes: FUNCTIONS,
  functionTypes: FUNCTIONS,
  callTypes: ['call_expression', 'new_expression'],
  bindingTypes: ['variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'for_in_statement'],
  pairTypes: ['pair', 'jsx_attribute'],
  refTypes: ['member_expression', 'identifier', 'subscript_expression'],
  stringTypes: ['string', 'template_string', 'regex'],
  ifTypes: ['if_statement'],
  statementTypes: new Set(['expression_statement', 'lexical_declaration', 'variable_declaration', 'return_statement', 'if_statement', 'for_statement', 'for_in_statement', 'while_statement', 'export_statement', 'statement_block', 'program', 'class_body']),

  shape(node: Node): Shape {
    return shapeBy(SHAPES, node, this);
  },

  call(node: Node): CallView | null {
    if (node.type === 'call_expression') {
      const callee = field(node, 'function');
      return callee ? new JsCall(node, callee) : null;
    }
    if (node.type === 'new_expression') {
      const type = field(node, 'constructor');
      return type ? new JsNew(node, type) : null;
    }
    return null;
  },

  bindings(node: Node): BindingView[] {
    switch (node.type) {
      case 'variable_declarator': {
        const name = field(node, 'name');
        if (!name) return [];
        const value = field(node, 'value');
        const type = typeText(field(node, 'type'));
        // Only a destructuring pattern picks properties (reading a node's parent is a WebAssembly call).
        const pattern = name.type === 'object_pattern';
        return patternNames(name).map((t) => ({ node, target: t, value, augmented: false, type, picks: pattern ? picksOf(t) : undefined }));
      }
      case 'assignment_expression': {
        const left = field(node, 'left');
        if (!left) return [];
        const value = field(node, 'right');
        const targets = left.type === 'object_pattern' || left.type === 'array_pattern' ? patternNames(left) : [left];
        return targets.map((t) => ({ node, target: t, value, augmented: false, picks: left.type === 'object_pattern' ? picksOf(t) : undefined }));
      }
      case 'augmented_assignment_expression': {
        const left = field(node, 'left');
        // `x &&= v` keeps x only when x is falsy (empty text, null, 0: constants), so afterwards x
        // holds v or a constant: it replaces x as `=` does.
        return left ? [{ node, target: left, value: field(node, 'right'), augmented: operatorOf(node) !== '&&=' }] : [];
      }
      case 'for_in_statement': {
        const left = field(node, 'left');
        return left ? patternNames(left).map((t) => ({ node, target: t, value: field(node, 'right'), augmented: false })) : [];
      }
      default:
        return [];
    }
  },

  pair(node: Node): PairView | null {
    if (node.type === 'pair') {
      const k = field(node, 'key');
      const v = field(node, 'value');
      if (!k || !v) return null;
      return { node, key: k.type === 'string' ? stringValue(k) : k.text, keyNode: k, value: v };
    }
    if (node.type === 'jsx_attribute') {
      const [k, v] = kids(node);
      if (!k || !v) return null;
      const value = v.type === 'jsx_expression' ? v.firstNamedChild : v;
      return value ? { node, key: k.text, keyNode: k, value } : null;
    }
    return null;
  },

  params(scope: Node): ParamView[] {
    const single = field(scope, 'parameter');
    if (single) return [{ name: single.text, annotations: [], position: 0 }];
    const list = field(scope, 'parameters');
    if (!list) return [];
    const out: ParamView[] = [];
    let position = 0;
    for (const p of kids(list)) {
      if (p.type === 'comment') continue;
      if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
        const pat = field(p, 'pattern');
        const type = typeText(field(p, 'type'));
        for (const n of pat ? patternNames(pat) : []) out.push({ name: n.text, type, annotations: kids(p).filter((d) => d.type === 'decorator').map((d) => d.text.replace(/^@/, '').replace(/\(.*$/s, '')), position });
      } else {
        for (const n of patternNames(p)) out.push({ name: n.text, annotations: [], position });
      }
      position++;
    }
    return out;
  },

  functionName(scope: Node): string | undefined {
    return functionNameOf(scope);
  },

  importTypes: ['import_statement', 'variable_declarator'],

  imports(root: Node, nodesOf?: (types: readonly string[]) => Node[]): Map<string, string> {
    const out = new Map<string, string>();
    // Walking the tree for every declarator costs more than the rest of a large file's index:
    // only the kinds the text can hold are walked for, and only declarators calling `require`.
    const src = root.text;
    const base = root.startIndex;
    const requires: number[] = [];
    for (let i = src.indexOf('require'); i >= 0; i = src.indexOf('require', i + 7)) requires.push(i + base);
    const types = [...(src.includes('import') ? ['import_statement'] : []), ...(requires.length ? ['variable_declarator'] : [])];
    if (!types.length) return out;
    for (const n of nodesOf ? nodesOf(types) : root.descendantsOfType(types)) {
      if (!n) continue;
      if (n.type === 'variable_declarator') {
        const at = firstAtOrAfter(requires, n.startIndex);
        if (at < 0 || requires[at] >= n.endIndex) continue;
      }
      if (n.type === 'import_statement') {
        const src = field(n, 'source');
        if (!src) continue;
        const mod = moduleName(stringValue(src));
        const clause = kids(n).find((c) => c.type === 'import_clause');
        for (const c of clause ? kids(clause) : []) {
          if (c.type === 'identifier') out.set(c.text, mod);
          else if (c.type === 'namespace_import') {
            const id = c.firstNamedChild;
            if (id) out.set(id.text, mod);
          } else if (c.type === 'named_imports') {
            for (const s of kids(c)) {
              const name = field(s, 'name');
              const alias = field(s, 'alias');
              if (name) out.set((alias ?? name).text, `${mod}.${name.text}`);
            }
          }
        }
        continue;
      }
      const value = field(n, 'value');
      const name = field(n, 'name');
      if (!value || !name) continue;
      let req = value;
      let member: string | undefined;
      if (req.type === 'member_expression') {
        member = field(req, 'property')?.text;
        req = field(req, 'object') ?? req;
      }
      if (req.type !== 'call_expression' || field(req, 'function')?.text !== 'require') continue;
      const arg = field(req, 'arguments')?.firstNamedChild;
      if (!arg || arg.type !== 'string') continue;
      const mod = moduleName(stringValue(arg)) + (member ? `.${member}` : '');
      if (name.type === 'identifier') out.set(name.text, mod);
      else if (name.type === 'object_pattern') {
        for (const p of kids(name)) {
          if (p.type === 'shorthand_property_identifier_pattern') out.set(p.text, `${mod}.${p.text}`);
          else if (p.type === 'pair_pattern') {
            const k = field(p, 'key');
            const v = field(p, 'value');
            if (k && v?.type === 'identifier') out.set(v.text, `${mod}.${k.text}`);
          }
        }
      }
    }
    return out;
  },

  ifCondition(node: Node): Node | null {
    return node.type === 'if_statement' ? field(node, 'condition') : null;
  },

  returnsTrue(fn: Node): boolean {
    const body = field(fn, 'body');
    if (!body) return false;
    if (body.type === 'true') return true;
    if (body.type !== 'statement_block') return false;
    const stmts = kids(body).filter((c) => c.type !== 'comment');
    return stmts.length === 1 && stmts[0].type === 'return_statement' && stmts[0].firstNamedChild?.type === 'true';
  },

  property(obj: Node, key: string): Node | null {
    // An array literal's element by position (`['-e', code]`, key `1`); not past a spread,
    // whose length is not known here.
    if (obj.type === 'array' && /^\d+$/.test(key)) {
      const items = kids(obj).filter((c) => c.type !== 'comment');
      const i = Number(key);
      return i < items.length && !items.slice(0, i + 1).some((c) => c.type === 'spread_element') ? items[i] : null;
    }
    if (obj.type !== 'object') return null;
    for (const p of kids(obj)) {
      const v = this.pair(p);
      if (v && v.key === key) return v.value;
      if (p.type === 'shorthand_property_identifier' && p.text === key) return p;
    }
    return null;
  },
};

/**
 * The name a function is declared or bound under. Once per function and parse: the index, the
 * value tracker and the framework models each ask, and an anonymous function's name is read
 * from its parent, which tree-sitter finds by descending from the root.
 */
const functionNameOf = memoByNode((scope: Node): string | undefined => {
  const n = field(scope, 'name');
  if (n) return n.text;
  const p = scope.parent;
  if (!p) return undefined;
  if (p.type === 'variable_declarator') return field(p, 'name')?.text;
  if (p.type === 'pair') return field(p, 'key')?.text;
  if (p.type === 'assignment_expression') return field(p, 'left')?.text;
  return undefined;
});

/** A call's or `new`'s arguments; a tagged template (tag`..${x}`) has the template string as its one. */
function callArgs(node: Node): ArgView[] {
  const a = field(node, 'arguments');
  return !a ? [] : a.type === 'arguments' ? argViews(a) : [{ node: a }];
}

/**
 * A call's view with its arguments read on first use. The matcher makes a view of every call in
 * a file to learn its callee's name, and most calls are never asked about their arguments:
 * reading them made a Node and a view per argument for each (about 20 MB over a 2,900-file scan).
 */
class JsCall implements CallView {
  private argList: ArgView[] | undefined;
  constructor(
    readonly node: Node,
    readonly callee: Node,
  ) {}

  get args(): ArgView[] {
    return (this.argList ??= callArgs(this.node));
  }
}

/** `new T(..)`'s view, its arguments read on first use (see JsCall). */
class JsNew implements CallView {
  readonly isNew = true;
  private argList: ArgView[] | undefined;
  constructor(
    readonly node: Node,
    readonly type: Node,
  ) {}

  get args(): ArgView[] {
    return (this.argList ??= callArgs(this.node));
  }
}

/** The arguments of an argument list, comments left out (one pass: every call's view is made with it). */
function argViews(list: Node): ArgView[] {
  const out: ArgView[] = [];
  for (const c of list.namedChildren) if (c && c.type !== 'comment') out.push({ node: c });
  return out;
}

/** Index of the first of the sorted offsets at or after `pos`, or -1. */
function firstAtOrAfter(sorted: readonly number[], pos: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length ? lo : -1;
}
