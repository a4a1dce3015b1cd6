import { splitChain, type Chain } from './chains';
import type { ProgramLanguage } from '../rules/codeRuleSpec';
import { normaliseType, type BindingView, type CallView, type Node, type ParamView, type Shape, type SyntaxAdapter } from './syntax';

interface Interval {
  start: number;
  end: number;
  node: Node;
}

/**
 * Whether interval `i` contains the node spanning [start, end] with this id, other than itself.
 * The caller reads the node's offsets once: each read is a call into the parser's WebAssembly,
 * and a look-up compares them with many intervals.
 */
function contains(i: Interval, start: number, end: number, id: number): boolean {
  return i.start <= start && end <= i.end && !(i.start === start && i.end === end && i.node.id === id);
}

/**
 * Whether two chains have the same dotted text, mostly without making it: equal segments have it,
 * texts of other lengths do not; only the rest (a segment with a dot in it, as a generic
 * argument may have) is joined and compared.
 */
function sameChain(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === b.length) {
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (i === a.length) return true;
  }
  // The length of each dotted text: its segments and the dots between them.
  let la = Math.max(a.length - 1, 0);
  let lb = Math.max(b.length - 1, 0);
  for (const x of a) la += x.length;
  for (const x of b) lb += x.length;
  return la === lb && a.join('.') === b.join('.');
}

/** Index of the last interval starting at or before `pos`. */
function lastStartingBy(list: Interval[], pos: number): number {
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid].start <= pos) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The innermost interval strictly containing `n` (intervals nest, so it has the latest start). */
function innermost(list: Interval[], n: Node): Node | null {
  const start = n.startIndex;
  const end = n.endIndex;
  const id = n.id;
  for (let i = lastStartingBy(list, start); i >= 0; i--) if (contains(list[i], start, end, id)) return list[i].node;
  return null;
}

function containers(list: Interval[], n: Node): Node[] {
  const out: Node[] = [];
  const start = n.startIndex;
  const end = n.endIndex;
  const id = n.id;
  for (let i = lastStartingBy(list, start); i >= 0; i--) if (contains(list[i], start, end, id)) out.push(list[i].node);
  return out;
}

/** No definitions (shared: callers only read it). */
const NO_BINDINGS: BindingView[] = [];

/** Calls that return their one argument, a function, in another calling convention. */
const FUNCTION_WRAPPERS = new Set(['promisify', 'pify', 'thenify', 'denodeify', 'callbackify']);
/**
 * Calls that return their argument, an object or module, with every method also in promise
 * form: the same methods, and (Bluebird) each again under its name with `Async` added.
 */
const OBJECT_WRAPPERS = new Set(['promisifyAll', 'thenifyAll']);
/** Where jQuery (or Zepto, which copies its API) keeps plugins: `$.fn.name`, `jQuery.fn[name]`. */
const PLUGIN_SLOT = /^(?:window\.)?(?:\$|jQuery|Zepto)\.fn(?:\.[\w$]+|\[[^\]]+\])$/;
const PLUGIN_EXTEND = /^(?:window\.)?(?:\$|jQuery|Zepto)\.fn\.extend$/;
const JQUERY_EXTEND = /^(?:window\.)?(?:\$|jQuery|Zepto)\.extend$/;
const JQUERY_FN = /^(?:window\.)?(?:\$|jQuery|Zepto)\.fn$/;
const WRAPPER_TEXT = /promisify|pify|thenify|denodeify|callbackify/;
/**
 * Packages whose export is one of those wrappers under a package name that does not end in the
 * wrapper's own (`require('es6-promisify')(fn)`, `require('thenify-all')(cp)`): the wrapper it is.
 * `@gar/promisify` and `util.promisify-all` also take an object and wrap its every method.
 */
const WRAPPER_MODULES = new Map([
  ['es6-promisify', 'promisify'],
  ['util-promisify', 'promisify'],
  ['util.promisify', 'promisify'],
  ['@gar/promisify', 'promisifyAll'],
  ['util.promisify-all', 'promisifyAll'],
  ['thenify-all', 'thenifyAll'],
]);

/** The wrapper a module or imported name stands for (`util.promisify` -> promisify), else its last name. */
function wrapperName(target: string): string | undefined {
  return WRAPPER_MODULES.get(target) ?? target.split(/[./]/).pop();
}
/** Python reaching a module or attribute by its name as a string. */
const PY_DYNAMIC_TEXT = /\b(?:getattr|__import__|import_module)\s*\(/;

/**
 * Outer before inner at one start. `startIndex` is a plain field of the runtime's node, but
 * `endIndex` is a call into WebAssembly: it is read only for nodes whose start another node
 * shares (few), once each, and the sort is stable, so the order is the one of comparing both.
 */
function inDocumentOrder(nodes: Node[]): Node[] {
  const items = nodes.map((node) => ({ node, start: node.startIndex, end: -1 }));
  const endOf = (x: { node: Node; end: number }): number => (x.end >= 0 ? x.end : (x.end = x.node.endIndex));
  return items.sort((a, b) => a.start - b.start || endOf(b) - endOf(a)).map((x) => x.node);
}

/**
 * inDocumentOrder of the lists' concatenation. Each list of the shared walk is in that order
 * already (the walk goes outer before inner), so the lists are merged pairwise, an earlier list's
 * node first where the order ties, as the stable sort keeps them; that copies each node once
 * instead of flattening (slow for long lists) and sorting. A list out of that order (a zero-width
 * node before a longer one at its start) is sorted as before.
 */
function mergedInDocumentOrder(parts: Node[][]): Node[] {
  if (parts.length === 0) return [];
  for (const l of parts) if (!inOrder(l)) return inDocumentOrder(parts.flat());
  if (parts.length === 1) return parts[0];
  if (parts.length === 2) return mergeTwo(parts[0], parts[1]);
  return mergeAll(parts);
}

/**
 * Several lists merged at once, as merging them pairwise in turn would (the earliest list's node
 * first on a tie), without the intermediate lists: one array of the result's length is made.
 */
function mergeAll(parts: Node[][]): Node[] {
  const at = new Array<number>(parts.length).fill(0);
  let total = 0;
  for (const l of parts) total += l.length;
  const out: Node[] = [];
  for (let k = 0; k < total; k++) {
    let best = -1;
    let x: Node | undefined;
    for (let i = 0; i < parts.length; i++) {
      if (at[i] >= parts[i].length) continue;
      const y = parts[i][at[i]];
      // A later list's node goes first only where it sorts strictly before.
      if (!x || y.startIndex < x.startIndex || (y.startIndex === x.startIndex && y.endIndex > x.endIndex)) {
        best = i;
        x = y;
      }
    }
    out.push(x as Node);
    at[best]++;
  }
  return out;
}

/** Whether a list is in inDocumentOrder's order (start ascending, at one start the longer first). */
function inOrder(l: Node[]): boolean {
  for (let i = 1; i < l.length; i++) {
    const a = l[i - 1].startIndex;
    const b = l[i].startIndex;
    if (b < a || (b === a && l[i].endIndex > l[i - 1].endIndex)) return false;
  }
  return true;
}

/** Two lists in document order merged: `b`'s node goes first only where it sorts strictly before `a`'s. */
function mergeTwo(a: Node[], b: Node[]): Node[] {
  const out: Node[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y.startIndex < x.startIndex || (y.startIndex === x.startIndex && y.endIndex > x.endIndex)) {
      out.push(y);
      j++;
    } else {
      out.push(x);
      i++;
    }
  }
  while (i < a.length) out.push(a[i++]);
  while (j < b.length) out.push(b[j++]);
  return out;
}

