import { field, kids, type Node } from './syntax';

/**
 * Prototype pollution written in the scanned code itself (JavaScript/TypeScript): a deep merge,
 * extend or clone that copies every key of one object into another and recurses into
 * `dst[key]`, or a path setter that walks `target = target[key]` along a path split on a
 * separator. Given `{"__proto__": {"isAdmin": true}}` (any JSON.parse result), the recursion
 * reaches `dst["__proto__"]`, which is `Object.prototype`, and the copy writes to it. The
 * shape, not the input, is the weakness: such helpers are called with request bodies and
 * configuration by code we do not see, which is why no taint is asked for.
 *
 * `isKeyCopy(write)` takes the write (`dst[key] = v`, or `Object.defineProperty(dst, key, d)`)
 * and says whether it is such a copy with no guard: the keys `__proto__` and `constructor`
 * both refused, `dst.hasOwnProperty(key)` / `Object.hasOwn(dst, key)` (the polluting keys are
 * never own properties of the target), `instanceof Object` (Object.prototype is not), a
 * deny-list lookup of the key or a predicate called on it in an `if`.
 */
export function isKeyCopy(write: Node, up: ParentOf = (n) => n.parent): boolean {
  const target = writeTarget(write);
  if (!target) return false;
  const { dst, key } = target;
  const named = namedFunction(write, up);
  if (!named) return false;
  const { fn, name, body } = named;
  // Merge helpers are small; a module wrapper or a bundle's factory is not one, and reading its
  // text for each of its writes would cost more than the rest of the scan.
  if (fn.endIndex - fn.startIndex > MAX_HELPER) return false;
  // Cheapest first: most writes `a[i] = v` of a file are not over another object's keys.
  if (!paramNames(fn).includes(dst) && !/^(?:let|const|var)\b/.test(declaredText(fn, dst))) return false;
  const origin = keyOrigin(key, write, fn, up);
  if (!origin) return false;
  const text = bodyText(body);
  if (!dstFromParams(fn, text, dst)) return false;
  if (guarded(text, dst, key.text)) return false;
  if (origin === 'own-keys') {
    if (iterated(write, up) === dst) return false; // `src[k] = f(src[k])`: rewrites its own values
    return recurses(text, name, dst, key.text);
  }
  return new RegExp(`(?:^|[^\\w$.])${esc(dst)}\\s*=\\s*${esc(dst)}\\s*\\[`).test(text);
}

const MAX_HELPER = 8000;

/**
 * A node's parent. The matcher passes the file index's, read once per node: the writes of one
 * function walk up through the same ancestors, and each `.parent` descends from the root.
 */
type ParentOf = (n: Node) => Node | null;

/**
 * A function's text without comments (they often name `__proto__` to explain a check that is
 * not there), kept for the last function asked: its writes are asked one after another.
 */
let lastBody: { tree: unknown; id: number; start: number; text: string } | null = null;
function bodyText(body: Node): string {
  if (lastBody && lastBody.tree === body.tree && lastBody.id === body.id && lastBody.start === body.startIndex) return lastBody.text;
  const text = body.text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ');
  lastBody = { tree: body.tree, id: body.id, start: body.startIndex, text };
  return text;
}

/** `let dst = ...` as written in the function, or '' (a cheap test before reading the whole body). */
function declaredText(fn: Node, name: string): string {
  const m = new RegExp(`(?:let|const|var)\\s+${esc(name)}\\s*=[^;\\n]*`).exec(fn.text);
  return m ? m[0] : '';
}

function writeTarget(n: Node): { dst: string; key: Node } | null {
  if (n.type === 'assignment_expression') {
    const left = field(n, 'left');
    if (left?.type !== 'subscript_expression') return null;
    const obj = field(left, 'object');
    const idx = field(left, 'index');
    if (obj?.type !== 'identifier' || !idx) return null;
    if (idx.type !== 'identifier' && idx.type !== 'subscript_expression') return null;
    return { dst: obj.text, key: idx };
  }
  if (n.type === 'call_expression' && /^Object\.defineProperty$/.test(field(n, 'function')?.text ?? '')) {
    const args = kids(field(n, 'arguments') ?? n).filter((x) => x.isNamed);
    if (args.length < 2 || args[0].type !== 'identifier' || args[1].type !== 'identifier') return null;
    return { dst: args[0].text, key: args[1] };
  }
  return null;
}

const FUNCTIONS = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration']);

