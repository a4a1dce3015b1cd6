import type { Language as TsLanguage, Query as TsQuery } from '@vscode/tree-sitter-wasm';
import { anyMatches, compileChainPattern, splitChain, type ChainPattern } from './chains';
import { annotatedHere, annotatedWith, annotationTexts } from './frameworkParams';
import { leaves, runsBefore, skipsRest, splitTop, stripParens } from './guards';
import { isKeyCopy, writesIntoNullPrototype } from './keyCopy';
import { backtracksExponentially } from './regexUse';
import type { ArgCheck, CodePattern, ValueCheck } from '../rules/codeRuleSpec';
import type { FileIndex } from './fileIndex';
import { loadedRuntime } from './grammars';
import type { BindingView, CallView, Node, PairView } from './syntax';
import { leadsWithInput, trailNodes, type FlowTrail, type Scalar, type Val, type ValueTracker } from './values';

/** Compiled form of a program-language pattern (see CodePattern). */
export interface ProgramPattern {
  kind: 'call' | 'new' | 'assign' | 'pair' | 'ref' | 'query';
  chains: ChainPattern[];
  /** Calls whose chain matches one of these are left out. */
  notChains: ChainPattern[];
  /** Cheap pre-check: the names a matching call or reference must end with (null: any). */
  lastNames: Set<string> | null;
  /**
   * Patterns that call what a module's function returned (`bent()()`: `const get = bent('json');
   * get(url)`): the call site's own name is any local, so instead the file must import one of
   * these modules (null: not such a pattern).
   */
  importRoots: Set<string> | null;
  keys: ReadonlySet<string>;
  query?: string;
  args: CompiledArgCheck[];
  unless: CompiledArgCheck[];
  value?: CompiledValueCheck;
  textMatches?: RegExp;
  context?: RegExp;
  contextNot?: RegExp;
  notInside?: RegExp;
  notBesideBranch?: RegExp;
  unlessGuarded?: RegExp;
  inFunction?: ProgramPattern;
  /** Any of these in the enclosing function keeps the match from being reported. */
  unlessInFunction?: ProgramPattern[];
  decoratedWith?: ChainPattern[];
  notDecoratedWith?: ChainPattern[];
  returned?: boolean;
  before?: boolean;
  keyCopy?: boolean;
  unlessNullPrototype?: boolean;
  annotationMatches?: RegExp;
  annotationNotMatches?: RegExp;
}

interface CompiledValueCheck {
  constant?: boolean;
  open?: boolean;
  tainted?: boolean;
  hostTainted?: boolean;
  dynamicString?: boolean;
  stringMatches?: RegExp;
  textMatches?: RegExp;
  textNotMatches?: RegExp;
  sourceMatches?: RegExp;
  sourceNotMatches?: RegExp;
  flowMatches?: RegExp;
  flowNotMatches?: RegExp;
  definitionNotMatches?: RegExp;
  definitionMatches?: RegExp;
  equals?: Scalar[];
  below?: number;
  missing?: boolean;
  returnsTrue?: boolean;
  classMatches?: RegExp;
  derivedMatches?: RegExp;
  callbackOf?: RegExp;
  paramsOnly?: boolean;
  backtracking?: 'exponential' | 'polynomial';
  wholeMatch?: boolean;
  at: string[];
}

type Selector = ({ kind: 'pos'; index: number } | { kind: 'from'; index: number } | { kind: 'name'; name: string } | { kind: 'any' } | { kind: 'last' } | { kind: 'receiver' }) & {
  /** Property path inside the selected argument (`2.shell` -> ['shell']). */
  path: string[];
};

interface CompiledArgCheck extends CompiledValueCheck {
  selectors: Selector[];
}

/** Nodes between a function passed as an argument and the call it is passed to. */
const CALLBACK_ARGUMENT_WRAPPERS = new Set(['arguments', 'argument_list', 'argument']);

export class PatternCompileError extends Error {}

function regex(src: string | undefined, what: string): RegExp | undefined {
  if (src === undefined) return undefined;
  try {
    return new RegExp(src, 'i');
  } catch (e) {
    throw new PatternCompileError(`${what} is not a valid regular expression: ${(e as Error).message}`);
  }
}

function compileValueCheck(v: ValueCheck, where: string): CompiledValueCheck {
  return compileCheck(v, where, []);
}

/**
 * Value and argument checks come from this one literal (a value's `selectors` empty), so that
 * all of them share one hidden class: the matcher reads a check's fields at every candidate node,
 * and an argument check spread from a value check took a hidden class of its own (1,227 for
 * the built-in rules' 1,388 checks), which made those reads megamorphic.
 */
function compileCheck(v: ValueCheck, where: string, selectors: Selector[]): CompiledArgCheck {
  return {
    constant: v.constant,
    open: v.open,
    tainted: v.tainted,
    hostTainted: v.hostTainted,
    dynamicString: v.dynamicString,
    stringMatches: regex(v.stringMatches, `${where}.stringMatches`),
    textMatches: regex(v.textMatches, `${where}.textMatches`),
    textNotMatches: regex(v.textNotMatches, `${where}.textNotMatches`),
    sourceMatches: regex(v.sourceMatches, `${where}.sourceMatches`),
    sourceNotMatches: regex(v.sourceNotMatches, `${where}.sourceNotMatches`),
    flowMatches: regex(v.flowMatches, `${where}.flowMatches`),
    flowNotMatches: regex(v.flowNotMatches, `${where}.flowNotMatches`),
    definitionNotMatches: regex(v.definitionNotMatches, `${where}.definitionNotMatches`),
    definitionMatches: regex(v.definitionMatches, `${where}.definitionMatches`),
    equals: v.equals === undefined ? undefined : Array.isArray(v.equals) ? v.equals : [v.equals],
    below: v.below,
    missing: v.missing,
    returnsTrue: v.returnsTrue,
    classMatches: regex(v.classMatches, `${where}.classMatches`),
    derivedMatches: regex(v.derivedMatches, `${where}.derivedMatches`),
    callbackOf: regex(v.callbackOf, `${where}.callbackOf`),
    paramsOnly: v.paramsOnly,
    backtracking: v.backtracking,
    wholeMatch: v.wholeMatch,
    at: v.at ? v.at.split('.') : [],
    selectors,
  };
}

function compileArgCheck(a: ArgCheck, where: string): CompiledArgCheck {
  const raw = String(a.arg);
  const selectors = raw.split('|').map((alt): Selector => {
    const [s, ...path] = alt.split('.');
    if (/^\d+$/.test(s)) return { kind: 'pos', index: Number(s), path };
    if (s === '*') return { kind: 'any', path };
    // `1+`: what follows the first positional arguments (a template's variables, not its name).
    if (/^\d+\+$/.test(s)) return { kind: 'from', index: Number(s.slice(0, -1)), path };
    if (s === 'last') return { kind: 'last', path };
    // The object a method is called on (`p.open()` of a path built from input).
    if (s === 'receiver') return { kind: 'receiver', path };
    if (/^[A-Za-z_$][\w$]*$/.test(s)) return { kind: 'name', name: s, path };
    throw new PatternCompileError(`${where}.arg "${raw}" is not an argument selector (0, name, 1|name, 2.key, *, 1+, last, receiver)`);
  });
  return compileCheck(a, where, selectors);
}

function chainList(list: string[], where: string, suffix: boolean): ChainPattern[] {
  return list.map((s) => {
    try {
      return compileChainPattern(suffix && !s.startsWith('**') ? `**.${s}` : s);
    } catch (e) {
      throw new PatternCompileError(`${where}: ${(e as Error).message}`);
    }
  });
}

export function compileProgramPattern(p: CodePattern, where: string): ProgramPattern {
  const kinds = (['call', 'new', 'assign', 'pair', 'ref', 'query'] as const).filter((k) => p[k] !== undefined);
  if (kinds.length !== 1) throw new PatternCompileError(`${where}: give exactly one of call, new, assign, pair, ref, query (found ${kinds.length ? kinds.join(', ') : 'none'})`);
  const configKeys = (['resource', 'each', 'where', 'whereNot', 'report'] as const).filter((k) => p[k] !== undefined);
  if (configKeys.length) throw new PatternCompileError(`${where}: ${configKeys.join(', ')} apply to configuration languages only`);
  const kind = kinds[0];
  const chains = kind === 'call' || kind === 'assign' || kind === 'ref' ? chainList(p[kind] as string[], `${where}.${kind}`, false) : kind === 'new' ? chainList(p.new as string[], `${where}.new`, true) : [];
  if ((p.args || p.unless) && kind !== 'call' && kind !== 'new') throw new PatternCompileError(`${where}: args/unless apply to call and new patterns`);
  if (p.value && kind !== 'assign' && kind !== 'pair' && kind !== 'query') throw new PatternCompileError(`${where}: value applies to assign, pair and query patterns`);
  if (p.notCall && kind !== 'call') throw new PatternCompileError(`${where}: notCall applies to call patterns`);
  if (p.notAssign && kind !== 'assign') throw new PatternCompileError(`${where}: notAssign applies to assign patterns`);
  return {
    kind,
    chains,
    notChains: p.notCall ? chainList(p.notCall, `${where}.notCall`, false) : p.notAssign ? chainList(p.notAssign, `${where}.notAssign`, false) : [],
    lastNames: kind === 'call' || kind === 'new' || kind === 'ref' ? lastNamesOf(chains) : null,
    importRoots: kind === 'call' ? calledResultRoots(chains) : null,
    keys: new Set(kind === 'pair' ? p.pair : []),
    query: p.query,
    args: (p.args ?? []).map((a, i) => compileArgCheck(a, `${where}.args[${i}]`)),
    unless: (p.unless ?? []).map((a, i) => compileArgCheck(a, `${where}.unless[${i}]`)),
    value: p.value ? compileValueCheck(p.value, `${where}.value`) : undefined,
    textMatches: regex(p.textMatches, `${where}.textMatches`),
    context: regex(p.context, `${where}.context`),
    contextNot: regex(p.contextNot, `${where}.contextNot`),
    notInside: regex(p.notInside, `${where}.notInside`),
    notBesideBranch: regex(p.notBesideBranch, `${where}.notBesideBranch`),
    unlessGuarded: regex(p.unlessGuarded, `${where}.unlessGuarded`),
    inFunction: p.inFunction ? compileProgramPattern(p.inFunction, `${where}.inFunction`) : undefined,
    unlessInFunction: p.unlessInFunction === undefined ? undefined : Array.isArray(p.unlessInFunction) ? p.unlessInFunction.map((q, i) => compileProgramPattern(q, `${where}.unlessInFunction[${i}]`)) : [compileProgramPattern(p.unlessInFunction, `${where}.unlessInFunction`)],
    decoratedWith: p.decoratedWith ? chainList(p.decoratedWith, `${where}.decoratedWith`, false) : undefined,
    notDecoratedWith: p.notDecoratedWith ? chainList(p.notDecoratedWith, `${where}.notDecoratedWith`, false) : undefined,
    returned: p.returned,
    before: p.before,
    keyCopy: p.keyCopy,
    unlessNullPrototype: p.unlessNullPrototype,
    annotationMatches: regex(p.annotationMatches, `${where}.annotationMatches`),
    annotationNotMatches: regex(p.annotationNotMatches, `${where}.annotationNotMatches`),
  };
}

/** Switch clauses whose label `notInside` reads: Go, JavaScript, Python, Java, C#. */
const CASE_CLAUSES = ['expression_case', 'type_case', 'switch_case', 'case_clause', 'switch_block_statement_group', 'switch_rule', 'switch_section'] as const;

/** Queries compiled once per grammar and thread (they live as long as the grammar). */
const queries = new WeakMap<TsLanguage, Map<string, TsQuery | null>>();

/**
 * The query compiled for a grammar, or null when it names a node type the grammar does not have
 * (a JSX element in plain TypeScript, whose grammar has no JSX): no such node can occur there, so
 * the query matches nothing. Other errors (syntax, unknown fields) are thrown.
 */
export function compiledQuery(lang: TsLanguage, src: string): TsQuery | null {
  let byLang = queries.get(lang);
  if (!byLang) queries.set(lang, (byLang = new Map()));
  let q = byLang.get(src);
  if (q === undefined) {
    try {
      q = new (loadedRuntime().Query)(lang, src);
    } catch (e) {
      if (!/Bad node name/i.test((e as Error).message)) throw e;
      q = null;
    }
    byLang.set(src, q);
  }
  return q;
}

/**
 * A query of one pattern read into steps that runQuery can match itself at the nodes the file
 * index lists: compiling a query costs tree-sitter milliseconds per grammar and thread (its
 * analysis of the pattern against the grammar's parse table; 60 ms of a node_modules scan), and
 * at a listed node the few steps cost next to nothing. Only the plainest query syntax is read:
 * node types, `(_)`, fields, string (anonymous) nodes, alternations, captures and the predicates
 * `#eq?`, `#not-eq?`, `#match?`, `#not-match?`; anything else (anchors, quantifiers, negated
 * fields, several patterns, other predicates) gives null and the query is compiled.
 */
type Step =
  | { k: 'node'; type: string | null; field?: string; children: Step[]; capture?: string; anchoredEnd?: boolean }
  | { k: 'anon'; text: string; field?: string; capture?: string }
  | { k: 'alt'; alts: Step[]; field?: string; capture?: string };
