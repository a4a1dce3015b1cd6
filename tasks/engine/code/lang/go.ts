import { binary, type BindingView, callOf, type CallView, charLiteral, constant, field, functionValue, identifier, kids, member, type Node, numberLiteral, operatorOf, type PairView, type ParamView, type Shape, shapeBy, shapeTable, subscript, type SyntaxAdapter, wrapping } from '../syntax';

const FUNCTIONS = new Set(['function_declaration', 'method_declaration', 'func_literal']);
const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

function stringValue(n: Node): string {
  if (n.type === 'raw_string_literal') return n.text.slice(1, -1);
  let out = '';
  for (const c of kids(n)) out += c.type === 'escape_sequence' ? ESC[c.text.slice(1)] ?? c.text.slice(1) : c.text;
  return out;
}

/** Unwraps `literal_element` and single-element expression lists. */
function unwrap(n: Node | null): Node | null {
  while (n && (n.type === 'literal_element' || (n.type === 'expression_list' && n.namedChildCount === 1))) n = n.firstNamedChild;
  return n;
}

/** Left and right sides of `a, b := x, y` paired up; a multi-value call feeds every name. */
function pairUp(node: Node, lefts: Node[], rights: Node[], augmented: boolean, type?: string): BindingView[] {
  return lefts.map((t, i) => {
    if (rights.length === lefts.length) return { node, target: t, value: rights[i], augmented, type };
    // `v, err := r.Cookie("c")`: the error a call returns last says whether it failed, not what
    // it read; it is declared here but holds none of the call's data.
    if (i === lefts.length - 1 && lefts.length > 1 && /^err/.test(t.text)) return { node, target: t, value: null, augmented: false, type: 'error' };
    return { node, target: t, value: rights[0] ?? null, augmented, type };
  });
}

/** Local package name of an import path: `github.com/x/jwt/v5` -> `jwt`, `gopkg.in/yaml.v3` -> `yaml`. */
function packageName(path: string): string {
  const segs = path.split('/');
  let last = segs.pop() ?? path;
  if (/^v\d+$/.test(last) && segs.length) last = segs.pop() as string;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/-go$/, '').replace(/[^A-Za-z0-9_]/g, '');
}

/** Go node types by the shape they build (see syntax.ts). */
const SHAPES = shapeTable([
  [['interpreted_string_literal', 'raw_string_literal'], (n) => ({ kind: 'string', value: stringValue(n) })],
  ['rune_literal', charLiteral],
  [['int_literal', 'float_literal'], numberLiteral(/_/g)],
  ['true', constant(true)],
  ['false', constant(false)],
  ['nil', constant(null)],
  ['binary_expression', binary],
  [['identifier', 'package_identifier', 'type_identifier'], identifier],
  ['selector_expression', member('operand', 'field')],
  ['index_expression', subscript('operand', 'index')],
  ['call_expression', callOf],
  ['unary_expression', (n) => {
    const op = operatorOf(n);
    const o = field(n, 'operand');
    return o && (op === '&' || op === '*') ? { kind: 'wrap', inner: o } : { kind: 'other' };
  }],
  [['parenthesized_expression', 'literal_element', 'expression_list'], (n) => {
    const inner = n.namedChildCount === 1 ? n.firstNamedChild : null;
    return inner ? { kind: 'wrap', inner } : { kind: 'other' };
  }],
  ['type_conversion_expression', wrapping({ field: 'operand' })],
  ['composite_literal', (n) => {
    const body = field(n, 'body');
    const items = (body ? kids(body) : []).map((e) => (e.type === 'keyed_element' ? unwrap(field(e, 'value') ?? e.lastNamedChild) : unwrap(e))).filter((x): x is Node => !!x);
    return { kind: 'collection', items };
  }],
  ['func_literal', functionValue],
]);

