import { anyMatches, compileChainPattern, splitChain, type Chain, type ChainPattern } from './chains';
import type { FileIndex } from './fileIndex';
import type { ParameterModel } from './sourceModels';
import { field, kids, normaliseType, type CallView, type Node } from './syntax';

/**
 * Function parameters that a framework fills from the request (Flask route arguments, Spring
 * handler arguments, ASP.NET Core action and minimal-API parameters, Lambda events), as the
 * source models' `parameters` entries describe them. Decided once per function and file.
 */

export interface CompiledParameterModel {
  decorators?: ChainPattern[];
  passedTo?: ChainPattern[];
  assignedTo?: ChainPattern[];
  eventNames?: ReadonlySet<string>;
  classExtends?: ReadonlySet<string>;
  classExtendsMatch?: RegExp;
  classAnnotated?: ReadonlySet<string>;
  className?: RegExp;
  functionName?: RegExp;
  signature?: readonly string[];
  imports?: readonly string[];
  header?: RegExp;
  directives?: ReadonlySet<string>;
  params: 'all' | 'afterSignature' | ReadonlySet<string>;
  types?: RegExp;
  exceptTypes?: RegExp;
  exceptText?: RegExp;
  inObjectUnder?: ReadonlySet<string>;
  position?: number;
  exceptBody?: RegExp;
}

const re = (s: string | undefined): RegExp | undefined => (s === undefined ? undefined : new RegExp(s));

export function compileParameterModel(p: ParameterModel): CompiledParameterModel {
  return {
    decorators: p.decorators?.map(compileChainPattern),
    passedTo: p.passedTo?.map(compileChainPattern),
    assignedTo: p.assignedTo?.map(compileChainPattern),
    eventNames: p.eventNames ? new Set(p.eventNames) : undefined,
    classExtends: p.classes?.extends ? new Set(p.classes.extends) : undefined,
    classExtendsMatch: re(p.classes?.extendsMatches),
    classAnnotated: p.classes?.annotated ? new Set(p.classes.annotated) : undefined,
    className: re(p.classes?.nameMatches),
    functionName: re(p.functionName),
    signature: p.signature,
    imports: p.imports,
    header: re(p.headerMatches),
    directives: p.directives ? new Set(p.directives) : undefined,
    params: Array.isArray(p.params) ? new Set(p.params) : p.params ?? 'all',
    types: re(p.types),
    exceptTypes: re(p.exceptTypes),
    exceptText: re(p.exceptText),
    inObjectUnder: p.inObjectUnder ? new Set(p.inObjectUnder) : undefined,
    position: p.position,
    exceptBody: re(p.exceptBody),
  };
}

const ANNOTATION_TYPES = new Set(['decorator', 'annotation', 'marker_annotation', 'attribute']);
const CLASS_TYPES = new Set(['class_declaration', 'class_definition', 'class', 'record_declaration', 'abstract_class_declaration']);
/** Nodes between a function literal and the call it is an argument of (`f(x => ..)`, `f({ handler: () => .. })`). */
const ARGUMENT_PATH = new Set(['arguments', 'argument_list', 'argument', 'pair', 'object', 'keyword_argument', 'parenthesized_expression', 'initializer_expression', 'assignment_expression', 'anonymous_object_creation_expression']);

/** An annotation's name as a chain: `@app.route("/x")` -> [app, route]; `[HttpGet("{id}")]` -> [HttpGet]. */
function annotationChain(n: Node, index: FileIndex): Chain {
  const named = field(n, 'name');
  let text = named ? named.text : n.text.replace(/^@/, '');
  const paren = text.indexOf('(');
  if (paren >= 0) text = text.slice(0, paren);
  const segs = splitChain(text.replace(/\s+/g, ''));
  const alias = segs.length ? index.imports.get(segs[0]) : undefined;
  return alias ? [...splitChain(alias), ...segs.slice(1)] : segs;
}

function annotationsIn(list: Node[]): Node[] {
  const out: Node[] = [];
  for (const c of list) {
    if (ANNOTATION_TYPES.has(c.type)) out.push(c);
    else if (c.type === 'modifiers' || c.type === 'attribute_list') out.push(...annotationsIn(kids(c)));
  }
  return out;
}

/**
 * The simple names of the annotations (Java) or attributes (C#) written on a declaration, without
 * C#'s `Attribute` suffix: `BindProperty` for `[Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true)]`.
 */