/** A child step after an anchor (`.`): no named child between it and the previous step's child (or the parent's start). */
type Anchored = Step & { anchored?: boolean };
type Predicate = { name: 'eq?' | 'not-eq?' | 'match?' | 'not-match?'; capture: string; text: string; re?: RegExp };
interface SimpleQuery {
  root: Step;
  predicates: Predicate[];
  fields: string[];
}
type Capture = { name: string; node: Node };

const simpleQueries = new Map<string, SimpleQuery | null>();

export function simpleQuery(src: string): SimpleQuery | null {
  let q = simpleQueries.get(src);
  if (q === undefined) {
    try {
      q = parseSimpleQuery(src);
    } catch {
      q = null;
    }
    simpleQueries.set(src, q);
  }
  return q;
}

/**
 * The string opening at `open` in a query, as tree-sitter reads it (`\n`, `\r`, `\t`, `\0`, else
 * the escaped character), and the index of its closing quote (src.length when unterminated).
 */
function queryString(src: string, open: number): { text: string; close: number } {
  let text = '';
  let i = open + 1;
  for (; i < src.length && src[i] !== '"'; i++) {
    if (src[i] === '\\' && i + 1 < src.length) {
      const e = src[++i];
      text += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : e === '0' ? '\0' : e;
    } else text += src[i];
  }
  return { text, close: i };
}

function parseSimpleQuery(src: string): SimpleQuery | null {
  // Tokens: ( ) [ ] field: @capture "string" #predicate name; anything else ends the reading.
  const tokens: string[] = [];
  for (let i = 0; i < src.length; ) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (c === ';') while (i < src.length && src[i] !== '\n') i++;
    else if (c === '(' || c === ')' || c === '[' || c === ']' || c === '.') tokens.push(src[i++]);
    else if (c === '"') {
      const str = queryString(src, i);
      if (str.close >= src.length) return null;
      i = str.close + 1;
      tokens.push('"' + str.text);
    } else {
      const m = /^(?:@[\w.-]+|#[\w-]+[?!]?|[A-Za-z_][\w]*:|[A-Za-z_][\w]*)/.exec(src.slice(i, i + 200));
      if (!m) return null;
      tokens.push(m[0]);
      i += m[0].length;
    }
  }
  let p = 0;
  const predicates: Predicate[] = [];
  const fields: string[] = [];
  const isName = (t: string | undefined): boolean => t !== undefined && /^[A-Za-z_]\w*$/.test(t);
  const capture = (s: Step): Step | null => {
    if (tokens[p]?.startsWith('@')) {
      s.capture = tokens[p++].slice(1);
      // One capture per step: the runtime's list for a step captured twice is not followed here.
      if (tokens[p]?.startsWith('@')) return null;
    }
    return s;
  };
  const step = (): Step | null => {
    let field: string | undefined;
    if (tokens[p]?.endsWith(':')) {
      field = tokens[p++].slice(0, -1);
      fields.push(field);
    }
    const t = tokens[p++];
    let s: Step | null;
    if (t === '(') {
      const type = tokens[p++];
      if (!isName(type) || type === 'ERROR' || type === 'MISSING') return null;
      const children: Anchored[] = [];
      let anchored = false;
      let anchoredEnd = false;
      while (tokens[p] !== ')') {
        if (tokens[p] === undefined) return null;
        if (tokens[p] === '.') {
          if (anchored) return null;
          p++;
          anchored = true;
          if (tokens[p] === ')') anchoredEnd = true;
          continue;
        }
        if (tokens[p] === '(' && tokens[p + 1]?.startsWith('#')) {
          p++;
          const name = tokens[p++].slice(1);
          const cap = tokens[p++];
          const str = tokens[p++];
          if (tokens[p++] !== ')') return null;
          if (name !== 'eq?' && name !== 'not-eq?' && name !== 'match?' && name !== 'not-match?') return null;
          if (!cap?.startsWith('@') || !str?.startsWith('"')) return null;
          const text = str.slice(1);
          predicates.push({ name, capture: cap.slice(1), text, re: name.endsWith('match?') ? new RegExp(text) : undefined });
          continue;
        }
        const c: Anchored | null = step();
        // An anchor next to a string node (the runtime's rule for those is not followed here).
        if (!c || (anchored && c.k === 'anon')) return null;
        if (anchored) c.anchored = true;
        anchored = false;
        children.push(c);
      }
      p++;
      if (anchoredEnd && (!children.length || children[children.length - 1].k === 'anon')) return null;
      s = { k: 'node', type: type === '_' ? null : type, field, children, ...(anchoredEnd ? { anchoredEnd } : {}) };
    } else if (t === '[') {
      const alts: Step[] = [];
      while (tokens[p] !== ']') {
        if (tokens[p] === undefined || tokens[p]?.endsWith(':')) return null;
        const a = step();
        if (!a) return null;
        alts.push(a);
      }
      p++;
      if (!alts.length) return null;
      s = { k: 'alt', alts, field };
    } else if (t?.startsWith('"')) s = { k: 'anon', text: t.slice(1), field };
    else return null;
    return capture(s);
  };
  const root = step();
  if (!root || p !== tokens.length || root.k === 'anon' || root.field !== undefined) return null;
  return { root, predicates, fields };
}

/**
 * What one run of a simple query has read of its nodes: each property of a node asks the
 * runtime again (a call into WebAssembly), and alternatives and steps read the same ones.
 */
interface Reads {
  types: Map<Node, string>;
  named: Map<Node, boolean>;
  fields: Map<Node, Map<string, Node[]>>;
}

function typeOf(r: Reads, n: Node): string {
  let t = r.types.get(n);
  if (t === undefined) r.types.set(n, (t = n.type));
  return t;
}

function namedOf(r: Reads, n: Node): boolean {
  let v = r.named.get(n);
  if (v === undefined) r.named.set(n, (v = n.isNamed));
  return v;
}

function fieldChildren(r: Reads, n: Node, field: string): Node[] {
  let byField = r.fields.get(n);
  if (!byField) r.fields.set(n, (byField = new Map()));
  let kids = byField.get(field);
  if (!kids) byField.set(field, (kids = n.childrenForFieldName(field).filter((k): k is Node => !!k)));
  return kids;
}

/** Whether `n`'s type allows step `s` to match it (a necessary condition, read before the children). */
function typeAllows(r: Reads, s: Step, n: Node): boolean {
  if (s.k === 'anon') return typeOf(r, n) === s.text;
  if (s.k === 'alt') return s.alts.some((a) => typeAllows(r, a, n));
  return s.type === null || typeOf(r, n) === s.type;
}

/** Every way `s` matches node `n`, a child of `parent` (the captures each makes), in document order. */
function stepMatches(r: Reads, s: Step, n: Node, parent: Node | null): Capture[][] {
  if (s.field !== undefined && !(parent && fieldChildren(r, parent, s.field).some((k) => k.id === n.id))) return [];
  let ways: Capture[][];
  if (s.k === 'anon') ways = typeOf(r, n) === s.text && !namedOf(r, n) ? [[]] : [];
  else if (s.k === 'alt') ways = s.alts.flatMap((a) => stepMatches(r, a, n, parent));
  else {
    // An ERROR node is matched by no step here (`(_)` skips it too), though it counts as named next to an anchor.
    if (s.type !== null ? typeOf(r, n) !== s.type || !namedOf(r, n) : typeOf(r, n) === 'ERROR' || !namedOf(r, n)) return [];
    ways = [[]];
    if (s.children.length) {
      // A child step in a field needs a child there of its type: most nodes fail that, without their children read.
      for (const c of s.children) if (c.field !== undefined && !fieldChildren(r, n, c.field).some((k) => typeAllows(r, c, k))) return [];
      ways = childWays(r, s.children, 0, n, n.children.filter((k): k is Node => !!k), 0, !!s.anchoredEnd);
    }
  }
  if (s.capture === undefined || !ways.length) return ways;
  return ways.map((w) => [{ name: s.capture as string, node: n }, ...w]);
}

function childWays(r: Reads, steps: Anchored[], i: number, parent: Node, kids: Node[], from: number, anchoredEnd: boolean): Capture[][] {
  if (i === steps.length) return anchoredEnd && kids.slice(from).some((k) => namedOf(r, k)) ? [] : [[]];
  const out: Capture[][] = [];
  for (let j = from; j < kids.length; j++) {
    for (const w of stepMatches(r, steps[i], kids[j], parent)) for (const rest of childWays(r, steps, i + 1, parent, kids, j + 1, anchoredEnd)) out.push([...w, ...rest]);
    // Anchored: the step's child is the first named one from `from` on.
    if (steps[i].anchored && namedOf(r, kids[j])) break;
  }
  return out;
}

/**
 * A necessary condition of a root step's match, read before the steps: a field whose child must
 * be of one of a few types, or whose child alone holds a capture that a predicate tests. Most
 * root nodes fail one (an assignment whose left side is no subscript), and the steps' general
 * reading (captures, ways, every child) cost them about twice the compiled query's match.
 */
interface FieldTest {
  field: string;
  id: number;
  /** The child's allowed types (typeAllows), or null: any. */
  types: Set<string> | null;
  /** Predicates on the child's text: its capture is made there only, once per match. */
  predicates: Predicate[];
  /** The child step's own field tests (a node step's), on the same child. */
  fields: FieldTest[];
}
interface RootTest {
  /** The root step's type (null: `(_)`). */
  type: string | null;
  fields: FieldTest[];
}

const rootTests = new WeakMap<SimpleQuery, Map<TsLanguage, RootTest[] | null>>();

/** The root alternatives' tests, or null where the root is no node step. */
function rootTestsFor(q: SimpleQuery, lang: TsLanguage): RootTest[] | null {
  let byLang = rootTests.get(q);
  if (!byLang) rootTests.set(q, (byLang = new Map()));
  let t = byLang.get(lang);
  if (t !== undefined) return t;
  const alts: Step[] = [];
  const flatten = (s: Step): boolean => (s.k === 'alt' ? s.alts.every(flatten) : s.k === 'node' ? (alts.push(s), true) : false);
  t = null;
  if (flatten(q.root)) {
    const captured = new Map<string, number>();
    const count = (s: Step): void => {
      if (s.capture !== undefined) captured.set(s.capture, (captured.get(s.capture) ?? 0) + 1);
      if (s.k === 'alt') s.alts.forEach(count);
      else if (s.k === 'node') s.children.forEach(count);
    };
    count(q.root);
    const allowed = (s: Step, into: Set<string>): boolean => (s.k === 'anon' ? (into.add(s.text), true) : s.k === 'alt' ? s.alts.every((a) => allowed(a, into)) : s.type !== null && (into.add(s.type), true));
    const testsOf = (a: Extract<Step, { k: 'node' }>): FieldTest[] => {
      const fields: FieldTest[] = [];
      for (const c of a.children) {
        if (c.field === undefined) continue;
        const set = new Set<string>();
        const types = allowed(c, set) ? set : null;
        const predicates = c.k === 'node' && c.capture !== undefined && captured.get(c.capture) === 1 ? q.predicates.filter((p) => p.capture === c.capture) : [];
        const inner = c.k === 'node' ? testsOf(c) : [];
        if (!types && !predicates.length && !inner.length) continue;
        fields.push({ field: c.field, id: lang.fields.indexOf(c.field), types, predicates, fields: inner });
      }
      return fields;
    };
    t = alts.map((a) => ({ type: (a as Extract<Step, { k: 'node' }>).type, fields: testsOf(a as Extract<Step, { k: 'node' }>) }));
  }
  byLang.set(lang, t);
  return t;
}

/** Whether one of the root tests passes at `n` (what it reads is kept in `r` for the steps). */
function rootTestsPass(r: Reads, tests: RootTest[], n: Node): boolean {
  const type = typeOf(r, n);
  for (const t of tests) if ((t.type === null || t.type === type) && fieldTestsPass(r, t.fields, n)) return true;
  return false;
}

function fieldTestsPass(r: Reads, tests: FieldTest[], n: Node): boolean {
  for (const f of tests) {
    let byField = r.fields.get(n);
    if (!byField) r.fields.set(n, (byField = new Map()));
    let kids = byField.get(f.field);
    // As fieldChildren reads them (by the field's id: the runtime looks the name up in a list each time).
    if (!kids) byField.set(f.field, (kids = f.id > 0 ? n.childrenForFieldId(f.id).filter((k): k is Node => !!k) : []));
    let some = false;
    for (const k of kids) {
      if (f.types && !f.types.has(typeOf(r, k))) continue;
      if (f.predicates.length && !f.predicates.every((p) => predicateHolds(p, [{ name: p.capture, node: k }]))) continue;
      if (f.fields.length && !fieldTestsPass(r, f.fields, k)) continue;
      some = true;
      break;
    }
    if (!some) return false;
  }
  return true;
}