/** Grammar node types that run their body conditionally or repeatedly (by name, for all grammars). */
/**
 * The declared type a name has at `at`: the last typed declaration before it, so a name declared
 * again in a later block (`TextMessage msg` in one branch, `ObjectMessage msg` in the next) has
 * the later type there; a use before every declaration (a closure) takes the first.
 */
function typedBindingBefore(bindings: BindingView[], at: Node): BindingView | undefined {
  let first: BindingView | undefined;
  let last: BindingView | undefined;
  for (const b of bindings) {
    if (!b.type) continue;
    if (!first || b.node.startIndex < first.node.startIndex) first = b;
    if (b.node.startIndex <= at.startIndex && (!last || b.node.startIndex > last.node.startIndex)) last = b;
  }
  return last ?? first;
}

const BRANCH_TYPE = /^(if_statement|if_expression|elif_clause|else_clause|else|conditional_expression|ternary_expression|switch_.*|.*_switch_.*|switch_expression|case_.*|.*_case|.*_case_clause|for_.*|.*_for_statement|while_.*|do_statement|catch_clause|except_clause|finally_clause|select_statement|communication_case|default_case|match_statement|case_clause|lambda.*|arrow_function|anonymous_function.*|func_literal|function_expression)$/;
const branchTypesByGrammar = new WeakMap<object, string[]>();
const typeNamesByGrammar = new WeakMap<object, Set<string>>();

/**
 * Every type name of the tree's grammar, named or not (descendantsOfType matches a name against
 * all of them), with `ERROR`, which it also finds.
 */
function grammarTypes(root: Node): Set<string> {
  const lang = root.tree.language;
  let set = typeNamesByGrammar.get(lang);
  if (!set) {
    set = new Set<string>(['ERROR']);
    for (const t of lang.types) if (t) set.add(t);
    typeNamesByGrammar.set(lang, set);
  }
  return set;
}

function branchTypes(root: Node): string[] {
  const lang = root.tree.language;
  let list = branchTypesByGrammar.get(lang);
  if (!list) {
    const all = new Set<string>();
    for (let i = 0; i < lang.nodeTypeCount; i++) {
      const t = lang.nodeTypeForId(i);
      if (t && lang.nodeTypeIsNamed(i) && BRANCH_TYPE.test(t)) all.add(t);
    }
    list = [...all];
    branchTypesByGrammar.set(lang, list);
  }
  return list;
}

/** An assignment to a property of a local object (`opts.host = h`). */
/** Class declarations of the scanned languages (what `this` / `self` refers to). */
const CLASS_TYPES = new Set(['class_declaration', 'class', 'abstract_class_declaration', 'class_definition', 'record_declaration', 'struct_declaration', 'enum_declaration']);

/** Scopes whose declarations are a class's fields (Java and C# class bodies). */
export const FIELD_SCOPES = new Set(['class_body', 'enum_body', 'declaration_list']);

export interface MemberStore {
  binding: BindingView;
  /** The property assigned. */
  key: string;
}

export interface Lookup {
  /** Definitions of the name in the nearest scope that defines it. */
  bindings: BindingView[];
  /** The parameter of that name, when the scope is a function that declares one. */
  param?: ParamView;
  /** The scope that defines the name. */
  scope: Node;
}

/**
 * Per-file facts the matcher and the value tracker share: scopes, the local definitions in
 * each scope, parameters, import aliases and expression chains. Built lazily, once per parse.
 */
export class FileIndex {
  readonly imports: Map<string, string>;
  private readonly scopeCache = new Map<number, Node>();
  private bindingsByScope: Map<number, Map<string, BindingView[]>> | undefined;
  private readonly paramsByScope = new Map<number, Map<string, ParamView>>();
  private readonly chainCache = new Map<number, Chain[]>();
  private readonly intervalCache = new Map<string, Interval[]>();
  private functionsByName: Map<string, Node[]> | undefined;
  private byType: Map<string, Node[]> | undefined;
  private readonly shapeCache = new Map<number, Shape>();
  private readonly callCache = new Map<number, CallView | null>();
  private readonly typeCache = new Map<string, Node[]>();
  private callsByName: Map<string, CallView[]> | undefined;

  constructor(
    readonly root: Node,
    readonly adapter: SyntaxAdapter,
    readonly language: ProgramLanguage,
    readonly text: string,
    /** Whether any pattern or source of this scan uses `@Type` roots (costs a lookup per chain). */
    readonly typedRoots = true,
  ) {
    this.imports = adapter.imports(root, adapter.importTypes ? (types) => this.ofTypes(types) : undefined);
  }

  /** The shape of a node, computed once per parse (adapters read fields, which is costly). */
  shape(node: Node): Shape {
    let s = this.shapeCache.get(node.id);
    if (!s) {
      s = this.adapter.shape(node);
      this.shapeCache.set(node.id, s);
    }
    return s;
  }

  private readonly bindingCache = new Map<number, BindingView[]>();

  /** The bindings a node makes (an assignment, a declaration), computed once per parse. */
  bindingsOf(node: Node): BindingView[] {
    let b = this.bindingCache.get(node.id);
    if (!b) {
      b = this.adapter.bindings(node);
      this.bindingCache.set(node.id, b);
    }
    return b;
  }

  private get jsLike(): boolean {
    return this.language === 'javascript' || this.language === 'typescript';
  }

  private stores: { byLocal: Map<string, MemberStore[]>; byField: Map<string, BindingView[]> } | undefined;
  private readonly classCache = new Map<number, Node | null>();
  /** Per callback function: the function it is written in (see memberStoresBefore). */
  private readonly callerCache = new Map<number, Node | null>();

  /** Stores into a property, by the local they go to and by the field of `this` / `self`: one walk for both. */
  private propertyStores(): { byLocal: Map<string, MemberStore[]>; byField: Map<string, BindingView[]> } {
    if (!this.stores) {
      const byLocal = new Map<string, MemberStore[]>();
      const byField = new Map<string, BindingView[]>();
      for (const n of this.ofTypes(this.adapter.bindingTypes)) {
        for (const b of this.bindingsOf(n)) {
          if (!b.value) continue;
          const t = this.shape(b.target);
          if (t.kind !== 'member') continue;
          // `(*req).Name = v` (Go), `(obj as T).name = v`, `obj!.name = v`: a store into the same object.
          let o = this.shape(t.object);
          for (let i = 0; o.kind === 'wrap' && i < 4; i++) o = this.shape(o.inner);
          if (o.kind === 'ident') {
            const list = byLocal.get(o.name) ?? [];
            list.push({ binding: b, key: t.name });
            byLocal.set(o.name, list);
          } else if (o.kind === 'this') {
            const list = byField.get(t.name) ?? [];
            list.push(b);
            byField.set(t.name, list);
          }
        }
      }
      // Java and C# name a field without `this.` as well (`_url = url;` in a setter or a
      // constructor): an assignment to a name that no enclosing function declares is a store into
      // the class's field of that name.
      if (this.language === 'java' || this.language === 'csharp') {
        for (const n of this.ofTypes(['assignment_expression'])) {
          for (const b of this.bindingsOf(n)) {
            const t = b.value ? this.shape(b.target) : undefined;
            if (t?.kind !== 'ident' || !this.namesField(t.name, n)) continue;
            const list = byField.get(t.name) ?? [];
            list.push(b);
            byField.set(t.name, list);
          }
        }
      }
      for (const list of byLocal.values()) list.sort((x, y) => x.binding.node.startIndex - y.binding.node.startIndex);
      for (const list of byField.values()) list.sort((x, y) => x.node.startIndex - y.node.startIndex);
      this.stores = { byLocal, byField };
    }
    return this.stores;
  }