export function annotationNames(decl: Node): string[] {
  const out: string[] = [];
  for (const a of annotationsIn(kids(decl))) {
    const n = field(a, 'name') ?? a.firstNamedChild;
    if (n) out.push(n.text.split('.').pop()!.replace(/Attribute$/, ''));
  }
  return out;
}

/**
 * Decorators, annotations and attributes written on a function (or on the class, for `owner`).
 * With the file's index, the parent is its cached one: each model and each knowledge key asks again.
 */
function annotationsOf(node: Node, index?: FileIndex): Node[] {
  const out = annotationsIn(kids(node));
  const parent = index ? index.parentOf(node) : node.parent;
  if (parent?.type === 'decorated_definition') out.push(...annotationsIn(kids(parent)));
  // TypeScript puts a method's decorators before it in the class body.
  for (let s = node.previousNamedSibling; s && s.type === 'decorator'; s = s.previousNamedSibling) out.push(s);
  return out;
}

function enclosingClass(fn: Node): Node | null {
  for (let p = fn.parent, i = 0; p && i < 6; p = p.parent, i++) if (CLASS_TYPES.has(p.type)) return p;
  return null;
}

/** Names a class extends or implements (last segment, generics dropped). */
function baseNames(cls: Node): string[] {
  const out: string[] = [];
  for (const c of kids(cls)) {
    if (/^(base_list|superclass|super_interfaces|class_heritage|argument_list|superclasses|extends_clause|implements_clause)$/.test(c.type) || field(cls, 'superclasses')?.id === c.id) {
      for (const m of c.text.matchAll(/[A-Za-z_$][\w$.]*/g)) {
        const name = m[0].split('.').pop() as string;
        if (!/^(extends|implements)$/.test(name)) out.push(name);
      }
    }
  }
  return out;
}

/** The call a function literal is passed to, if any (through object and argument wrappers): its chains and its first argument's node. */
function callReceiving(fn: Node, index: FileIndex): { chains: Chain[]; first?: Node } {
  const none = { chains: [] };
  let n: Node | null = fn;
  for (let i = 0; i < 6 && n; i++) {
    const p: Node | null = index.parentOf(n);
    if (!p) return none;
    const call = index.adapter.callTypes.includes(p.type) ? index.adapter.call(p) : null;
    if (call) return call.args.some((a) => a.node.id === n!.id || (a.node.startIndex <= fn.startIndex && fn.endIndex <= a.node.endIndex)) ? { chains: index.callChains(call), first: call.args[0]?.node } : none;
    if (!ARGUMENT_PATH.has(p.type)) return none;
    n = p;
  }
  return none;
}

/** A listener's reference as a registration call passes it (`onMessage`, `this.onMessage`, `self.onMessage.bind(this)`): its name. */
const LISTENER_REF = /^(?:this\.|self\.)?([A-Za-z_$][\w$]*)(?:\.bind\([^()]*\))?$/;

/**
 * Per file and model: the calls that register a listener for one of the model's events
 * (a call named as `passedTo` ends, its first argument one of `eventNames`), by the name of
 * each function reference among their other arguments. Worked out once per file and model
 * instead of once per function of the file.
 */
const registrations = new WeakMap<FileIndex, Map<CompiledParameterModel, Map<string, CallView[]>>>();

function registrationsOf(m: CompiledParameterModel, index: FileIndex): Map<string, CallView[]> {
  let byModel = registrations.get(index);
  if (!byModel) registrations.set(index, (byModel = new Map()));
  let byName = byModel.get(m);
  if (byName) return byName;
  byName = new Map();
  const called = new Set((m.passedTo ?? []).map((p) => p.segments[p.segments.length - 1]?.replace(/\(\)$/, '') ?? ''));
  for (const c of called) {
    for (const call of index.callsNamed(c)) {
      if (!isStringIn(call.args[0]?.node, m.eventNames!, index)) continue;
      for (const a of call.args.slice(1)) {
        // (The name is the only one the text can stand for: a name holds no dot.)
        const name = LISTENER_REF.exec(a.node.text)?.[1];
        if (!name) continue;
        const list = byName.get(name);
        if (!list) byName.set(name, [call]);
        else if (list[list.length - 1] !== call) list.push(call);
      }
    }
  }
  byModel.set(m, byName);
  return byName;
}

