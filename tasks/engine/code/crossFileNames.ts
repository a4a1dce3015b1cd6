import type { FileIndex } from './fileIndex';
import { normaliseType, type CallView, type Node } from './syntax';

/**
 * Names that join files of the scanned tree: the key of each function or method other files
 * can call (by the file's path, package or namespace), and the keys a call may mean (through
 * the file's imports). Conservative by construction: a call gets candidate keys only when its
 * target is named through an import, a module, a type or a package; the join skips a call
 * whose keys match more than one definition.
 *
 * Keys: `js:<path without extension>#f`, `py:<dotted module>#f` / `#Class.m`,
 * `java:<package>.<Class>#m`, `cs:<namespace>.<Class>#m`, `go:<package directory>#F`.
 */

export type CrossLanguage = 'js' | 'py' | 'java' | 'cs' | 'go';

export interface CrossDef {
  key: string;
  /** The function node (its start offset identifies it in any parse of the same text). */
  fn: Node;
  /** Declared parameters, a receiver parameter (`self`) included. */
  params: number;
  /** The first parameter is the receiver (Python `self` / `cls`). */
  self: boolean;
}

export interface CrossCall {
  call: CallView;
  /** Keys the call may mean; the join takes the one that a definition of the tree has. */
  targets: string[];
  /** Called on an object or class (`o.m(x)`): a Python method's `self` is not among the arguments. */
  receiver: boolean;
  /** Named through a relative import: a target the tree lacks is worth reporting. */
  relative: boolean;
}

const JS_EXT = /\.(m|c)?(j|t)sx?$/;

export function crossLanguageOf(language: string): CrossLanguage | undefined {
  switch (language) {
    case 'javascript':
    case 'typescript':
      return 'js';
    case 'python':
      return 'py';
    case 'java':
      return 'java';
    case 'csharp':
      return 'cs';
    case 'go':
      return 'go';
  }
  return undefined;
}