  /**
   * Whether `name`, assigned at `at`, is a field of the enclosing class: no scope between names it
   * as a parameter or declares it (an assignment alone is filed under its function's scope), and
   * the class body declares it.
   */
  private namesField(name: string, at: Node): boolean {
    for (let scope = this.scopeOf(at); ; scope = this.scopeOf(scope)) {
      if (this.paramsOf(scope).has(name)) return false;
      const binds = this.allBindings().get(scope.id)?.get(name) ?? [];
      if (binds.some((x) => x.node.type !== 'assignment_expression')) return FIELD_SCOPES.has(scope.type);
      if (scope.id === this.root.id) return false;
    }
  }

  /**
   * Plain assignments to a property of the local `name` (`opts.host = h`, `psi.FileName = f`),
   * in text order: an object filled field by field after it was made.
   */
  memberStores(name: string): readonly MemberStore[] {
    return this.propertyStores().byLocal.get(name) ?? [];
  }

  /** Stores into `this.key` / `self.key` with a value, anywhere in the file, in text order. */
  fieldStores(key: string): readonly BindingView[] {
    return this.propertyStores().byField.get(key) ?? [];
  }

  /** The class (or object literal's class-like body) a node's function belongs to; null outside one. */
  classOf(node: Node): Node | null {
    const fn = this.functionOf(node);
    const key = fn?.id ?? -1;
    let c = this.classCache.get(key);
    if (c === undefined) {
      c = null;
      for (let p = fn?.parent ?? null, i = 0; p && i < 12; p = p.parent, i++) {
        if (CLASS_TYPES.has(p.type)) {
          c = p;
          break;
        }
      }
      this.classCache.set(key, c);
    }
    return c;
  }

  /**
   * The stores into `name.key` (any key when `key` is undefined) that come before `at` in its
   * function, or before it in a function that encloses it (`q.title = input;` then
   * `connect(url, (err, db) => db.collection('c').find(q))`: the callback reads the filled
   * object), and name the same local (not one of another scope that shares its name), in text order.
   */
  memberStoresBefore(name: string, key: string | undefined, at: Node): BindingView[] {
    const all = this.memberStores(name);
    if (all.length === 0) return [];
    const fn = this.functionOf(at);
    const scope = this.lookup(name, at)?.scope.id;
    const out: BindingView[] = [];
    for (const s of all) {
      const b = s.binding;
      if ((key !== undefined && s.key !== key) || b.node.endIndex > at.startIndex) continue;
      const storeFn = this.functionOf(b.node)?.id;
      if (storeFn !== fn?.id) {
        const caller = fn ? this.callerOf(fn) : null;
        if (!caller || storeFn !== caller.id) continue;
      }
      if (this.lookup(name, b.target)?.scope.id !== scope) continue;
      out.push(b);
    }
    return out;
  }

  /**
   * For a callback (a function passed to a call): the function it is written in, whose stores
   * made before the call it sees. Only that one function counts: a module wrapper's members are
   * a surface, and looking further would make every nested read evaluate them. Cached: finding
   * the enclosing function walks back over the functions before it.
   */
  private callerOf(fn: Node): Node | null {
    let c = this.callerCache.get(fn.id);
    if (c === undefined) {
      const p = this.parentOf(fn);
      c = p && isCallArgument(p, (n) => this.parentOf(n)) ? this.functionOf(p) : null;
      this.callerCache.set(fn.id, c);
    }
    return c;
  }

  /** The call view of a node, computed once per parse. */
  callOf(node: Node): CallView | null {
    let c = this.callCache.get(node.id);
    if (c === undefined) {
      const s = this.shape(node);
      c = s.kind === 'call' && s.call.node.id === node.id ? s.call : this.adapter.call(node);
      this.callCache.set(node.id, c);
    }
    return c;
  }

  /**
   * Nodes of these types in document order. The tree is walked once for every type the index
   * and the matcher ask about (walking it costs more than the questions).
   */
  ofTypes(types: readonly string[]): Node[] {
    // A list of several types is mostly the same list each time (an adapter's, a constant): found
    // by the list itself, without joining it. One type (often a list made for the call) is its own key.
    const one = types.length === 1;
    let list = one ? undefined : this.typeListCache.get(types);
    if (list) return list;
    const key = one ? types[0] : types.join(',');
    list = this.typeCache.get(key);
    if (list) {
      if (!one) this.typeListCache.set(types, list);
      return list;
    }
    const byType = this.byType ?? this.walk();
    // A type the grammar does not have (another language's name in a list shared by all) has
    // no nodes: it needs no walk of its own, which would cost as much as the shared one.
    const present = types.filter((t) => grammarTypes(this.root).has(t));
    const known = present.every((t) => this.adapterTypes().has(t));
    if (known) {
      const parts = present.map((t) => byType.get(t) ?? []).filter((l) => l.length);
      list = parts.length === 1 ? parts[0] : (this.inWalkOrder(present) ?? mergedInDocumentOrder(parts));
    } else list = this.root.descendantsOfType([...types]).filter((n): n is Node => !!n);
    this.typeCache.set(key, list);
    if (!one) this.typeListCache.set(types, list);
    return list;
  }

  /** The shared walk's nodes in its order, with the type of each (an index into walkTypeNames). */
  private walkNodes: Node[] = [];
  private walkKinds: Uint16Array | undefined;
  private walkTypeNames: string[] = [];

  /** The one walk of the tree for every type the index and the matcher ask about, by type. */
  private walk(): Map<string, Node[]> {
    const byType = new Map<string, Node[]>();
    const kindOf = new Map<string, number>();
    const all = this.root.descendantsOfType([...this.adapterTypes()]);
    const kinds = new Uint16Array(all.length);
    let complete = true;
    for (let i = 0; i < all.length; i++) {
      const n = all[i];
      if (!n) {
        complete = false;
        continue;
      }
      const t = n.type;
      let kind = kindOf.get(t);
      if (kind === undefined) {
        kindOf.set(t, (kind = this.walkTypeNames.length));
        this.walkTypeNames.push(t);
        byType.set(t, []);
      }
      (byType.get(t) as Node[]).push(n);
      kinds[i] = kind;
    }
    // The walk's own list is kept (no copy); one with a gap (no node) is merged as before.
    if (complete) {
      this.walkNodes = all as Node[];
      this.walkKinds = kinds;
    }
    this.byType = byType;
    return byType;
  }

