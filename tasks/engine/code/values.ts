import { anyMatches } from './chains';
import type { FileIndex } from './fileIndex';
import { isFrameworkInput } from './frameworkParams';
import { NUMERIC_MEMBERS, STRING_BUILDERS, STRING_PASSTHROUGH, TAINT_PROPAGATORS, type CompiledKnowledge } from './knowledge';
import { SAFE_TYPES, normaliseType, type CallView, type Node } from './syntax';

/**
 * Intra-procedural value tracking: what an expression can hold, following local definitions
 * (flow-insensitive, preferring definitions completed before the use), string building and
 * calls. It answers the questions rules ask: is it constant (or sanitised), does request input
 * reach it, is it a string built at run time, what constant text does it start with.
 */

export type Scalar = string | number | boolean | null;

export interface Val {
  /** A literal, a named constant, or the result of a sanitiser: cannot carry attacker data. */
  constant: boolean;
  /** Request input reaches it. */
  tainted: boolean;
  /** Known to be a string built from parts. */
  stringy: boolean;
  /** A string built at run time with at least one part that is not constant. */
  dynamic: boolean;
  /** The one scalar it holds, when known. */
  literal?: Scalar;
  /** Constant text it starts with (null: unknown). */
  prefix: string | null;
  /** Its constant string parts. */
  fragments: string[];
}

const UNKNOWN: Val = Object.freeze({ constant: false, tainted: false, stringy: false, dynamic: false, prefix: null, fragments: [] }) as Val;
const TRUSTED: Val = Object.freeze({ constant: true, tainted: false, stringy: false, dynamic: false, prefix: null, fragments: [] }) as Val;
const TAINTED: Val = Object.freeze({ constant: false, tainted: true, stringy: false, dynamic: false, prefix: null, fragments: [] }) as Val;

function str(value: string): Val {
  return { constant: true, tainted: false, stringy: true, dynamic: false, literal: value, prefix: value, fragments: [value] };
}

/** Concatenation of parts in order. */
function seq(parts: Val[]): Val {
  let prefix: string | null = '';
  let prefixOpen = true;
  let literal: string | undefined = '';
  const fragments: string[] = [];
  let constant = true;
  let tainted = false;
  let dynamic = false;
  for (const p of parts) {
    constant &&= p.constant;
    tainted ||= p.tainted;
    dynamic ||= !p.constant || p.dynamic;
    fragments.push(...p.fragments);
    if (literal !== undefined) literal = p.literal !== undefined && p.literal !== null ? literal + String(p.literal) : undefined;
    if (prefixOpen) {
      if (p.literal !== undefined && p.literal !== null) prefix += String(p.literal);
      else {
        prefix = (prefix ?? '') + (p.prefix ?? '');
        prefixOpen = false;
      }
    }
  }
  return { constant, tainted, stringy: true, dynamic, literal, prefix: prefix === '' && !prefixOpen ? null : prefix, fragments };
}