/** The nearest enclosing function with a name (through anonymous callbacks), its name and body. */
function namedFunction(n: Node, up: ParentOf): { fn: Node; name: string; body: Node } | null {
  for (let p = up(n); p; p = up(p)) {
    if (!FUNCTIONS.has(p.type)) continue;
    let name = field(p, 'name')?.text;
    const pp = name ? null : up(p);
    if (!name && pp?.type === 'variable_declarator') name = field(pp, 'name')?.text;
    if (!name && pp?.type === 'pair') name = field(pp, 'key')?.text;
    if (!name && pp?.type === 'assignment_expression') name = field(pp, 'left')?.text.split('.').pop();
    const body = field(p, 'body');
    if (name && body && /^[\w$]+$/.test(name)) return { fn: p, name, body };
  }
  return null;
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function guarded(text: string, dst: string, key: string): boolean {
  if (/__proto__/.test(text) && /constructor|prototype/.test(text)) return true;
  // `__proto__` refused and only plain objects merged: `dst.constructor` is a function, so the
  // other way to Object.prototype is closed too.
  if (/__proto__/.test(text) && /\bis(?:Plain|NonArray)?Object\s*\(|typeof\s+[\w$.[\]]+\s*===?\s*['"]object['"]/.test(text)) return true;
  const d = esc(dst);
  const k = esc(key);
  if (new RegExp(`\\b${d}\\.hasOwnProperty\\(|hasOwn\\(\\s*${d}\\b|\\.call\\(\\s*${d}\\s*,`).test(text)) return true;
  if (/\binstanceof\s+Object\b/.test(text)) return true;
  if (new RegExp(`\\.(?:indexOf|includes|has)\\(\\s*${k}\\s*\\)`).test(text)) return true;
  // `if (isSafe(key))`, `if (!isSafeKey(key)) return`: a predicate of the key alone.
  return new RegExp(`\\bif\\s*\\(\\s*!?\\s*[A-Za-z_$][\\w$]*\\(\\s*${k}\\s*\\)`).test(text);
}

/** The target is a parameter of the function, or a local taken from one (`const dst = args[0]`). */
function dstFromParams(fn: Node, text: string, dst: string): boolean {
  const params = paramNames(fn);
  if (params.includes(dst)) return true;
  const m = new RegExp(`(?:let|const|var)\\s+${esc(dst)}\\s*=\\s*([\\w$]+)`).exec(text);
  return !!m && (params.includes(m[1]) || m[1] === 'arguments');
}

function paramNames(fn: Node): string[] {
  const ps = field(fn, 'parameters') ?? field(fn, 'parameter');
  if (!ps) return [];
  if (ps.type === 'identifier') return [ps.text];
  return (ps.text.slice(1, -1).match(/[A-Za-z_$][\w$]*/g) ?? []);
}

const OWN_KEYS = /^(?:Object\.(?:keys|getOwnPropertyNames|entries)|Reflect\.ownKeys)\s*\(/;

/**
 * Where the key comes from: `own-keys` (a `for...in` variable, `for (k of Object.keys(o))`, the
 * key parameter of `Object.keys(o).forEach(k => ...)` or of an each/forOwn helper, an element
 * of such a key list), `path` (an element of a list split from a string), or nothing known.
 */
function keyOrigin(key: Node, at: Node, fn: Node, up: ParentOf): 'own-keys' | 'path' | null {
  const name = key.type === 'identifier' ? key.text : null;
  if (name) {
    // Up to the root, as these walks have always gone: they were bounded by `p !== fn.parent`,
    // but `.parent` makes a new object on each read, so that never held (and each test
    // descended from the root once more). Stopping at the function would change findings.
    for (let p = up(at); p; p = up(p)) {
      if (p.type === 'for_in_statement') {
        const left = field(p, 'left');
        const right = field(p, 'right');
        const of = kids(p).some((c) => c.type === 'of');
        if (left && new RegExp(`(?:^|[\\[\\s,])${esc(name)}(?:$|[\\],\\s])`).test(left.text) && (!of || OWN_KEYS.test(right?.text ?? ''))) return 'own-keys';
      }
      const args = FUNCTIONS.has(p.type) ? up(p) : null;
      if (args?.type === 'arguments' && paramNames(p).includes(name)) {
        const call = up(args);
        const callee = call ? field(call, 'function') : null;
        const last = callee?.text.split('.').pop() ?? '';
        if (/^(?:each|forOwn|forIn|forEachOwn|forEach\w+)$/.test(last)) return 'own-keys';
        if (last === 'forEach' && callee?.type === 'member_expression' && OWN_KEYS.test(field(callee, 'object')?.text ?? '') && paramNames(p)[0] === name) return 'own-keys';
      }
    }
  }
  // `let key = keys[i]` (or the index written out, `dst[keys[i]]`): an element of a key list.
  const element = key.type === 'subscript_expression' ? key : declaredAs(fn, name);
  const list = element?.type === 'subscript_expression' ? field(element, 'object') : null;
  if (list?.type !== 'identifier') return null;
  // `Object.entries(o).forEach(entry => { const key = entry[0]; ... })`
  for (let p = up(at); p; p = up(p)) {
    const args = FUNCTIONS.has(p.type) ? up(p) : null;
    if (args?.type === 'arguments' && paramNames(p)[0] === list.text) {
      const call = up(args);
      const callee = call ? field(call, 'function') : null;
      if (callee?.type === 'member_expression' && /^forEach$/.test(field(callee, 'property')?.text ?? '') && OWN_KEYS.test(field(callee, 'object')?.text ?? '')) return 'own-keys';
    }
  }
  const made = new RegExp(`\\b${esc(list.text)}\\s*=\\s*([^;\\n]+)`).exec(fn.text)?.[1] ?? '';
  if (OWN_KEYS.test(made)) return 'own-keys';
  if (/\.split\s*\(|\bsplit\w*\s*\(/i.test(made)) return 'path';
  return null;
}

/**
 * The value of the first declaration of `name` in the function that has one (document order).
 * The declarators come from tree-sitter's own walk: walking in JavaScript made a Node for every
 * node of the function, for each write asked about.
 */
function declaredAs(fn: Node, name: string | null): Node | null {
  if (!name) return null;
  for (const n of fn.descendantsOfType('variable_declarator')) {
    if (!n || field(n, 'name')?.text !== name) continue;
    const value = field(n, 'value');
    if (value) return value;
  }
  return null;
}

/**
 * The object whose keys the loop around the write walks, when it is a plain name: `o` of
 * `for (k in o)`, `for (const k of Object.keys(o))`, `Object.entries(o).forEach(...)` (up to the
 * root, as keyOrigin walks).
 */
function iterated(at: Node, up: ParentOf): string | null {
  const named = (x: Node | null): string | null => {
    if (x?.type === 'identifier') return x.text;
    if (x?.type === 'call_expression' && OWN_KEYS.test(x.text)) {
      const args = kids(field(x, 'arguments') ?? x).filter((c) => c.isNamed);
      return args[0]?.type === 'identifier' ? args[0].text : null;
    }
    return null;
  };
  for (let p = up(at); p; p = up(p)) {
    if (p.type === 'for_in_statement') return named(field(p, 'right'));
    const args = FUNCTIONS.has(p.type) ? up(p) : null;
    if (args?.type === 'arguments') {
      const call = up(args);
      const callee = call ? field(call, 'function') : null;
      if (callee?.type === 'member_expression') {
        const recv = named(field(callee, 'object'));
        if (recv) return recv;
      }
    }
  }
  return null;
}

/**
 * The function calls itself by name with the key in its arguments (`merge(dst[k], src[k])`,
 * `this.merge(...)`, or a local read by the key: `const t = dst[k]; merge(t, v)`): it follows
 * the key into the nested object, which is what reaches `Object.prototype`.
 */
function recurses(text: string, name: string, dst: string, key: string): boolean {
  const k = new RegExp(`(?:^|[^\\w$])${esc(key)}(?:$|[^\\w$])`);
  const d = new RegExp(`(?:^|[^\\w$.])${esc(dst)}(?:$|[^\\w$])`);
  // Locals read from the target by the key: `const t = dst[k]`, `let t = read(dst, k)`.
  const byKey: string[] = [];
  const decl = /(?:let|const|var)\s+([A-Za-z_$][\w$]*)\s*=\s*([^;\n]+)/g;
  for (let m = decl.exec(text); m; m = decl.exec(text)) if (k.test(m[2]) && d.test(m[2])) byKey.push(m[1]);
  const call = new RegExp(`(?:^|[^\\w$])(?:this\\.)?${esc(name)}\\s*\\(([^;\\n]*)`, 'g');
  const intoTarget = new RegExp(`(?:^|[^\\w$.])${esc(dst)}\\s*\\[[^\\]]*${esc(key)}`);
  for (let m = call.exec(text); m; m = call.exec(text)) {
    if (intoTarget.test(m[1])) return true;
    for (const n of byKey) if (new RegExp(`(?:^|[^\\w$])${esc(n)}(?:$|[^\\w$])`).test(m[1])) return true;
  }
  return false;
}

/**
 * The object a nested write starts from (`store` of `store[a][b] = v` or `store[a].x = v`) was
 * made without a prototype in the same function (`const store = Object.create(null)`), or is a
 * Map: there is no Object.prototype behind `store[a]` to reach. Asked of the write or any node
 * inside its target.
 */
export function writesIntoNullPrototype(n: Node): boolean {
  let w: Node | null = n;
  while (w && w.type !== 'assignment_expression') w = w.parent;
  let base = w ? field(w, 'left') : null;
  while (base && (base.type === 'subscript_expression' || base.type === 'member_expression')) base = field(base, 'object');
  if (base?.type !== 'identifier') return false;
  const fn = namedFunctionOrRoot(w!);
  const re = new RegExp(`(?:^|[^\\w$.])${esc(base.text)}\\s*=\\s*(?:Object\\.create\\(\\s*null\\s*\\)|new\\s+Map\\b|\\{\\s*__proto__\\s*:\\s*null)`);
  return re.test(fn.text);
}

function namedFunctionOrRoot(n: Node): Node {
  let last = n;
  for (let p = n.parent; p; p = p.parent) {
    last = p;
    if (FUNCTIONS.has(p.type)) return p;
  }
  return last;
}
