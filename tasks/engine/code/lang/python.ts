import { binary, operatorOf, type BindingView, callOf, type CallView, constant, field, functionValue, kids, listOfKids, member, type Node, numberLiteral, type PairView, type ParamView, type Shape, shapeBy, shapeTable, stripQuotes, subscript, type SyntaxAdapter, valuesOfPairs, wrapping } from '../syntax';

const FUNCTIONS = new Set(['function_definition', 'lambda']);

function isFString(s: Node): boolean {
  const start = s.firstChild;
  return !!start && start.type === 'string_start' && /f/i.test(start.text);
}

/** Literal text and embedded expressions of one string node. */
function stringParts(s: Node): (string | Node)[] {
  const parts: (string | Node)[] = [];
  const f = isFString(s);
  for (const c of kids(s)) {
    if (c.type === 'string_content') parts.push(c.text);
    else if (c.type === 'escape_sequence') parts.push(c.text.length === 2 ? ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[c.text[1]] ?? c.text[1] : c.text);
    else if (c.type === 'interpolation' && f) {
      const e = field(c, 'expression') ?? c.firstNamedChild;
      if (e) parts.push(e);
    }
  }
  return parts;
}

function targets(left: Node): Node[] {
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern' || left.type === 'list_pattern') return kids(left).flatMap(targets);
  return [left];
}

function stringValue(n: Node): string | undefined {
  if (n.type !== 'string' || isFString(n)) return undefined;
  return stringParts(n).filter((p): p is string => typeof p === 'string').join('');
}

/** Python node types by the shape they build (see syntax.ts). */
const SHAPES = shapeTable([
  ['string', (n) => (isFString(n) ? { kind: 'interpolated', parts: stringParts(n) } : { kind: 'string', value: stringValue(n) ?? stripQuotes(n.text) })],
  ['concatenated_string', (n) => ({ kind: 'interpolated', parts: kids(n).flatMap((s) => (s.type === 'string' ? stringParts(s) : [])) })],
  [['integer', 'float'], numberLiteral(/_/g)],
  ['true', constant(true)],
  ['false', constant(false)],
  ['none', constant(null)],
  [['binary_operator', 'boolean_operator'], binary],
  // `a > b` has no left/right fields in this grammar; chained comparisons (a < b < c) stay unknown.
  ['comparison_operator', (n) => {
    const k = kids(n);
    return k.length === 2 ? { kind: 'binary', op: operatorOf(n), left: k[0], right: k[1] } : { kind: 'other' };
  }],
  ['identifier', (n) => (n.text === 'self' || n.text === 'cls' ? { kind: 'this' } : { kind: 'ident', name: n.text })],
  ['attribute', member('object', 'attribute')],
  ['subscript', subscript('value', 'subscript')],
  ['call', callOf],
  [['parenthesized_expression', 'await', 'list_splat', 'dictionary_splat'], wrapping('first')],
  ['conditional_expression', (n) => {
    const k = kids(n);
    return { kind: 'choice', options: [k[0], k[2]].filter((x): x is Node => !!x), condition: k[1] };
  }],
  [['list', 'tuple', 'set'], listOfKids],
  ['dictionary', valuesOfPairs],
  ['lambda', functionValue],
]);

