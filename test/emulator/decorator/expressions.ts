/**
 * Template expressions (`${{ ... }}`) as Azure Pipelines evaluates them when it compiles a run,
 * for the part a pipeline decorator's template uses: literals, property chains over the
 * decorator context (`job`, `resources`, `variables`) with `.name`, `['name']` and the `.*`
 * filter, and the functions and, or, not, eq, ne, contains, containsValue, startsWith,
 * endsWith, in, notIn.
 *
 * Semantics follow Microsoft Learn, "Expressions" (Azure Pipelines): string comparison is
 * ordinal and ignores case; `eq`/`ne` convert the right value to the left one's type and are
 * false when that fails; `containsValue` is true when any item of an array (or any property
 * value of an object) equals the value; a property of null is null; `and`/`or` short-circuit;
 * null, '', 0 and false are false. `*` on an array yields the array of its items' values
 * (a "filtered array"), which is how `job.steps.*.task.id` lists a job's task ids.
 * Anything else is refused loudly, so a template using more than this emulator knows fails its
 * test instead of being judged by a guess.
 */

export type Value = null | boolean | number | string | Value[] | { [k: string]: Value };

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

type Node =
  | { kind: 'literal'; value: Value }
  | { kind: 'path'; root: string; steps: ({ kind: 'prop'; name: string } | { kind: 'star' })[] }
  | { kind: 'call'; name: string; args: Node[] };

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'id'; v: string } | { t: 'punct'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new ExpressionError(`unterminated string in: ${src}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            s += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^-?[0-9]+(\.[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0] });
      i += m[0].length;
    } else if ('(),.[]*'.includes(c)) {
      out.push({ t: 'punct', v: c });
      i++;
    } else {
      throw new ExpressionError(`unexpected character '${c}' in: ${src}`);
    }
  }
  return out;
}

const FUNCTIONS = new Set(['and', 'or', 'not', 'eq', 'ne', 'contains', 'containsvalue', 'startswith', 'endswith', 'in', 'notin']);
const ROOTS = new Set(['job', 'resources', 'variables']);

export function parseExpression(src: string): Node {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const punct = (v: string) => {
    const t = toks[p];
    if (!t || t.t !== 'punct' || t.v !== v) throw new ExpressionError(`expected '${v}' at token ${p + 1} of: ${src}`);
    p++;
  };
  const isPunct = (v: string) => peek()?.t === 'punct' && peek()!.v === v;

  const expr = (): Node => {
    const t = toks[p++];
    if (!t) throw new ExpressionError(`unexpected end of: ${src}`);
    if (t.t === 'str') return { kind: 'literal', value: t.v };
    if (t.t === 'num') return { kind: 'literal', value: t.v };
    if (t.t === 'punct') throw new ExpressionError(`unexpected '${t.v}' in: ${src}`);
    const word = t.v;
    const lower = word.toLowerCase();
    if (lower === 'true' || lower === 'false') return { kind: 'literal', value: lower === 'true' };
    if (lower === 'null') return { kind: 'literal', value: null };
    if (isPunct('(')) {
      if (!FUNCTIONS.has(lower)) throw new ExpressionError(`function ${word} is not known to the emulator: ${src}`);
      punct('(');
      const args: Node[] = [];
      if (!isPunct(')')) {
        args.push(expr());
        while (isPunct(',')) {
          p++;
          args.push(expr());
        }
      }
      punct(')');
      return { kind: 'call', name: lower, args };
    }
    if (!ROOTS.has(lower)) throw new ExpressionError(`unknown name '${word}' (a decorator's context has job, resources, variables): ${src}`);
    const steps: ({ kind: 'prop'; name: string } | { kind: 'star' })[] = [];
    for (;;) {
      if (isPunct('.')) {
        p++;
        const n = toks[p++];
        if (n?.t === 'punct' && n.v === '*') steps.push({ kind: 'star' });
        else if (n?.t === 'id') steps.push({ kind: 'prop', name: n.v });
        else throw new ExpressionError(`expected a property name after '.' in: ${src}`);
      } else if (isPunct('[')) {
        p++;
        const n = toks[p++];
        if (n?.t === 'str') steps.push({ kind: 'prop', name: n.v });
        else if (n?.t === 'punct' && n.v === '*') steps.push({ kind: 'star' });
        else throw new ExpressionError(`expected a quoted name inside [] in: ${src}`);
        punct(']');
      } else break;
    }
    return { kind: 'path', root: lower, steps };
  };
  const node = expr();
  if (p !== toks.length) throw new ExpressionError(`unexpected text after the expression: ${src}`);
  return node;
}

/** Property names are case-insensitive, as in the service's expression objects. */
function prop(obj: Value, name: string): Value {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return null;
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : obj[key] ?? null;
}

function truthy(v: Value): boolean {
  if (v === null || v === false || v === '' || v === 0) return false;
  return true;
}

function asString(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return '';
  return undefined;
}

export function equal(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'string') {
    const s = asString(b);
    return s !== undefined && s.toLowerCase() === a.toLowerCase();
  }
  if (typeof a === 'number') {
    const n = typeof b === 'number' ? b : typeof b === 'string' && b.trim() !== '' ? Number(b) : typeof b === 'boolean' ? Number(b) : NaN;
    return n === a;
  }
  if (typeof a === 'boolean') return truthy(b) === a;
  return a === b;
}