  /**
   * The shared walk's nodes of these types (all of the walk's), in the walk's
   * order, when that is inDocumentOrder's: the walk goes outer before inner and then in text order,
   * so it is, unless two of the nodes start together and the first is not the longer (a
   * zero-width node, or two nodes over the same text, which the sort keeps in the order the types
   * were asked): then undefined (the lists are merged). Picking by type needs no WebAssembly
   * read, where merging reads the end of every node that starts where another does.
   */
  private inWalkOrder(types: readonly string[]): Node[] | undefined {
    const kinds = this.walkKinds;
    if (!kinds) return undefined;
    const wanted = new Uint8Array(this.walkTypeNames.length);
    for (const t of types) {
      const k = this.walkTypeNames.indexOf(t);
      if (k < 0) continue;
      // A type asked twice has its nodes twice in the merged lists.
      if (wanted[k]) return undefined;
      wanted[k] = 1;
    }
    const nodes = this.walkNodes;
    const out: Node[] = [];
    for (let i = 0; i < nodes.length; i++) if (wanted[kinds[i]]) out.push(nodes[i]);
    for (let i = 1; i < out.length; i++) {
      const a = out[i - 1].startIndex;
      const b = out[i].startIndex;
      if (b < a || (b === a && out[i].endIndex >= out[i - 1].endIndex)) return undefined;
    }
    return out;
  }

  /** ofTypes' answers by the list asked with (weakly: a list made for one call goes with it). */
  private readonly typeListCache = new WeakMap<readonly string[], Node[]>();

  /** Whether ofTypes finds nodes of this type from the one walk it shares (no walk of its own). */
  indexes(type: string): boolean {
    return this.adapterTypes().has(type);
  }

  private adapterTypeSet: Set<string> | undefined;
  private adapterTypes(): Set<string> {
    // String literals too: the matcher's constant checks and queries for literals (a regex) ask for them in most files.
    this.adapterTypeSet ??= new Set([...this.adapter.scopeTypes, ...this.adapter.functionTypes, ...this.adapter.ifTypes, ...this.adapter.callTypes, ...this.adapter.bindingTypes, ...this.adapter.pairTypes, ...(this.adapter.importTypes ?? []), ...this.adapter.stringTypes, ...(this.adapter.thisField?.ownerTypes ?? []), ...branchTypes(this.root)]);
    return this.adapterTypeSet;
  }

  /**
   * The parent of a node, read once per node. tree-sitter finds a parent by descending from the
   * root each time, and the object it returns is new each time: code that walks up from the same
   * nodes again (the value tracker, the matcher's naming context) should ask here.
   */
  parentOf(node: Node): Node | null {
    let p = this.parentCache.get(node.id);
    if (p === undefined) {
      p = node.parent;
      this.parentCache.set(node.id, p);
    }
    return p;
  }

  private readonly parentCache = new Map<number, Node | null>();

  /** Nearest enclosing scope node (function, lambda, class body) of `node`, else the root. */
  scopeOf(node: Node): Node {
    const cached = this.scopeCache.get(node.id);
    if (cached) return cached;
    const s = innermost(this.intervals('scope'), node) ?? this.root;
    this.scopeCache.set(node.id, s);
    return s;
  }

  /** Nearest enclosing function-like node, or null at top level (once per node: its end is a WebAssembly read). */
  functionOf(node: Node): Node | null {
    let f = this.functionCache.get(node.id);
    if (f === undefined) {
      f = innermost(this.intervals('function'), node);
      this.functionCache.set(node.id, f);
    }
    return f;
  }

  private readonly functionCache = new Map<number, Node | null>();

  /** Function-like nodes declared under `name` (methods, functions, named lambdas). */
  functionsNamed(name: string): Node[] {
    if (!this.functionsByName) {
      this.functionsByName = new Map();
      for (const i of this.intervals('function')) {
        const n = this.adapter.functionName(i.node);
        if (!n) continue;
        const list = this.functionsByName.get(n) ?? [];
        list.push(i.node);
        this.functionsByName.set(n, list);
      }
    }
    return this.functionsByName.get(name) ?? [];
  }

  /** The expressions a function returns: `return` statements of its own body, or an expression body. */
  returnsOf(fn: Node): Node[] {
    let r = this.returnsCache.get(fn.id);
    if (!r) {
      r = this.computeReturns(fn);
      this.returnsCache.set(fn.id, r);
    }
    return r;
  }

  /** Per function, once per parse: summaries and member reads ask again, and each asking walked the body. */
  private readonly returnsCache = new Map<number, Node[]>();

  private computeReturns(fn: Node): Node[] {
    const body = fn.childForFieldName('body');
    if (!body) return [];
    // C#'s expression-bodied members (`string F(string p) => "a" + p;`): the expression after `=>`.
    if (body.type === 'arrow_expression_clause') return body.firstNamedChild ? [body.firstNamedChild] : [];
    if (!/block|suite|body/.test(body.type) && body.type !== 'statement_block') return [body];
    const out: Node[] = [];
    for (const r of body.descendantsOfType('return_statement')) {
      if (!r || this.functionOf(r)?.id !== fn.id) continue;
      let v = r.firstNamedChild;
      while (v && /comment/.test(v.type)) v = v.nextNamedSibling;
      if (v && v.type === 'expression_list') v = v.firstNamedChild;
      if (v) out.push(v);
    }
    return out;
  }

  /** Calls in this file by the called name (last segment of the callee). */
  callsNamed(name: string): CallView[] {
    if (!this.callsByName) {
      this.callsByName = new Map();
      for (const n of this.ofTypes(this.adapter.callTypes)) {
        const c = this.callOf(n);
        if (!c || c.isAnnotation || c.isNew) continue;
        const k = this.calledName(c);
        if (!k) continue;
        const list = this.callsByName.get(k) ?? [];
        list.push(c);
        this.callsByName.set(k, list);
      }
    }
    return this.callsByName.get(name) ?? [];
  }

  private constructionsByType: Map<string, CallView[]> | undefined;

  /** `new T(...)` calls by the simple name of T (`new Api.Fetcher<X>(u)` under `Fetcher`). */
  constructions(typeName: string): CallView[] {
    if (!this.constructionsByType) {
      this.constructionsByType = new Map();
      for (const n of this.ofTypes(this.adapter.callTypes)) {
        const c = this.callOf(n);
        if (!c?.isNew || !c.type) continue;
        const k = normaliseType(c.type.text).split('.').pop() ?? '';
        const list = this.constructionsByType.get(k) ?? [];
        list.push(c);
        this.constructionsByType.set(k, list);
      }
    }
    return this.constructionsByType.get(typeName) ?? [];
  }

  /** The called name of a call: its method or function name, without receiver. */
  calledName(c: CallView): string | undefined {
    if (c.name) return c.name;
    if (!c.callee) return undefined;
    const s = this.shape(c.callee);
    if (s.kind === 'member') return s.name;
    if (s.kind === 'ident') return s.name;
    return undefined;
  }

  /**
   * Nodes under which code runs conditionally or repeatedly (branches, cases, loops, handlers),
   * found by the grammar's type names so that one rule serves every language.
   */
  conditionalAncestors(node: Node): Node[] {
    let list = this.conditionalCache.get(node.id);
    if (!list) {
      list = containers(this.intervals('branch'), node);
      this.conditionalCache.set(node.id, list);
    }
    return list;
  }

  private readonly conditionalCache = new Map<number, Node[]>();

  /** Enclosing `if` statements of `node`, outermost last. */
  enclosingIfs(node: Node): Node[] {
    return containers(this.intervals('if'), node);
  }

