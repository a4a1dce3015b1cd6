import { splitChain, type Chain } from './chains';
import type { ProgramLanguage } from '../rules/codeRuleSpec';
import { normaliseType, type BindingView, type CallView, type Node, type ParamView, type SyntaxAdapter } from './syntax';

interface Interval {
  start: number;
  end: number;
  node: Node;
}

function contains(i: Interval, n: Node): boolean {
  return i.start <= n.startIndex && n.endIndex <= i.end && !(i.start === n.startIndex && i.end === n.endIndex && i.node.id === n.id);
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
  for (let i = lastStartingBy(list, n.startIndex); i >= 0; i--) if (contains(list[i], n)) return list[i].node;
  return null;
}

function containers(list: Interval[], n: Node): Node[] {
  const out: Node[] = [];
  for (let i = lastStartingBy(list, n.startIndex); i >= 0; i--) if (contains(list[i], n)) out.push(list[i].node);
  return out;
}

export interface Lookup {
  /** Definitions of the name in the nearest scope that defines it. */
  bindings: BindingView[];
  /** The parameter of that name, when the scope is a function that declares one. */
  param?: ParamView;
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

  constructor(
    readonly root: Node,
    readonly adapter: SyntaxAdapter,
    readonly language: ProgramLanguage,
    readonly text: string,
    /** Whether any pattern or source of this scan uses `@Type` roots (costs a lookup per chain). */
    readonly typedRoots = true,
  ) {
    this.imports = adapter.imports(root);
  }

  /** Nearest enclosing scope node (function, lambda, class body) of `node`, else the root. */
  scopeOf(node: Node): Node {
    const cached = this.scopeCache.get(node.id);
    if (cached) return cached;
    const s = innermost(this.intervals('scope'), node) ?? this.root;
    this.scopeCache.set(node.id, s);
    return s;
  }

  /** Nearest enclosing function-like node, or null at top level. */
  functionOf(node: Node): Node | null {
    return innermost(this.intervals('function'), node);
  }

  /** Enclosing `if` statements of `node`, outermost last. */
  enclosingIfs(node: Node): Node[] {
    return containers(this.intervals('if'), node);
  }

  /**
   * Scope, function and if nodes as intervals sorted by start. Walking up with `.parent` is
   * costly in tree-sitter (it descends from the root each time); containment of ranges is not.
   */
  private intervals(kind: 'scope' | 'function' | 'if'): Interval[] {
    let list = this.intervalCache.get(kind);
    if (!list) {
      const types = kind === 'scope' ? [...this.adapter.scopeTypes] : kind === 'function' ? [...this.adapter.functionTypes] : [...this.adapter.ifTypes];
      list = this.root
        .descendantsOfType(types)
        .filter((n): n is Node => !!n)
        .map((n) => ({ start: n.startIndex, end: n.endIndex, node: n }))
        .sort((a, b) => a.start - b.start || b.end - a.end);
      this.intervalCache.set(kind, list);
    }
    return list;
  }

  private allBindings(): Map<number, Map<string, BindingView[]>> {
    if (this.bindingsByScope) return this.bindingsByScope;
    const out = new Map<number, Map<string, BindingView[]>>();
    for (const n of this.root.descendantsOfType([...this.adapter.bindingTypes])) {
      if (!n) continue;
      for (const b of this.adapter.bindings(n)) {
        const shape = this.adapter.shape(b.target);
        if (shape.kind !== 'ident') continue;
        const scope = this.scopeOf(n);
        let byName = out.get(scope.id);
        if (!byName) out.set(scope.id, (byName = new Map()));
        const list = byName.get(shape.name) ?? [];
        list.push(b);
        byName.set(shape.name, list);
      }
    }
    this.bindingsByScope = out;
    return out;
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
      const bindings = this.allBindings().get(scope.id)?.get(name) ?? [];
      const param = this.paramsOf(scope).get(name);
      if (bindings.length || param) return { bindings, param };
      if (scope.id === this.root.id) return undefined;
      scope = this.scopeOf(scope);
    }
  }

  /** The chain of an expression, plus its `@Type`-rooted form when the root has a declared type. */
  chains(node: Node): Chain[] {
    const cached = this.chainCache.get(node.id);
    if (cached) return cached;
    const plain = this.chain(node, false);
    const typed = this.typedRoots ? this.chain(node, true) : null;
    const out: Chain[] = [];
    if (plain) out.push(plain);
    if (typed && (!plain || typed.join('.') !== plain.join('.'))) out.push(typed);
    this.chainCache.set(node.id, out);
    return out;
  }

  /** Chain of a call (also annotations, which are not expressions): the callee's chain with `()`. */
  callChains(call: CallView): Chain[] {
    if (!call.isAnnotation) return this.chains(call.node);
    const c = this.callChain(call, false, 0);
    return c ? [c] : [];
  }

  private rootOf(name: string, at: Node, typed: boolean): string[] {
    if (typed) {
      const l = this.lookup(name, at);
      const type = l?.param?.type ?? l?.bindings.find((b) => b.type)?.type;
      if (type) return splitChain('@' + normaliseType(type));
    }
    return splitChain(this.imports.get(name) ?? name);
  }

  private chain(node: Node, typed: boolean, depth = 0): string[] | null {
    if (depth > 30) return null;
    const s = this.adapter.shape(node);
    switch (s.kind) {
      case 'ident':
        return this.rootOf(s.name, node, typed);
      case 'this':
        return ['this'];
      case 'member':
        return [...(this.chain(s.object, typed, depth + 1) ?? ['?']), s.name];
      case 'index':
        return [...(this.chain(s.object, typed, depth + 1) ?? ['?']), '[]'];
      case 'wrap':
        return this.chain(s.inner, typed, depth + 1);
      case 'call':
        return this.callChain(s.call, typed, depth);
      default:
        return null;
    }
  }

  private callChain(c: CallView, typed: boolean, depth: number): string[] {
    let base: string[] | null;
    if (c.isNew) base = c.type ? this.typeChain(c.type) : null;
    else if (c.callee) base = this.chain(c.callee, typed, depth + 1);
    else base = [...(c.receiver ? this.chain(c.receiver, typed, depth + 1) ?? ['?'] : []), c.name ?? '?'];
    if (!base || base.length === 0) return ['?()'];
    return [...base.slice(0, -1), `${base[base.length - 1]}()`];
  }

  /** A constructed type's name as a chain (`System.IO.FileStream`, `java.net.URL`). */
  typeChain(type: Node): string[] {
    return splitChain(type.text.replace(/<[\s\S]*$/, '').replace(/\s+/g, ''));
  }
}
