import { type ArgView, binary, type BindingView, callOf, type CallView, charLiteral, constant, field, functionValue, identifier, kids, listOfKids, type Node, operatorOf, type PairView, type ParamView, type Shape, shapeBy, shapeTable, subscript, type SyntaxAdapter, ternary, thisRef, wrapping } from '../syntax';

const FUNCTIONS = new Set(['method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression', 'anonymous_method_expression', 'accessor_declaration', 'operator_declaration']);
/** Class bodies hold fields and constants that methods read. */
const SCOPES = new Set([...FUNCTIONS, 'declaration_list']);

const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

function stringValue(n: Node): string {
  let out = '';
  for (const c of kids(n)) {
    if (c.type === 'string_literal_content' || c.type === 'raw_string_content' || c.type === 'string_content') out += c.text;
    else if (c.type === 'escape_sequence') out += ESC[c.text.slice(1)] ?? c.text.slice(1);
  }
  return out;
}

function argsOf(list: Node | null): ArgView[] {
  const out: ArgView[] = [];
  for (const a of list ? kids(list) : []) {
    if (a.type !== 'argument' && a.type !== 'attribute_argument') continue;
    const name = field(a, 'name');
    const expr = kids(a).filter((c) => !name || !c.equals(name)).pop();
    if (expr) out.push({ node: expr, name: name?.text });
  }
  return out;
}

function typeName(n: Node | null): string | undefined {
  if (!n || n.type === 'implicit_type') return undefined;
  return n.text;
}

/** C# node types by the shape they build (see syntax.ts). */
const SHAPES = shapeTable([
  [['string_literal', 'raw_string_literal'], (n) => ({ kind: 'string', value: stringValue(n) })],
  ['verbatim_string_literal', (n) => ({ kind: 'string', value: n.text.replace(/^@"/, '').replace(/"$/, '').replace(/""/g, '"') })],
  ['character_literal', charLiteral],
  ['interpolated_string_expression', (n) => {
    const parts: (string | Node)[] = [];
    for (const c of kids(n)) {
      if (c.type === 'string_content' || c.type === 'string_literal_content') parts.push(c.text);
      else if (c.type === 'escape_sequence') parts.push(ESC[c.text.slice(1)] ?? c.text.slice(1));
      else if (c.type === 'interpolation') {
        const e = kids(c).find((x) => x.type !== 'interpolation_brace' && x.type !== 'interpolation_alignment_clause' && x.type !== 'interpolation_format_clause');
        if (e) parts.push(e);
      }
    }
    return { kind: 'interpolated', parts };
  }],
  [['integer_literal', 'real_literal'], (n) => ({ kind: 'scalar', value: Number(n.text.replace(/[_a-zA-Z]+$/g, '').replace(/_/g, '')) })],
  ['boolean_literal', (n) => ({ kind: 'scalar', value: n.text === 'true' })],
  ['null_literal', constant(null)],
  ['binary_expression', binary],
  [['identifier', 'predefined_type', 'qualified_name'], identifier],
  ['generic_name', (n) => ({ kind: 'ident', name: n.firstNamedChild?.text ?? n.text })],
  [['this', 'this_expression'], thisRef],
  ['member_access_expression', (n) => {
    const o = field(n, 'expression');
    const name = field(n, 'name');
    return o && name ? { kind: 'member', object: o, name: name.type === 'generic_name' ? name.firstNamedChild?.text ?? name.text : name.text } : { kind: 'other' };
  }],
  ['conditional_access_expression', (n) => {
    const o = field(n, 'condition');
    const b = kids(n).find((c) => c.type === 'member_binding_expression');
    const name = b ? field(b, 'name') : null;
    return o && name ? { kind: 'member', object: o, name: name.text } : o ? { kind: 'wrap', inner: o } : { kind: 'other' };
  }],
  ['element_access_expression', subscript('expression', 'subscript')],
  [['invocation_expression', 'object_creation_expression'], callOf],
  ['cast_expression', wrapping({ field: 'value' })],
  [['parenthesized_expression', 'await_expression', 'checked_expression', 'postfix_unary_expression'], wrapping('first')],
  ['conditional_expression', ternary],
  // `x switch { "a" => "b", _ => "c" }`: one of the arms' results.
  ['switch_expression', (n) => {
    const options = kids(n).filter((c) => c.type === 'switch_expression_arm').map((a) => a.lastNamedChild).filter((x): x is Node => !!x && x.type !== 'throw_expression');
    return options.length ? { kind: 'choice', options } : { kind: 'other' };
  }],
  [['initializer_expression', 'collection_expression'], listOfKids],
  [['array_creation_expression', 'implicit_array_creation_expression'], (n) => {
    const init = kids(n).find((c) => c.type === 'initializer_expression');
    return { kind: 'collection', items: init ? kids(init) : [] };
  }],
  [['lambda_expression', 'anonymous_method_expression'], functionValue],
]);