/** Whether this file registers the named function `fn` for one of the model's events by a call `passedTo` matches. */
function registeredByName(m: CompiledParameterModel, fn: FunctionFacts, index: FileIndex): boolean {
  const name = fn.name?.replace(/^(?:this|self|exports|module\.exports)\./, '');
  if (!name || !/^[A-Za-z_$][\w$]*$/.test(name)) return false;
  for (const call of registrationsOf(m, index).get(name) ?? []) if (anyMatches(m.passedTo!, index.callChains(call))) return true;
  return false;
}

/** What the models read of one function, worked out once for all the models tried on it. */
class FunctionFacts {
  private nameMemo?: string | null;
  private callMemo?: { chains: Chain[]; first?: Node };
  constructor(
    readonly node: Node,
    private readonly index: FileIndex,
  ) {}

  /** The function's name (adapter's functionName), null for none. */
  get name(): string | null {
    if (this.nameMemo === undefined) this.nameMemo = this.index.adapter.functionName(this.node) ?? null;
    return this.nameMemo;
  }

  /** The call the function literal is passed to (see callReceiving). */
  get call(): { chains: Chain[]; first?: Node } {
    return (this.callMemo ??= callReceiving(this.node, this.index));
  }
}

/** Whether a node is a string literal (no substitutions) whose value, as the language's shape reads it, is one of `names`. */
function isStringIn(n: Node | undefined, names: ReadonlySet<string>, index: FileIndex): boolean {
  if (!n || n.type === 'regex') return false;
  const s = index.shape(n);
  const text = s.kind === 'string' ? s.value : s.kind === 'interpolated' && s.parts.every((p) => typeof p === 'string') ? s.parts.join('') : undefined;
  return text !== undefined && names.has(text);
}

function headerOf(fn: Node): string {
  const body = field(fn, 'body');
  return body ? fn.text.slice(0, body.startIndex - fn.startIndex) : fn.text.slice(0, 400);
}

/** The declaration node of parameter `name` in the function's parameter list. */
function paramDeclaration(fn: Node, name: string): Node | null {
  const list = field(fn, 'parameters') ?? field(fn, 'parameter');
  if (!list) return null;
  if (list.text === name) return list;
  for (const c of kids(list)) {
    if (c.text === name) return c;
    const n = field(c, 'name') ?? field(c, 'pattern');
    if (n?.text === name) return c;
    if (c.descendantsOfType('identifier').some((i) => i?.text === name)) return c;
  }
  return null;
}

/** The directive a statement list opens with (`'use server'`), skipping comments; else undefined. */
function openingDirective(list: Node | null): string | undefined {
  // (First children only: listing a long file's or body's statements for every function is slow.)
  let first = list?.firstNamedChild ?? null;
  while (first && (first.type === 'comment' || first.type === 'hash_bang_line')) first = first.nextNamedSibling;
  if (first?.type !== 'expression_statement') return undefined;
  const str = first.firstNamedChild;
  return str?.type === 'string' ? str.text.slice(1, -1) : undefined;
}

/** Per file: the directive its text opens with ('' for none). */
const fileDirective = new WeakMap<FileIndex, string>();

/** Whether a function literal or declaration is what its module exports (`export async function`, `export const f = async () =>`). */
function isExported(fn: Node): boolean {
  let n: Node | null = fn.parent;
  for (let i = 0; n && i < 3; i++, n = n.parent) {
    if (n.type === 'export_statement') return true;
    if (n.type !== 'variable_declarator' && n.type !== 'lexical_declaration' && n.type !== 'variable_declaration') return false;
  }
  return false;
}

function hasDirective(fn: Node, index: FileIndex, directives: ReadonlySet<string>): boolean {
  const own = openingDirective(field(fn, 'body'));
  if (own !== undefined && directives.has(own)) return true;
  let file = fileDirective.get(index);
  if (file === undefined) fileDirective.set(index, (file = openingDirective(index.root) ?? ''));
  return directives.has(file) && isExported(fn);
}

/** Per file and model: whether the file imports one of the model's `imports` (see modelHolds). */
const importsHeld = new WeakMap<FileIndex, Map<CompiledParameterModel, boolean>>();

function importsModel(m: CompiledParameterModel, index: FileIndex): boolean {
  let byModel = importsHeld.get(index);
  if (!byModel) importsHeld.set(index, (byModel = new Map()));
  let held = byModel.get(m);
  if (held === undefined) {
    held = [...index.imports.values()].some((v) => m.imports!.some((i) => v === i || v.startsWith(`${i}.`) || v.startsWith(`${i}/`)));
    byModel.set(m, held);
  }
  return held;
}

