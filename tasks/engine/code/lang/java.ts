import { binaryShape, field, kids, operatorOf, type ArgView, type BindingView, type CallView, type Node, type PairView, type ParamView, type Shape, type SyntaxAdapter } from '../syntax';

const FUNCTIONS = new Set(['method_declaration', 'constructor_declaration', 'lambda_expression', 'static_initializer', 'compact_constructor_declaration']);
/** Class bodies hold the fields and constants that methods read. */
const SCOPES = new Set([...FUNCTIONS, 'class_body', 'interface_body', 'enum_body']);
const ESC: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0' };

function stringValue(n: Node): string {
  let out = '';
  for (const c of kids(n)) {
    if (c.type === 'escape_sequence') out += ESC[c.text.slice(1)] ?? c.text.slice(1);
    else out += c.text;
  }
  return out;
}

function annotationArgs(list: Node | null): ArgView[] {
  const out: ArgView[] = [];
  for (const a of list ? kids(list) : []) {
    if (a.type === 'element_value_pair') {
      const k = field(a, 'key');
      const v = field(a, 'value');
      if (k && v) out.push({ node: v, name: k.text });
    } else if (a.type !== 'comment') out.push({ node: a });
  }
  return out;
}

function declaredType(decl: Node | null): string | undefined {
  const t = decl ? field(decl, 'type') : null;
  return t && t.text !== 'var' ? t.text : undefined;
}

export const javaAdapter: SyntaxAdapter = {
  scopeTypes: SCOPES,
  functionTypes: FUNCTIONS,
  callTypes: ['method_invocation', 'object_creation_expression', 'annotation', 'marker_annotation'],
  bindingTypes: ['variable_declarator', 'assignment_expression', 'enhanced_for_statement'],
  pairTypes: ['element_value_pair'],
  refTypes: ['field_access', 'identifier', 'array_access'],
  ifTypes: ['if_statement'],
  statementTypes: new Set(['expression_statement', 'local_variable_declaration', 'return_statement', 'if_statement', 'for_statement', 'enhanced_for_statement', 'while_statement', 'block', 'field_declaration', 'class_body', 'program']),

  shape(node: Node): Shape {
    switch (node.type) {
      case 'string_literal':
      case 'text_block':
        return { kind: 'string', value: stringValue(node) };
      case 'character_literal':
        return { kind: 'string', value: node.text.slice(1, -1) };
      case 'decimal_integer_literal':
      case 'hex_integer_literal':
      case 'octal_integer_literal':
      case 'binary_integer_literal':
      case 'decimal_floating_point_literal':
      case 'hex_floating_point_literal':
        return { kind: 'scalar', value: Number(node.text.replace(/[_lLfFdD]/g, '')) };
      case 'true':
        return { kind: 'scalar', value: true };
      case 'false':
        return { kind: 'scalar', value: false };
      case 'null_literal':
        return { kind: 'scalar', value: null };
      case 'binary_expression':
        return binaryShape(node);
      case 'identifier':
      case 'type_identifier':
      case 'scoped_type_identifier':
      case 'scoped_identifier':
        return { kind: 'ident', name: node.text };
      case 'this':
        return { kind: 'this' };
      case 'field_access': {
        const o = field(node, 'object');
        const f = field(node, 'field');
        return o && f ? { kind: 'member', object: o, name: f.text } : { kind: 'other' };
      }
      case 'array_access': {
        const o = field(node, 'array');
        return o ? { kind: 'index', object: o, index: field(node, 'index') } : { kind: 'other' };
      }
      case 'method_invocation':
      case 'object_creation_expression': {
        const c = this.call(node);
        return c ? { kind: 'call', call: c } : { kind: 'other' };
      }
      case 'cast_expression': {
        const v = field(node, 'value');
        return v ? { kind: 'wrap', inner: v } : { kind: 'other' };
      }
      case 'parenthesized_expression': {
        const inner = node.firstNamedChild;
        return inner ? { kind: 'wrap', inner } : { kind: 'other' };
      }
      case 'ternary_expression': {
        const a = field(node, 'consequence');
        const b = field(node, 'alternative');
        return { kind: 'choice', options: [a, b].filter((x): x is Node => !!x), condition: field(node, 'condition') ?? undefined };
      }
      case 'array_initializer':
        return { kind: 'collection', items: kids(node) };
      case 'array_creation_expression': {
        const v = field(node, 'value');
        return { kind: 'collection', items: v ? kids(v) : [] };
      }
      case 'lambda_expression':
      case 'method_reference':
        return { kind: 'function' };
      default:
        return { kind: 'other' };
    }
  },

  call(node: Node): CallView | null {
    switch (node.type) {
      case 'method_invocation': {
        const name = field(node, 'name');
        if (!name) return null;
        const receiver = field(node, 'object');
        const a = field(node, 'arguments');
        const args = (a ? kids(a) : []).filter((c) => c.type !== 'comment').map((n) => ({ node: n }));
        return receiver ? { node, receiver, name: name.text, args } : { node, callee: name, args };
      }
      case 'object_creation_expression': {
        const type = field(node, 'type');
        const a = field(node, 'arguments');
        return type ? { node, isNew: true, type, args: (a ? kids(a) : []).filter((c) => c.type !== 'comment').map((n) => ({ node: n })) } : null;
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