export const pythonAdapter: SyntaxAdapter = {
  scopeTypes: FUNCTIONS,
  functionTypes: FUNCTIONS,
  callTypes: ['call'],
  bindingTypes: ['assignment', 'augmented_assignment', 'for_statement', 'as_pattern', 'named_expression'],
  pairTypes: ['pair', 'keyword_argument'],
  refTypes: ['attribute', 'identifier'],
  stringTypes: ['string', 'concatenated_string'],
  ifTypes: ['if_statement', 'elif_clause'],
  statementTypes: new Set(['expression_statement', 'return_statement', 'if_statement', 'for_statement', 'while_statement', 'with_statement', 'block', 'module', 'decorated_definition']),

  shape(node: Node): Shape {
    return shapeBy(SHAPES, node, this);
  },

  call(node: Node): CallView | null {
    if (node.type !== 'call') return null;
    const callee = field(node, 'function');
    const a = field(node, 'arguments');
    if (!callee) return null;
    const args = [];
    for (const c of a ? (a.type === 'argument_list' ? kids(a) : [a]) : []) {
      if (c.type === 'comment') continue;
      if (c.type === 'keyword_argument') {
        const n = field(c, 'name');
        const v = field(c, 'value');
        if (n && v) args.push({ node: v, name: n.text });
      } else args.push({ node: c });
    }
    return { node, callee, args };
  },

  bindings(node: Node): BindingView[] {
    switch (node.type) {
      case 'assignment': {
        const left = field(node, 'left');
        if (!left) return [];
        const value = field(node, 'right');
        const type = field(node, 'type')?.text;
        return targets(left).map((t) => ({ node, target: t, value, augmented: false, type }));
      }
      case 'augmented_assignment': {
        const left = field(node, 'left');
        return left ? [{ node, target: left, value: field(node, 'right'), augmented: true }] : [];
      }
      case 'for_statement': {
        const left = field(node, 'left');
        return left ? targets(left).map((t) => ({ node, target: t, value: field(node, 'right'), augmented: false })) : [];
      }
      case 'as_pattern': {
        const value = node.firstNamedChild;
        const alias = field(node, 'alias');
        const t = alias?.firstNamedChild ?? alias;
        return t && value ? [{ node, target: t, value, augmented: false }] : [];
      }
      case 'named_expression': {
        const n = field(node, 'name');
        return n ? [{ node, target: n, value: field(node, 'value'), augmented: false }] : [];
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
      const key = stringValue(k);
      return key === undefined ? null : { node, key, keyNode: k, value: v };
    }
    if (node.type === 'keyword_argument') {
      const k = field(node, 'name');
      const v = field(node, 'value');
      return k && v ? { node, key: k.text, keyNode: k, value: v } : null;
    }
    return null;
  },

  params(scope: Node): ParamView[] {
    const list = field(scope, 'parameters');
    if (!list) return [];
    const out: ParamView[] = [];
    for (const p of kids(list)) {
      switch (p.type) {
        case 'identifier':
          out.push({ name: p.text, annotations: [] });
          break;
        case 'default_parameter':
        case 'typed_default_parameter': {
          const n = field(p, 'name');
          if (n) out.push({ name: n.text, type: field(p, 'type')?.text, annotations: [] });
          break;
        }
        case 'typed_parameter': {
          const n = kids(p).find((c) => c.type === 'identifier');
          if (n) out.push({ name: n.text, type: field(p, 'type')?.text, annotations: [] });
          break;
        }
        case 'list_splat_pattern':
        case 'dictionary_splat_pattern': {
          const n = p.firstNamedChild;
          if (n) out.push({ name: n.text, annotations: [] });
          break;
        }
      }
    }
    return out;
  },

  functionName(scope: Node): string | undefined {
    const n = field(scope, 'name');
    if (n) return n.text;
    const p = scope.parent;
    return p?.type === 'assignment' ? field(p, 'left')?.text : undefined;
  },

  imports(root: Node): Map<string, string> {
    const out = new Map<string, string>();
    for (const n of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
      if (!n) continue;
      if (n.type === 'import_statement') {
        for (const c of kids(n)) {
          if (c.type === 'dotted_name') out.set(c.text.split('.')[0], c.text.split('.')[0]);
          else if (c.type === 'aliased_import') {
            const name = field(c, 'name');
            const alias = field(c, 'alias');
            if (name && alias) out.set(alias.text, name.text);
          }
        }
      } else {
        const mod = field(n, 'module_name');
        if (!mod) continue;
        for (const c of kids(n)) {
          if (c === mod || c.equals(mod)) continue;
          if (c.type === 'dotted_name') out.set(c.text, `${mod.text}.${c.text}`);
          else if (c.type === 'aliased_import') {
            const name = field(c, 'name');
            const alias = field(c, 'alias');
            if (name && alias) out.set(alias.text, `${mod.text}.${name.text}`);
          }
        }
      }
    }
    return out;
  },

  ifCondition(node: Node): Node | null {
    return node.type === 'if_statement' || node.type === 'elif_clause' ? field(node, 'condition') : null;
  },

  returnsTrue(fn: Node): boolean {
    const body = field(fn, 'body');
    if (!body) return false;
    if (body.type === 'true') return true;
    if (body.type !== 'block') return false;
    const stmts = kids(body).filter((c) => c.type !== 'comment');
    return stmts.length === 1 && stmts[0].type === 'return_statement' && stmts[0].firstNamedChild?.type === 'true';
  },

  property(obj: Node, key: string): Node | null {
    if (obj.type !== 'dictionary') return null;
    for (const p of kids(obj)) {
      const v = this.pair(p);
      if (v && v.key === key) return v.value;
    }
    return null;
  },
};