function modelHolds(m: CompiledParameterModel, fn: Node | FunctionFacts, index: FileIndex, order: readonly string[]): boolean {
  const facts = fn instanceof FunctionFacts ? fn : new FunctionFacts(fn, index);
  fn = facts.node;
  if (m.imports && !importsModel(m, index)) return false;
  if (m.signature && !m.signature.every((s, i) => order[i] === s)) return false;
  if (m.functionName && !m.functionName.test(facts.name ?? '')) return false;
  if (m.header && !m.header.test(headerOf(fn))) return false;
  if (m.directives && !hasDirective(fn, index, m.directives)) return false;
  if (m.decorators && !anyMatches(m.decorators, annotationsOf(fn, index).map((a) => annotationChain(a, index)))) return false;
  if (m.passedTo) {
    const call = facts.call;
    if (call.chains.length === 0 && m.eventNames) {
      // A listener registered by name (`addEventListener('message', onMessage)`,
      // `this.handle.bind(this)`): a named function of this file, for named events only.
      if (!registeredByName(m, facts, index)) return false;
    } else {
      if (!anyMatches(m.passedTo, call.chains)) return false;
      if (m.eventNames && !isStringIn(call.first, m.eventNames, index)) return false;
    }
  }
  if (m.assignedTo && !assignedTo(fn, index, m.assignedTo)) return false;
  if (m.inObjectUnder && !heldUnder(fn, m.inObjectUnder, index)) return false;
  if (m.exceptBody && m.exceptBody.test(field(fn, 'body')?.text ?? '')) return false;
  if (m.classExtends || m.classExtendsMatch || m.classAnnotated || m.className) {
    const cls = enclosingClass(fn);
    if (!cls) return false;
    const name = field(cls, 'name')?.text ?? '';
    const ok =
      (m.classExtends && baseNames(cls).some((b) => m.classExtends!.has(b))) ||
      (m.classExtendsMatch && baseNames(cls).some((b) => m.classExtendsMatch!.test(b))) ||
      (m.classAnnotated && annotationsOf(cls, index).some((a) => m.classAnnotated!.has(annotationChain(a, index).slice(-1)[0] ?? ''))) ||
      (m.className && m.className.test(name));
    if (!ok) return false;
  }
  return true;
}

/** Whether a function literal is the value of an assignment whose target's chain matches (`$.fn.tip = function (options) {..}`). */
function assignedTo(fn: Node, index: FileIndex, patterns: readonly ChainPattern[]): boolean {
  let n: Node = fn;
  while (n.parent?.type === 'parenthesized_expression') n = n.parent;
  const a = n.parent;
  if (a?.type !== 'assignment_expression' || field(a, 'right')?.id !== n.id) return false;
  const left = field(a, 'left');
  return !!left && anyMatches(patterns, index.chains(left));
}