  /**
   * Scope, function and if nodes as intervals sorted by start. Walking up with `.parent` is
   * costly in tree-sitter (it descends from the root each time); containment of ranges is not.
   */
  private intervals(kind: 'scope' | 'function' | 'if' | 'branch' | 'thisOwner'): Interval[] {
    let list = this.intervalCache.get(kind);
    if (!list) {
      const types =
        kind === 'scope'
          ? [...this.adapter.scopeTypes]
          : kind === 'function'
            ? [...this.adapter.functionTypes]
            : kind === 'if'
              ? [...this.adapter.ifTypes]
              : kind === 'thisOwner'
                ? [...(this.adapter.thisField?.ownerTypes ?? [])]
                : branchTypes(this.root);
      list = this.ofTypes(types)
        .map((n) => ({ start: n.startIndex, end: n.endIndex, node: n }))
        .sort((a, b) => a.start - b.start || b.end - a.end);
      this.intervalCache.set(kind, list);
    }
    return list;
  }

  private allBindings(): Map<number, Map<string, BindingView[]>> {
    if (this.bindingsByScope) return this.bindingsByScope;
    const out = new Map<number, Map<string, BindingView[]>>();
    for (const n of this.ofTypes(this.adapter.bindingTypes)) {
      for (const b of this.bindingsOf(n)) {
        const shape = this.shape(b.target);
        if (shape.kind !== 'ident') continue;
        const scope = this.scopeOf(n);
        let byName = out.get(scope.id);
        if (!byName) out.set(scope.id, (byName = new Map()));
        const list = byName.get(shape.name) ?? [];
        list.push(b);
        byName.set(shape.name, list);
      }
    }
    if (this.language === 'javascript' || this.language === 'typescript') this.moveClosureWrites(out);
    this.bindingsByScope = out;
    return out;
  }

  /**
   * JavaScript: an assignment in a function to a name that function does not declare (no `var`,
   * `let`, `const`, parameter or loop variable of its own) writes the variable of the enclosing
   * function that declares it: a callback that collects a request body (`req.on('data', c => {
   * body += c })`) fills the `body` another callback then reads. Such writes are filed under the
   * declaring scope, so reads there and in its other closures see them, and reads in the writing
   * function see the declaration. A name no enclosing scope declares (an implicit global) stays
   * where it is written.
   */
  private moveClosureWrites(out: Map<number, Map<string, BindingView[]>>): void {
    // Each binding node's type is read once: every write asks about the declarations of each
    // scope outward, and each read is a call into WebAssembly.
    const types = new Map<number, string>();
    const typeOf = (n: Node): string => {
      let t = types.get(n.id);
      if (t === undefined) types.set(n.id, (t = n.type));
      return t;
    };
    const declares = (scope: Node, name: string): boolean => {
      if (this.paramsOf(scope).has(name)) return true;
      // A loop, not `some` with a callback: asked for every write and every scope outward.
      const list = out.get(scope.id)?.get(name) ?? NO_BINDINGS;
      for (let i = 0; i < list.length; i++) {
        const t = typeOf(list[i].node);
        if (t === 'variable_declarator' || t === 'for_in_statement') return true;
      }
      return false;
    };
    const moves: { from: Node; to: Node; name: string; b: BindingView }[] = [];
    // A write inside `catch (name) { .. }` sets that parameter, which no scope here declares.
    // Each clause's span and parameter are read once, on the first write that asks.
    let catches: { start: number; end: number; param: string | undefined }[] | undefined;
    const caught = (name: string, n: Node): boolean => {
      catches ??= this.ofTypes(['catch_clause']).map((c) => ({ start: c.startIndex, end: c.endIndex, param: c.childForFieldName('parameter')?.text }));
      if (catches.length === 0) return false;
      const start = n.startIndex;
      const end = n.endIndex;
      return catches.some((c) => c.start <= start && end <= c.end && c.param === name);
    };
    for (const [, byName] of out) {
      for (const [name, list] of byName) {
        for (const b of list) {
          const t = typeOf(b.node);
          if (t !== 'assignment_expression' && t !== 'augmented_assignment_expression') continue;
          const own = this.scopeOf(b.node);
          if (own.id === this.root.id || declares(own, name) || caught(name, b.node)) continue;
          for (let scope = this.scopeOf(own); ; scope = this.scopeOf(scope)) {
            if (declares(scope, name)) {
              moves.push({ from: own, to: scope, name, b });
              break;
            }
            if (scope.id === this.root.id) break;
          }
        }
      }
    }
    for (const m of moves) {
      const fromList = out.get(m.from.id)?.get(m.name);
      if (fromList) {
        const rest = fromList.filter((x) => x !== m.b);
        if (rest.length) out.get(m.from.id)?.set(m.name, rest);
        else out.get(m.from.id)?.delete(m.name);
      }
      let byName = out.get(m.to.id);
      if (!byName) out.set(m.to.id, (byName = new Map()));
      const list = byName.get(m.name) ?? [];
      list.push(m.b);
      // Text order, as the bindings of a scope are everywhere else.
      list.sort((x, y) => x.node.startIndex - y.node.startIndex);
      byName.set(m.name, list);
    }
  }

  paramsOf(scope: Node): Map<string, ParamView> {
    let m = this.paramsByScope.get(scope.id);
    if (!m) {
      m = new Map();
      if (this.adapter.functionTypes.has(scope.type)) for (const p of this.adapter.params(scope)) m.set(p.name, p);
      this.paramsByScope.set(scope.id, m);
    }
    return m;
  }

  /** Where `name`, used at `at`, is defined: the nearest scope outward that binds it. */
  lookup(name: string, at: Node): Lookup | undefined {
    let scope = this.scopeOf(at);
    for (;;) {
      const bindings = this.allBindings().get(scope.id)?.get(name) ?? NO_BINDINGS;
      const param = this.paramsOf(scope).get(name);
      if (bindings.length || param) return { bindings: bindings.length ? this.visibleBindings(bindings, at) : [], param, scope };
      if (scope.id === this.root.id) return undefined;
      scope = this.scopeOf(scope);
    }
  }

  /**
   * In block-scoped languages, a name declared in several blocks of one function is several
   * variables: at `at`, only the declaration whose block holds `at` (the innermost) and the
   * assignments that reach that same declaration count. Names declared once are left as they are.
   */
  private visibleBindings(bindings: BindingView[], at: Node): BindingView[] {
    const blocks = this.adapter.blockScopeTypes;
    if (!blocks || bindings.length < 2) return bindings;
    const decls = bindings.filter((b) => b.node.type === 'variable_declarator' || blocks.has(b.node.type));
    if (decls.length < 2) return bindings;
    const blockOf = (n: Node): Node => {
      for (let p: Node | null = blocks.has(n.type) ? n : this.parentOf(n); p; p = this.parentOf(p)) if (blocks.has(p.type)) return p;
      return this.root;
    };
    const visible = (pos: Node): BindingView | undefined => {
      let best: BindingView | undefined;
      let bestBlock: Node | undefined;
      for (const d of decls) {
        const b = blockOf(d.node);
        if (b.startIndex > pos.startIndex || pos.endIndex > b.endIndex) continue;
        if (!bestBlock || b.endIndex - b.startIndex < bestBlock.endIndex - bestBlock.startIndex) [best, bestBlock] = [d, b];
      }
      return best;
    };
    const mine = visible(at);
    if (!mine) return bindings;
    return bindings.filter((b) => (decls.includes(b) ? b === mine : visible(b.node) === mine));
  }

