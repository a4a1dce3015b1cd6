import { type ArgView, binary, type BindingView, callOf, type CallView, charLiteral, constant, field, functionValue, identifier, kids, listOfKids, member, type Node, numberLiteral, operatorOf, type PairView, type ParamView, type Shape, shapeBy, shapeTable, subscript, type SyntaxAdapter, ternary, thisRef, wrapping } from '../syntax';

const FUNCTIONS = new Set(['method_declaration', 'constructor_declaration', 'lambda_expression', 'static_initializer', 'compact_constructor_declaration']);
/** Class bodies hold the fields and constants that methods read. */
const SCOPES = new Set([...FUNCTIONS, 'class_body', 'interface_body', 'enum_body']);
const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

/** `\u0041` (also `\uu0041`): the character (a regex's `[\uDC66\uDC67]` is two characters, not letters and digits). */
function unicodeEscape(text: string): string | undefined {
  const m = /^\\u+([0-9a-fA-F]{4})$/.exec(text);
  return m ? String.fromCharCode(parseInt(m[1], 16)) : undefined;
}

function stringValue(n: Node): string {
  let out = '';
  for (const c of kids(n)) {
    if (c.type === 'escape_sequence') out += ESC[c.text.slice(1)] ?? unicodeEscape(c.text) ?? c.text.slice(1);
    else out += c.text;
  }
  return out;
}

/** Java's grammar names its comments `line_comment` and `block_comment`; inside an argument list they are not arguments. */
function isComment(n: Node): boolean {
  return n.type === 'line_comment' || n.type === 'block_comment';
}

function annotationArgs(list: Node | null): ArgView[] {
  const out: ArgView[] = [];
  for (const a of list ? kids(list) : []) {
    if (a.type === 'element_value_pair') {
      const k = field(a, 'key');
      const v = field(a, 'value');
      if (k && v) out.push({ node: v, name: k.text });
    } else if (!isComment(a)) out.push({ node: a });
  }
  return out;
}

/**
 * A switch used as an expression: one of its arms' results (`case "fr" -> "fr/home";`, or what
 * an arm's block or a statement group `yield`s). Thrown arms give none.
 */
function switchResults(n: Node): Shape {
  const body = field(n, 'body');
  if (!body) return { kind: 'other' };
  const options: Node[] = [];
  const yields = (b: Node): void => {
    for (const c of kids(b)) if (c.type === 'yield_statement' && c.firstNamedChild) options.push(c.firstNamedChild);
  };
  for (const arm of kids(body)) {
    if (arm.type === 'switch_rule') {
      const last = arm.lastNamedChild;
      if (last?.type === 'expression_statement' && last.firstNamedChild) options.push(last.firstNamedChild);
      else if (last?.type === 'block') yields(last);
    } else if (arm.type === 'switch_block_statement_group') yields(arm);
  }
  return options.length ? { kind: 'choice', options } : { kind: 'other' };
}

function declaredType(decl: Node | null): string | undefined {
  const t = decl ? field(decl, 'type') : null;
  return t && t.text !== 'var' ? t.text : undefined;
}

/** Java node types by the shape they build (see syntax.ts). */
const SHAPES = shapeTable([
  [['string_literal', 'text_block'], (n) => ({ kind: 'string', value: stringValue(n) })],
  ['character_literal', charLiteral],
  [['decimal_integer_literal', 'hex_integer_literal', 'octal_integer_literal', 'binary_integer_literal', 'decimal_floating_point_literal', 'hex_floating_point_literal'], numberLiteral(/[_lLfFdD]/g)],
  ['true', constant(true)],
  ['false', constant(false)],
  ['null_literal', constant(null)],
  ['binary_expression', binary],
  [['identifier', 'type_identifier', 'scoped_type_identifier', 'scoped_identifier'], identifier],
  ['this', thisRef],
  ['field_access', member('object', 'field')],
  ['array_access', subscript('array', 'index')],
  [['method_invocation', 'object_creation_expression'], callOf],
  ['cast_expression', wrapping({ field: 'value' })],
  ['parenthesized_expression', wrapping('first')],
  ['ternary_expression', ternary],
  ['switch_expression', switchResults],
  ['array_initializer', listOfKids],
  ['array_creation_expression', (n) => {
    const v = field(n, 'value');
    return { kind: 'collection', items: v ? kids(v) : [] };
  }],
  [['lambda_expression', 'method_reference'], functionValue],
]);