/** The matches of a simple query that start at `n`, as the runtime gives them with maxStartDepth 0 (only their captures are read). */
export function simpleMatches(q: SimpleQuery, n: Node): { captures: Capture[] }[] {
  const out: { captures: Capture[] }[] = [];
  const r: Reads = { types: new Map(), named: new Map(), fields: new Map() };
  const tests = rootTestsFor(q, n.tree.language);
  if (tests && !rootTestsPass(r, tests, n)) return out;
  const seen = new Set<string>();
  for (const caps of stepMatches(r, q.root, n, null)) {
    if (!q.predicates.every((pr) => predicateHolds(pr, caps))) continue;
    const key = caps.map((c) => `${c.name}:${c.node.id}`).join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ captures: caps });
  }
  return out;
}

function predicateHolds(pr: Predicate, caps: Capture[]): boolean {
  const texts = caps.filter((c) => c.name === pr.capture).map((c) => c.node.text);
  switch (pr.name) {
    case 'eq?':
      return texts.every((t) => t === pr.text);
    case 'not-eq?':
      return texts.every((t) => t !== pr.text);
    case 'match?':
      return texts.length > 0 && texts.every((t) => (pr.re as RegExp).test(t));
    case 'not-match?':
      return texts.length === 0 || texts.every((t) => !(pr.re as RegExp).test(t));
  }
}

const usable = new WeakMap<TsLanguage, Map<string, SimpleQuery | null>>();

/**
 * Root nodes a query is matched at by its steps, per grammar and thread, before it is compiled
 * after all. The steps cost about 4x the compiled query's match per node (each property read is
 * a call into the runtime: ~6 against ~2 us per node over node_modules). A query that meets few
 * nodes in a process is never compiled (a suite of small files in five languages: 35.1 -> 32.9 G
 * instructions); one that meets many is compiled soon, as most that pass 300 go on to thousands
 * (over node_modules a limit of 1,500 spent more on steps than the compiles it saved). Either
 * way the matches are the same.
 */
const SIMPLE_NODES = 300;
const simpleNodes = new WeakMap<TsLanguage, Map<string, number>>();

/**
 * Queries of custom rules: always compiled. tree-sitter refuses a pattern whose structure its
 * grammar cannot hold ("Impossible pattern"), and the rule's error is then reported on each file;
 * the steps would match nothing there instead, a silent pass for a user's mistake. Built-in
 * queries are compiled by their samples' test.
 */
const alwaysCompiled = new Set<string>();

export function compileQueriesAlways(srcs: Iterable<string>): void {
  for (const s of srcs) alwaysCompiled.add(s);
}

export function alwaysCompiledQueries(): string[] {
  return [...alwaysCompiled];
}

/** The simple form to match `count` more root nodes with, or null once the query would meet more than SIMPLE_NODES of them in this grammar (then it is compiled). */
function simpleWithin(lang: TsLanguage, src: string, count: number): SimpleQuery | null {
  if (alwaysCompiled.has(src)) return null;
  const q = simpleQueryFor(lang, src);
  if (!q) return null;
  let byLang = simpleNodes.get(lang);
  if (!byLang) simpleNodes.set(lang, (byLang = new Map()));
  const used = (byLang.get(src) ?? 0) + count;
  // Past the limit for good: once compiled, the compiled query is the cheaper one.
  byLang.set(src, used > SIMPLE_NODES ? Infinity : used);
  return used > SIMPLE_NODES ? null : q;
}

/**
 * The simple form of a query for a grammar, or null where the runtime must compile it: a node
 * type, field or string node the grammar lacks (compiling reports that, or matches nothing) or a
 * supertype (matched by its subtypes, which the steps do not know).
 */
export function simpleQueryFor(lang: TsLanguage, src: string): SimpleQuery | null {
  let byLang = usable.get(lang);
  if (!byLang) usable.set(lang, (byLang = new Map()));
  let q = byLang.get(src);
  if (q === undefined) {
    q = simpleQuery(src);
    if (q && !fitsGrammar(lang, q)) q = null;
    byLang.set(src, q);
  }
  return q;
}

function fitsGrammar(lang: TsLanguage, q: SimpleQuery): boolean {
  const supertypes = new Set<number>(lang.supertypes ?? []);
  if (q.fields.some((f) => !lang.fieldIdForName(f))) return false;
  const fits = (s: Step): boolean => {
    if (s.k === 'anon') return !!lang.idForNodeType(s.text, false);
    if (s.k === 'alt') return s.alts.every(fits);
    if (s.type !== null) {
      // A type the grammar lacks: compiling fails and the whole query, other alternatives too, matches nothing there (compiledQuery).
      const id = lang.idForNodeType(s.type, true);
      if (!id || supertypes.has(id)) return false;
    }
    return s.children.every(fits);
  };
  return fits(q.root);
}

const rootTypes = new Map<string, string[] | null>();

/**
 * The node types a query's matches start at, when the query is one pattern: `(type ...)`, or an
 * alternation `[(a ...) (b ...)]` of such, followed by nothing but captures. Anything else
 * (several patterns, a wildcard, a quantifier, a predicate at the top) gives null.
 */
export function queryRootTypes(src: string): string[] | null {
  let r = rootTypes.get(src);
  if (r !== undefined) return r;
  r = parseRootTypes(src);
  rootTypes.set(src, r);
  return r;
}

function parseRootTypes(src: string): string[] | null {
  const s = src.replace(/;[^\n]*/g, '');
  // Index just past the bracketed group that opens at `i` (strings skipped), or -1.
  const close = (i: number): number => {
    let depth = 0;
    for (let j = i; j < s.length; j++) {
      const c = s[j];
      if (c === '"') {
        for (j++; j < s.length && s[j] !== '"'; j++) if (s[j] === '\\') j++;
      } else if (c === '(' || c === '[') depth++;
      else if (c === ')' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
    }
    return -1;
  };
  const typeAt = (i: number): string | null => /^\(\s*([A-Za-z][\w]*)(?=[\s)])/.exec(s.slice(i, i + 80))?.[1] ?? null;
  let i = s.search(/\S/);
  if (i < 0) return null;
  const end = close(i);
  if (end < 0 || !/^(?:\s*@[\w.-]+)*\s*$/.test(s.slice(end))) return null;
  if (s[i] === '(') {
    const t = typeAt(i);
    return t ? [t] : null;
  }
  if (s[i] !== '[') return null;
  const types: string[] = [];
  for (i++; ; ) {
    i += s.slice(i).search(/\S|$/);
    if (s[i] === ']') break;
    if (s[i] !== '(') return null;
    const t = typeAt(i);
    const e = close(i);
    if (!t || e < 0) return null;
    types.push(t);
    i = e;
    // Captures on an alternative (`(a) @x`) are fine; a quantifier or anything else is not.
    const m = /^(?:\s*@[\w.-]+)*/.exec(s.slice(i));
    i += m ? m[0].length : 0;
  }
  return types.length ? [...new Set(types)] : null;
}

const textTests = new Map<string, ((text: string) => boolean)[] | null>();

/**
 * Tests a file's text must pass for a query to match anywhere in it, from the query's text
 * predicates: a captured node's text is a part of the file's, so `#eq? @f "Math.floor"` needs
 * the file to hold `Math.floor`, and `#match? @p "^send(Mail|Email)$"` needs the expression,
 * read without its anchors (`^`, `$`, `\b`, `\B` only narrow where it matches), to match the
 * file; for an expression that matches texts of any length, the file to hold a literal it
 * needs (see boundedLength). Only for a query of one pattern with no alternation and no
 * quantifier, where every capture is on a node each match has (`#eq?` of a capture a match
 * lacks holds); an expression with a lookaround or back-reference is not used. Null when there
 * is nothing to test.
 */
export function queryTextTests(src: string): ((text: string) => boolean)[] | null {
  let t = textTests.get(src);
  if (t === undefined) {
    t = queryRootTypes(src) ? parseTextTests(src) : null;
    textTests.set(src, t);
  }
  return t;
}

function parseTextTests(src: string): ((text: string) => boolean)[] | null {
  const tests: ((text: string) => boolean)[] = [];
  // The tokens of the predicate being read: its name, then captures (`@x`) and strings.
  let predicate: { name: string; args: { capture?: string; text?: string }[] } | undefined;
  const close = (): void => {
    const p = predicate;
    predicate = undefined;
    if (!p || p.args.length !== 2 || p.args[0].capture === undefined || p.args[1].text === undefined) return;
    const lit = p.args[1].text;
    if (p.name === 'eq?') tests.push((text) => text.includes(lit));
    else if (p.name === 'match?') {
      const src = unanchored(lit);
      if (src === null) return;
      // Over a node the expression runs once per capture (after the pattern's other
      // predicates); over the file, from every position. An expression of bounded length costs
      // a bounded amount per position; an unbounded one can backtrack far more from positions
      // no capture starts at (`\{\s*(//[^\n]*\s*)*\}` at every `{`: exponentially in the
      // comment lines holding URLs that open a method), so only a literal it needs is looked for.
      if (boundedLength(src)) {
        const re = new RegExp(src);
        tests.push((text) => re.test(text));
      } else {
        for (const set of requiredLiterals(src) ?? []) tests.push((text) => set.some((l) => text.includes(l)));
      }
    }
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === ';') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '"') {
      const str = queryString(src, i);
      i = str.close;
      predicate?.args.push({ text: str.text });
    } else if (c === '#') {
      const m = /^#([\w-]+[?!]?)/.exec(src.slice(i, i + 40));
      if (!m) return null;
      predicate = { name: m[1], args: [] };
      i += m[0].length - 1;
    } else if (c === '@') {
      const m = /^@([\w.-]+)/.exec(src.slice(i, i + 120));
      if (!m) return null;
      predicate?.args.push({ capture: m[1] });
      i += m[0].length - 1;
    } else if (c === ')') close();
    else if (c === '[' || c === ']' || c === '?' || c === '*' || c === '+') return null;
  }
  return tests.length ? tests : null;
}

/**
 * A `#match?` expression (no flags, as the query runtime builds it) without its anchors, so
 * that it matches any text holding a part the expression matches (its source); null when it
 * has a lookaround or back-reference, or does not compile.
 */
function unanchored(re: string): string | null {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      const n = re[i + 1];
      if (n === undefined) return null;
      i++;
      if (!inClass && (n === 'b' || n === 'B')) continue;
      if (!inClass && (n === 'k' || (n >= '1' && n <= '9'))) return null;
      out += c + n;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
    } else if (c === '^' || c === '$') continue;
    else if (c === '(' && re[i + 1] === '?' && (re[i + 2] === '=' || re[i + 2] === '!' || (re[i + 2] === '<' && (re[i + 3] === '=' || re[i + 3] === '!')))) return null;
    else out += c;
  }
  try {
    new RegExp(out);
    return out;
  } catch {
    return null;
  }
}

/**
 * Whether an expression (a compiling one, without flags) matches only texts of bounded length,
 * and cheaply: no `*`, `+` or `{` (any count: `(a{1,99}){1,99}` is bounded too) outside a class.
 */
function boundedLength(re: string): boolean {
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') i++;
    else if (c === '[') {
      for (i++; i < re.length && re[i] !== ']'; i++) if (re[i] === '\\') i++;
    } else if (c === '*' || c === '+' || c === '{') return false;
  }
  return true;
}

/**
 * Sets of literals (two characters or more) such that every match of an expression (a
 * compiling one, without flags) holds one literal of each set; null when it cannot tell of any.
 * Read from its top level: a run of literal characters not under a quantifier (a set of one),
 * or a group not under one, whose sets hold for it when it has one alternative, and whose
 * alternatives' best sets make one set when each alternative has one
 * (`(SubjectName\\.Name|GetNameInfo\\s*\\()`).
 */