  /** The chain of an expression, plus its `@Type`-rooted form when the root has a declared type. */
  chains(node: Node): Chain[] {
    const cached = this.chainCache.get(node.id);
    if (cached) return cached;
    const plain = this.chain(node, false);
    const typed = this.typedRoots ? this.chain(node, true) : null;
    const out: Chain[] = [];
    if (plain) out.push(plain);
    if (typed && (!plain || !sameChain(typed, plain))) out.push(typed);
    this.chainCache.set(node.id, out);
    return out;
  }

  /**
   * The last segment of an expression's chain when it is a name (not a call's result, `f()`), else
   * undefined: the name a call of the expression's value calls (`require("cross-spawn")(cmd)`).
   * A call that wraps no function and requires or imports no module by name has a chain that
   * ends with a call's result, known without building the chain (many bundles call what a call
   * returns: `Object(m.a)(x)`, `n(12)(x)`).
   */
  calledResultName(n: Node): string | undefined {
    let chains = this.chainCache.get(n.id);
    if (!chains) {
      const s = this.shape(n);
      if (s.kind === 'call' && !this.wrappedFunction(s.call) && !(this.requiredModule(s.call) ?? this.pythonImported(s.call)) && !this.pythonGetattr(s.call)) return undefined;
      chains = this.chains(n);
    }
    const chain = chains[0];
    const last = chain?.length ? chain[chain.length - 1] : undefined;
    return last !== undefined && !last.endsWith('()') ? last : undefined;
  }

  /** Chain of a call (also annotations, which are not expressions): the callee's chain with `()`. */
  callChains(call: CallView): Chain[] {
    if (!call.isAnnotation) return this.chains(call.node);
    const c = this.callChain(call, false, 0);
    return c ? [c] : [];
  }

  /**
   * A local defined once from a call or member (`Runtime r = Runtime.getRuntime()`,
   * `w = resp.getWriter()`): its uses stand for that expression, so `r.exec(x)` is
   * `Runtime.getRuntime().exec(x)` to patterns and sources.
   */
  /**
   * The call that made the function `c` calls: `bent('json')` for `bent('json')(url)` or for
   * `get(url)` after `const get = bent('json')`; null when the callee is not such a result.
   */
  makerOf(c: CallView): CallView | null {
    if (c.isNew || !c.callee) return null;
    let n: Node | null = c.callee;
    const s = this.shape(n);
    if (s.kind === 'ident') {
      const l = this.lookup(s.name, n);
      n = l ? this.aliasOf(l, n) : null;
    }
    return n && this.shape(n).kind === 'call' ? this.callOf(n) : null;
  }

  private aliasOf(l: Lookup, at: Node): Node | null {
    if (l.param) return null;
    // Defined once, or once and then again by the very call being named (`t, err = t.Parse(s)`):
    // at that call the name still holds its first value.
    if (l.bindings.length > 2) return this.madeEachTimeBy(l, at);
    // The one definition other than the call being named, counted without making a list.
    let b: BindingView | undefined;
    let others = 0;
    for (const x of l.bindings) {
      if (x.value && x.value.startIndex <= at.startIndex && at.endIndex <= x.value.endIndex) continue;
      others++;
      b = x;
    }
    if (others !== 1 || !b) return this.madeEachTimeBy(l, at);
    if (!b.value || b.augmented || b.node.endIndex > at.startIndex) return null;
    const kind = this.shape(b.value).kind;
    if (kind !== 'call' && kind !== 'member') return null;
    const c = kind === 'call' ? this.callOf(b.value) : null;
    // A constructed object is named by its type (`new ProcessBuilder()` -> ProcessBuilder()); a
    // constructor taking arguments is an ordinary value, not a handle to alias.
    if (c?.isAnnotation) return null;
    return b.value;
  }

  /**
   * A local defined several times, each time by a call of the same callee (`conn =
   * HTTPConnection(a)`, later `conn = HTTPConnection(b)`): whichever definition reaches `at`, the
   * name holds what that callee makes, so it stands for the latest call before `at` (whose
   * arguments a rule may look at).
   */
  private madeEachTimeBy(l: Lookup, at: Node): Node | null {
    if (l.bindings.length > 32) return null;
    let callee: string | undefined;
    let latest: Node | null = null;
    for (const b of l.bindings) {
      if (!b.value || b.augmented || this.shape(b.value).kind !== 'call') return null;
      const c = this.callOf(b.value);
      if (!c || c.isAnnotation || c.isNew || !c.callee) return null;
      if (callee === undefined) callee = c.callee.text;
      else if (c.callee.text !== callee) return null;
      if (b.node.endIndex <= at.startIndex) latest = b.value;
    }
    return latest;
  }

  /**
   * A local destructured once from a name or member (`const { headers } = request`): its uses
   * stand for that member (`request.headers`) to patterns and sources.
   */
  private pickedFrom(l: Lookup, at: Node): { value: Node; picks: string[] } | null {
    if (l.param || l.bindings.length !== 1) return null;
    const b = l.bindings[0];
    if (!b.picks || !b.value || b.augmented || b.node.endIndex > at.startIndex) return null;
    const kind = this.shape(b.value).kind;
    if (kind !== 'ident' && kind !== 'member' && kind !== 'this') return null;
    return { value: b.value, picks: b.picks };
  }

  private rootOf(name: string, at: Node, typed: boolean): string[] {
    if (typed) {
      const l = this.lookup(name, at);
      const type = l?.param?.type ?? (l ? typedBindingBefore(l.bindings, at)?.type : undefined);
      if (type) {
        const t = normaliseType(type);
        return splitChain('@' + (this.adapter.typeInPackage ? this.adapter.typeInPackage(t, this.imports) : t));
      }
    }
    const root = this.imports.get(name) ?? name;
    let split = this.rootSplits.get(root);
    if (!split) this.rootSplits.set(root, (split = splitChain(root)));
    return split;
  }

  /** Root names and import paths as chains: the same few names are split again and again. Chains are read-only. */
  private readonly rootSplits = new Map<string, string[]>();

  private chain(node: Node, typed: boolean, depth = 0): string[] | null {
    if (depth > 30) return null;
    const s = this.shape(node);
    switch (s.kind) {
      case 'ident': {
        // One look-up serves both: a local standing for a call or member, or picked from one.
        const l = typed || this.imports.has(s.name) ? null : this.lookup(s.name, node);
        const alias = l && this.aliasOf(l, node);
        if (alias) return this.chain(alias, typed, depth + 1);
        const picked = l && this.pickedFrom(l, node);
        if (picked) {
          const base = this.chain(picked.value, typed, depth + 1);
          if (base) return [...base, ...picked.picks];
        }
        return this.rootOf(s.name, node, typed);
      }
      case 'this':
        // In a jQuery plugin `this` is the jQuery object the plugin was called on.
        return this.isPluginThis(node) ? ['$()'] : ['this'];
      case 'member': {
        // `this.http.get(url)` where the class declares `http: HttpService`: typed as `@HttpService`.
        if (typed && this.adapter.thisField && this.shape(s.object).kind === 'this') {
          const type = this.thisFieldType(node, s.name);
          if (type) return splitChain('@' + normaliseType(type));
        }
        return [...(this.chain(s.object, typed, depth + 1) ?? ['?']), this.memberName(s.object, s.name)];
      }
      case 'index':
        return [...(this.chain(s.object, typed, depth + 1) ?? ['?']), '[]'];
      case 'wrap': {
        // `((File) input).delete()`: a cast names the type the value is used as.
        const cast = typed && node.type === 'cast_expression' ? node.childForFieldName('type')?.text : undefined;
        if (cast) return splitChain('@' + normaliseType(cast));
        return this.chain(s.inner, typed, depth + 1);
      }
      case 'call': {
        // `util.promisify(cp.exec)`, `cp.exec.bind(cp)`: the same function, called another way.
        const fn = this.wrappedFunction(s.call);
        if (fn) return this.chain(fn, typed, depth + 1);
        // `require("vm").runInThisContext(x)`: the module itself, as when it is named first.
        const required = this.requiredModule(s.call) ?? this.pythonImported(s.call);
        if (required) return splitChain(required);
        // `getattr(os, "system")`: the attribute, as when it is written `os.system`.
        const attr = this.pythonGetattr(s.call);
        if (attr) return [...(this.chain(attr.object, typed, depth + 1) ?? ['?']), attr.name];
        return this.callChain(s.call, typed, depth);
      }
      default:
        return null;
    }
  }