export const javaAdapter: SyntaxAdapter = {
  scopeTypes: SCOPES,
  blockScopeTypes: new Set(['block', 'switch_block_statement_group', 'switch_rule', 'for_statement', 'enhanced_for_statement', 'catch_clause', 'try_with_resources_statement']),
  functionTypes: FUNCTIONS,
  callTypes: ['method_invocation', 'object_creation_expression', 'annotation', 'marker_annotation'],
  bindingTypes: ['variable_declarator', 'assignment_expression', 'enhanced_for_statement', 'resource'],
  pairTypes: ['element_value_pair'],
  refTypes: ['field_access', 'identifier', 'array_access'],
  stringTypes: ['string_literal', 'text_block', 'character_literal'],
  ifTypes: ['if_statement'],
  statementTypes: new Set(['expression_statement', 'local_variable_declaration', 'return_statement', 'if_statement', 'for_statement', 'enhanced_for_statement', 'while_statement', 'block', 'field_declaration', 'class_body', 'program']),

  shape(node: Node): Shape {
    return shapeBy(SHAPES, node, this);
  },

  call(node: Node): CallView | null {
    switch (node.type) {
      case 'method_invocation': {
        const name = field(node, 'name');
        if (!name) return null;
        const receiver = field(node, 'object');
        const a = field(node, 'arguments');
        const args = (a ? kids(a) : []).filter((c) => !isComment(c)).map((n) => ({ node: n }));
        return receiver ? { node, receiver, name: name.text, args } : { node, callee: name, args };
      }
      case 'object_creation_expression': {
        const type = field(node, 'type');
        const a = field(node, 'arguments');
        return type ? { node, isNew: true, type, args: (a ? kids(a) : []).filter((c) => !isComment(c)).map((n) => ({ node: n })) } : null;
      }
      case 'annotation':
      case 'marker_annotation': {
        const name = field(node, 'name');
        return name ? { node, callee: name, isAnnotation: true, args: annotationArgs(field(node, 'arguments')) } : null;
      }
      default:
        return null;
    }
  },

  bindings(node: Node): BindingView[] {
    switch (node.type) {
      case 'variable_declarator': {
        const name = field(node, 'name');
        return name ? [{ node, target: name, value: field(node, 'value'), augmented: false, type: declaredType(node.parent) }] : [];
      }
      case 'assignment_expression': {
        const left = field(node, 'left');
        return left ? [{ node, target: left, value: field(node, 'right'), augmented: operatorOf(node) !== '=' }] : [];
      }
      case 'enhanced_for_statement': {
        const name = field(node, 'name');
        return name ? [{ node, target: name, value: field(node, 'value'), augmented: false, type: declaredType(node) }] : [];
      }
      // try (Type name = value) { ... }: a local of the try statement, declared with its type.
      case 'resource': {
        const name = field(node, 'name');
        const value = field(node, 'value');
        return name && value ? [{ node, target: name, value, augmented: false, type: declaredType(node) }] : [];
      }
      default:
        return [];
    }
  },

  pair(node: Node): PairView | null {
    if (node.type !== 'element_value_pair') return null;
    const k = field(node, 'key');
    const v = field(node, 'value');
    return k && v ? { node, key: k.text, keyNode: k, value: v } : null;
  },

  params(scope: Node): ParamView[] {
    const list = field(scope, 'parameters');
    if (!list) return [];
    // `e -> ...`: a lambda's one parameter without parentheses.
    if (list.type === 'identifier') return [{ name: list.text, annotations: [] }];
    const out: ParamView[] = [];
    for (const p of kids(list)) {
      if (p.type === 'identifier') {
        out.push({ name: p.text, annotations: [] });
        continue;
      }
      if (p.type !== 'formal_parameter' && p.type !== 'spread_parameter') continue;
      const n = field(p, 'name') ?? kids(p).filter((c) => c.type === 'identifier' || c.type === 'variable_declarator').pop() ?? null;
      if (!n) continue;
      const mods = kids(p).find((c) => c.type === 'modifiers');
      const annotations = (mods ? kids(mods) : []).filter((c) => c.type === 'annotation' || c.type === 'marker_annotation').map((a) => field(a, 'name')?.text ?? '');
      out.push({ name: n.type === 'variable_declarator' ? field(n, 'name')?.text ?? n.text : n.text, type: field(p, 'type')?.text, annotations });
    }
    return out;
  },

  functionName(scope: Node): string | undefined {
    const n = field(scope, 'name');
    if (n) return n.text;
    const p = scope.parent;
    return p?.type === 'variable_declarator' ? field(p, 'name')?.text : undefined;
  },

  imports(): Map<string, string> {
    return new Map();
  },

  ifCondition(node: Node): Node | null {
    return node.type === 'if_statement' ? field(node, 'condition') : null;
  },

  returnsTrue(fn: Node): boolean {
    const body = field(fn, 'body');
    if (!body) return false;
    if (body.type === 'true') return true;
    if (body.type !== 'block') return false;
    const stmts = kids(body).filter((c) => c.type !== 'line_comment' && c.type !== 'block_comment');
    return stmts.length === 1 && stmts[0].type === 'return_statement' && stmts[0].firstNamedChild?.type === 'true';
  },

  property(): Node | null {
    return null;
  },
};