export const csharpAdapter: SyntaxAdapter = {
  scopeTypes: SCOPES,
  blockScopeTypes: new Set(['block', 'switch_section', 'for_statement', 'foreach_statement', 'catch_clause', 'using_statement']),
  functionTypes: FUNCTIONS,
  callTypes: ['invocation_expression', 'object_creation_expression', 'attribute'],
  bindingTypes: ['variable_declarator', 'assignment_expression', 'foreach_statement'],
  pairTypes: ['assignment_expression', 'argument'],
  refTypes: ['member_access_expression', 'identifier', 'element_access_expression'],
  stringTypes: ['string_literal', 'raw_string_literal', 'verbatim_string_literal', 'character_literal', 'interpolated_string_expression'],
  ifTypes: ['if_statement'],
  statementTypes: new Set(['expression_statement', 'local_declaration_statement', 'return_statement', 'if_statement', 'for_statement', 'foreach_statement', 'while_statement', 'block', 'field_declaration', 'property_declaration', 'global_statement', 'compilation_unit', 'declaration_list']),

  shape(node: Node): Shape {
    return shapeBy(SHAPES, node, this);
  },

  call(node: Node): CallView | null {
    switch (node.type) {
      case 'invocation_expression': {
        const callee = field(node, 'function');
        return callee ? { node, callee, args: argsOf(field(node, 'arguments')) } : null;
      }
      case 'object_creation_expression': {
        const type = field(node, 'type');
        return type ? { node, isNew: true, type, args: argsOf(field(node, 'arguments')) } : null;
      }
      case 'attribute': {
        const name = field(node, 'name');
        const list = kids(node).find((c) => c.type === 'attribute_argument_list') ?? null;
        return name ? { node, callee: name, isAnnotation: true, args: argsOf(list) } : null;
      }
      default:
        return null;
    }
  },

  bindings(node: Node): BindingView[] {
    switch (node.type) {
      case 'variable_declarator': {
        const name = field(node, 'name');
        if (!name) return [];
        const value = kids(node).filter((c) => !c.equals(name) && c.type !== 'bracketed_argument_list').pop() ?? null;
        const decl = node.parent;
        return [{ node, target: name, value, augmented: false, type: decl?.type === 'variable_declaration' ? typeName(field(decl, 'type')) : undefined }];
      }
      case 'assignment_expression': {
        if (node.parent?.type === 'initializer_expression') return [];
        const left = field(node, 'left');
        if (!left) return [];
        return [{ node, target: left, value: field(node, 'right'), augmented: operatorOf(node) !== '=' }];
      }
      case 'foreach_statement': {
        const left = field(node, 'left');
        return left ? [{ node, target: left, value: field(node, 'right'), augmented: false, type: typeName(field(node, 'type')) }] : [];
      }
      default:
        return [];
    }
  },

  pair(node: Node): PairView | null {
    if (node.type === 'assignment_expression' && node.parent?.type === 'initializer_expression') {
      const k = field(node, 'left');
      const v = field(node, 'right');
      return k && v ? { node, key: k.text, keyNode: k, value: v } : null;
    }
    if (node.type === 'argument') {
      const k = field(node, 'name');
      const v = kids(node).filter((c) => !k || !c.equals(k)).pop();
      return k && v ? { node, key: k.text, keyNode: k, value: v } : null;
    }
    return null;
  },

  params(scope: Node): ParamView[] {
    const list = field(scope, 'parameters');
    if (!list) return [];
    // `x => ...`: a lambda's one parameter without parentheses.
    if (list.type === 'implicit_parameter' || list.type === 'identifier') return [{ name: list.text, annotations: [] }];
    const out: ParamView[] = [];
    for (const p of kids(list)) {
      if (p.type !== 'parameter') continue;
      const n = field(p, 'name');
      if (!n) continue;
      const annotations = kids(p)
        .filter((c) => c.type === 'attribute_list')
        .flatMap((l) => kids(l).filter((a) => a.type === 'attribute').map((a) => field(a, 'name')?.text ?? ''))
        .map((a) => a.replace(/Attribute$/, ''));
      out.push({ name: n.text, type: typeName(field(p, 'type')), annotations });
    }
    return out;
  },

  functionName(scope: Node): string | undefined {
    const n = field(scope, 'name');
    if (n) return n.text;
    const p = scope.parent;
    if (p?.type === 'variable_declarator') return field(p, 'name')?.text;
    if (p?.type === 'assignment_expression') return field(p, 'left')?.text;
    return undefined;
  },

  imports(): Map<string, string> {
    return new Map();
  },

  ifCondition(node: Node): Node | null {
    return node.type === 'if_statement' ? field(node, 'condition') : null;
  },

  // A type written with its namespace (`System.Windows.Forms.TextBox`, `global::X.Y`) is the
  // same type as its simple name under a `using`, which is how typed patterns name it.
  typeInPackage(type: string): string {
    const simple = type.replace(/^global::/, '');
    return /^[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)+$/.test(simple) ? simple.slice(simple.lastIndexOf('.') + 1) : simple;
  },

  returnsTrue(fn: Node): boolean {
    const body = field(fn, 'body') ?? kids(fn).find((c) => c.type === 'block') ?? null;
    if (!body) return false;
    if (body.type === 'boolean_literal') return body.text === 'true';
    if (body.type !== 'block') return false;
    const stmts = kids(body).filter((c) => c.type !== 'comment');
    const ret = stmts.length === 1 && stmts[0].type === 'return_statement' ? stmts[0].firstNamedChild : null;
    return ret?.type === 'boolean_literal' && ret.text === 'true';
  },

  property(obj: Node, key: string): Node | null {
    const init = obj.type === 'object_creation_expression' ? field(obj, 'initializer') : obj.type === 'initializer_expression' ? obj : null;
    if (!init) return null;
    for (const a of kids(init)) {
      const p = this.pair(a);
      if (p && p.key === key) return p.value;
    }
    return null;
  },
};