  private pluginFns: Set<number> | undefined;

  /**
   * Whether `this` (JavaScript) belongs to a jQuery plugin function: one assigned to
   * `$.fn.name` / `$.fn[name]` (itself or through the name of a function of this file) or given
   * in the object of `$.fn.extend({..})` / `$.extend($.fn, {..})` (also as a method `name() {..}`). There `this` is a jQuery
   * object (`this.html(x)` writes markup, `this.innerHTML = x` sets a plain property), while a
   * nested `function` (the callback of `this.each`) has its own `this`, a DOM element.
   */
  private isPluginThis(at: Node): boolean {
    if (this.language !== 'javascript' && this.language !== 'typescript') return false;
    if (!this.pluginFns) {
      this.pluginFns = new Set();
      // Most files define no plugin: their assignments and calls are not looked at.
      if (/\.fn\b/.test(this.text)) this.collectPlugins(this.pluginFns);
    }
    if (this.pluginFns.size === 0) return false;
    // The innermost function with a `this` of its own (an arrow function takes its parent's).
    for (const f of containers(this.intervals('function'), at)) if (f.type !== 'arrow_function') return this.pluginFns.has(f.id);
    return false;
  }

  private collectPlugins(out: Set<number>): void {
    const names = new Set<string>();
    const take = (v: Node | null): void => {
      while (v?.type === 'parenthesized_expression') v = v.firstNamedChild;
      if (!v) return;
      if (v.type === 'function_expression' || v.type === 'function') out.add(v.id);
      else if (v.type === 'identifier' || v.type === 'shorthand_property_identifier') names.add(v.text);
    };
    for (const a of this.ofTypes(['assignment_expression'])) {
      const left = a.childForFieldName('left');
      if (left && PLUGIN_SLOT.test(left.text)) take(a.childForFieldName('right'));
    }
    for (const c of this.ofTypes(['call_expression'])) {
      const callee = c.childForFieldName('function')?.text ?? '';
      const args = c.childForFieldName('arguments')?.namedChildren ?? [];
      let obj: Node | null = null;
      if (PLUGIN_EXTEND.test(callee)) obj = args[0] ?? null;
      else if (JQUERY_EXTEND.test(callee) && args.length === 2 && JQUERY_FN.test(args[0]?.text ?? '')) obj = args[1] ?? null;
      if (obj?.type !== 'object') continue;
      for (const p of obj.namedChildren) {
        if (p?.type === 'pair') take(p.childForFieldName('value'));
        else if (p?.type === 'shorthand_property_identifier') take(p);
        else if (p?.type === 'method_definition') out.add(p.id);
      }
    }
    for (const name of names) {
      for (const fn of this.functionsNamed(name)) if (fn.type === 'function_declaration' || fn.type === 'function_expression' || fn.type === 'function') out.add(fn.id);
    }
  }

  /** Declared types of `this.name`, by the class node's id and the name (see SyntaxAdapter.thisField). */
  private readonly thisFieldCache = new Map<string, string | undefined>();

  private thisFieldType(at: Node, name: string): string | undefined {
    const f = this.adapter.thisField;
    const owner = f && innermost(this.intervals('thisOwner'), at);
    if (!f || !owner || !f.classTypes.has(owner.type)) return undefined;
    const key = `${owner.id}:${name}`;
    if (this.thisFieldCache.has(key)) return this.thisFieldCache.get(key);
    const type = f.fieldType(owner, name);
    this.thisFieldCache.set(key, type);
    return type;
  }

  private wrapperAliases: Map<string, Node> | undefined;

  /** Locals bound to a wrapped function (`const run = promisify(cp.exec)`), by name: the function. */
  wrapperAlias(name: string): Node | undefined {
    if (!this.wrapperAliases) {
      this.wrapperAliases = new Map();
      // Most files wrap nothing: their calls are not looked at.
      if (!WRAPPER_TEXT.test(this.text)) return undefined;
      // Wrappers only: a bound function kept in a local (`const f = cp.exec.bind(cp)`) is rare,
      // and `.bind(` is in most files.
      // Called by their own names (util.promisify) or by a local they were imported as.
      const names = new Set(FUNCTION_WRAPPERS);
      for (const [local, target] of this.imports) {
        const w = wrapperName(target) ?? '';
        if (FUNCTION_WRAPPERS.has(w) || (OBJECT_WRAPPERS.has(w) && WRAPPER_MODULES.has(target))) names.add(local);
      }
      for (const wrapper of names) {
        for (const c of this.callsNamed(wrapper)) {
          const fn = this.wrappedFunction(c);
          const p = fn && c.node.parent;
          if (!p || !this.adapter.bindingTypes.includes(p.type)) continue;
          for (const b of this.bindingsOf(p)) {
            const t = b.value?.id === c.node.id ? this.shape(b.target) : undefined;
            if (t?.kind === 'ident') this.wrapperAliases.set(t.name, fn);
          }
        }
      }
    }
    return this.wrapperAliases.get(name);
  }