/** One of several values. */
function union(vals: Val[]): Val {
  if (vals.length === 0) return UNKNOWN;
  if (vals.length === 1) return vals[0];
  const first = vals[0];
  const same = vals.every((v) => v.literal === first.literal);
  let prefix = first.prefix;
  for (const v of vals) {
    if (prefix === null || v.prefix === null) {
      prefix = null;
      break;
    }
    let i = 0;
    while (i < prefix.length && i < v.prefix.length && prefix[i] === v.prefix[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return {
    constant: vals.every((v) => v.constant),
    tainted: vals.some((v) => v.tainted),
    stringy: vals.some((v) => v.stringy),
    dynamic: vals.some((v) => v.dynamic),
    literal: same ? first.literal : undefined,
    prefix,
    fragments: vals.flatMap((v) => v.fragments),
  };
}

const NAMED_CONSTANT = /^[A-Z][A-Z0-9_]+$/;
const MAX_DEPTH = 40;

export class ValueTracker {
  private readonly memo = new Map<number, Val>();
  private readonly active = new Set<number>();
  private depth = 0;

  constructor(
    readonly index: FileIndex,
    readonly knowledge: CompiledKnowledge,
  ) {}

  isSource(node: Node): boolean {
    return anyMatches(this.knowledge.sources, this.index.chains(node), true);
  }

  isSanitizer(call: CallView): boolean {
    return anyMatches(this.knowledge.sanitizers, this.index.callChains(call));
  }

  value(node: Node): Val {
    const hit = this.memo.get(node.id);
    if (hit) return hit;
    // A definition that reaches itself (loops, x = f(x)) adds nothing new.
    if (this.active.has(node.id) || this.depth > MAX_DEPTH) return UNKNOWN;
    this.active.add(node.id);
    this.depth++;
    try {
      const v = this.compute(node);
      this.memo.set(node.id, v);
      return v;
    } finally {
      this.depth--;
      this.active.delete(node.id);
    }
  }

  private compute(node: Node): Val {
    const a = this.index.adapter;
    const s = a.shape(node);
    switch (s.kind) {
      case 'string':
        return str(s.value);
      case 'scalar':
        return { ...TRUSTED, literal: s.value, prefix: s.value === null ? null : String(s.value), fragments: [] };
      case 'interpolated':
        return seq(s.parts.map((p) => (typeof p === 'string' ? str(p) : this.value(p))));
      case 'binary':
        return this.binary(s.op, s.left, s.right);
      case 'ident':
        return this.ident(s.name, node);
      case 'this':
        return UNKNOWN;
      case 'member':
        if (this.isSource(node)) return TAINTED;
        if (NUMERIC_MEMBERS.has(s.name)) return TRUSTED;
        if (NAMED_CONSTANT.test(s.name)) return TRUSTED;
        return this.derived([s.object]);
      case 'index':
        if (this.isSource(node)) return TAINTED;
        return this.derived([s.object]);
      case 'call':
        return this.call(s.call);
      case 'wrap':
        return this.value(s.inner);
      case 'choice':
        return union(s.options.map((o) => this.value(o)));
      case 'collection': {
        const items = s.items.map((i) => this.value(i));
        const stringy = items.some((i) => i.stringy);
        return {
          constant: items.every((i) => i.constant),
          tainted: items.some((i) => i.tainted),
          stringy: false,
          dynamic: stringy && items.some((i) => !i.constant || i.dynamic),
          prefix: null,
          fragments: items.flatMap((i) => i.fragments),
        };
      }
      case 'function':
        return TRUSTED;
      default:
        if (this.isSource(node)) return TAINTED;
        return this.derived(node.namedChildren.filter((c): c is Node => !!c).slice(0, 8));
    }
  }

  /** Unknown value computed from `from`: carries their taint. */
  private derived(from: Node[]): Val {
    for (const f of from) if (this.value(f).tainted) return TAINTED;
    return UNKNOWN;
  }

  private binary(op: string, left: Node, right: Node): Val {
    const l = this.value(left);
    const r = this.value(right);
    switch (op) {
      case '+':
        if (l.stringy || r.stringy) return seq([l, r]);
        return { ...UNKNOWN, constant: l.constant && r.constant, tainted: l.tainted || r.tainted };
      case '%':
        // Python printf-style formatting.
        if (l.stringy) return this.format(l, [right]);
        return TRUSTED;
      case '||':
      case '&&':
      case '??':
      case 'or':
      case 'and':
        return union([l, r]);
      default:
        // Comparisons and arithmetic yield booleans and numbers.
        return TRUSTED;
    }
  }

  /** A format string filled with arguments: constant text up to the first placeholder. */
  private format(fmt: Val, args: Node[]): Val {
    const argVals = args.flatMap((a) => {
      const s = this.index.adapter.shape(a);
      return s.kind === 'collection' ? s.items.map((i) => this.value(i)) : [this.value(a)];
    });
    const out = seq([fmt, ...argVals]);
    const lit = typeof fmt.literal === 'string' ? fmt.literal : null;
    out.prefix = lit !== null ? lit.split(/[%{]/)[0] : fmt.prefix;
    if (argVals.every((v) => v.constant)) out.literal = undefined;
    return out;
  }

  private ident(name: string, at: Node): Val {
    if (this.isSource(at)) return TAINTED;
    const l = this.index.lookup(name, at);
    if (!l) return NAMED_CONSTANT.test(name) ? TRUSTED : UNKNOWN;
    const before = l.bindings.filter((b) => b.node.endIndex <= at.startIndex);
    let defs = before;
    if (defs.length === 0) {
      if (l.param) return this.param(l.param.annotations, l.param.type, name, at);
      defs = l.bindings.filter((b) => !(b.node.startIndex <= at.startIndex && at.endIndex <= b.node.endIndex));
    }
    if (defs.length === 0) return UNKNOWN;
    const vals = defs.map((b) => (b.type && SAFE_TYPES.test(normaliseType(b.type)) ? TRUSTED : b.value ? this.value(b.value) : UNKNOWN));
    const u = union(vals);
    if (defs.some((b) => b.augmented) && u.stringy) return { ...u, dynamic: u.dynamic || !u.constant, literal: undefined };
    return u;
  }

  private param(annotations: readonly string[], type: string | undefined, name: string, at: Node): Val {
    if (annotations.some((n) => this.knowledge.annotatedSources.has(n))) return TAINTED;
    if (type && SAFE_TYPES.test(normaliseType(type))) return TRUSTED;
    if (isFrameworkInput(this.index, this.knowledge.parameters, this.knowledge.key, name, at)) return TAINTED;
    return UNKNOWN;
  }

  private receiverOf(c: CallView): Node | undefined {
    if (c.receiver) return c.receiver;
    if (!c.callee) return undefined;
    const s = this.index.adapter.shape(c.callee);
    return s.kind === 'member' ? s.object : undefined;
  }

  /** A class, module or package name used as a receiver (`String`, `fmt`, `path`). */
  private isNamespace(node: Node): boolean {
    const s = this.index.adapter.shape(node);
    if (s.kind !== 'ident') return false;
    if (/^[A-Z]/.test(s.name) || s.name === 'string' || this.index.imports.has(s.name)) return true;
    return false;
  }

  private call(c: CallView): Val {
    if (this.isSource(c.node)) return TAINTED;
    if (this.isSanitizer(c)) return TRUSTED;
    const chains = this.index.callChains(c);
    const last = chains[0]?.[chains[0].length - 1]?.replace(/\(\)$/, '') ?? '';
    const recvNode = this.receiverOf(c);
    const recv = recvNode ? this.value(recvNode) : undefined;
    if (!c.isNew && STRING_PASSTHROUGH.has(last) && recv) return recv;
    if (!c.isNew && STRING_BUILDERS.has(last)) {
      // `String.format(f, a)`, `fmt.Sprintf(f, a)`: the receiver is a namespace, not a part.
      const parts = recv && recvNode && !this.isNamespace(recvNode) ? [recv] : [];
      const argNodes = c.args.map((x) => x.node);
      if (parts.length === 0 && argNodes.length > 0 && this.value(argNodes[0]).stringy) {
        return this.format(this.value(argNodes[0]), argNodes.slice(1));
      }
      if (parts.length === 1 && parts[0].stringy && /^(format|Format|formatted)$/.test(last)) return this.format(parts[0], argNodes);
      return seq([...parts, ...argNodes.map((n) => this.value(n))]);
    }
    if (c.isAnnotation) return UNKNOWN;
    // Methods of tainted data (`input.split(',')`) and conversions, decoders and path/URL
    // builders carry taint; other functions' results do not (a command's output, a row count).
    if (recv?.tainted) return TAINTED;
    if (c.isNew || last === '?' || TAINT_PROPAGATORS.has(last)) {
      for (const x of c.args) if (this.value(x.node).tainted) return TAINTED;
    }
    return UNKNOWN;
  }
}