function requiredLiterals(re: string): string[][] | null {
  let i = 0;
  const shortest = (set: readonly string[]): number => Math.min(...set.map((l) => l.length));
  // One alternative (up to `|`, `)` or the end): the sets every match of it meets.
  const sequence = (): string[][] => {
    const sets: string[][] = [];
    let run = '';
    const end = (): void => {
      if (run.length > 1) sets.push([run]);
      run = '';
    };
    while (i < re.length && re[i] !== '|' && re[i] !== ')') {
      const c = re[i++];
      if (c === '\\') {
        const n = re[i++] ?? '';
        // `\d`, `\x41`, `\u0041`, `\cJ`...: not one literal character; what follows up to the
        // next punctuation may belong to the escape, so it is not taken either.
        if (/[A-Za-z0-9]/.test(n)) {
          end();
          while (i < re.length && /[A-Za-z0-9]/.test(re[i])) i++;
        } else run += n;
      } else if (c === '[') {
        end();
        for (; i < re.length && re[i] !== ']'; i++) if (re[i] === '\\') i++;
        i++;
      } else if (c === '(') {
        end();
        // `(?:`, `(?<name>`: the group's own syntax.
        if (re[i] === '?') i = re[i + 1] === '<' ? re.indexOf('>', i) + 1 : i + 2;
        const inner = alternation();
        i++;
        if (inner && !/^[?*+{]/.test(re[i] ?? '')) sets.push(...inner);
      } else if (c === '?' || c === '*' || c === '+' || (c === '{' && /^\{\d+(?:,\d*)?\}/.test(re.slice(i - 1, i + 23)))) {
        // The quantified character is not needed.
        run = run.slice(0, -1);
        end();
        if (c === '{') i = re.indexOf('}', i) + 1;
      } else if (c === '.' || c === '{' || c === '}' || c === ']') end();
      else run += c;
    }
    end();
    return sets;
  };
  // A group's (or the whole expression's) sets; null when an alternative of several has none.
  const alternation = (): string[][] | null => {
    const alts: string[][][] = [];
    for (;;) {
      alts.push(sequence());
      if (re[i] !== '|') break;
      i++;
    }
    if (alts.length === 1) return alts[0];
    const union = new Set<string>();
    for (const sets of alts) {
      if (!sets.length) return null;
      // The set whose shortest literal is longest: the rarest in a text, as a guess.
      const best = sets.reduce((a, b) => (shortest(b) > shortest(a) ? b : a));
      for (const l of best) union.add(l);
    }
    return [[...union]];
  };
  const sets = alternation();
  return i >= re.length && sets?.length ? sets : null;
}

const NAME_TRAIL = /[\s()<>[\]]/;
const NAME_STOP = /[\s.()<>[\]]/;

/**
 * The last name in a callee's text (`a.b.query (` -> query), as /([^\s.()<>[\]]+)[\s()<>[\]]*$/
 * finds it, but read from the end: the regex is quadratic on a long callee (an IIFE's body).
 */
function lastName(text: string): string {
  let end = text.length;
  while (end > 0 && NAME_TRAIL.test(text[end - 1])) end--;
  let start = end;
  while (start > 0 && !NAME_STOP.test(text[start - 1])) start--;
  return start < end ? text.slice(start, end) : text;
}

/**
 * Last literal names of chain patterns (`**.query()` -> query), or null if any ends in a wildcard
 * or calls a call's result (`bent()()`: the called local can have any name).
 */
function lastNamesOf(chains: readonly ChainPattern[]): Set<string> | null {
  const out = new Set<string>();
  for (const c of chains) {
    const end = c.segments[c.segments.length - 1];
    if (end.endsWith('()()')) return null;
    const last = end.replace(/\(\)$/, '');
    if (last === '*' || last === '**' || last === '[]') return null;
    out.add(last);
  }
  return out;
}

/** A string literal that starts with a scheme and host (a base URL). */
const FIXED_BASE_URL = /^['"`][a-z][a-z0-9+.-]*:\/\/[^/'"`$]/i;

/** The modules a pattern made only of called results (`bent()()`) starts from, else null. */
function calledResultRoots(chains: readonly ChainPattern[]): Set<string> | null {
  if (!chains.length || !chains.every((c) => c.segments.length === 1 && c.segments[0].endsWith('()()'))) return null;
  return new Set(chains.map((c) => c.segments[0].replace(/(\(\))+$/, '')));
}

/** Accessors that read a part of a parsed URL or path without using it. */
const PARSE_ONLY = /^(getHost|getHostName|getPath|getProtocol|getScheme|getQuery|getRef|getFragment|getAuthority|getPort|getFile|getUserInfo|getName|getParent|getFileName|Host|AbsolutePath|Scheme|hostname|host|pathname|protocol|search)$/;

/**
 * A fixed start that settles the host before input is appended: scheme and host, a path from
 * the root (`/x`), a relative reference whose first segment is complete (`api/`, `search?`;
 * without a ':' it cannot be a scheme, so it resolves against the page's or base URL's host),
 * or a fragment (`#x`: the same page).
 */
const SAFE_PREFIX = /^([a-z][a-z0-9+.-]*:\/\/[^/?#\s]+[/?#]|\/[^/\\]|[^/\\:?#\s][^/\\:?#\s]*[/?#]|#)/i;

/** Input chooses the host: it comes first (after at most a scheme) in the value, or in one of its alternatives. */
function hostFromInput(v: Val): boolean {
  if (!v.tainted || !leadsWithInput(v)) return false;
  const fixed = (p: string | null): boolean => p !== null && SAFE_PREFIX.test(p);
  return v.inputStarts ? v.inputStarts.some((p) => !fixed(p)) : !fixed(v.prefix);
}

function scalarEquals(lit: Scalar | undefined, expected: Scalar[]): boolean {
  if (lit === undefined) return false;
  return expected.some((e) => {
    if (typeof lit === 'string' && typeof e === 'string') return lit.toLowerCase() === e.toLowerCase();
    return lit === e;
  });
}

interface CallSite {
  node: Node;
  call: CallView;
  /** Last segment of the callee's chain, for the cheap pre-check. */
  name: string;
}

/** One parsed program file, as the matcher sees it. Views of calls, bindings and pairs are built once. */
/** Per expression: whether it has no anchor, lookaround or back-reference (see literalsMatch; a `^` or `$` anywhere counts). */
const MONOTONE = new WeakMap<RegExp, boolean>();

export class ProgramFile {
  /** Lists of nodes by the list of types asked (adapters' constant lists: no key string to join per question). */
  private readonly nodeCache = new Map<readonly string[], Node[]>();
  private readonly nestedCache = new Map<ProgramPattern, Node[]>();
  private callSiteCache: CallSite[] | undefined;
  private bindingCache: { node: Node; bindings: BindingView[] }[] | undefined;
  private pairCache: PairView[] | undefined;
  /** Path of request input to each matched node whose pattern asked for it. */
  readonly flows = new Map<number, FlowTrail>();
  private trail: FlowTrail | undefined;

  constructor(readonly index: FileIndex) {}

  /** The file's string constants, each as its value, joined by spaces, twice (see literalsMatch). */
  private literalText: string | undefined;
  /** By the expression's source: patterns of a rule each compile their own copy of it. */
  private readonly literalHits = new Map<string, boolean>();

  /**
   * Whether the file's string constants, taken together, may match a `stringMatches` expression.
   * A value's fragments are such constants (or pieces of them) joined in the order the value
   * builds them: the constants in document order, twice over, hold every ordered pair of them,
   * so an expression with no anchor or lookaround that matches no part of that text matches no
   * value of the file, and the check fails without the value's analysis, which costs far more
   * (`**.get(key)` of every map, in a file that also runs SQL). Other expressions always ask.
   */
  private literalsMatch(re: RegExp): boolean {
    if (!MONOTONE.has(re)) MONOTONE.set(re, !/[$^]|\(\?<?[=!]|\\[1-9]/.test(re.source));
    if (!MONOTONE.get(re)) return true;
    let hit = this.literalHits.get(re.source);
    if (hit === undefined) {
      if (this.literalText === undefined) {
        const once = this.nodes(this.adapter.stringTypes)
          .flatMap((n) => {
            const s = this.index.shape(n);
            return s.kind === 'string' ? [s.value] : s.kind === 'interpolated' ? s.parts.filter((x): x is string => typeof x === 'string') : [];
          })
          .join(' ');
        this.literalText = `${once} ${once}`;
      }
      hit = re.test(this.literalText);
      this.literalHits.set(re.source, hit);
    }
    return hit;
  }

  /** Positions in callSites() of the sites with each called name, ascending. */
  private callSitesByName: Map<string, number[]> | undefined;

  /**
   * The call sites whose name is one of `names` (all of them for null), in document order: a
   * pattern names a few methods, and a large file has thousands of calls to pass over for each.
   */
  private callSitesNamed(names: ReadonlySet<string> | null): CallSite[] {
    const all = this.callSites();
    if (!names) return all;
    if (!this.callSitesByName) {
      this.callSitesByName = new Map();
      for (let i = 0; i < all.length; i++) {
        const l = this.callSitesByName.get(all[i].name);
        if (l) l.push(i);
        else this.callSitesByName.set(all[i].name, [i]);
      }
    }
    // (A pattern's names are one set object, asked once per file and pattern; patterns of other
    // rules often name the same methods, so the answer is kept by the set.)
    let sites = this.sitesByNames.get(names);
    if (sites) return sites;
    let first: number[] | undefined;
    let merged: number[] | undefined;
    for (const name of names) {
      const l = this.callSitesByName.get(name);
      if (!l) continue;
      if (!first) first = l;
      else {
        merged ??= first.slice();
        for (const i of l) merged.push(i);
      }
    }
    if (merged) merged.sort((a, b) => a - b);
    const order = merged ?? first;
    sites = [];
    if (order) for (const i of order) sites.push(all[i]);
    this.sitesByNames.set(names, sites);
    return sites;
  }

  /** callSitesNamed's answers by the set of names asked. */
  private readonly sitesByNames = new Map<ReadonlySet<string>, CallSite[]>();

  private callSites(): CallSite[] {
    if (!this.callSiteCache) {
      const sites: CallSite[] = [];
      for (const node of this.nodes(this.adapter.callTypes)) {
        const call = this.index.callOf(node);
        if (call) sites.push({ node, call, name: this.calleeName(call) });
      }
      this.callSiteCache = sites;
    }
    return this.callSiteCache;
  }

  private bindingSites(): { node: Node; bindings: BindingView[] }[] {
    this.bindingCache ??= this.nodes(this.adapter.bindingTypes).map((node) => ({ node, bindings: this.index.bindingsOf(node) }));
    return this.bindingCache;
  }

  private pairSites(): PairView[] {
    this.pairCache ??= this.nodes(this.adapter.pairTypes).flatMap((n) => {
      const p = this.adapter.pair(n);
      return p ? [p] : [];
    });
    return this.pairCache;
  }

  get adapter() {
    return this.index.adapter;
  }

  nodes(types: readonly string[]): Node[] {
    let list = this.nodeCache.get(types);
    if (!list) {
      list = this.index.ofTypes(types);
      this.nodeCache.set(types, list);
    }
    return list;
  }

  /** Whether the file imports one of these modules (by the first segment of an import's path). */
  private importsAny(roots: ReadonlySet<string>): boolean {
    for (const target of this.index.imports.values()) if (roots.has(splitChain(target)[0])) return true;
    return false;
  }

  /** Nodes where the pattern matches (before the enclosing-function conditions). */
  match(p: ProgramPattern, values: ValueTracker): Node[] {
    const out: Node[] = [];
    const a = this.adapter;
    switch (p.kind) {
      case 'call':
      case 'new':
        if (p.importRoots && !this.importsAny(p.importRoots)) break;
        const sites = this.callSitesNamed(p.lastNames);
        if (sites.length && p.args.length && this.failsEverywhere(p.args[0], p.args[0].selectors)) break;
        for (const { node: n, call: c } of sites) {
          if (!!c.isNew !== (p.kind === 'new')) continue;
          const chains = p.kind === 'new' ? (c.type ? [this.index.typeChain(c.type)] : []) : this.index.callChains(c);
          if (!anyMatches(p.chains, chains) || (p.notChains.length && anyMatches(p.notChains, chains))) continue;
          // A client function made with a fixed base URL (`bent('https://api.example.com/')`)
          // prefixes it to every URL it is called with: the host is not the caller's.
          if (p.importRoots && this.index.makerOf(c)?.args.some((a) => FIXED_BASE_URL.test(a.node.text))) continue;
          if (!this.shapeHolds(n, p)) continue;
          this.trail = undefined;
          if (!this.allArgsHold(c, p.args, values)) continue;
          const trail = this.trail;
          if (this.anyArgHolds(c, p.unless, values)) continue;
          if (c.isNew && this.onlyParsed(n)) continue;
          if (trail && !this.flows.has(n.id)) this.flows.set(n.id, trail);
          out.push(n);
        }
        break;
      case 'assign': {
        const last = lastNamesOf(p.chains);
        const sites = this.bindingSites();
        if (sites.length && p.value && this.failsEverywhere(p.value)) break;
        for (const { node: n, bindings } of sites) {
          for (const b of bindings) {
            // A member's chain ends with its name: the other names' chains cannot match.
            const end = last ? this.lastSegment(b.target) : undefined;
            if (end !== undefined && !last?.has(end)) continue;
            const targetChains = this.index.chains(b.target);
            if (!anyMatches(p.chains, targetChains) || (p.notChains.length && anyMatches(p.notChains, targetChains))) continue;
            if (!this.matchedByValue(n, b.value, p, values)) continue;
            out.push(n);
            break;
          }
        }
        break;
      }
      case 'pair': {
        const sites = this.pairSites();
        if (sites.length && p.value && this.failsEverywhere(p.value)) break;
        for (const pv of sites) {
          if (!p.keys.has(pv.key)) continue;
          if (this.matchedByValue(pv.node, pv.value, p, values)) out.push(pv.node);
        }
        break;
      }
      case 'ref': {
        const found: Node[] = [];
        for (const n of this.nodes(a.refTypes)) {
          if (p.lastNames && !p.lastNames.has(lastName(n.text))) continue;
          if (anyMatches(p.chains, this.index.chains(n))) found.push(n);
        }
        // `a.b.X` can match both as the whole member and as its name `X` alone: keep the outer.
        out.push(...found.filter((n) => !found.some((o) => o !== n && o.startIndex <= n.startIndex && n.endIndex <= o.endIndex && (o.startIndex !== n.startIndex || o.endIndex !== n.endIndex))));
        break;
      }
      case 'query':
        for (const n of this.runQuery(p.query as string, p.value)) if (this.matchedByValue(n, n, p, values)) out.push(n);
        break;
    }
    return out.filter((n) => this.filtersHold(n, p, values));
  }

  /**
   * Whether a node found by its place (an assignment, a pair, a query's capture) holds the
   * pattern's value, if it asks one; where input came from is kept for it, as for calls.
   */
  private matchedByValue(n: Node, value: Node | null | undefined, p: ProgramPattern, values: ValueTracker): boolean {
    this.trail = undefined;
    if (p.value && !(value && this.shapeHolds(n, p) && this.valueHolds(value, p.value, values))) return false;
    const trail = this.trail;
    if (trail && !this.flows.has(n.id)) this.flows.set(n.id, trail);
    return true;
  }

  /**
   * An object built only to read a component of what it parses (`new URL(s).getHost()`): it
   * opens, sends and reads nothing, so sinks of the constructor do not apply.
   */
  private onlyParsed(n: Node): boolean {
    const parent = n.parent;
    if (!parent || !this.adapter.callTypes.includes(parent.type)) return false;
    const c = this.index.callOf(parent);
    if (!c || c.isNew) return false;
    const recv = c.receiver ?? (c.callee ? (this.index.shape(c.callee) as { object?: Node }).object : undefined);
    return !!recv && recv.id === n.id && PARSE_ONLY.test(this.index.calledName(c) ?? '');
  }

  /** The last segment of an expression's chain when its shape fixes it (a member's name), else undefined. */
  private lastSegment(n: Node): string | undefined {
    const s = this.index.shape(n);
    if (s.kind === 'member') return s.name;
    if (s.kind === 'wrap') return this.lastSegment(s.inner);
    return undefined;
  }

  /** The called name, cheaply: the last segment of the callee's chain (through import aliases). */
  private calleeName(c: CallView): string {
    if (c.name) return c.name;
    const n = c.isNew ? c.type : c.callee;
    if (!n) return '';
    const s = this.index.shape(n);
    // A constructed generic type (`new ResponseEntity<String>(...)`): its name without arguments.
    if (c.isNew && s.kind !== 'member' && s.kind !== 'ident') return this.index.typeChain(n).slice(-1)[0] ?? '';
    if (s.kind === 'member') return c.isNew ? s.name : this.index.memberName(s.object, s.name);
    if (s.kind === 'ident') {
      // `const run = promisify(cp.exec); run(x)` calls exec.
      const fn = c.isNew ? undefined : this.index.wrapperAlias(s.name);
      const wrapped = fn && this.index.shape(fn);
      if (wrapped && (wrapped.kind === 'member' || wrapped.kind === 'ident')) return wrapped.kind === 'member' ? wrapped.name : lastName(this.index.imports.get(wrapped.name) ?? wrapped.name);
      // `run = getattr(os, "system"); run(x)` calls system (only files that use getattr or
      // __import__ pay for the look-up).
      if (!c.isNew && this.index.pythonDynamic && !this.index.imports.has(s.name)) {
        const chain = this.index.chains(n)[0];
        const last = chain?.[chain.length - 1];
        if (last && chain.length > 1 && !last.endsWith('()')) return last;
      }
      const imported = this.index.imports.get(s.name);
      if (imported || c.isNew || this.index.language !== 'python') return lastName(imported ?? s.name);
      // `gen = rsa.generate_private_key; gen(65537, 1024)` calls generate_private_key: a local
      // defined once from a member stands for it (its chain says so too). Python only for now:
      // in JavaScript it would also surface libraries' own aliases (lodash's `nativeRandom =
      // Math.random`) to the predictable-random rule, which is for application code.
      const l = this.index.lookup(s.name, n);
      const b = l && !l.param && l.bindings.length === 1 ? l.bindings[0] : undefined;
      const member = b?.value && !b.augmented && b.node.endIndex <= n.startIndex ? this.index.shape(b.value) : undefined;
      if (member?.kind === 'member') return this.index.memberName(member.object, member.name);
      return lastName(s.name);
    }
    if (s.kind === 'call') {
      // `util.promisify(cp.exec)(x)`, `cp.exec.bind(cp)(x)`
      const inner = this.index.callOf(n);
      const fn = inner && this.index.wrappedFunction(inner);
      const w = fn && this.index.shape(fn);
      if (w && w.kind === 'member') return w.name;
      if (w && w.kind === 'ident') return lastName(this.index.imports.get(w.name) ?? w.name);
      // `require("cross-spawn")(cmd)`: the module called where it is required.
      const called = this.index.calledResultName(n);
      if (called !== undefined) return called;
    }
    return lastName(n.text);
  }

  /**
   * Whether a check fails at every node of this file before any value is read: the file's
   * string constants cannot hold its `stringMatches` (literalsMatch, which valueHolds asks right
   * after the node's text), and nothing is followed to reach the checked node (`at`, an
   * argument's property path), so that leaving the pattern's sites unvisited changes no
   * analysis. Asked once a pattern has sites: a query is then neither compiled nor run.
   */
  private failsEverywhere(chk: CompiledValueCheck, selectors?: readonly Selector[]): boolean {
    if (!chk.stringMatches || chk.missing === true || chk.at.length) return false;
    if (selectors) for (const s of selectors) if (s.path.length) return false;
    return !this.literalsMatch(chk.stringMatches);
  }

  /** `value`: the check every match must pass (see failsEverywhere). */
  private runQuery(src: string, value?: CompiledValueCheck): Node[] {
    const out: Node[] = [];
    // A query of one pattern whose outermost nodes are of types the file index already lists
    // (assignments, declarators, pairs, calls) can only match starting at those nodes: running
    // it at each of them (maxStartDepth 0) finds the same matches, in document order, without
    // the query walking the whole tree, which in a large bundle cost more than the rule's checks.
    // A file without such nodes needs no compiled query (compiling one costs milliseconds, and
    // most JSX queries meet no JSX in a tree of plain JavaScript).
    const roots = queryRootTypes(src);
    let starts = roots && roots.every((t) => this.index.indexes(t)) ? this.index.ofTypes(roots) : undefined;
    if (starts && starts.length === 0) return out;
    if (value && this.failsEverywhere(value)) return out;
    const tests = queryTextTests(src);
    if (tests) for (const t of tests) if (!t(this.index.text)) return out;
    const take = (ms: { captures: { name: string; node: Node }[] }[]): void => {
      for (const m of ms) {
        const cap = m.captures.find((c) => c.name === 'match') ?? m.captures[0];
        if (cap) out.push(cap.node);
      }
    };
    const lang = this.index.root.tree.language;
    // Root types the index does not list (`return_statement`, `binary_expression`, JSX elements):
    // the runtime's own walk for them (descendantsOfType, the index's too) costs about what the
    // compiled query's walk of the whole tree does, and it spares the compile (milliseconds per
    // grammar and thread, the first in a grammar several times more) where the query's steps can
    // run; a file without such nodes is done at once. Asked after the text tests: most files stop there.
    if (!starts && roots && !alwaysCompiled.has(src) && simpleQueryFor(lang, src)) {
      starts = this.index.ofTypes(roots);
      if (starts.length === 0) return out;
    }
    const simple = starts && simpleWithin(lang, src, starts.length);
    if (starts && simple) {
      for (const n of starts) take(simpleMatches(simple, n));
      return out;
    }
    const q = compiledQuery(lang, src);
    if (!q) return out;
    if (starts) {
      const once = { maxStartDepth: 0 };
      for (const n of starts) take(q.matches(n, once));
      return out;
    }
    take(q.matches(this.index.root));
    return out;
  }

  /**
   * The pattern's conditions that read only the syntax around the match (its text, the enclosing
   * function's decorators and annotations, the names around it), asked before its values: a value's analysis costs far
   * more, and a `return` of every method is not analysed to learn that only routes count.
   * filtersHold asks them again, with the rest.
   */
  private shapeHolds(n: Node, p: ProgramPattern): boolean {
    if (p.textMatches && !p.textMatches.test(n.text)) return false;
    if (p.returned !== undefined && isReturned(n) !== p.returned) return false;
    if (p.keyCopy && !isKeyCopy(n, (x) => this.index.parentOf(x))) return false;
    if (p.decoratedWith) {
      const fn = this.index.functionOf(n);
      if (!fn || !annotatedWith(fn, this.index, p.decoratedWith)) return false;
    }
    if (p.notDecoratedWith) {
      const fn = this.index.functionOf(n);
      if (fn && annotatedHere(fn, this.index, p.notDecoratedWith)) return false;
    }
    if (p.annotationMatches || p.annotationNotMatches) {
      const fn = this.index.functionOf(n);
      if (!fn) return false;
      const own = annotationTexts(fn, 'function');
      if (p.annotationNotMatches && own.some((t) => p.annotationNotMatches!.test(t))) return false;
      if (p.annotationMatches && !own.some((t) => p.annotationMatches!.test(t)) && !annotationTexts(fn, 'class').some((t) => p.annotationMatches!.test(t))) return false;
    }
    // The names around the match: read from the syntax alone, so asked before any value. A
    // pattern that asks what a name was defined with (`definitionMatches`) otherwise analysed
    // the definitions of every plain name in a file to report only those named like a secret.
    if (p.context || p.contextNot) {
      const names = this.namingContext(n);
      if (p.context && !p.context.test(names)) return false;
      if (p.contextNot && p.contextNot.test(names)) return false;
    }
    return true;
  }

  private filtersHold(n: Node, p: ProgramPattern, values: ValueTracker): boolean {
    // (With the pattern's context: see shapeHolds.)
    if (!this.shapeHolds(n, p)) return false;
    if (p.notInside && this.insideIf(n, p.notInside)) return false;
    if (p.notBesideBranch && this.besideBranch(n, p.notBesideBranch)) return false;
    // After the value: it reads the enclosing function's text, which the value check spares most matches.
    if (p.unlessNullPrototype && writesIntoNullPrototype(n)) return false;
    if (p.unlessGuarded && this.guardedBefore(n, p.unlessGuarded)) return false;
    if (p.inFunction && !this.inSameFunction(n, p.inFunction, values)) return false;
    if (p.unlessInFunction && p.unlessInFunction.some((q) => this.inSameFunction(n, q, values))) return false;
    return true;
  }

  private inSameFunction(n: Node, nested: ProgramPattern, values: ValueTracker): boolean {
    let hits = this.nestedCache.get(nested);
    if (!hits) {
      hits = this.match(nested, values);
      this.nestedCache.set(nested, hits);
    }
    const fn = this.index.functionOf(n) ?? this.index.root;
    return hits.some((h) => h.startIndex >= fn.startIndex && h.endIndex <= fn.endIndex && (this.index.functionOf(h)?.id ?? this.index.root.id) === fn.id && (!nested.before || runsOnEveryPathBefore(h, n, fn)));
  }

  /**
   * Whether `n` runs only after a check matching `re` of a variable `n` is built from: inside the
   * branch of an `if` taken when the check passes, or after an `if` on its path (in the same
   * function) whose branch leaves the function, or the loop iteration both are in, when it fails.
   */
  private guardedBefore(n: Node, re: RegExp): boolean {
    const fn = this.index.functionOf(n);
    let feeding: Set<string> | undefined;
    // `if path.startswith(BASE): open(path)`: the match runs only when the check passed.
    for (const ifNode of this.index.enclosingIfs(n)) {
      const cond = this.adapter.ifCondition(ifNode);
      if (!cond || !re.test(cond.text)) continue;
      // `a || b` holds when either does: each alternative must be a passing test by itself
      // (`p.startsWith(WWW) || p.startsWith(PUBLIC)`).
      // (A disjunction nested deeper, `(a || b) && c`, is not read.)
      const alternatives = /\bor\b|\|\|/.test(cond.text) ? splitTop(stripParens(cond.text), OR) : [cond.text];
      let branch = 'consequence';
      if (!alternatives || !alternatives.every((alt) => !/\bor\b|\|\|/.test(alt) && passingTest(alt, re))) {
        // `if (/[^\w]/.test(s)) {...} else run(s)`: one test that holds for bad values; its `else` is guarded.
        if (/\b(?:or|and)\b|\|\||&&/.test(cond.text) || testPolarity(cond.text, re) !== 'fail') continue;
        branch = 'alternative';
      }
      const body = branch === 'alternative' ? ifNode.childForFieldName('alternative') : (ifNode.childForFieldName('consequence') ?? ifNode.childForFieldName('body'));
      if (!body || body.startIndex > n.startIndex || n.endIndex > body.endIndex) continue;
      feeding ??= this.namesFeeding(n, 3);
      for (const x of this.namesFeeding(cond, 2)) if (feeding.has(x)) return true;
    }
    for (const ifNode of this.index.ofTypes(this.adapter.ifTypes)) {
      if (ifNode.endIndex > n.startIndex || this.index.functionOf(ifNode)?.id !== fn?.id) continue;
      if (!runsBefore(ifNode, n)) continue;
      const cond = this.adapter.ifCondition(ifNode);
      if (!cond || !re.test(cond.text)) continue;
      const body = ifNode.childForFieldName('consequence') ?? ifNode.childForFieldName('body');
      // runsBefore keeps the `if` in the match's own loop body when it only skips the iteration.
      if (!body) continue;
      // Or it replaces the checked value with a constant (`if !isValidRedirect(t) { t = "/" }`):
      // past it, the value is the one that passed, or the constant.
      const replaced = skipsRest(body) ? undefined : replacedWithLiteral(body);
      if (!skipsRest(body) && !replaced) continue;
      feeding ??= this.namesFeeding(n, 3);
      if (replaced) {
        if (feeding.has(replaced) && identifiersIn(cond).includes(replaced)) return true;
        continue;
      }
      // The condition may test what was parsed from the value (`parts = urlparse(target)`).
      for (const x of this.namesFeeding(cond, 2)) if (feeding.has(x)) return true;
    }
    return this.assertedBefore(n, re, fn);
  }

  /**
   * Whether a call that throws when its argument is not valid ran on the way to `n`: a statement
   * of its own (`await schema.validateAsync(body);`, `Joi.assert(q, schema);`), whose result is
   * not used, in a block that holds `n` (so a `catch` that swallows the error is not on the way),
   * whose callee matches `re`, given a name `n` is built from.
   */
  private assertedBefore(n: Node, re: RegExp, fn: Node | null | undefined): boolean {
    let feeding: Set<string> | undefined;
    for (const stmt of this.index.ofTypes(['expression_statement'])) {
      if (stmt.startIndex >= n.startIndex) break;
      // (A statement that holds `n`, a call with a callback, is not before it.)
      if (stmt.endIndex > n.startIndex) continue;
      const block = stmt.parent;
      if (!block || block.startIndex > n.startIndex || n.endIndex > block.endIndex) continue;
      let e = stmt.firstNamedChild;
      while (e && (e.type === 'await_expression' || e.type === 'await')) e = e.firstNamedChild;
      if (!e || !this.adapter.callTypes.includes(e.type)) continue;
      const call = this.index.callOf(e);
      // A named function or method only (`schema.validateAsync`), not a function written in place.
      const callee = call?.callee ? this.index.shape(call.callee).kind : undefined;
      if (!call?.callee || !call.args.length || (callee !== 'member' && callee !== 'ident') || call.callee.text.length > 200 || !re.test(`${call.callee.text}(`)) continue;
      if (this.index.functionOf(stmt)?.id !== fn?.id) continue;
      feeding ??= this.namesFeeding(n, 3);
      for (const a of call.args) for (const x of identifiersIn(a.node)) if (feeding.has(x)) return true;
    }
    return false;
  }

  /** Names `n` is built from: identifiers in it, and (to `depth` steps) in the values bound to them. */
  private namesFeeding(n: Node, depth: number): Set<string> {
    const out = new Set<string>();
    let frontier = identifiersIn(n);
    for (let d = 0; d < depth && frontier.length; d++) {
      const next: string[] = [];
      for (const name of frontier) {
        if (out.has(name)) continue;
        out.add(name);
        for (const b of this.index.lookup(name, n)?.bindings ?? []) if (b.value && b.value.startIndex < n.startIndex) next.push(...identifiersIn(b.value));
      }
      frontier = next;
    }
    return out;
  }

  private insideIf(n: Node, re: RegExp): boolean {
    for (const p of this.index.enclosingIfs(n)) {
      const cond = this.adapter.ifCondition(p);
      if (cond && re.test(cond.text)) return true;
      // Go computes what it tests in the statement's initializer (`if v, _ := opts.get("verify"); !v`).
      const init = p.childForFieldName('initializer');
      if (cond && init && re.test(init.text)) return true;
      // A flag read into a local first names the choice where it is read
      // (`enabled = System.getProperty("disableHostnameVerification"); if (Boolean.parseBoolean(enabled))`).
      if (cond && this.conditionLocalNamed(cond, re)) return true;
    }
    // A `case` label is a condition too (`case "legacy":`, `case insecureFlag:`): its label
    // text, up to the colon or arrow, is tested as an `if` condition is.
    // Case clauses come from the file's by-type lists (no walk up with `.parent`, which is
    // costly in tree-sitter), kept when they hold the match.
    const labelMatches = (clause: Node): boolean => {
      const text = clause.text;
      const end = text.search(/:|->/);
      return end > 0 && re.test(text.slice(0, end).replace(/^\s*(case|default)\b/, ''));
    };
    for (const p of this.index.ofTypes(CASE_CLAUSES)) {
      if (p.startIndex > n.startIndex || p.endIndex < n.endIndex) continue;
      if (labelMatches(p)) return true;
      // JavaScript gives each label of `case "legacy": case "old": run()` a clause of its own,
      // the first one empty: its value runs the next clause's statements too.
      for (let q = p.previousNamedSibling; q?.type === 'switch_case' && !q.childrenForFieldName('body').length; q = q.previousNamedSibling) {
        if (labelMatches(q)) return true;
      }
    }
    return false;
  }

  /** Whether `node` reads at least one name and only parameters of its function (calls read a callee's name: not these). */
  private readsParamsOnly(node: Node): boolean {
    const ids = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier');
    if (ids.length === 0 || ids.length > 8) return false;
    return ids.every((id) => !!id && !!this.index.lookup(id.text, id)?.param);
  }

  /** Whether `n` sits in one arm of an enclosing `if`/`else` whose other arm's text matches `re`. */
  private besideBranch(n: Node, re: RegExp): boolean {
    for (const p of this.index.enclosingIfs(n)) {
      // Python gives each `elif` and the `else` as an alternative of its own; the other grammars
      // nest an else-if inside the one alternative.
      const arms = [p.childForFieldName('consequence'), ...p.childrenForFieldName('alternative')].filter((a): a is Node => !!a);
      if (arms.length < 2) continue;
      const mine = arms.find((a) => n.startIndex >= a.startIndex && n.endIndex <= a.endIndex);
      if (mine && arms.some((a) => a.id !== mine.id && re.test(a.text))) return true;
    }
    // A conditional expression chooses between its two arms as an `if`/`else` does
    // (`isDefault ? $(sel) : $(document).find(sel)`): a few levels up, within the statement.
    for (let p = this.index.parentOf(n), i = 0; p && i < 6 && !this.adapter.statementTypes.has(p.type); p = this.index.parentOf(p), i++) {
      if (p.type !== 'ternary_expression') continue;
      const arms = [p.childForFieldName('consequence'), p.childForFieldName('alternative')].filter((a): a is Node => !!a);
      const mine = arms.find((a) => n.startIndex >= a.startIndex && n.endIndex <= a.endIndex);
      if (mine && arms.some((a) => a.id !== mine.id && re.test(a.text))) return true;
    }
    return false;
  }

  /** Whether a local variable (not a parameter) the condition reads has one definition whose text matches `re`. */
  private conditionLocalNamed(cond: Node, re: RegExp): boolean {
    const ids = cond.type === 'identifier' ? [cond] : cond.descendantsOfType('identifier').slice(0, 8);
    for (const id of ids) {
      if (!id) continue;
      const l = this.index.lookup(id.text, id);
      if (!l || l.param || l.bindings.length !== 1) continue;
      const v = l.bindings[0].value;
      if (v && v.text.length <= 300 && re.test(v.text)) return true;
    }
    return false;
  }

  /** Names around a match: assigned variables, property keys, argument texts, the function's name. */
  namingContext(n: Node): string {
    const a = this.adapter;
    const parts: string[] = [];
    const own = this.index.callOf(n);
    if (own) for (const x of own.args) parts.push(x.node.text.slice(0, 200));
    // An assignment that is the match names its own target (`legacyConfig.CipherSuites = ...`).
    if (a.bindingTypes.includes(n.type)) for (const b of a.bindings(n)) parts.push(b.target.text.slice(0, 100));
    for (let p = this.index.parentOf(n); p; p = this.index.parentOf(p)) {
      if (a.bindingTypes.includes(p.type)) for (const b of a.bindings(p)) parts.push(b.target.text.slice(0, 100));
      const pv = a.pairTypes.includes(p.type) ? a.pair(p) : null;
      if (pv) parts.push(pv.key);
      if (a.callTypes.includes(p.type)) {
        const c = this.index.callOf(p);
        if (c) {
          for (const x of c.args) parts.push(x.node.text.slice(0, 200));
          // What the value is handed to names its use too (`setPassword(md5(x))`, `fmt.Printf("%x", md5.Sum(b))`).
          const callee = c.name ?? c.callee?.text.split(/[.:>]/).pop();
          if (callee) parts.push(callee.slice(0, 100));
        }
      }
      if (a.statementTypes.has(p.type) || a.functionTypes.has(p.type)) break;
    }
    const fn = this.index.functionOf(n);
    if (fn) {
      parts.push(a.functionName(fn) ?? '');
      for (const p of this.index.paramsOf(fn).keys()) parts.push(p);
    }
    return parts.join(' ');
  }

  private selectArgs(c: CallView, chk: CompiledArgCheck, values: ValueTracker): Node[] {
    // (Most calls name no argument: their positional arguments are all of them, not a copy.)
    const positional = c.args.some((x) => !!x.name) ? c.args.filter((x) => !x.name) : c.args;
    const out: Node[] = [];
    for (const s of chk.selectors) {
      if (s.kind === 'pos') {
        if (positional[s.index]) this.followInto(out, positional[s.index].node, s.path, values);
      } else if (s.kind === 'name') {
        for (const x of c.args) if (x.name === s.name) this.followInto(out, x.node, s.path, values);
      } else if (s.kind === 'any') {
        for (const x of c.args) this.followInto(out, x.node, s.path, values);
      } else if (s.kind === 'from') {
        for (let i = s.index; i < positional.length; i++) this.followInto(out, positional[i].node, s.path, values);
        for (const x of c.args) if (x.name) this.followInto(out, x.node, s.path, values);
      } else if (s.kind === 'last') {
        if (positional.length) this.followInto(out, positional[positional.length - 1].node, s.path, values);
      } else if (s.kind === 'receiver') {
        const callee = c.callee ? this.index.shape(c.callee) : undefined;
        const recv = c.receiver ?? (callee?.kind === 'member' ? callee.object : undefined);
        if (recv) this.followInto(out, recv, s.path, values);
      }
    }
    return out;
  }

  /** Adds what `path` leads to from `node` (the node itself for an empty path), if anything. */
  private followInto(out: Node[], node: Node, path: readonly string[], values: ValueTracker): void {
    const n = path.length ? this.follow(node, path, values) : node;
    if (n) out.push(n);
  }

  /**
   * The value at a property path of an object literal (through one local variable), or of a
   * local object whose property was set before `node` in its function (`opts.host = h;
   * http.get(opts)`): the last such store wins over the literal.
   */
  private follow(node: Node, path: readonly string[], values: ValueTracker): Node | null {
    let cur: Node | null = node;
    for (const key of path) {
      if (!cur) return null;
      cur = this.storedProperty(cur, key, node) ?? this.adapter.property(this.resolveLocal(cur), key) ?? this.madeWith(cur, key, values);
    }
    return cur;
  }

  /**
   * For an object a call made (`conn = HTTPConnection(host)`), the argument of that call at a
   * position or by name (`0`, `host`): what the object was bound to, as a connection to a host
   * is, where a later call on the object (`conn.request(...)`) uses it. The call is the one the
   * name's reaching definition made, so `conn = HTTPConnection("fixed")` after it replaces it.
   */
  private madeWith(obj: Node, key: string, values: ValueTracker): Node | null {
    const s = this.index.shape(obj);
    const defs = s.kind === 'ident' ? values.definitionsAt(s.name, obj) : [obj];
    for (const d of defs) {
      const c = this.index.callOf(d);
      if (!c || c.isAnnotation) continue;
      const arg = /^\d+$/.test(key) ? c.args.filter((a) => !a.name)[Number(key)] : c.args.find((a) => a.name === key);
      if (arg) return arg.node;
    }
    return null;
  }

  private storedProperty(obj: Node, key: string, at: Node): Node | null {
    const s = this.index.shape(obj);
    if (s.kind !== 'ident') return null;
    const stores = this.index.memberStoresBefore(s.name, key, at);
    return stores.length ? stores[stores.length - 1].value : null;
  }

  /**
   * The text of the input a path starts at, with the property a destructuring took from it
   * (`const { name } = req.query` starts at `req.query.name`).
   */
  private sourceText(trail: Node[]): string | undefined {
    const [source, next] = trail;
    if (!source) return undefined;
    // A parameter that is input by its decorators or annotations (NestJS `@Body() dto: LoginDto`)
    // reads as `@Body dto: LoginDto`: the name alone does not say whether it is a parsed body or
    // a path string, nor whether a declared class validates its shape.
    const own = this.index.shape(source);
    if (own.kind === 'ident') {
      const p = this.index.lookup(own.name, source)?.param;
      if (p?.annotations.length) return `${p.annotations.map((a) => `@${a}`).join(' ')} ${source.text}${p.type ? `: ${p.type}` : ''}`;
    }
    const s = next ? this.index.shape(next) : undefined;
    if (s?.kind !== 'ident') return source.text;
    const l = this.index.lookup(s.name, next);
    const b = l && !l.param && l.bindings.length === 1 ? l.bindings[0] : undefined;
    return b?.picks?.length && b.value?.id === source.id ? [source.text, ...b.picks].join('.') : source.text;
  }

  /**
   * Whether the value makes an object of a class matching `re`: an anonymous class written in it,
   * or a class declared in this file that it constructs (`new C(...)`, also inside an array).
   */
  private makesClassMatching(node: Node, re: RegExp): boolean {
    const def = this.resolveLocal(node);
    if (re.test(def.text)) return true;
    const names = new Set<string>();
    for (const m of def.text.matchAll(/\bnew\s+([A-Za-z_$][\w$]*)\s*\(/g)) names.add(m[1]);
    if (!names.size) return false;
    return this.index.ofTypes(CLASS_DECLARATIONS).some((c) => {
      const name = c.childForFieldName('name')?.text;
      return !!name && names.has(name) && re.test(c.text);
    });
  }

  /**
   * Whether `node`'s text, or what a local variable it uses was given (the definitions that reach
   * the read when the value tracker knows them, else any of them, followed back at most
   * DERIVE_DEPTH assignments), matches `re`. Parameters and fields end the walk, and so does a
   * definition matching `stop`.
   */
  private derivesFrom(node: Node, re: RegExp, depth: number, seen: Set<number>, values?: ValueTracker, stop?: RegExp): boolean {
    if (re.test(node.text)) return true;
    if (depth >= DERIVE_DEPTH) return false;
    const names = node.type === 'identifier' ? [node] : node.descendantsOfType('identifier').slice(0, 16);
    for (const id of names) {
      if (!id) continue;
      const l = this.index.lookup(id.text, id);
      if (!l) continue;
      if (l.param) {
        // A parameter: what the calls of its function in this file pass for it.
        for (const arg of this.argumentsFor(l.scope, id.text)) {
          if (seen.has(arg.id)) continue;
          seen.add(arg.id);
          if (this.derivesFrom(arg, re, depth + 1, seen, values, stop)) return true;
        }
        continue;
      }
      // A local given several values: those that reach this read (`n = e.FullName; n =
      // Path.GetFileName(n); use(n)` reads the second only), when that is known.
      const reaching = values && l.bindings.length >= 2 && l.bindings.length <= 8 ? values.definitionsAt(id.text, id) : [];
      const defs = reaching.length > 0 ? reaching : l.bindings.slice(0, 4).flatMap((b) => (b.value ? [b.value] : []));
      for (const v of defs) {
        if (seen.has(v.id)) continue;
        seen.add(v.id);
        // A definition the check excludes ends the walk there (`n = Path.GetFileName(n)` for a
        // rule whose definitionNotMatches is `GetFileName\(`): what it was made from is not read.
        if (stop?.test(v.text)) continue;
        if (this.derivesFrom(v, re, depth + 1, seen, values, stop)) return true;
      }
    }
    return false;
  }

  /** The arguments that calls of `fn` in this file (at most eight) pass for its parameter `name`, when they pass as many as it declares. */
  private argumentsFor(fn: Node, name: string): Node[] {
    const fname = this.adapter.functionName(fn);
    if (!fname) return [];
    const params = [...this.index.paramsOf(fn).keys()];
    const position = params.indexOf(name);
    if (position < 0) return [];
    const out: Node[] = [];
    for (const c of this.index.callsNamed(fname).slice(0, 8)) {
      const positional = c.args.filter((a) => !a.name);
      if (positional.length === params.length) out.push(positional[position].node);
    }
    return out;
  }

  /** An identifier defined once locally stands for its value (`const opts = {...}`). */
  private resolveLocal(node: Node): Node {
    const s = this.index.shape(node);
    if (s.kind === 'wrap') return this.resolveLocal(s.inner);
    if (s.kind !== 'ident') return node;
    const l = this.index.lookup(s.name, node);
    if (l && !l.param && l.bindings.length === 1 && l.bindings[0].value) return l.bindings[0].value;
    return node;
  }

  /**
   * For a parameter of a function literal passed as an argument (`n` of `M.count(q, (err, n) => ...)`),
   * the callee of that call (`M.count`); else undefined.
   */
  private callbackCallee(node: Node): Node | undefined {
    const s = this.index.shape(node);
    if (s.kind === 'wrap') return this.callbackCallee(s.inner);
    if (s.kind !== 'ident') return undefined;
    const l = this.index.lookup(s.name, node);
    if (!l?.param) return undefined;
    let parent = l.scope.parent;
    // The argument list (and a Python/C# argument node) between the function and its call.
    for (let i = 0; i < 2 && parent && CALLBACK_ARGUMENT_WRAPPERS.has(parent.type); i++) parent = parent.parent;
    if (!parent || !this.adapter.callTypes.includes(parent.type)) return undefined;
    const c = this.index.callOf(parent);
    if (!c || c.isNew || !c.args.some((a) => a.node.startIndex <= l.scope.startIndex && l.scope.endIndex <= a.node.endIndex)) return undefined;
    return c.callee;
  }

  /**
   * What a local name holds where `node` reads it: its one definition, or else the one of its
   * definitions that reaches `node` (`var s = a(x); use(s); var s = b(x); use(s)`, a `var`
   * declared again or a local reassigned: each use reads the latest). Else the node itself.
   */
  /**
   * A call's text with each argument that is a name holding one constant string written as that
   * string: `KeyPairGenerator.getInstance(ALGORITHM)` with `final String ALGORITHM = "RSA"` reads
   * as `KeyPairGenerator.getInstance("RSA")`, as the program runs it. Undefined when no argument
   * is such a name.
   */
  private withConstantArgs(def: Node, values: ValueTracker): string | undefined {
    const s = this.index.shape(def);
    if (s.kind !== 'call') return undefined;
    let text = def.text;
    let changed = false;
    for (const a of [...s.call.args].reverse()) {
      const k = this.index.shape(a.node).kind;
      if (k !== 'ident' && k !== 'member') continue;
      const v = values.value(a.node);
      if (!v.constant || typeof v.literal !== 'string') continue;
      text = text.slice(0, a.node.startIndex - def.startIndex) + JSON.stringify(v.literal) + text.slice(a.node.endIndex - def.startIndex);
      changed = true;
    }
    return changed ? text : undefined;
  }

  /**
   * Whether definitionOf(node)'s text matches `re`. That definition is the node, what resolveLocal
   * gives, or the value of one of the name's few bindings: when none of those texts matches, the
   * answer is no without working out which definitions reach the node (dead code, kills), which
   * costs far more than a few tests of an anchored expression.
   */
  private definedMatching(node: Node, re: RegExp, values: ValueTracker): boolean {
    const def = this.resolveLocal(node);
    if (def.id !== node.id) return re.test(def.text);
    const s = this.index.shape(node);
    if (s.kind !== 'ident') return re.test(node.text);
    const l = this.index.lookup(s.name, node);
    if (!l || l.param || l.bindings.length < 2 || l.bindings.length > 8) return re.test(node.text);
    if (!re.test(node.text) && !l.bindings.some((b) => !!b.value && re.test(b.value.text))) return false;
    return re.test(this.definitionOf(node, values).text);
  }

  private definitionOf(node: Node, values: ValueTracker): Node {
    const def = this.resolveLocal(node);
    if (def.id !== node.id) return def;
    const s = this.index.shape(node);
    if (s.kind !== 'ident') return node;
    const l = this.index.lookup(s.name, node);
    // (A few definitions at most: minified code reassigns one short name hundreds of times.)
    if (!l || l.param || l.bindings.length < 2 || l.bindings.length > 8) return node;
    const reaching = values.definitionsAt(s.name, node);
    return reaching.length === 1 ? reaching[0] : node;
  }

  /**
   * Whether a step of the path matches `re`: the whole of the path, not only the places a finding
   * shows (those are shortened in the middle), each variable by the statement that defines it,
   * and a call of a function of this file by what that function returns (`y = normalize(x)`
   * where `normalize` returns `os.path.normpath(x)`).
   */
  private flowPasses(trail: FlowTrail | undefined, re: RegExp, values: ValueTracker): boolean {
    for (let t = trail; t; t = t.prev) {
      const p = this.index.parentOf(t.node);
      if (re.test(p && DEFINING_PARENT.test(p.type) ? p.text : t.node.text)) return true;
      if (this.index.shape(t.node).kind !== 'call') continue;
      for (const fn of values.calleesOf(t.node)) for (const r of fn.descendantsOfType('return_statement')) if (r && re.test(r.text)) return true;
    }
    return false;
  }

  private argHolds(c: CallView, chk: CompiledArgCheck, values: ValueTracker): boolean {
    const nodes = this.selectArgs(c, chk, values);
    if (nodes.length === 0) return chk.missing === true;
    if (chk.missing === true) return false;
    for (const n of nodes) if (this.valueHolds(n, chk, values)) return true;
    return false;
  }

  /** Every check holds at the call (in order, stopping at the first that fails: no closure per call site). */
  private allArgsHold(c: CallView, checks: readonly CompiledArgCheck[], values: ValueTracker): boolean {
    for (const chk of checks) if (!this.argHolds(c, chk, values)) return false;
    return true;
  }

  /** Some check holds at the call (in order, stopping at the first that holds). */
  private anyArgHolds(c: CallView, checks: readonly CompiledArgCheck[], values: ValueTracker): boolean {
    for (const chk of checks) if (this.argHolds(c, chk, values)) return true;
    return false;
  }

  valueHolds(node: Node, chk: CompiledValueCheck, values: ValueTracker): boolean {
    const target = chk.at.length ? this.follow(node, chk.at, values) : node;
    if (!target) return false;
    if (chk.textMatches && !chk.textMatches.test(target.text)) return false;
    if (chk.textNotMatches && chk.textNotMatches.test(target.text)) return false;
    // (Asked of the file once: before any of the checks below that read definitions or values.)
    if (chk.stringMatches && !this.literalsMatch(chk.stringMatches)) return false;
    if (chk.definitionNotMatches && this.definedMatching(target, chk.definitionNotMatches, values)) return false;
    if (chk.definitionMatches) {
      // (Names read as their strings only for a pattern that looks for a quoted string.)
      const quoted = quotesString(chk.definitionMatches);
      if (!quoted) {
        if (!this.definedMatching(target, chk.definitionMatches, values)) return false;
      } else {
        const def = this.definitionOf(target, values);
        if (!chk.definitionMatches.test(def.text) && !chk.definitionMatches.test(this.withConstantArgs(def, values) ?? '')) return false;
      }
    }
    if (chk.returnsTrue !== undefined) {
      const fn = this.resolveLocal(target);
      const isTrue = this.index.shape(fn).kind === 'function' && this.adapter.returnsTrue(fn);
      if (isTrue !== chk.returnsTrue) return false;
    }
    if (chk.classMatches && !this.makesClassMatching(target, chk.classMatches)) return false;
    if (chk.derivedMatches && !this.derivesFrom(target, chk.derivedMatches, 0, new Set(), values, chk.definitionNotMatches)) return false;
    if (chk.callbackOf && !chk.callbackOf.test(this.callbackCallee(target)?.text ?? '')) return false;
    if (chk.paramsOnly !== undefined && this.readsParamsOnly(target) !== chk.paramsOnly) return false;
    // The file's string constants must hold a quantified group before any value is followed.
    if (chk.backtracking === 'exponential' && !backtracksExponentially(target, this.index, values, chk.wholeMatch === true, () => this.literalsMatch(QUANTIFIED_GROUP))) return false;
    // Polynomial: the file's constants must hold an unbounded quantifier.
    if (chk.backtracking === 'polynomial' && !backtracksExponentially(target, this.index, values, chk.wholeMatch === true, () => this.literalsMatch(UNBOUNDED_QUANTIFIER), 'polynomial')) return false;
    const needsValue = chk.constant !== undefined || chk.open !== undefined || chk.tainted !== undefined || chk.hostTainted !== undefined || chk.dynamicString !== undefined || chk.stringMatches || chk.equals || chk.below !== undefined || chk.sourceMatches || chk.sourceNotMatches || chk.flowMatches || chk.flowNotMatches;
    if (!needsValue) return true;
    const v: Val = values.value(target);
    if (chk.constant !== undefined && v.constant !== chk.constant) return false;
    if (chk.open !== undefined && v.open !== chk.open) return false;
    if (chk.tainted !== undefined && v.tainted !== chk.tainted) return false;
    if (chk.sourceMatches || chk.sourceNotMatches) {
      const source = v.tainted ? this.sourceText(trailNodes(v.via)) : undefined;
      if (chk.sourceMatches && (source === undefined || !chk.sourceMatches.test(source))) return false;
      if (chk.sourceNotMatches && source !== undefined && chk.sourceNotMatches.test(source)) return false;
    }
    // The value's own expression is the last step (`find(json.loads(s))`, `open(realpath(p))`).
    if (chk.flowMatches && !(v.tainted && (chk.flowMatches.test(target.text) || this.flowPasses(v.via, chk.flowMatches, values)))) return false;
    if (chk.flowNotMatches && v.tainted && (chk.flowNotMatches.test(target.text) || this.flowPasses(v.via, chk.flowNotMatches, values))) return false;
    // Any check that accepts a value carrying input (not only `tainted`) shows where it came from.
    if (v.tainted && v.via) this.trail ??= v.via;
    // The host is input's to choose when input comes first, after at most a scheme (`https://`, `//`).
    if (chk.hostTainted !== undefined && hostFromInput(v) !== chk.hostTainted) return false;
    if (chk.dynamicString !== undefined && v.dynamic !== chk.dynamicString) return false;
    if (chk.stringMatches && !chk.stringMatches.test(v.fragments.join(' '))) return false;
    // A choice between known scalars (`{ cmd: 'sh' }` on one platform, `{ cmd: 'cmd' }` on another) is each of them.
    if (chk.equals && !(v.literal !== undefined ? [v.literal] : (v.literals ?? [undefined])).every((l) => scalarEquals(l, chk.equals as Scalar[]))) return false;
    // A number below the bound, each of the numbers a choice may hold (`bits = 1024 if legacy else 512`).
    if (chk.below !== undefined && !(v.literal !== undefined ? [v.literal] : (v.literals ?? [undefined])).every((l) => typeof l === 'number' && l < (chk.below as number))) return false;
    return true;
  }
}

/** Whether an expression's source holds a quote (it looks for a quoted string), asked once per expression. */
function quotesString(re: RegExp): boolean {
  let q = QUOTING.get(re);
  if (q === undefined) QUOTING.set(re, (q = /["']/.test(re.source)));
  return q;
}
const QUOTING = new WeakMap<RegExp, boolean>();

/** How many assignments derivedMatches follows back. */
const DERIVE_DEPTH = 4;

/** Named class declarations, for a class a value constructs. */
const CLASS_DECLARATIONS = ['class_declaration', 'class_definition'];
/** A group under a quantifier (see mayBacktrackExponentially), in a file's string constants. */
const QUANTIFIED_GROUP = /\)[*+]|\)\{\d/;
const UNBOUNDED_QUANTIFIER = /[*+]|\{\d+,\}/;

/** Parents of a variable on a path that say what it was given (`x = json.loads(s)`, `const x = ...`, `x := ...`). */
const DEFINING_PARENT = /assignment|declarator|named_expression|short_var_declaration/;


/**
 * Whether a condition (or one alternative of a disjunction) is a check matching `re` that holds
 * only for allowed values: a test for what is allowed that passes, or a test for `..` that fails.
 */
function passingTest(text: string, re: RegExp): boolean {
  return testPolarity(text, re) === 'pass';
}

/**
 * Whether a condition is a check matching `re` that holds for allowed values (`pass`), or one
 * that holds exactly for bad values (`fail`: a search for a character outside a class, a test
 * for a leading `-`), else undefined.
 */
function testPolarity(text: string, re: RegExp): 'pass' | 'fail' | undefined {
  const m = re.exec(text);
  if (!m) return undefined;
  // A test for what is allowed passes when true; a test for `..` when false (`'..' not in p`).
  const negated = /^\s*\(?\s*(?:not\b|!)/.test(text) || /\bnot\s+in\b|===?\s*-1\b|<\s*0\b|==\s*False\b|==\s*false\b/.test(text);
  // A search for a quoted `..` is a test for `..` whichever of its words the regex met first
  // (`name.indexOf('..') === -1`, `!name.includes('..')`).
  const dotDot = m[0] === '..' || (/^(?:indexOf\(|includes\(|contains\(|Contains\(|find\()$/.test(m[0]) && /(?:indexOf|includes|contains|Contains|find)\(\s*(?:'\.\.'|"\.\."|`\.\.`)\s*\)/.test(text));
  // `/[^A-Za-z0-9_]/.test(s)`: a search for one character outside a class finds what is not
  // allowed, so it is a test for `..`'s kind too: it holds for bad values.
  const forbidden = m[0] === '.test(' && FORBIDDEN_CHAR_SEARCH.test(text);
  // `s.startsWith('-')`, `strings.HasPrefix(s, "--")`: a test for an option where an operand
  // belongs; it guards when it fails.
  const option = /^(?:startswith|startsWith|StartsWith|HasPrefix)$/.test(m[0]) && OPTION_PREFIX_TEST.test(text);
  // A message event's sender compared with an allowed origin (`e.origin === 'https://a.example'`,
  // `allowed.includes(e.origin)`) passes when it holds; `!==` is the rejecting branch.
  if (/\.origin\b/.test(m[0])) return !negated && !/!==?/.test(m[0]) ? 'pass' : undefined;
  // A rule's regex may name the test with what it is given (`startsWith\(\s*'https://[^/']+/`):
  // the test is its leading word.
  // (The condition's own parentheses and negation, and a receiver, `(!v.isSafe(u)`, come before it.)
  const word = /^[\s(!]*(?:[\w$]+\.)*([A-Za-z_$][\w$]*)(?=\()/.exec(m[0])?.[1];
  // A test for a key that reaches Object.prototype (`key.includes('__proto__')`,
  // `['__proto__', 'constructor'].includes(key)`, `key === '__proto__'`) holds for bad keys only.
  const protoKey = /^(?:__proto__|constructor|prototype)$/.test(m[0]) && PROTO_KEY_TEST.test(text);
  const bad = dotDot || forbidden || option || protoKey;
  const passing = PASSING_TESTS.test(m[0]) || (!!word && (PASSING_TESTS.test(word) || VALIDATOR_NAME.test(word)));
  if (!(bad || passing)) return undefined;
  // (`key !== '__proto__'` is the negated form of the equality.)
  const negatedTest = negated || (protoKey && /!==?\s*['"`](?:__proto__|constructor|prototype)['"`]/.test(text));
  if (bad ? negatedTest : !negated) return 'pass';
  // Only a search for a bad character or an option says what the other branch holds (`..` may
  // still be in a path that joins a base after the check).
  return forbidden || option ? 'fail' : undefined;
}

/**
 * A search for a quoted prototype key in a value, the value's membership in a quoted list that
 * starts with one, or an equality with one: each holds exactly for the bad key.
 */
const PROTO_KEY_TEST = /(?:indexOf|includes|contains|has|startsWith|endsWith)\(\s*(['"`])(?:__proto__|constructor|prototype)\1\s*\)|\[\s*(['"`])(?:__proto__|constructor|prototype)\2[^\]]*\]\s*\.(?:includes|indexOf)\(|={2,3}\s*(['"`])(?:__proto__|constructor|prototype)\3/;

/** A prefix test whose prefix is `-` or `--`. */
const OPTION_PREFIX_TEST = /(?:startswith|startsWith|StartsWith|HasPrefix)\(\s*(?:[^,()]+,\s*)?(['"`])--?\1\s*\)/;

/** An unanchored regex literal of one negated character class, tested: `/[^\w.-]/.test(`. */
const FORBIDDEN_CHAR_SEARCH = /(?:^|[^\w$\])])\/\[\^(?:\\.|[^\]\\])*\][+*]?\/[gimsuy]*\.test\(/;

const OR = /^(?:\|\||\bor\b)/;

/** A predicate named for what it lets through (`isLocalUrl`, `isSafeRedirect`, `validTarget`): true for allowed values. */
const VALIDATOR_NAME = /^(?:is|has|check)?_?(?:valid|allowed|safe|local|trusted|whitelisted|permitted|same_?origin)\w*$|^\w*(?:valid|allowed|safe|local|trusted|whitelisted|permitted)$/i;

/** The name a branch ends by setting to a string literal (`t = "/"`, `next = '/home';`), if it does. */
function replacedWithLiteral(body: Node): string | undefined {
  let last: Node | null = body;
  while (last && /^(block|statement_block|statement_list|compound_statement)$/.test(last.type)) last = last.lastNamedChild;
  if (!last) return undefined;
  return /^([A-Za-z_$][\w$]*)\s*=\s*(?:"[^"\\\n]*"|'[^'\\\n]*'|`[^`$\\]*`)\s*;?$/.exec(last.text.trim())?.[1];
}

/**
 * Checks that hold for allowed values (or, for `..`, fail for them), so that code run when they
 * pass is guarded. Others (`netloc`, `Contains(`, `isAbsolute`) mean either, by their comparison.
 */
const PASSING_TESTS = /^(?:\.\.|startswith|startsWith|StartsWith|HasPrefix|commonpath|is_relative_to|isalnum|isdigit|isnumeric|isdecimal|fullmatch|re\.match|IsMatch|MatchString|matches\(|\.test\(|\.match\(|url_has_allowed_host_and_scheme|is_safe_url|IsLocal)$/;

/** Wrappers a returned value may sit in and still be the value returned. */
const RETURN_WRAPPERS = new Set(['parenthesized_expression', 'await', 'await_expression']);

/** Whether `n` is what its function returns: `return n`, `return (n)`, `return await n` (not a part of a tuple or an expression). */
function isReturned(n: Node): boolean {
  let cur: Node = n;
  while (cur.parent && RETURN_WRAPPERS.has(cur.parent.type)) cur = cur.parent;
  const p = cur.parent;
  if (!p) return false;
  // Go returns an expression list: one value is that value.
  if (p.type === 'expression_list' && p.namedChildCount === 1 && p.parent?.type === 'return_statement') return true;
  return p.type === 'return_statement';
}

const IDENTIFIER_TYPES = new Set(['identifier', 'shorthand_property_identifier']);

/** Names of the identifiers under `n` (at most a few hundred: conditions and sinks are short). */
function identifiersIn(n: Node): string[] {
  if (IDENTIFIER_TYPES.has(n.type)) return [n.text];
  const out: string[] = [];
  for (const id of n.descendantsOfType([...IDENTIFIER_TYPES])) if (id) out.push(id.text);
  return out.slice(0, 400);
}

/**
 * Node types whose children other than the condition run only on some paths (a branch, a loop
 * body, a handler, a case, a short-circuit operand), in the grammars of the languages scanned.
 * Not a do-while: its body runs at least once.
 */
const CONDITIONAL_PARENTS = new Set([
  'if_statement', 'else_clause', 'elif_clause', 'ternary_expression', 'conditional_expression',
  'while_statement', 'for_statement', 'for_in_statement', 'enhanced_for_statement', 'foreach_statement',
  'catch_clause', 'except_clause',
  'switch_case', 'switch_default', 'case_clause', 'switch_block_statement_group', 'switch_rule', 'switch_section', 'expression_case', 'type_case', 'default_case', 'communication_case',
]);

/**
 * Whether `h` runs before `n` on every path through `fn` to `n`: it ends before `n` starts, and
 * each branch, loop body or handler it sits in (below `fn`) holds `n` too, or is an arm of an
 * `if` whose other arms all leave the function (`if (ok) { type(); } else { return; }`: the
 * paths that skip the arm do not reach `n`). (A branch's condition runs on every path; the right
 * operand of `&&`, `||`, `??`, `and` and `or` does not.)
 */
function runsOnEveryPathBefore(h: Node, n: Node, fn: Node): boolean {
  if (h.endIndex > n.startIndex) return false;
  const holdsN = (a: Node): boolean => a.startIndex <= n.startIndex && n.endIndex <= a.endIndex;
  for (let a: Node | null = h; a && a.id !== fn.id; a = a.parent) {
    const p = a.parent;
    if (!p || p.id === fn.id) break;
    // A JavaScript `else` is an arm of its `if`: asked about there, with the other arms.
    if (p.type === 'else_clause' && p.parent?.type === 'if_statement') continue;
    const conditional =
      (CONDITIONAL_PARENTS.has(p.type) && p.childForFieldName('condition')?.id !== a.id) ||
      (/^(binary_expression|boolean_operator)$/.test(p.type) && /^(&&|\|\||\?\?|and|or)$/.test(p.childForFieldName('operator')?.text ?? '') && p.childForFieldName('right')?.id === a.id);
    if (conditional && !holdsN(a) && !(p.type === 'if_statement' && otherArmsLeave(p, a))) return false;
    // A `catch` or `finally` runs after a throw from anywhere in its `try` body, which may come
    // before `h`: only the body's first statement has surely run there.
    if (p.type === 'try_statement' && p.childForFieldName('body')?.id === a.id && !holdsN(a) && holdsN(p)) {
      const first = a.namedChildren.find((c) => c && !/comment/.test(c.type));
      if (!first || h.startIndex < first.startIndex || h.endIndex > first.endIndex) return false;
    }
  }
  return true;
}

/** Whether `ifNode` has an `else` and each of its arms but `arm` ends by leaving the function. */
function otherArmsLeave(ifNode: Node, arm: Node): boolean {
  const arms = [ifNode.childForFieldName('consequence'), ...ifNode.childrenForFieldName('alternative')].filter((a): a is Node => !!a);
  // Without an `else` (Python: the last alternative an `elif`), the paths where no arm runs skip `arm` too.
  const last = arms[arms.length - 1];
  if (arms.length < 2 || last.type === 'elif_clause' || !arms.some((a) => a.id === arm.id)) return false;
  return arms.every((a) => a.id === arm.id || armLeaves(a));
}

/** Whether an arm of an `if` (a block, an `else`, an `elif`, an else-if) leaves the function on every path. */
function armLeaves(a: Node): boolean {
  const body = a.type === 'else_clause' ? (a.childForFieldName('body') ?? a.namedChild(a.namedChildCount - 1)) : a.type === 'elif_clause' ? a.childForFieldName('consequence') : a;
  if (!body) return false;
  if (body.type === 'if_statement') {
    const arms = [body.childForFieldName('consequence'), ...body.childrenForFieldName('alternative')].filter((x): x is Node => !!x);
    return arms.length >= 2 && arms[arms.length - 1].type !== 'elif_clause' && arms.every(armLeaves);
  }
  return leaves(body);
}