export const goAdapter: SyntaxAdapter = {
  scopeTypes: FUNCTIONS,
  functionTypes: FUNCTIONS,
  callTypes: ['call_expression'],
  bindingTypes: ['short_var_declaration', 'assignment_statement', 'var_spec', 'const_spec', 'range_clause'],
  pairTypes: ['keyed_element'],
  refTypes: ['selector_expression', 'identifier'],
  stringTypes: ['interpreted_string_literal', 'raw_string_literal', 'rune_literal'],
  ifTypes: ['if_statement'],
  statementTypes: new Set(['expression_statement', 'short_var_declaration', 'assignment_statement', 'var_declaration', 'const_declaration', 'return_statement', 'if_statement', 'for_statement', 'block', 'statement_list', 'source_file']),

  shape(node: Node): Shape {
    return shapeBy(SHAPES, node, this);
  },

  call(node: Node): CallView | null {
    if (node.type !== 'call_expression') return null;
    const callee = field(node, 'function');
    const a = field(node, 'arguments');
    if (!callee) return null;
    return { node, callee, args: (a ? kids(a) : []).filter((c) => c.type !== 'comment' && !c.type.endsWith('_type') && c.type !== 'type_identifier').map((n) => ({ node: n })) };
  },

  bindings(node: Node): BindingView[] {
    switch (node.type) {
      case 'short_var_declaration':
      case 'assignment_statement': {
        const l = field(node, 'left');
        const r = field(node, 'right');
        const op = operatorOf(node);
        const out = pairUp(node, l ? kids(l) : [], r ? kids(r) : [], op !== '=' && op !== ':=');
        // `c := &http.Client{...}`: the literal names the variable's type, as a declaration would.
        return op === ':=' ? out.map((b) => (b.type || !b.value ? b : { ...b, type: literalType(b.value) })) : out;
      }
      case 'var_spec':
      case 'const_spec': {
        const names = node.childrenForFieldName('name').filter((x): x is Node => !!x);
        const v = field(node, 'value');
        const type = field(node, 'type')?.text;
        if (!v) return names.map((t) => ({ node, target: t, value: null, augmented: false, type }));
        return pairUp(node, names, v.type === 'expression_list' ? kids(v) : [v], false, type);
      }
      case 'range_clause': {
        const l = field(node, 'left');
        const r = field(node, 'right');
        return (l ? kids(l) : []).map((t) => ({ node, target: t, value: r, augmented: false }));
      }
      default:
        return [];
    }
  },

  pair(node: Node): PairView | null {
    if (node.type !== 'keyed_element') return null;
    const k = unwrap(field(node, 'key') ?? node.firstNamedChild);
    const v = unwrap(field(node, 'value') ?? node.lastNamedChild);
    if (!k || !v || k.equals(v)) return null;
    const key = k.type === 'interpreted_string_literal' || k.type === 'raw_string_literal' ? stringValue(k) : k.text;
    return { node, key, keyNode: k, value: v };
  },

  params(scope: Node): ParamView[] {
    const out: ParamView[] = [];
    for (const list of [field(scope, 'receiver'), field(scope, 'parameters')]) {
      for (const p of list ? kids(list) : []) {
        if (p.type !== 'parameter_declaration' && p.type !== 'variadic_parameter_declaration') continue;
        const type = field(p, 'type')?.text;
        for (const n of p.childrenForFieldName('name')) if (n) out.push({ name: n.text, type, annotations: [] });
      }
    }
    return out;
  },

  functionName(scope: Node): string | undefined {
    const n = field(scope, 'name');
    if (n) return n.text;
    const p = scope.parent?.parent;
    if (p?.type === 'short_var_declaration' || p?.type === 'assignment_statement') return field(p, 'left')?.text;
    return undefined;
  },

  imports(root: Node): Map<string, string> {
    const out = new Map<string, string>();
    for (const s of root.descendantsOfType('import_spec')) {
      if (!s) continue;
      const p = field(s, 'path');
      if (!p) continue;
      const path = stringValue(p).replace(/\/v\d+$/, '');
      const name = field(s, 'name')?.text ?? packageName(stringValue(p));
      if (name !== '_' && name !== '.') out.set(name, path);
    }
    return out;
  },

  ifCondition(node: Node): Node | null {
    return node.type === 'if_statement' ? field(node, 'condition') : null;
  },

  typeInPackage(type: string, imports: ReadonlyMap<string, string>): string {
    const m = /^([A-Za-z_]\w*)\.([A-Za-z_]\w*)$/.exec(type);
    const path = m ? imports.get(m[1]) : undefined;
    return m && path ? `${packageName(path)}.${m[2]}` : type;
  },

  returnsTrue(fn: Node): boolean {
    const body = field(fn, 'body');
    if (!body) return false;
    const list = kids(body).find((c) => c.type === 'statement_list') ?? body;
    const stmts = kids(list).filter((c) => c.type !== 'comment');
    if (stmts.length !== 1 || stmts[0].type !== 'return_statement') return false;
    return unwrap(stmts[0].firstNamedChild)?.type === 'true';
  },

  property(obj: Node, key: string): Node | null {
    if (obj.type !== 'composite_literal') return null;
    const body = field(obj, 'body');
    for (const e of body ? kids(body) : []) {
      const p = this.pair(e);
      if (p && p.key === key) return p.value;
    }
    return null;
  },
};

/** The type a composite literal (`T{...}`, `&T{...}`) builds, as written. */
function literalType(value: Node): string | undefined {
  const lit = value.type === 'unary_expression' && field(value, 'operator')?.text === '&' ? field(value, 'operand') : value;
  return lit?.type === 'composite_literal' ? field(lit, 'type')?.text : undefined;
}