export function evaluate(node: Node, context: Record<string, Value>): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'path': {
      let cur: Value[] | Value = context[node.root] ?? null;
      let filtered = false;
      for (const s of node.steps) {
        if (s.kind === 'star') {
          const items: Value[] = Array.isArray(cur) ? cur : cur && typeof cur === 'object' ? Object.values(cur) : [];
          cur = filtered ? (items as Value[][]).flat() : items;
          filtered = true;
        } else if (filtered) {
          cur = (cur as Value[]).map((x) => prop(x, s.name)).filter((x) => x !== null);
        } else {
          cur = prop(cur, s.name);
        }
      }
      return cur;
    }
    case 'call': {
      const args = node.args;
      const arg = (i: number) => evaluate(args[i], context);
      const need = (n: number, max = n) => {
        if (args.length < n || args.length > max) throw new ExpressionError(`${node.name} takes ${n === max ? n : `${n} to ${max}`} arguments, not ${args.length}`);
      };
      switch (node.name) {
        case 'and':
          need(2, 64);
          return args.every((_, i) => truthy(arg(i)));
        case 'or':
          need(2, 64);
          return args.some((_, i) => truthy(arg(i)));
        case 'not':
          need(1);
          return !truthy(arg(0));
        case 'eq':
          need(2);
          return equal(arg(0), arg(1));
        case 'ne':
          need(2);
          return !equal(arg(0), arg(1));
        case 'containsvalue': {
          need(2);
          const hay = arg(0);
          const needle = arg(1);
          if (Array.isArray(hay)) return hay.some((x) => equal(x, needle));
          if (hay && typeof hay === 'object') return Object.values(hay).some((x) => equal(x, needle));
          return false;
        }
        case 'contains': {
          need(2);
          const a = asString(arg(0));
          const b = asString(arg(1));
          return a !== undefined && b !== undefined && a.toLowerCase().includes(b.toLowerCase());
        }
        case 'startswith':
        case 'endswith': {
          need(2);
          const a = (asString(arg(0)) ?? '').toLowerCase();
          const b = (asString(arg(1)) ?? '').toLowerCase();
          return node.name === 'startswith' ? a.startsWith(b) : a.endsWith(b);
        }
        case 'in':
        case 'notin': {
          need(2, 64);
          const first = arg(0);
          const found = args.slice(1).some((_, i) => equal(first, arg(i + 1)));
          return node.name === 'in' ? found : !found;
        }
        default:
          throw new ExpressionError(`function ${node.name} is not known to the emulator`);
      }
    }
  }
}

/** `${{ if <condition> }}` -> the condition's text; anything else -> undefined. */
export function ifDirective(key: string): string | undefined {
  const m = /^\$\{\{\s*if\s+([\s\S]+?)\s*\}\}$/.exec(key.trim());
  return m ? m[1] : undefined;
}

export function isDirective(key: string): boolean {
  return /^\$\{\{[\s\S]*\}\}$/.test(key.trim());
}