/** `a/./b/../c` -> `a/c`; null when it climbs above the root. */
export function normalisePath(path: string): string | null {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The module a JS/TS file is imported as (its path without extension; `dir/index` is `dir`). */
export function jsModuleOf(path: string): string {
  const bare = path.replace(JS_EXT, '');
  return bare.endsWith('/index') ? bare.slice(0, -'/index'.length) : bare === 'index' ? '' : bare;
}

/** The dotted module a Python file is imported as (`a/b/c.py` -> a.b.c, `a/b/__init__.py` -> a.b). */
export function pyModuleOf(path: string): string {
  return path.replace(/\.pyi?$/, '').replace(/\/__init__$/, '').split('/').join('.');
}

/** The dotted suffixes a Python module may be imported by (the scanned root need not be the import root). */
export function pyModuleSuffixes(module: string): string[] {
  const parts = module.split('.');
  return parts.map((_, i) => parts.slice(i).join('.'));
}

/**
 * The names a file of the tree answers to, for the pre-filter of calls (see treeNameOf): its
 * module (JS/TS), its dotted module and every suffix of it (Python), its base name as a class
 * name (Java, C#: one top-level class per file named after it, as the languages' conventions have it).
 */
export function treeNamesOf(path: string): string[] {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (JS_EXT.test(path) && !path.endsWith('.d.ts')) return [`js:${jsModuleOf(path)}`];
  if (/\.py$/.test(path)) return pyModuleSuffixes(pyModuleOf(path)).map((m) => `py:${m}`);
  if (/\.java$/.test(path)) return [`java:${base.slice(0, -5)}`];
  if (/\.cs$/.test(path)) return [`cs:${base.slice(0, -3)}`];
  // A Go package is its directory.
  if (/\.go$/.test(path)) return [`go:${dirOf(path)}`];
  return [];
}

/** The tree name a target key needs (see treeNamesOf). */
export function treeNameOf(target: string): string {
  const [lang, rest] = target.split(':', 2);
  const owner = rest.slice(0, rest.indexOf('#'));
  if (lang === 'java' || lang === 'cs') return `${lang}:${owner.slice(owner.lastIndexOf('.') + 1)}`;
  return `${lang}:${owner}`;
}

function kids(n: Node): Node[] {
  return n.namedChildren.filter((c): c is Node => !!c);
}

function f(n: Node, name: string): Node | null {
  return n.childForFieldName(name);
}

function stringText(n: Node): string {
  return n.text.replace(/^[`'"]|[`'"]$/g, '');
}

/** Definitions of this file that other files can call. */
export function crossDefs(index: FileIndex, path: string, lang: CrossLanguage): CrossDef[] {
  switch (lang) {
    case 'js':
      return jsDefs(index, path);
    case 'py':
      return pyDefs(index, path);
    case 'java':
    case 'cs':
      return classDefs(index, lang);
    case 'go':
      return goDefs(index, path);
  }
}

/**
 * Calls of this file whose target may be a definition in another file of the tree. `names`:
 * the tree's names (see treeNamesOf), where a language picks among targets by them.
 */
export function crossCalls(index: FileIndex, path: string, lang: CrossLanguage, names: ReadonlySet<string> = new Set()): CrossCall[] {
  switch (lang) {
    case 'js':
      return jsCalls(index, path);
    case 'py':
      return pyCalls(index, path);
    case 'java':
    case 'cs':
      return classCalls(index, lang);
    case 'go':
      return goCalls(index, path, names);
  }
}

function paramCount(index: FileIndex, fn: Node): { params: number; self: boolean } {
  const names = [...index.paramsOf(fn).keys()];
  return { params: names.length, self: names.length > 0 && /^(self|cls)$/.test(names[0]) };
}

// ---- JavaScript / TypeScript ----------------------------------------------------------------

/** Top-level functions (declared, exported, bound to a name or to `exports.f`): only the root's statements are read. */
function jsDefs(index: FileIndex, path: string): CrossDef[] {
  const mod = jsModuleOf(path);
  const out: CrossDef[] = [];
  // A module that exports nothing gives other files no function to call.
  if (!/\bexports?\b/.test(index.text)) return out;
  const add = (name: string | undefined, fn: Node | null): void => {
    if (!name || !fn || !index.adapter.functionTypes.has(fn.type) || fn.type === 'method_definition') return;
    out.push({ key: `js:${mod}#${name}`, fn, ...paramCount(index, fn) });
  };
  const statement = (n: Node): void => {
    switch (n.type) {
      case 'export_statement': {
        const d = f(n, 'declaration');
        if (d) statement(d);
        return;
      }
      case 'function_declaration':
      case 'generator_function_declaration':
        add(f(n, 'name')?.text, n);
        return;
      case 'lexical_declaration':
      case 'variable_declaration':
        for (const d of kids(n)) {
          const name = d.type === 'variable_declarator' ? f(d, 'name') : null;
          if (name?.type === 'identifier') add(name.text, f(d, 'value'));
        }
        return;
      case 'expression_statement': {
        const a = n.firstNamedChild;
        if (a?.type !== 'assignment_expression') return;
        // `exports.f = function (...)`, `module.exports.f = (...) =>`
        const m = /^(?:module\.)?exports\.([A-Za-z_$][\w$]*)$/.exec(f(a, 'left')?.text.replace(/\s+/g, '') ?? '');
        if (m) add(m[1], f(a, 'right'));
        return;
      }
    }
  };
  for (const n of kids(index.root)) statement(n);
  return out;
}

interface JsImport {
  spec: string;
  /** Imported name; '*' for a whole module (namespace import, `require` of the module). */
  name: string;
}

/** Relative module specifiers in a file's text: without one, no import names a module of the tree. */
const RELATIVE_SPEC = /(?:require\s*\(\s*|from\s*|import\s*)['"]\.\.?\//;

function jsImports(index: FileIndex): Map<string, JsImport> {
  const out = new Map<string, JsImport>();
  if (!RELATIVE_SPEC.test(index.text)) return out;
  // ES imports are top-level statements; `require` declarators are binding sites the index has.
  const nodes = [...kids(index.root).filter((n) => n.type === 'import_statement'), ...index.ofTypes(index.adapter.bindingTypes).filter((n) => n.type === 'variable_declarator')];
  for (const n of nodes) {
    if (n.type === 'import_statement') {
      const src = f(n, 'source');
      if (!src) continue;
      const spec = stringText(src);
      const clause = kids(n).find((c) => c.type === 'import_clause');
      for (const c of clause ? kids(clause) : []) {
        if (c.type === 'namespace_import') {
          const id = c.firstNamedChild;
          if (id) out.set(id.text, { spec, name: '*' });
        } else if (c.type === 'named_imports') {
          for (const s of kids(c)) {
            const name = f(s, 'name');
            const alias = f(s, 'alias');
            if (name) out.set((alias ?? name).text, { spec, name: name.text });
          }
        }
      }
      continue;
    }
    const value = f(n, 'value');
    if (!value || value.type !== 'call_expression' || f(value, 'function')?.text !== 'require') continue;
    // The name only for a `require` (each field read makes a node; most declarators are not one).
    const name = f(n, 'name');
    if (!name) continue;
    const arg = f(value, 'arguments')?.firstNamedChild;
    if (!arg || arg.type !== 'string') continue;
    const spec = stringText(arg);
    if (name.type === 'identifier') out.set(name.text, { spec, name: '*' });
    else if (name.type === 'object_pattern') {
      for (const p of kids(name)) {
        if (p.type === 'shorthand_property_identifier_pattern') out.set(p.text, { spec, name: p.text });
        else if (p.type === 'pair_pattern') {
          const k = f(p, 'key');
          const v = f(p, 'value');
          if (k && v?.type === 'identifier') out.set(v.text, { spec, name: k.text });
        }
      }
    }
  }
  return out;
}

function jsCalls(index: FileIndex, path: string): CrossCall[] {
  const imports = jsImports(index);
  if (imports.size === 0) return [];
  const out: CrossCall[] = [];
  for (const n of index.ofTypes(index.adapter.callTypes)) {
    const c = index.callOf(n);
    if (!c || c.isNew || !c.callee) continue;
    const s = index.shape(c.callee);
    let imp: JsImport | undefined;
    let name: string | undefined;
    let local: string | undefined;
    if (s.kind === 'ident') {
      local = s.name;
      imp = imports.get(s.name);
      name = imp?.name;
    } else if (s.kind === 'member') {
      const o = index.shape(s.object);
      if (o.kind === 'ident') {
        local = o.name;
        imp = imports.get(o.name);
        name = imp?.name === '*' ? s.name : undefined;
      }
    }
    if (!imp || !name || name === '*' || name === 'default' || !local) continue;
    // Shadowed by a local definition: not the import.
    const l = index.lookup(local, n);
    if (l && (l.param || l.bindings.some((b) => b.value?.type !== 'call_expression' || !/^require\b/.test(b.value.text)))) continue;
    if (!/^\.\.?\//.test(imp.spec)) continue;
    const mod = normalisePath(`${dirOf(path)}/${imp.spec}`);
    if (mod === null) continue;
    out.push({ call: c, targets: [`js:${jsModuleOf(mod)}#${name}`], receiver: false, relative: true });
  }
  return out;
}

// ---- Python ---------------------------------------------------------------------------------

function pyDefs(index: FileIndex, path: string): CrossDef[] {
  const mod = pyModuleOf(path);
  const out: CrossDef[] = [];
  for (const fn of index.ofTypes(['function_definition'])) {
    if (index.functionOf(fn)) continue;
    const name = f(fn, 'name')?.text;
    if (!name) continue;
    let p: Node | null = fn.parent;
    if (p?.type === 'decorated_definition') p = p.parent;
    if (p?.type === 'module') {
      out.push({ key: `py:${mod}#${name}`, fn, ...paramCount(index, fn) });
      continue;
    }
    // A method of a top-level class.
    const cls = p?.type === 'block' ? p.parent : null;
    let top: Node | null = cls?.parent ?? null;
    if (top?.type === 'decorated_definition') top = top.parent;
    if (cls?.type !== 'class_definition' || top?.type !== 'module') continue;
    const cname = f(cls, 'name')?.text;
    if (cname) out.push({ key: `py:${mod}#${cname}.${name}`, fn, ...paramCount(index, fn) });
  }
  return out;
}

/** Local name -> dotted path it stands for (absolute), and whether a relative import named it. */
function pyImports(root: Node, path: string): Map<string, { dotted: string; relative: boolean }> {
  const out = new Map<string, { dotted: string; relative: boolean }>();
  const pkg = pyModuleOf(path).split('.');
  // A module's package: its path without the file; an __init__ is its own package.
  if (!/\/__init__\.pyi?$|^__init__\.pyi?$/.test(path)) pkg.pop();
  for (const n of root.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (!n) continue;
    if (n.type === 'import_statement') {
      for (const c of kids(n)) {
        if (c.type === 'dotted_name') out.set(c.text.split('.')[0], { dotted: c.text.split('.')[0], relative: false });
        else if (c.type === 'aliased_import') {
          const name = f(c, 'name');
          const alias = f(c, 'alias');
          if (name && alias) out.set(alias.text, { dotted: name.text, relative: false });
        }
      }
      continue;
    }
    const modNode = f(n, 'module_name');
    if (!modNode) continue;
    let base = modNode.text;
    let relative = false;
    if (base.startsWith('.')) {
      relative = true;
      const dots = /^\.+/.exec(base)![0].length;
      if (dots - 1 > pkg.length) continue;
      const rest = base.slice(dots);
      base = [...pkg.slice(0, pkg.length - (dots - 1)), ...(rest ? rest.split('.') : [])].join('.');
    }
    for (const c of kids(n)) {
      if (c.id === modNode.id) continue;
      const join = (x: string): string => (base ? `${base}.${x}` : x);
      if (c.type === 'dotted_name') out.set(c.text, { dotted: join(c.text), relative });
      else if (c.type === 'aliased_import') {
        const name = f(c, 'name');
        const alias = f(c, 'alias');
        if (name && alias) out.set(alias.text, { dotted: join(name.text), relative });
      }
    }
  }
  return out;
}

/** The dotted name an expression stands for through imports (`m.f` with `import pkg.mod as m` -> pkg.mod.f). */
function pyDotted(index: FileIndex, node: Node, imports: Map<string, { dotted: string; relative: boolean }>, depth = 0): { dotted: string; relative: boolean } | undefined {
  if (depth > 4) return undefined;
  const s = index.shape(node);
  if (s.kind === 'ident') {
    const imp = imports.get(s.name);
    const l = index.lookup(s.name, node);
    if (imp && (!l || l.scope.id === index.root.id) && !(l?.bindings.length)) return imp;
    // `o = Cls()` defined once: o stands for an instance of Cls.
    if (l && !l.param && l.bindings.length === 1 && l.bindings[0].value) {
      const v = index.shape(l.bindings[0].value);
      if (v.kind === 'call' && v.call.callee) return pyDotted(index, v.call.callee, imports, depth + 1);
    }
    return undefined;
  }
  if (s.kind === 'member') {
    const o = pyDotted(index, s.object, imports, depth + 1);
    return o && { dotted: `${o.dotted}.${s.name}`, relative: o.relative };
  }
  // `Cls().m`: the instance's class.
  if (s.kind === 'call' && s.call.callee) return pyDotted(index, s.call.callee, imports, depth + 1);
  return undefined;
}

function pyCalls(index: FileIndex, path: string): CrossCall[] {
  const imports = pyImports(index.root, path);
  if (imports.size === 0) return [];
  const out: CrossCall[] = [];
  for (const n of index.ofTypes(index.adapter.callTypes)) {
    const c = index.callOf(n);
    if (!c || c.isNew || !c.callee) continue;
    const d = pyDotted(index, c.callee, imports);
    if (!d) continue;
    const parts = d.dotted.split('.');
    if (parts.length < 2) continue;
    // Each split into module and name within it: `pkg.mod.f` is pkg.mod#f or pkg#mod.f.
    const targets: string[] = [];
    for (let i = parts.length - 1; i >= 1 && i >= parts.length - 2; i--) targets.push(`py:${parts.slice(0, i).join('.')}#${parts.slice(i).join('.')}`);
    out.push({ call: c, targets, receiver: index.shape(c.callee).kind === 'member', relative: d.relative });
  }
  return out;
}

// ---- Java and C# ----------------------------------------------------------------------------

const CLASS_TYPES = new Set(['class_declaration', 'record_declaration', 'enum_declaration', 'struct_declaration', 'interface_declaration']);

/** A name's text without spaces (`a . b` -> a.b). */
function nameText(n: Node | null | undefined): string {
  return n ? n.text.replace(/\s+/g, '') : '';
}

/**
 * Methods of top-level classes, read from the root down (asking a node for its parent costs a
 * walk from the root in tree-sitter): Java classes in the file's package, C# classes in their
 * namespaces (nested, or file-scoped). Private methods are left out.
 */
function classDefs(index: FileIndex, lang: 'java' | 'cs'): CrossDef[] {
  // Top-level classes by the start of their body: few nodes, read once.
  const bodies = new Map<number, string>();
  const within = (list: Node, container: string): void => {
    let scoped = container;
    for (const n of kids(list)) {
      if (CLASS_TYPES.has(n.type)) {
        const cname = f(n, 'name')?.text;
        const body = f(n, 'body');
        if (cname && body) bodies.set(body.startIndex, `${scoped ? `${scoped}.` : ''}${cname}`);
      } else if (n.type === 'namespace_declaration') {
        const body = f(n, 'body');
        if (body) within(body, [container, nameText(f(n, 'name'))].filter(Boolean).join('.'));
      } else if (n.type === 'file_scoped_namespace_declaration') {
        // Its classes follow it as siblings (or sit inside it, by grammar version).
        scoped = [container, nameText(f(n, 'name'))].filter(Boolean).join('.');
        within(n, scoped);
      }
    }
  };
  if (lang === 'java') {
    const pkg = kids(index.root).find((c) => c.type === 'package_declaration');
    within(index.root, pkg ? nameText(kids(pkg).find((c) => /identifier/.test(c.type))) : '');
  } else within(index.root, '');
  const out: CrossDef[] = [];
  if (bodies.size === 0) return out;
  for (const m of index.ofTypes(['method_declaration'])) {
    // The method's scope is its class body (interval lookups, no walk up the tree).
    const owner = bodies.get(index.scopeOf(m).startIndex);
    if (!owner) continue;
    const name = f(m, 'name');
    if (!name) continue;
    // Modifiers and annotations come before the name.
    if (/\bprivate\b/.test(index.text.slice(m.startIndex, name.startIndex))) continue;
    out.push({ key: `${lang}:${owner}#${name.text}`, fn: m, ...paramCount(index, m) });
  }
  return out;
}

interface ClassScope {
  /** Simple name -> qualified, from single-type imports and aliases. */
  explicit: Map<string, string>;
  /** Packages / namespaces whose types are visible by simple name. */
  open: string[];
  /** Statically imported method name -> qualified class. */
  statics: Map<string, string>;
}

function classScope(index: FileIndex, lang: 'java' | 'cs'): ClassScope {
  const explicit = new Map<string, string>();
  const statics = new Map<string, string>();
  const open: string[] = [];
  if (lang === 'java') {
    for (const n of kids(index.root)) {
      if (n.type === 'package_declaration') {
        const p = kids(n).find((c) => /identifier/.test(c.type));
        if (p) open.unshift(p.text.replace(/\s+/g, ''));
      }
      if (n.type !== 'import_declaration') continue;
      const q = kids(n).find((c) => /identifier/.test(c.type))?.text.replace(/\s+/g, '');
      if (!q) continue;
      const isStatic = /^import\s+static\b/.test(n.text);
      const star = kids(n).some((c) => c.type === 'asterisk');
      if (star) {
        if (!isStatic) open.push(q);
      } else if (isStatic) statics.set(q.slice(q.lastIndexOf('.') + 1), q.slice(0, q.lastIndexOf('.')));
      else explicit.set(q.slice(q.lastIndexOf('.') + 1), q);
    }
    if (!kids(index.root).some((c) => c.type === 'package_declaration')) open.unshift('');
    return { explicit, open, statics };
  }
  for (const n of index.root.descendantsOfType(['using_directive', 'namespace_declaration', 'file_scoped_namespace_declaration'])) {
    if (!n) continue;
    if (n.type !== 'using_directive') {
      // Its own namespace and the ones around it.
      const parts = (f(n, 'name')?.text.replace(/\s+/g, '') ?? '').split('.');
      for (let i = parts.length; i >= 1; i--) open.push(parts.slice(0, i).join('.'));
      continue;
    }
    const ks = kids(n);
    const alias = ks.length >= 2 && ks[0].type === 'identifier' && /=/.test(n.text) ? ks[0].text : undefined;
    const target = ks[ks.length - 1]?.text.replace(/\s+/g, '');
    if (!target) continue;
    if (alias) explicit.set(alias, target);
    else if (/^using\s+static\b/.test(n.text)) continue;
    else open.push(target);
  }
  open.push('');
  return { explicit, open: [...new Set(open)], statics };
}

/** The type a receiver expression has, as written (`Helper`, `a.b.Helper`), when the file says it. */
function receiverType(index: FileIndex, recv: Node): string | undefined {
  const s = index.shape(recv);
  if (s.kind === 'wrap') return receiverType(index, s.inner);
  if (s.kind === 'call' && s.call.isNew && s.call.type) return normaliseType(s.call.type.text);
  if (s.kind === 'member') {
    // `a.b.Helper.run()`: a qualified class name.
    const t = recv.text.replace(/\s+/g, '');
    return /^([a-z_]\w*\.)+[A-Z]\w*$/.test(t) ? t : undefined;
  }
  if (s.kind !== 'ident') return undefined;
  const l = index.lookup(s.name, recv);
  if (!l) return /^[A-Z]/.test(s.name) ? s.name : undefined;
  const declared = l.param?.type ?? l.bindings.find((b) => b.type)?.type;
  if (declared && declared !== 'var') return normaliseType(declared);
  // `var h = new Helper()` / untyped: the one constructed type.
  if (l.bindings.length === 1 && l.bindings[0].value) {
    const v = index.shape(l.bindings[0].value);
    if (v.kind === 'call' && v.call.isNew && v.call.type) return normaliseType(v.call.type.text);
  }
  return undefined;
}

function classCalls(index: FileIndex, lang: 'java' | 'cs'): CrossCall[] {
  const scope = classScope(index, lang);
  const out: CrossCall[] = [];
  for (const n of index.ofTypes(index.adapter.callTypes)) {
    const c = index.callOf(n);
    if (!c || c.isNew || c.isAnnotation) continue;
    let recv = c.receiver;
    let name = c.name;
    if (!name && c.callee) {
      const s = index.shape(c.callee);
      if (s.kind === 'member') {
        recv = s.object;
        name = s.name;
      } else if (s.kind === 'ident') name = s.name;
    }
    if (!name) continue;
    if (!recv) {
      const owner = scope.statics.get(name);
      if (owner) out.push({ call: c, targets: [`${lang}:${owner}#${name}`], receiver: true, relative: false });
      continue;
    }
    const type = receiverType(index, recv);
    if (!type) continue;
    const simple = type.replace(/\s+/g, '');
    let qualified: string[];
    if (simple.includes('.')) qualified = [simple];
    else if (scope.explicit.has(simple)) qualified = [scope.explicit.get(simple) as string];
    else qualified = scope.open.map((p) => (p ? `${p}.${simple}` : simple));
    out.push({ call: c, targets: [...new Set(qualified)].map((q) => `${lang}:${q}#${name}`), receiver: true, relative: false });
  }
  return out;
}

// ---- Go -------------------------------------------------------------------------------------

/**
 * Top-level functions: the files of a directory form one package and call each other's
 * functions by name, exported or not. Methods are left out (their calls would need the
 * receiver's type across files).
 */
function goDefs(index: FileIndex, path: string): CrossDef[] {
  const pkg = dirOf(path);
  const out: CrossDef[] = [];
  for (const n of kids(index.root)) {
    if (n.type !== 'function_declaration') continue;
    const name = f(n, 'name')?.text;
    if (name && name !== 'init' && name !== 'main') out.push({ key: `go:${pkg}#${name}`, fn: n, params: index.paramsOf(n).size, self: false });
  }
  return out;
}

/** Functions every Go package has (a call of one is never another file's). */
const GO_BUILTINS = new Set(['append', 'cap', 'clear', 'close', 'complex', 'copy', 'delete', 'imag', 'len', 'make', 'max', 'min', 'new', 'panic', 'print', 'println', 'real', 'recover']);

/** Local package name -> import path; dot imports (names used unqualified) under '.'. */
function goImports(root: Node): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const spec of root.descendantsOfType('import_spec')) {
    if (!spec) continue;
    const p = f(spec, 'path');
    if (!p) continue;
    const importPath = stringText(p);
    const alias = f(spec, 'name')?.text;
    if (alias === '_') continue;
    // The package name is, by convention, the path's last element (a major version `v2` aside).
    const parts = importPath.split('/');
    const last = /^v\d+$/.test(parts[parts.length - 1]) && parts.length > 1 ? parts[parts.length - 2] : parts[parts.length - 1];
    const local = alias ?? last.replace(/^go-|[.-]go$/g, '').replace(/[^\w]/g, '_');
    out.set(local, [...(out.get(local) ?? []), importPath]);
  }
  return out;
}

/**
 * The directory of the tree an import path names: the longest trailing part of the path that is
 * a package directory of the tree (the module's own path prefix is unknown to a scan of files).
 */
function goPackageDir(importPath: string, names: ReadonlySet<string>): string | undefined {
  // A major version at the end (`.../util/v2`) is a directory or only the module's version.
  for (const p of [importPath, importPath.replace(/\/v\d+$/, '')]) {
    const parts = p.split('/');
    for (let i = 0; i < parts.length; i++) {
      const dir = parts.slice(i).join('/');
      if (names.has(`go:${dir}`)) return dir;
    }
  }
  return undefined;
}

function goCalls(index: FileIndex, path: string, names: ReadonlySet<string>): CrossCall[] {
  const imports = goImports(index.root);
  const dots = (imports.get('.') ?? []).map((p) => goPackageDir(p, names)).filter((d): d is string => d !== undefined);
  const pkg = dirOf(path);
  const own = new Set(goDefs(index, path).map((d) => f(d.fn, 'name')?.text));
  const out: CrossCall[] = [];
  for (const n of index.ofTypes(index.adapter.callTypes)) {
    const c = index.callOf(n);
    if (!c || !c.callee) continue;
    const s = index.shape(c.callee);
    if (s.kind === 'ident') {
      // Another file of this package (or of a dot-imported one), unless this file's, a local name or a built-in.
      if (GO_BUILTINS.has(s.name) || own.has(s.name) || index.lookup(s.name, n)) continue;
      out.push({ call: c, targets: [pkg, ...dots].map((d) => `go:${d}#${s.name}`), receiver: false, relative: false });
      continue;
    }
    if (s.kind !== 'member') continue;
    const o = index.shape(s.object);
    if (o.kind !== 'ident' || index.lookup(o.name, n)) continue;
    const dirs = (imports.get(o.name) ?? []).map((p) => goPackageDir(p, names)).filter((d): d is string => d !== undefined);
    if (dirs.length) out.push({ call: c, targets: dirs.map((d) => `go:${d}#${s.name}`), receiver: false, relative: false });
  }
  return out;
}