  /** The module of an inline `require("name")` (JavaScript), else null. */
  private requiredModule(c: CallView): string | null {
    if (this.language !== 'javascript' && this.language !== 'typescript') return null;
    if (c.isNew || !c.callee || c.args.length !== 1) return null;
    const callee = this.shape(c.callee);
    if (callee.kind !== 'ident' || callee.name !== 'require') return null;
    const m = /^(['"`])([^'"`$\\]+)\1$/.exec(c.args[0].node.text);
    return m ? m[2].replace(/^node:/, '') : null;
  }

  /** Whether a Python file reaches modules or attributes by name (`__import__`, `getattr`): calls through locals bound to them need their chains. */
  get pythonDynamic(): boolean {
    if (this.dynamicAccess === undefined) this.dynamicAccess = this.language === 'python' && PY_DYNAMIC_TEXT.test(this.text);
    return this.dynamicAccess;
  }

  private dynamicAccess: boolean | undefined;

  /**
   * The module a Python `__import__("os")` or `importlib.import_module("os.path")` returns, else
   * null. `__import__` of a dotted name returns the top-level package; import_module the module.
   */
  private pythonImported(c: CallView): string | null {
    if (!this.pythonDynamic || c.isNew || !c.callee || c.args.length < 1 || c.args[0].name) return null;
    const m = /^(['"])([A-Za-z_][\w.]*)\1$/.exec(c.args[0].node.text);
    if (!m) return null;
    const callee = this.shape(c.callee);
    if (callee.kind === 'ident' && callee.name === '__import__' && !this.imports.has('__import__')) return m[2].split('.')[0];
    if (!/import_module$/.test(c.callee.text)) return null;
    const chain = this.chain(c.callee, false, 1);
    return chain?.join('.') === 'importlib.import_module' ? m[2] : null;
  }

  /** The object and constant name of a Python `getattr(obj, "name"[, default])`, else null. */
  private pythonGetattr(c: CallView): { object: Node; name: string } | null {
    if (!this.pythonDynamic || c.isNew || !c.callee || c.args.length < 2 || c.args.length > 3 || c.args.some((a) => a.name)) return null;
    const callee = this.shape(c.callee);
    if (callee.kind !== 'ident' || callee.name !== 'getattr' || this.imports.has('getattr')) return null;
    const m = /^(['"])([A-Za-z_]\w*)\1$/.exec(c.args[1].node.text);
    return m ? { object: c.args[0].node, name: m[2] } : null;
  }

  /** The function a wrapper call returns a form of (promisify(f), f.bind(x), promisifyAll(m)), else null. */
  wrappedFunction(c: CallView): Node | null {
    if (c.isNew || !c.callee) return null;
    const callee = this.shape(c.callee);
    if (callee.kind === 'member' && callee.name === 'bind') {
      const target = this.shape(callee.object).kind;
      return target === 'member' || target === 'ident' ? callee.object : null;
    }
    const name = this.calleeName(callee);
    if (!name || !(FUNCTION_WRAPPERS.has(name) || OBJECT_WRAPPERS.has(name)) || c.args.length < 1) return null;
    // promisifyAll takes options after the object; the function wrappers the function and at
    // most an options object (`es6Promisify(cp.exec, { multiArgs: true })`, `pify(fn, opts)`).
    if (c.args.length !== 1 && !OBJECT_WRAPPERS.has(name) && !(c.args.length === 2 && c.args[1].node.type === 'object')) return null;
    const arg = c.args[0].node;
    const kind = this.shape(arg).kind;
    if (kind === 'member' || kind === 'ident') return arg;
    const inner = kind === 'call' ? this.callOf(arg) : null;
    if (!inner) return null;
    // `promisifyAll(require('child_process'))`: the module itself.
    if (this.requiredModule(inner)) return arg;
    // `promisify(cp.exec.bind(cp))`: the function the inner wrapper returns a form of.
    return this.wrappedFunction(inner);
  }

  private calleeName(callee: Shape): string | undefined {
    if (callee.kind === 'call') {
      // `require("pify")(fs.readFileSync)`: the module called in place.
      const m = this.requiredModule(callee.call);
      return m ? wrapperName(m) : undefined;
    }
    if (callee.kind === 'member') {
      // `thenifyAll.withCallback(cp)`: the same wrapper, keeping callbacks working too.
      if (callee.name === 'withCallback') return this.calleeName(this.shape(callee.object));
      return callee.name;
    }
    return callee.kind === 'ident' ? wrapperName(this.imports.get(callee.name) ?? callee.name) : undefined;
  }

  /** The method a member names: `execAsync` of a promisifyAll'd module is its `exec`. */
  memberName(object: Node, name: string): string {
    if (!this.jsLike) return name;
    if (name.length > 5 && name.endsWith('Async') && this.promisifiedAll(object)) return name.slice(0, -5);
    // thenify-all copies only the methods it is given (`thenifyAll(cp, {}, ['exec'])`) onto its
    // destination: another name there is not the module's method.
    if (this.thenifiedText === undefined) this.thenifiedText = this.text.includes('thenify');
    if (this.thenifiedText) {
      const listed = this.listedMethods(object);
      if (listed && !listed.has(name)) return `${name}?`;
    }
    return name;
  }

  private thenifiedText: boolean | undefined;

  /** The methods a thenify-all call was given as its third argument (a literal list), else undefined. */
  private listedMethods(node: Node, depth = 0): Set<string> | undefined {
    if (depth > 4) return undefined;
    const s = this.shape(node);
    if (s.kind === 'wrap') return this.listedMethods(s.inner, depth + 1);
    if (s.kind === 'ident') {
      const l = this.lookup(s.name, node);
      const alias = l && this.aliasOf(l, node);
      return alias ? this.listedMethods(alias, depth + 1) : undefined;
    }
    if (s.kind !== 'call' || s.call.isNew || !s.call.callee || this.calleeName(this.shape(s.call.callee)) !== 'thenifyAll') return undefined;
    const list = s.call.args[2]?.node;
    if (!list || list.type !== 'array') return undefined;
    const out = new Set<string>();
    for (const el of list.namedChildren) {
      const m = el && /^(['"])([\w$]+)\1$/.exec(el.text);
      if (!m) return undefined;
      out.add(m[2]);
    }
    return out;
  }

  /** Whether `node` is an object in promise form (`promisifyAll(cp)`, or a local defined once from one). */
  private promisifiedAll(node: Node, depth = 0): boolean {
    if (depth > 4) return false;
    const s = this.shape(node);
    if (s.kind === 'wrap') return this.promisifiedAll(s.inner, depth + 1);
    if (s.kind === 'ident') {
      const l = this.lookup(s.name, node);
      const alias = l && this.aliasOf(l, node);
      if (alias && this.promisifiedAll(alias, depth + 1)) return true;
      // Promisified in place (`Promise.promisifyAll(fs); fs.readFileAsync(p)`).
      for (const w of OBJECT_WRAPPERS) for (const c of this.callsNamed(w)) if (c.args[0]?.node.text === s.name) return true;
      return false;
    }
    if (s.kind !== 'call' || s.call.isNew || !s.call.callee) return false;
    const name = this.calleeName(this.shape(s.call.callee));
    return !!name && OBJECT_WRAPPERS.has(name);
  }

  private callChain(c: CallView, typed: boolean, depth: number): string[] {
    let base: string[] | null;
    if (c.isNew) base = c.type ? this.typeChain(c.type) : null;
    else if (c.callee) base = this.chain(c.callee, typed, depth + 1);
    else base = [...(c.receiver ? this.chain(c.receiver, typed, depth + 1) ?? ['?'] : []), c.name ?? '?'];
    if (!base || base.length === 0) return ['?()'];
    // A copy: chains are shared (cached, root splits).
    const out = base.slice();
    out[out.length - 1] = `${base[base.length - 1]}()`;
    return out;
  }

  /** A constructed type's name as a chain (`System.IO.FileStream`, `java.net.URL`). */
  typeChain(type: Node): string[] {
    return splitChain(type.text.replace(/<[\s\S]*$/, '').replace(/\s+/g, ''));
  }
}

/** Argument lists of calls in the program languages (a lambda may sit in an `argument` node first). */
const ARGUMENT_LIST_TYPES = new Set(['arguments', 'argument_list']);

/** Whether a function, whose parent is `p`, is passed to a call as an argument (a callback). */
function isCallArgument(p: Node, parentOf: (n: Node) => Node | null): boolean {
  if (ARGUMENT_LIST_TYPES.has(p.type)) return true;
  if (p.type !== 'argument') return false;
  const pp = parentOf(p);
  return !!pp && ARGUMENT_LIST_TYPES.has(pp.type);
}