/** The key a node is held under in an object literal: `k: node`, or the method `k() {}` itself. */
function heldKey(n: Node, index: FileIndex): { key: string; object: Node } | undefined {
  if (n.type === 'method_definition') {
    const obj = index.parentOf(n);
    const key = field(n, 'name');
    return obj?.type === 'object' && key ? { key: key.text.replace(/^['"]|['"]$/g, ''), object: obj } : undefined;
  }
  const pair = index.parentOf(n);
  if (pair?.type !== 'pair' || field(pair, 'value')?.id !== n.id) return undefined;
  const obj = index.parentOf(pair);
  const key = field(pair, 'key');
  return obj?.type === 'object' && key ? { key: key.text.replace(/^['"]|['"]$/g, ''), object: obj } : undefined;
}

/** Whether a function sits in an object held under one of `keys`, directly or one object deeper. */
function heldUnder(fn: Node, keys: ReadonlySet<string>, index: FileIndex): boolean {
  let obj = heldKey(fn, index)?.object;
  for (let depth = 0; obj && depth < 2; depth++) {
    const outer = heldKey(obj, index);
    if (!outer) return false;
    if (keys.has(outer.key)) return true;
    obj = outer.object;
  }
  return false;
}

/** Per file: function node id -> names of its parameters that carry request input. */
const perFile = new WeakMap<FileIndex, Map<string, Map<number, ReadonlySet<string>>>>();

function inputParams(fn: Node, index: FileIndex, models: readonly CompiledParameterModel[], key: string): ReadonlySet<string> {
  let byKey = perFile.get(index);
  if (!byKey) perFile.set(index, (byKey = new Map()));
  let byFn = byKey.get(key);
  if (!byFn) byKey.set(key, (byFn = new Map()));
  const hit = byFn.get(fn.id);
  if (hit) return hit;
  const params = [...index.paramsOf(fn).values()];
  const order = params.map((p) => p.name);
  const out = new Set<string>();
  let typed: ReadonlySet<string> | undefined;
  const facts = new FunctionFacts(fn, index);
  for (const m of models) {
    if (!modelHolds(m, facts, index, order)) continue;
    typed ??= typedRouteSegments(fn, index);
    params.forEach((p, i) => {
      if (typed?.has(p.name)) return;
      if (m.params === 'afterSignature' ? i < (m.signature?.length ?? 0) : m.params !== 'all' && !m.params.has(p.name)) return;
      if (m.position !== undefined && p.position !== m.position) return;
      if (m.types && !(p.type && m.types.test(normaliseType(p.type)))) return;
      if (m.exceptTypes && p.type && m.exceptTypes.test(normaliseType(p.type))) return;
      if (m.exceptText) {
        const decl = paramDeclaration(fn, p.name);
        if (decl && m.exceptText.test(decl.text)) return;
      }
      out.add(p.name);
    });
  }
  byFn.set(fn.id, out);
  return out;
}

/**
 * Route parameters the framework converts to a number, UUID, boolean or date before the handler
 * runs, named in the route of the handler's decorator or attribute: Flask's `<int:id>`,
 * `<float:x>`, `<uuid:x>`; ASP.NET Core's `{id:int}`, `{id:guid}`... A request that does not
 * convert is refused, so the handler never sees text.
 */
export function typedRouteSegments(fn: Node, index?: FileIndex): ReadonlySet<string> {
  const out = new Set<string>();
  for (const a of annotationsOf(fn, index)) {
    if (a.text.length > 2000) continue;
    for (const m of a.text.matchAll(/<(?:int|float|uuid):([A-Za-z_]\w*)>|\{([A-Za-z_]\w*):(?:int|long|guid|bool|decimal|double|float|datetime)\b[^}]*\}/g)) out.add(m[1] ?? m[2]);
  }
  return out;
}

/**
 * Whether the parameter `name`, read at `at`, is one a framework fills from the request.
 * Hook for the value tracker: call it for a name that resolves to a parameter.
 */
export function isFrameworkInput(index: FileIndex, models: readonly CompiledParameterModel[], key: string, name: string, at: Node): boolean {
  if (models.length === 0) return false;
  let scope = index.scopeOf(at);
  for (;;) {
    if (index.adapter.functionTypes.has(scope.type) && index.paramsOf(scope).has(name)) return inputParams(scope, index, models, key).has(name);
    if (scope.id === index.root.id) return false;
    scope = index.scopeOf(scope);
  }
}

/**
 * Whether a directive makes the function an endpoint (`'use server'`): the network calls it with
 * any arguments, while this code calls it as a plain function with arguments of its own.
 */
export function isDirectiveEndpoint(fn: Node, index: FileIndex, models: readonly CompiledParameterModel[]): boolean {
  if (!models.some((m) => m.directives)) return false;
  const order = [...index.paramsOf(fn).values()].map((p) => p.name);
  return models.some((m) => !!m.directives && modelHolds(m, fn, index, order));
}

/** Whether the function carries a decorator, annotation or attribute matching one of `patterns`. */
export function annotatedWith(fn: Node, index: FileIndex, patterns: readonly ChainPattern[]): boolean {
  return anyMatches(patterns, annotationsOf(fn, index).map((a) => annotationChain(a, index)));
}

/** The source texts of the annotations written on a function, or on the class that holds it. */
export function annotationTexts(fn: Node, of: 'function' | 'class'): string[] {
  const owner = of === 'function' ? fn : enclosingClass(fn);
  return owner ? annotationsOf(owner).map((a) => a.text) : [];
}

/** Whether the function, or the class that holds it, carries an annotation matching one of `patterns` (`@RestController`). */
export function annotatedHere(fn: Node, index: FileIndex, patterns: readonly ChainPattern[]): boolean {
  if (annotatedWith(fn, index, patterns)) return true;
  const cls = enclosingClass(fn);
  return !!cls && anyMatches(patterns, annotationsOf(cls).map((a) => annotationChain(a, index)));
}
