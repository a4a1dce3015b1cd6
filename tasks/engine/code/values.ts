import { BeanConstraints, fieldDeclaration, formalParameter, mayConstrain, methodsOf } from './beanValidation';
import { anyMatches, matchesChain } from './chains';
import { FIELD_SCOPES, type FileIndex, type Lookup } from './fileIndex';
import { annotationNames, isDirectiveEndpoint, isFrameworkInput } from './frameworkParams';
import { candidateNames, conditionPins, conditionRejectsOthers, leaves, mayPin, parsedFrom, runsBefore, unsafeCharTest } from './guards';
import { JAVA_EXPRESSION_COMPILERS, NUMERIC_MEMBERS, QUALIFIED_PROPAGATORS, STRING_BUILDERS, STRING_PASSTHROUGH, TAINT_PROPAGATORS, URL_FACTORIES, URL_TYPES, type CompiledKnowledge } from './knowledge';
import { SAFE_TYPES, normaliseType, operatorOf, type BindingView, type CallView, type Node, type ParamView } from './syntax';

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
  /** A string built at run time with at least one part that is open. */
  dynamic: boolean;
  /**
   * May hold data from outside the code: request input, a parameter whose callers are unknown,
   * a field, a global. Not constant but closed: what calls compute from constants alone
   * (`ThingFactory.create().run("x")`, `System.getProperty("os.name")`).
   */
  open: boolean;
  /** The one scalar it holds, when known. */
  literal?: Scalar;
  /** One of several values, each a known scalar: those scalars (a few at most). */
  literals?: Scalar[];
  /** Constant text it starts with (null: unknown). */
  prefix: string | null;
  /**
   * Whether its first part that is not constant text is request input (unset: as `tainted`).
   * `base + input` with a base from elsewhere (configuration) does not lead with input.
   */
  lead?: boolean;
  /** One of several values: the starts of those alternatives whose first open part is input. */
  inputStarts?: (string | null)[];
  /** Its constant string parts. */
  fragments: string[];
  /**
   * While summarising a function: bit i set when parameter i flows into the value (a parameter
   * then counts as constant, so `constant` means "constant when those arguments are").
   */
  from: number;
  /**
   * While summarising a function: the parameters whose data is the value's first part that is not
   * constant text (`"https://" + p`: p), so that applied to arguments the value leads with input
   * exactly when such an argument does, after this constant start and the argument's own.
   */
  leadFrom?: number;
  /** For tainted values: the path from the source, latest place first. */
  via?: FlowTrail;
}

/** A path of request input through the code, as a list linked from its latest place back to the source. */
export interface FlowTrail {
  node: Node;
  prev?: FlowTrail;
  length: number;
}

/** Places kept per path: the source, then the latest steps (a path longer than this is shortened in the middle). */
export const MAX_TRAIL = 12;

function extend(trail: FlowTrail | undefined, node: Node): FlowTrail | undefined {
  if (!trail) return undefined;
  if (trail.node.id === node.id) return trail;
  return { node, prev: trail, length: trail.length + 1 };
}

/** The trail's places, source first, at most MAX_TRAIL of them (the source and the latest steps). */
export function trailNodes(trail: FlowTrail | undefined): Node[] {
  const out: Node[] = [];
  for (let t = trail; t; t = t.prev) out.push(t.node);
  out.reverse();
  if (out.length > MAX_TRAIL) return [out[0], ...out.slice(out.length - (MAX_TRAIL - 1))];
  return out;
}

/** Stores into a local's members beyond which a read of the whole object does not look at them. */
const MAX_WHOLE_OBJECT_STORES = 32;

const UNKNOWN: Val = Object.freeze({ constant: false, tainted: false, stringy: false, dynamic: false, open: true, prefix: null, fragments: [], from: 0 }) as Val;
/** Computed by code from constants only. */
const CLOSED: Val = Object.freeze({ ...UNKNOWN, open: false }) as Val;
const TRUSTED: Val = Object.freeze({ constant: true, tainted: false, stringy: false, dynamic: false, open: false, prefix: null, fragments: [], from: 0 }) as Val;
const TAINTED: Val = Object.freeze({ constant: false, tainted: true, stringy: false, dynamic: false, open: true, prefix: null, fragments: [], from: 0 }) as Val;

function str(value: string): Val {
  return { constant: true, tainted: false, stringy: true, dynamic: false, open: false, literal: value, prefix: value, fragments: [value], from: 0 };
}

/**
 * Per file: its classes whose instances carry input, and what they carry (see classCarries).
 * (By file alone: every knowledge of a language has the same instances models; rules add only
 * sources and sanitisers.)
 */
const classKindsByFile = new WeakMap<FileIndex, Map<string, 'input' | 'arguments'>>();

const typedFieldsByFile = new WeakMap<FileIndex, Map<string, Map<string, 'form' | 'model'>>>();

/** WTForms fields that convert their text (to a number, a date, a flag); None when it does not. */
const CONVERTING_FORM_FIELD = /^(Integer|Float|Decimal|Boolean|Date|DateTime|DateTimeLocal|Time|Month|IntegerRange|DecimalRange)Field$/;
/** pydantic annotations whose value can hold no text (strict conversions), optional or not. */
const CONVERTING_ANNOTATION = /^(?:Optional\[)?(?:int|float|bool|Decimal|decimal\.Decimal|UUID|uuid\.UUID|UUID4|datetime|date|time|timedelta|datetime\.\w+|PositiveInt|NegativeInt|NonNegativeInt|NonPositiveInt|PositiveFloat|NonNegativeFloat|StrictInt|StrictFloat|StrictBool)\]?(?:\s*\|\s*None)?$/;

/** A class body's fields that convert their input: WTForms `age = IntegerField(...)` ('form'), annotated `age: int` ('model'). */
function typedFieldsOf(cls: Node): Map<string, 'form' | 'model'> {
  const out = new Map<string, 'form' | 'model'>();
  for (const st of cls.childForFieldName('body')?.namedChildren ?? []) {
    const a = st?.type === 'expression_statement' ? st.firstNamedChild : null;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    if (left?.type !== 'identifier') continue;
    const right = a.childForFieldName('right');
    const type = a.childForFieldName('type');
    const callee = right?.type === 'call' ? right.childForFieldName('function')?.text.split('.').pop() : undefined;
    if (callee && CONVERTING_FORM_FIELD.test(callee)) out.set(left.text, 'form');
    else if (type && CONVERTING_ANNOTATION.test(type.text.replace(/\s+/g, ' ').trim())) out.set(left.text, 'model');
  }
  return out;
}

function sourceAt(node: Node): Val {
  return { ...TAINTED, via: { node, length: 1 } };
}

function scalar(value: Scalar): Val {
  return { ...TRUSTED, literal: value, prefix: value === null ? null : String(value), fragments: [] };
}

/** Carries request input, or (while summarising) a parameter. */
function carries(v: Val): boolean {
  return v.tainted || v.from !== 0;
}

/** An unknown value derived from `vals`: their taint and parameter flow, nothing else. */
function derivedFrom(vals: readonly Val[]): Val {
  let tainted = false;
  let from = 0;
  let open = false;
  for (const v of vals) {
    tainted ||= v.tainted;
    from |= v.from;
    open ||= v.open;
  }
  if (!tainted && from === 0) return open ? UNKNOWN : CLOSED;
  return { ...UNKNOWN, tainted, from, open, via: vals.find((v) => v.tainted && v.via)?.via, leadFrom: from || undefined };
}

/** Whether the value's first part that is not constant text is request input. */
export function leadsWithInput(v: Val): boolean {
  return v.lead ?? v.tainted;
}

/** Concatenation of parts in order. */
function seq(parts: Val[]): Val {
  let prefix: string | null = '';
  let prefixOpen = true;
  let lead = false;
  let literal: string | undefined = '';
  const fragments: string[] = [];
  let constant = true;
  let tainted = false;
  let dynamic = false;
  let from = 0;
  let open = false;
  let via: FlowTrail | undefined;
  let leadFrom: number | undefined;
  for (const p of parts) {
    via ??= p.tainted ? p.via : undefined;
    constant &&= p.constant;
    tainted ||= p.tainted;
    from |= p.from;
    dynamic ||= p.open || p.dynamic;
    open ||= p.open;
    for (const f of p.fragments) if (fragments.length < MAX_FRAGMENTS) fragments.push(f);
    if (literal !== undefined) literal = p.literal !== undefined && p.literal !== null ? literal + String(p.literal) : undefined;
    if (prefixOpen) {
      if (p.literal !== undefined && p.literal !== null) prefix += String(p.literal);
      else {
        prefix = (prefix ?? '') + (p.prefix ?? '');
        prefixOpen = false;
        lead = leadsWithInput(p);
        leadFrom = p.leadFrom ?? (p.from || undefined);
      }
    }
  }
  return { constant, tainted, stringy: true, dynamic, literal, prefix: prefix === '' && !prefixOpen ? null : prefix, fragments, from, open, via, lead, leadFrom };
}

/** Request input that is text whatever it holds: its source is not a parsed body or event (JSON may hold numbers). */
function requestText(v: Val): boolean {
  if (!v.tainted || !v.via) return false;
  let t: FlowTrail = v.via;
  while (t.prev) t = t.prev;
  return !/\b(body|json|data|payload|event|args|params\s*\.\s*body)\b|\bJSON\./i.test(t.node.text) && /\b(query|params|param|headers?|cookies|url|originalUrl|path|hostname|search|hash|location|get)\b/.test(t.node.text);
}

/** One of several values. */
function union(vals: Val[]): Val {
  if (vals.length === 0) return UNKNOWN;
  if (vals.length === 1) return vals[0];
  const first = vals[0];
  const same = vals.every((v) => v.literal === first.literal);
  // Rules read a prefix's start (a scheme and host) and look for words in fragments: a union of
  // many long strings (tables of constants) keeps bounded parts of them, not all their text.
  let prefix = first.prefix === null ? null : first.prefix.slice(0, MAX_PREFIX);
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
    open: vals.some((v) => v.open),
    via: vals.find((v) => v.tainted && v.via)?.via,
    literal: same ? first.literal : undefined,
    literals: same ? undefined : alternativeLiterals(vals),
    prefix,
    lead: vals.some(leadsWithInput),
    inputStarts: vals.filter((v) => v.tainted && leadsWithInput(v)).flatMap((v) => v.inputStarts ?? [v.prefix]).slice(0, MAX_FRAGMENTS),
    fragments: boundedFlat(vals),
    from: vals.reduce((f, v) => f | v.from, 0),
    leadFrom: vals.reduce((f, v) => f | (v.leadFrom ?? 0), 0) || undefined,
  };
}

/** The values' fragments, at most MAX_FRAGMENTS of them. */
function boundedFlat(vals: readonly Val[]): string[] {
  const out: string[] = [];
  for (const v of vals) {
    for (const f of v.fragments) {
      if (out.length >= MAX_FRAGMENTS) return out;
      out.push(f);
    }
  }
  return out;
}

const MAX_PREFIX = 512;
const MAX_FRAGMENTS = 256;

/** The scalars of alternatives that are each one known scalar (or such a choice), at most eight; else undefined. */
function alternativeLiterals(vals: Val[]): Scalar[] | undefined {
  const out: Scalar[] = [];
  for (const v of vals) {
    const ls = v.literal !== undefined ? [v.literal] : v.literals;
    if (!ls) return undefined;
    for (const l of ls) if (!out.includes(l)) out.push(l);
  }
  return out.length <= 8 ? out : undefined;
}

const NAMED_CONSTANT = /^[A-Z][A-Z0-9_]+$/;
/** Nested values one question may follow (definitions, calls, callers). */
export const MAX_FLOW_DEPTH = 40;
/**
 * Values one file's analysis may compute (per rule knowledge). Beyond it the rest is taken as
 * unknown and the cut is reported, so a pathological file costs bounded time, never silently.
 */
export const STEP_BUDGET = 250_000;

/** Calls that put their arguments into the collection or builder they are called on. */
const MUTATORS = [
  'add', 'addAll', 'put', 'putAll', 'push', 'unshift', 'append', 'Append', 'AppendLine', 'AppendFormat', 'insert', 'Insert',
  'Add', 'AddRange', 'set', 'Set', 'extend', 'update', 'setdefault', 'offer', 'addElement', 'setProperty', 'addFirst', 'addLast', 'TryAdd',
  // Go's strings.Builder, bytes.Buffer and bufio.Writer.
  'WriteString',
];
const BUILDER_MUTATORS = new Set(['append', 'Append', 'AppendLine', 'AppendFormat', 'insert', 'Insert', 'WriteString']);
/**
 * Go calls that fill the variable whose address they are given from their reader or data
 * (`json.NewDecoder(r.Body).Decode(&v)`, `json.Unmarshal(b, &v)`), or write their arguments
 * into it (`fmt.Fprintf(&sb, "... %s", id)` on a strings.Builder).
 */
const DECODERS_INTO = ['Decode', 'Unmarshal', 'UnmarshalJSON', 'DecodeElement', 'Fprintf', 'Fprint', 'Fprintln'];
/**
 * Go readers that copy into the byte slice they are given (`part.Read(buf)`, `io.ReadFull(r, buf)`,
 * `io.ReadAtLeast(r, buf, n)`): a slice shares its array, so it is passed as it is, without `&`.
 */
const GO_SLICE_READERS = ['Read', 'ReadFull', 'ReadAtLeast'];
/**
 * Java and C# stream reads that copy into the array they are given and return a count
 * (`in.read(buf)`, `in.readFully(buf)`, `stream.Read(buf, 0, buf.Length)`): the array then holds
 * what the stream held; and stream copies into the stream they are given (`in.transferTo(out)`,
 * `Request.Body.CopyToAsync(ms)`). Only the receiver's content goes in; offsets and lengths
 * carry nothing.
 */
const ARRAY_READERS: Partial<Record<string, string[]>> = {
  java: ['read', 'readFully', 'readNBytes', 'transferTo'],
  csharp: ['Read', 'ReadAsync', 'ReadBlock', 'ReadBlockAsync', 'ReadExactly', 'ReadAtLeast', 'CopyTo', 'CopyToAsync'],
};
/** C# writable views of an array: what a read writes through them lands in the array. */
const SPAN_VIEWS = /^(?:System\.)?(?:Memory|Span|ArraySegment)<[\w.]+>$/;
/** Go text buffers whose zero value is ready to write into. */
const GO_TEXT_BUFFERS = /^(strings\.Builder|bytes\.Buffer)$/;
/** C# methods that give an element of their receiver through an `out` argument. */
const OUT_READERS = ['TryGetValue', 'TryGetValues', 'TryPeek', 'TryDequeue', 'TryPop', 'TryTake'];
/** The name an `out` argument fills: `u`, `var u`, `StringValues u`. */
const OUT_TARGET = /^(?:[\w.<>[\],?\s]+\s)?(\w+)$/;
/** Types whose constructor's string argument is the builder's first text (Java, C#). */
const STRING_BUILDER_TYPES = /^(?:(?:java\.lang|System\.Text)\.)?(?:StringBuilder|StringBuffer)$/;
/** Calls that read one element of a collection by index or key. */
const ELEMENT_READS = new Set(['get', 'Get', 'getOrDefault', 'elementAt', 'ElementAt']);
/** Parameter names that stand for the receiver (Python methods), not for an argument. */
const SELF = /^(self|cls)$/;

/** Folds a binary operator over two known scalars (undefined: not foldable). */
function foldBinary(op: string, l: Scalar, r: Scalar): Scalar | undefined {
  if (typeof l === 'number' && typeof r === 'number') {
    switch (op) {
      case '+': return l + r;
      case '-': return l - r;
      case '*': return l * r;
      case '/': return r === 0 ? undefined : Number.isInteger(l) && Number.isInteger(r) ? Math.trunc(l / r) : l / r;
      case '%': return r === 0 ? undefined : l % r;
      case '<': return l < r;
      case '<=': return l <= r;
      case '>': return l > r;
      case '>=': return l >= r;
    }
  }
  switch (op) {
    case '==':
    case '===':
      return l === r;
    case '!=':
    case '!==':
      return l !== r;
    case '&&':
    case 'and':
      return typeof l === 'boolean' && typeof r === 'boolean' ? l && r : undefined;
    case '||':
    case 'or':
      return typeof l === 'boolean' && typeof r === 'boolean' ? l || r : undefined;
  }
  return undefined;
}

/** Folds a string method called on a literal with literal arguments (`"ABC".charAt(1)`). */
function foldStringCall(s: string, name: string, args: (Scalar | undefined)[]): Scalar | undefined {
  const [a, b] = args;
  switch (name) {
    case 'charAt':
      return typeof a === 'number' && a >= 0 && a < s.length ? s[a] : undefined;
    case 'substring':
    case 'slice':
    case 'Substring':
      if (typeof a !== 'number' || (b !== undefined && typeof b !== 'number')) return undefined;
      return name === 'Substring' ? s.substr(a, b as number | undefined) : s.slice(a, b as number | undefined);
    case 'toUpperCase':
    case 'ToUpper':
    case 'upper':
      return args.length === 0 ? s.toUpperCase() : undefined;
    case 'toLowerCase':
    case 'ToLower':
    case 'lower':
      return args.length === 0 ? s.toLowerCase() : undefined;
    case 'equals':
    case 'Equals':
      return typeof a === 'string' ? s === a : undefined;
    case 'length':
      return args.length === 0 ? s.length : undefined;
  }
  return undefined;
}

/**
 * Input that arrives from other files of the scanned tree (see crossFile*.ts): parameters that
 * callers elsewhere pass request input to, and calls whose result is input read by a function
 * elsewhere. Keyed by start offsets, which are the same in every parse of the same text.
 */
export interface ExternalInput {
  /** Function start offset -> positions of its parameters that receive input. */
  params: ReadonlyMap<number, ReadonlySet<number>>;
  /** Start offsets of calls whose result is input. */
  calls: ReadonlySet<number>;
}

/** Where an external input entered this file: the node that starts its trail, and what it stands for. */
export type ExternalEntry = { kind: 'param'; fn: number; position: number } | { kind: 'call'; call: number };

/** What was cut while analysing one file (reported as a diagnostic). */
/** An `if` whose condition pins a name to constants: where it holds (`pins`) or where it fails (`rejects`). */
/** Methods that call a function with each element of their receiver (or its resolved value). */
const ELEMENT_CALLBACKS = new Set(['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'then', 'forEachOrdered', 'anyMatch', 'allMatch', 'noneMatch', 'peek', 'ifPresent', 'Select', 'SelectMany', 'Where', 'ForEach', 'Any', 'All', 'First', 'FirstOrDefault', 'Single', 'SingleOrDefault']);

/** Nodes between a function literal and the call it is passed to. */
const CALLBACK_ARGUMENT_WRAPPERS = new Set(['arguments', 'argument_list', 'argument']);

const NO_CHECKS: ReadonlyMap<string, PinningCheck[]> = new Map();

interface PinningCheck {
  stmt: Node;
  cond: Node;
  pins: boolean;
  rejects: boolean;
}

export interface FlowCuts {
  depth: number;
  budget: number;
}

/**
 * Look-up tables a tracker builds from the file's syntax and index alone (no value, no
 * knowledge): a file has a tracker per analysis and each its summarising tracker, which would
 * otherwise each build them again. Filled lazily by the tracker methods that use them.
 */
class FileFacts {
  /** Per name: assignments to `name[key]` in the file (see keyedStores). */
  storesByName?: Map<string, { target: Node; index: Node | null; value: Node | null; augmented: boolean }[]>;
  /** Whether the file holds a `||=` or `??=` (see inFallbackOf). */
  logicalAssignments?: boolean;
  /** Switch arms by the text of their switch's subject (see switchPinning). */
  switchArmsByName?: Map<string, Node[]>;
  /** Function id (-1: top level) -> its `if`s and checking conditional expressions, in document order (see checksOf). */
  ifsByFunction?: Map<number, Node[]>;
  readonly checksByFunction = new Map<number, ReadonlyMap<string, PinningCheck[]>>();
  /** Calls of MUTATORS by their receiver's name (see mutatorCalls). */
  mutatorCallsByName?: Map<string, { m: string; c: CallView; recv: Node }[]>;
  /** Static method id -> whether no code can call it (see unreachableStatic). */
  readonly staticMemo = new Map<number, boolean>();
  /** Call node id -> the local functions it may run (see localCallees). */
  readonly callees = new Map<number, Node[]>();
  /** Node id -> neverLiteral's answer for it (asked at depth 0, where the answer depends on the node alone). */
  readonly neverLiteral = new Map<number, boolean>();
  /**
   * Branching node id -> the offsets of its `consequence` (null: none), see consequenceOf. Offsets,
   * not the node: each node inside an `if` asks, and each read of the field makes a new node.
   */
  readonly consequences = new Map<number, { start: number; end: number } | null>();
}

/** Where a branching node's `consequence` lies, once per node and file (see FileFacts.consequences). */
function consequenceOf(facts: FileFacts, c: Node): { start: number; end: number } | null {
  let r = facts.consequences.get(c.id);
  if (r === undefined) {
    const cons = c.childForFieldName('consequence');
    r = cons ? { start: cons.startIndex, end: cons.endIndex } : null;
    facts.consequences.set(c.id, r);
  }
  return r;
}

/** Whether `n` lies within the offsets `r` (as within does for a node). */
function inRange(r: { start: number; end: number } | null, n: Node): boolean {
  return !!r && r.start <= n.startIndex && n.endIndex <= r.end;
}

const fileFacts = new WeakMap<FileIndex, FileFacts>();

function factsOf(index: FileIndex): FileFacts {
  let f = fileFacts.get(index);
  if (!f) fileFacts.set(index, (f = new FileFacts()));
  return f;
}

export class ValueTracker {
  private readonly memo = new Map<number, Val>();
  private readonly active = new Set<number>();
  private depth = 0;
  private steps = 0;
  readonly cuts: FlowCuts = { depth: 0, budget: 0 };
  /** Where function summaries are computed: a tracker whose parameters are symbolic. */
  private summarising: ValueTracker | undefined;
  private readonly summaries = new Map<number, Val>();
  private readonly summaryActive = new Set<number>();
  private readonly dead = new Map<number, boolean>();

  /** Start offset of a trail's first node -> the external input it stands for. */
  readonly entries = new Map<number, ExternalEntry>();

  constructor(
    readonly index: FileIndex,
    readonly knowledge: CompiledKnowledge,
    /** Set on the summarising tracker: the tracker that owns summaries and budgets. */
    private readonly main?: ValueTracker,
    /** Input from other files (absent: none, as when a file is scanned alone). */
    readonly external?: ExternalInput,
  ) {}

  private factsMemo?: FileFacts;

  /** What this file's syntax alone decides, shared with the file's other trackers (see FileFacts). */
  private get facts(): FileFacts {
    return (this.factsMemo ??= factsOf(this.index));
  }

  private externalSource(at: Node, entry: ExternalEntry): Val {
    this.owner.entries.set(at.startIndex, entry);
    return sourceAt(at);
  }

  isSource(node: Node): boolean {
    return anyMatches(this.knowledge.sources, this.index.chains(node), true) || (this.knowledge.otherMembers.length > 0 && this.isOtherMember(node));
  }

  /**
   * A member of a request object that neither the framework nor server-side middleware sets
   * (`req.vbody.url`, `req["data"]`): what body parsers and upload handlers put there from the
   * client. Calls of the request's API (`req.is()`, `req.flash()`) are not its members' values,
   * and a member named by a variable (`req[k]`) could be any of them, so neither counts.
   */
  private isOtherMember(node: Node): boolean {
    for (const chain of this.index.chains(node)) {
      for (const om of this.knowledge.otherMembers) {
        for (const of of om.of) {
          const n = of.segments.length;
          if (chain.length <= n || !matchesChain(of, chain.slice(0, n))) continue;
          let name = chain[n];
          if (name === '[]') name = this.literalMemberAt(node, chain.length - n - 1) ?? '';
          if (!name || name.endsWith('()') || om.except.has(name)) continue;
          return true;
        }
      }
    }
    return false;
  }

  /** The string key of the element read `up` steps down `node`'s object path (`req["data"].url`, up 1: `data`). */
  private literalMemberAt(node: Node, up: number): string | undefined {
    let at: Node | undefined = node;
    let steps = up;
    while (at && steps > 0) {
      const s = this.index.shape(at);
      if (s.kind === 'wrap') {
        at = s.inner;
        continue;
      }
      steps--;
      if (s.kind === 'member' || s.kind === 'index') at = s.object;
      else if (s.kind === 'call' && s.call.callee) {
        const c = this.index.shape(s.call.callee);
        at = c.kind === 'member' || c.kind === 'index' ? c.object : undefined;
      } else at = undefined;
    }
    let s = at ? this.index.shape(at) : undefined;
    while (s?.kind === 'wrap') s = this.index.shape(s.inner);
    if (s?.kind !== 'index' || !s.index) return undefined;
    const k = this.index.shape(s.index);
    return k.kind === 'string' ? k.value : undefined;
  }

  /**
   * The result of a call modelled as carrying some of its arguments only (a date formatter's
   * text is its format string's): made of those arguments, a constant when they all are.
   * A curried model (`format(fmt)(date)`) answers for the call of the function it returns.
   */
  private resultArgs(c: CallView, chains: ReturnType<FileIndex["callChains"]>): Val | undefined {
    if (c.isNew || !this.knowledge.resultArgs.length) return undefined;
    const pick = (call: CallView, callChains: ReturnType<FileIndex["callChains"]>, curried: boolean): Val | undefined => {
      const model = this.knowledge.resultArgs.find((r) => r.curried === curried && anyMatches(r.calls, callChains));
      if (!model) return undefined;
      const inputs = model.args.flatMap((i) => (call.args[i] ? [this.value(call.args[i].node)] : []));
      if (inputs.every((v) => v.constant)) {
        const from = inputs.reduce((bits, v) => bits | v.from, 0);
        return { ...TRUSTED, stringy: true, from, leadFrom: from || undefined };
      }
      return derivedFrom(inputs);
    };
    const direct = anyMatches(this.knowledge.resultArgCalls, chains) ? pick(c, chains, false) : undefined;
    if (direct) return direct;
    // Only a call of a call's result can be a curried model's (most calls are not: cheap test first).
    const inner = c.callee && this.index.shape(c.callee).kind === 'call' ? this.index.callOf(c.callee) : undefined;
    return inner && !inner.isNew ? pick(inner, this.index.callChains(inner), true) : undefined;
  }

  /**
   * Whether `obj.name` reads a field its form or model class converts to a number, a date or a
   * flag (WTForms `form.age.data` of an `IntegerField`, pydantic `item.age` of an `age: int`):
   * it then holds no text of the client's, or None when the text did not convert. `obj` must be
   * a name every definition of which builds the class (`Item(...)`, `Item.model_validate(...)`).
   */
  private typedField(obj: Node, name: string, at: Node): boolean {
    let holder = obj;
    let field = name;
    if (name === 'data') {
      const inner = this.index.shape(obj);
      if (inner.kind !== 'member') return false;
      holder = inner.object;
      field = inner.name;
    }
    const hs = this.index.shape(holder);
    if (hs.kind !== 'ident') return false;
    const bindings = this.index.lookup(hs.name, at)?.bindings ?? [];
    if (!bindings.length) return false;
    this.classCarries('');
    const typed = typedFieldsByFile.get(this.index)!;
    return bindings.every((b) => {
      if (b.augmented || b.picks || !b.value || b.value.type !== 'call') return false;
      const fn = b.value.childForFieldName('function');
      const cls = fn?.type === 'identifier' ? fn.text : fn?.type === 'attribute' && fn.childForFieldName('object')?.type === 'identifier' ? fn.childForFieldName('object')!.text : undefined;
      const fields = cls ? typed.get(cls) : undefined;
      // WTForms fields are read through `.data`; pydantic's are the attributes themselves.
      return !!fields && fields.get(field) === (name === 'data' ? 'form' : 'model');
    });
  }

  /**
   * What an instance of the class of this file named `name` carries, when the class derives from
   * a base of the instances models (through other classes of the file too: `class
   * SignupForm(BaseForm)`). Decided once per file.
   */
  private classCarries(name: string): 'input' | 'arguments' | undefined {
    let kinds = classKindsByFile.get(this.index);
    if (!kinds) {
      const bases = new Map<string, string[]>();
      const own = new Map<string, Map<string, 'form' | 'model'>>();
      for (const cls of this.index.root.descendantsOfType('class_definition')) {
        const n = cls?.childForFieldName('name')?.text;
        const sup = cls?.childForFieldName('superclasses');
        if (!n || !sup) continue;
        own.set(n, typedFieldsOf(cls!));
        // Base names, last segment (`pydantic.BaseModel`), not keyword arguments (`metaclass=...`).
        const names = sup.namedChildren.filter((x): x is Node => !!x && (x.type === 'identifier' || x.type === 'attribute')).map((x) => x.text.split('.').pop() as string);
        bases.set(n, [...(bases.get(n) ?? []), ...names]);
      }
      kinds = new Map();
      for (let changed = true, rounds = 0; changed && rounds < 8; rounds++) {
        changed = false;
        for (const [n, bs] of bases) {
          if (kinds.has(n)) continue;
          const k = bs.map((b) => this.knowledge.instances.get(b) ?? kinds!.get(b)).find((x) => x !== undefined);
          if (k) {
            kinds.set(n, k);
            changed = true;
          }
        }
      }
      classKindsByFile.set(this.index, kinds);
      // A class's typed fields with those of the classes of this file it derives from.
      const typed = new Map<string, Map<string, 'form' | 'model'>>();
      const collect = (n: string, depth: number): Map<string, 'form' | 'model'> => {
        const out = new Map<string, 'form' | 'model'>();
        if (depth > 8) return out;
        for (const b of bases.get(n) ?? []) if (own.has(b) && b !== n) for (const [k, v] of collect(b, depth + 1)) out.set(k, v);
        for (const [k, v] of own.get(n) ?? []) out.set(k, v);
        return out;
      };
      for (const n of kinds.keys()) typed.set(n, collect(n, 0));
      typedFieldsByFile.set(this.index, typed);
    }
    return kinds.get(name);
  }

  isSanitizer(call: CallView): boolean {
    return anyMatches(this.knowledge.sanitizers, this.index.callChains(call));
  }

  /**
   * What the definitions of a local name that reach `at` were given (`conn = HTTPConnection(h)`
   * before `conn.request(...)`, a later `conn = ...` replacing it). Empty for a parameter, a
   * name defined nowhere before `at`, or definitions without a value.
   */
  definitionsAt(name: string, at: Node): Node[] {
    const l = this.index.lookup(name, at);
    if (!l) return [];
    const before = l.bindings.filter((b) => !this.isDead(b.node) && b.node.endIndex <= at.startIndex);
    return this.reaching(before, at).flatMap((b) => (b.value ? [b.value] : []));
  }

  private get owner(): ValueTracker {
    return this.main ?? this;
  }

  value(node: Node): Val {
    const hit = this.memo.get(node.id);
    if (hit) return hit;
    // A definition that reaches itself (loops, x = f(x)) adds nothing new.
    if (this.active.has(node.id)) return UNKNOWN;
    const owner = this.owner;
    if (this.depth > MAX_FLOW_DEPTH) {
      owner.cuts.depth++;
      return UNKNOWN;
    }
    if (++owner.steps > STEP_BUDGET) {
      owner.cuts.budget++;
      return UNKNOWN;
    }
    this.active.add(node.id);
    this.depth++;
    try {
      let v = this.compute(node);
      // A variable on the path of request input is a step of it.
      if (v.tainted && v.via && v.via.node.id !== node.id && this.index.shape(node).kind === 'ident') v = { ...v, via: extend(v.via, node) };
      this.memo.set(node.id, v);
      return v;
    } finally {
      this.depth--;
      this.active.delete(node.id);
    }
  }

  private compute(node: Node): Val {
    const s = this.index.shape(node);
    switch (s.kind) {
      case 'string':
        return str(s.value);
      case 'scalar':
        return scalar(s.value);
      case 'interpolated':
        // `rm -rf '${s.replace(/'/g, "'\\''")}'`: a shell-quoted word between quotes is constant text.
        return seq(s.parts.map((p, i) => {
          if (typeof p === 'string') return str(p);
          const prev = s.parts[i - 1];
          const next = s.parts[i + 1];
          if (typeof prev === 'string' && prev.endsWith("'") && typeof next === 'string' && next.startsWith("'") && this.shellQuoted(p)) return ValueTracker.QUOTED;
          return this.value(p);
        }));
      case 'binary':
        return this.binary(s.op, s.left, s.right);
      case 'ident':
        return this.ident(s.name, node);
      case 'this':
        return UNKNOWN;
      case 'member': {
        if (NUMERIC_MEMBERS.has(s.name)) return TRUSTED;
        if (this.knowledge.instances.size && this.index.language === 'python' && this.typedField(s.object, s.name, node)) return TRUSTED;
        if (this.isSource(node)) return s.name === 'hash' && LOCATION_HASH.test(node.text) ? { ...sourceAt(node), prefix: '#' } : sourceAt(node);
        if (NAMED_CONSTANT.test(s.name)) return TRUSTED;
        const read = this.memberRead(s.object, s.name, node);
        if (read) return read;
        const whole = this.value(s.object);
        // (Most objects are not constants: the cheap test first.)
        return whole.constant && whole.from === 0 && this.constantCallResult(s.object) ? TRUSTED : derivedFrom([whole]);
      }
      case 'index': {
        // (A part of a source is one too, but the first part of a split keeps the source's start.)
        if (this.isSource(node)) return (s.index ? this.splitHead(s.object, s.index) : undefined) ?? sourceAt(node);
        const keyed = this.keyedRead(s.object, s.index, node);
        if (keyed) return keyed;
        const head = s.index ? this.splitHead(s.object, s.index) : undefined;
        if (head) return head;
        // "ABC"[1] of a constant string: the character.
        const whole = this.value(s.object);
        const at = s.index ? this.value(s.index).literal : undefined;
        if (typeof whole.literal === 'string' && typeof at === 'number' && Number.isInteger(at)) {
          const i = at < 0 ? whole.literal.length + at : at;
          if (i >= 0 && i < whole.literal.length) return str(whole.literal[i]);
        }
        return this.derived([s.object]);
      }
      case 'call':
        return this.call(s.call);
      case 'wrap':
        return this.value(s.inner);
      case 'choice': {
        // A condition that folds picks its branch: `(7 * 18 > 100) ? "safe" : input` is safe.
        const cond = s.condition ? this.value(s.condition).literal : undefined;
        if (typeof cond === 'boolean' && s.options.length === 2) return this.value(s.options[cond ? 0 : 1]);
        return union(s.options.map((o) => this.value(o)));
      }
      case 'collection': {
        const items = s.items.map((i) => this.value(i));
        const stringy = items.some((i) => i.stringy);
        return {
          constant: items.every((i) => i.constant),
          tainted: items.some((i) => i.tainted),
          stringy: false,
          dynamic: stringy && items.some((i) => i.open || i.dynamic),
          via: items.find((i) => i.tainted && i.via)?.via,
          open: items.some((i) => i.open),
          prefix: null,
          fragments: boundedFlat(items),
          from: items.reduce((f, i) => f | i.from, 0),
        };
      }
      case 'function':
        return TRUSTED;
      default:
        if (this.isSource(node)) return sourceAt(node);
        return this.derived(node.namedChildren.filter((c): c is Node => !!c).slice(0, 8));
    }
  }

  /** Unknown value computed from `from`: carries their taint. */
  /**
   * `m["k"]` of a local dictionary or object filled in straight-line code before the read
   * (`m = {}`, `m["a"] = x`, `m["k"] = y`): the value stored under that key. Undefined (not
   * known) when a key is not a literal, the store is conditional, or the collection is changed
   * another way.
   */
  private keyedRead(objNode: Node, indexNode: Node | null, at: Node): Val | undefined {
    if (!indexNode) return undefined;
    const key = this.value(indexNode).literal;
    const os = this.index.shape(objNode);
    if (key === undefined || os.kind !== 'ident') return undefined;
    const l = this.index.lookup(os.name, objNode);
    if (!l || l.param || l.bindings.length !== 1 || l.bindings[0].augmented || !l.bindings[0].value) return undefined;
    const init = l.bindings[0].value;
    if (this.index.shape(init).kind !== 'collection') return undefined;
    const fn = this.index.functionOf(at);
    const depth = this.index.conditionalAncestors(at).length;
    let found: Node | null = this.index.adapter.property(init, String(key));
    for (const store of this.keyedStores(os.name)) {
      if (store.target.startIndex >= at.startIndex) continue;
      if (this.index.lookup(os.name, store.target)?.scope.id !== l.scope.id) continue;
      // Filled in another function, under a condition, or with a key only known at run time.
      if (this.index.functionOf(store.target)?.id !== fn?.id || this.index.conditionalAncestors(store.target).length !== depth) return undefined;
      const k = store.index ? this.value(store.index).literal : undefined;
      if (k === undefined || store.augmented) return undefined;
      if (k === key) found = store.value;
    }
    const calls: CallView[] = [];
    for (const m of [...MUTATORS, 'pop', 'remove', 'Remove', 'clear', 'Clear', 'shift', 'splice']) for (const c of this.index.callsNamed(m)) {
      const recv = this.receiverOf(c);
      const rs = recv ? this.index.shape(recv) : undefined;
      if (rs?.kind === 'ident' && rs.name === os.name && c.node.startIndex < at.startIndex) calls.push(c);
    }
    if (calls.length) return typeof key === 'number' && found === null ? this.listRead(init, calls, key, fn, depth) : undefined;
    return found ? this.value(found) : undefined;
  }

  /**
   * `lst[i]` of a list literal changed by append/push/pop/insert calls in order before the read,
   * all in the read's function and branch: the element those calls leave at `i`.
   */
  private listRead(init: Node, calls: CallView[], i: number, fn: Node | null, depth: number): Val | undefined {
    const init0 = this.index.shape(init);
    if (init0.kind !== 'collection') return undefined;
    const list: Node[] = [...init0.items];
    calls.sort((a, b) => a.node.startIndex - b.node.startIndex);
    for (const c of calls) {
      if (this.index.functionOf(c.node)?.id !== fn?.id || this.index.conditionalAncestors(c.node).length !== depth) return undefined;
      const name = this.index.calledName(c);
      const lits = c.args.map((a) => this.value(a.node).literal);
      if ((name === 'append' || name === 'push' || name === 'add') && c.args.length === 1) list.push(c.args[0].node);
      else if (name === 'pop' && c.args.length === 0) list.pop();
      else if (name === 'pop' && c.args.length === 1 && typeof lits[0] === 'number') list.splice(lits[0] < 0 ? list.length + lits[0] : lits[0], 1);
      else if (name === 'insert' && c.args.length === 2 && typeof lits[0] === 'number') list.splice(lits[0], 0, c.args[1].node);
      else return undefined;
    }
    const at = i < 0 ? list.length + i : i;
    return at >= 0 && at < list.length ? this.value(list[at]) : undefined;
  }

  /**
   * `o.k` of a local object whose property was set before the read in the same function
   * (`opts.url = input; ... opts.url`): what those stores put there. When the last store runs
   * whenever the read does it alone holds; otherwise the object's own value may still be read.
   */
  private memberRead(objNode: Node, key: string, at: Node): Val | undefined {
    const os = this.index.shape(objNode);
    if (os.kind === 'this') return this.boundMember(key, at) ? sourceAt(at) : this.fieldRead(key, at);
    if (os.kind !== 'ident') return undefined;
    const stores = this.index.memberStoresBefore(os.name, key, at).filter((b) => !this.isDead(b.node));
    if (stores.length === 0) {
      // `bean.uri` of an object of a class of this file whose field holds validated tokens only.
      const cls = this.bean ? this.receiverClass(objNode) : undefined;
      if (cls && this.fieldClears(cls, key)) return TRUSTED;
      return this.literalMember(os.name, objNode, key);
    }
    const reaching = this.reaching(stores, at);
    const vals = reaching.map((b) => (b.value ? this.value(b.value) : UNKNOWN));
    if (this.kills(reaching[0], at)) return union(vals);
    return union([this.derived([objNode]), ...vals]);
  }

  /**
   * The value a local defined exactly once is given: not a parameter, not updated in place
   * (`+=`), not a name destructured out of it (`const { a } = o` holds a member, not `o`).
   */
  private onlyDefinition(name: string, at: Node): Node | undefined {
    const l = this.index.lookup(name, at);
    if (!l || l.param || l.bindings.length !== 1) return undefined;
    const b = l.bindings[0];
    return b.augmented || b.picks || !b.value ? undefined : b.value;
  }

  /** `n` itself, or for a name, the value of its only definition (undefined when it has not one). */
  private throughOnlyDefinition(n: Node): Node | undefined {
    const s = this.index.shape(n);
    return s.kind === 'ident' ? this.onlyDefinition(s.name, n) : n;
  }

  /**
   * `text.split(sep)[0]` (or of a local defined once as the split): the text up to the first
   * separator, which starts as the text does when its known start holds no separator
   * (`location.hash.split('?')[0]` still starts with `#`). Undefined when that is not known.
   */
  private splitHead(obj: Node, index: Node): Val | undefined {
    // (JavaScript's and Python's split take text; Java's and C#'s forms differ: a regex, chars.)
    const lang = this.index.language;
    if (lang !== 'javascript' && lang !== 'typescript' && lang !== 'python') return undefined;
    if (this.value(index).literal !== 0) return undefined;
    const n = this.throughOnlyDefinition(obj);
    if (!n) return undefined;
    const cs = this.index.shape(n);
    if (cs.kind !== 'call' || cs.call.isNew || cs.call.args.length === 0) return undefined;
    const callee = cs.call.callee ? this.index.shape(cs.call.callee) : undefined;
    if ((cs.call.name ?? (callee?.kind === 'member' ? callee.name : undefined)) !== 'split') return undefined;
    const sep = this.value(cs.call.args[0].node).literal;
    const recvNode = this.receiverOf(cs.call);
    if (typeof sep !== 'string' || sep === '' || !recvNode) return undefined;
    const whole = this.value(recvNode);
    if (!whole.prefix || whole.prefix.includes(sep) || whole.literal !== undefined) return undefined;
    const v = this.derived([obj]);
    return v.tainted ? { ...v, stringy: true, prefix: whole.prefix, lead: leadsWithInput(whole) } : undefined;
  }

  /**
   * Whether `obj` is a call modelled as made of its arguments alone (resultArgs) whose result is a
   * constant (a parser given constants, `minimist([])`),
   * read directly or through a local defined once from it and never written to: its fields are
   * then constants too. (An object literal's fields are read by literalMember; one that code fills
   * later is not a call's result alone.)
   */
  private constantCallResult(obj: Node): boolean {
    const n = this.throughOnlyDefinition(obj);
    if (!n) return false;
    const s2 = this.index.shape(n);
    // Only a call modelled as made of its arguments alone (resultArgs): a conversion of a
    // constant is one, but `requests.get(URL)` is no conversion (its `.text` is the server's).
    if (s2.kind !== 'call' || s2.call.isNew || !anyMatches(this.knowledge.resultArgCalls, this.index.callChains(s2.call))) return false;
    const v = this.value(n);
    return v.constant && !v.tainted && v.from === 0;
  }

  /**
   * `o.k` of a local defined once from an object literal (`const o = { k: v }`), or from a call
   * of a local function whose every return is one (`{ cmd: 'sh', arg: '-c' }` on one platform,
   * `{ cmd: 'cmd', arg: '/C' }` on another): the values given under that key. Undefined when any
   * of them lacks the key.
   */
  private literalMember(name: string, objNode: Node, key: string): Val | undefined {
    const l = this.index.lookup(name, objNode);
    if (!l || l.param || l.bindings.length !== 1 || l.bindings[0].augmented || !l.bindings[0].value) return undefined;
    const init = l.bindings[0].value;
    const shape = this.index.shape(init);
    let literals: Node[];
    if (shape.kind === 'collection') literals = [init];
    else if (shape.kind === 'call') {
      const callees = this.localCallees(shape.call);
      const returned = callees.length === 1 ? this.index.returnsOf(callees[0]) : [];
      if (returned.length === 0 || returned.length > 8 || returned.some((r) => this.index.shape(r).kind !== 'collection')) return undefined;
      literals = returned;
    } else return undefined;
    const vals: Val[] = [];
    for (const lit of literals) {
      const p = this.index.adapter.property(lit, key);
      if (!p) return undefined;
      vals.push(this.value(p));
    }
    return union(vals);
  }

  private readonly boundByClass = new Map<number, ReadonlySet<string>>();

  /**
   * Whether `name` is a member of the class around `at` that the framework fills from the
   * request: a field or property carrying a binding attribute (JAX-RS `@QueryParam("q") String q;`,
   * ASP.NET Core `[BindProperty] public string Q { get; set; }`), or a public settable property of
   * a class bound as a whole (`[BindProperties]`). Numbers, dates and the like carry no payload.
   */
  private boundMember(name: string, at: Node): boolean {
    const lang = this.index.language;
    if (lang !== 'java' && lang !== 'csharp') return false;
    const cls = this.index.classOf(at);
    if (!cls) return false;
    let bound = this.boundByClass.get(cls.id);
    if (!bound) {
      const set = new Set<string>();
      const k = this.knowledge;
      const wholeClass = k.boundClasses.size > 0 && annotationNames(cls).some((a) => k.boundClasses.has(a));
      for (const m of cls.childForFieldName('body')?.namedChildren ?? []) {
        if (!m || (m.type !== 'field_declaration' && m.type !== 'property_declaration')) continue;
        const type = m.childForFieldName('type') ?? m.namedChildren.find((c) => c?.type === 'variable_declaration')?.childForFieldName('type');
        if (type && SAFE_TYPES.test(normaliseType(type.text))) continue;
        const settable = m.type === 'property_declaration' && /\bpublic\b/.test(m.text.slice(0, (m.childForFieldName('name')?.startIndex ?? m.endIndex) - m.startIndex)) && /\bset\s*[;{]/.test(m.childForFieldName('accessors')?.text ?? '');
        if (!(wholeClass && settable) && !annotationNames(m).some((a) => k.annotatedSources.has(a))) continue;
        if (m.type === 'property_declaration') {
          const n = m.childForFieldName('name');
          if (n) set.add(n.text);
        } else for (const d of m.descendantsOfType('variable_declarator')) if (d) set.add((d.childForFieldName('name') ?? d.firstNamedChild)?.text ?? '');
      }
      bound = set;
      this.boundByClass.set(cls.id, bound);
    }
    return bound.has(name);
  }

  /**
   * `this.key` / `self.key`: what the class's methods store there. A store earlier in the same
   * function that always runs first decides alone; otherwise any store of the class may have run
   * (`self.cmd = request.args['c']` in one handler, `os.system(self.cmd)` in another), and so
   * may code outside it.
   */
  private fieldRead(key: string, at: Node): Val | undefined {
    if (this.bean) {
      const own = this.index.classOf(at);
      if (own && this.fieldClears(own, key)) return TRUSTED;
    }
    const all = this.index.fieldStores(key);
    const readers = ARRAY_READERS[this.index.language];
    if (all.length === 0 && !readers) return undefined;
    const cls = this.index.classOf(at);
    if (!cls) return undefined;
    const stores = all.filter((b) => !this.isDead(b.node) && this.index.classOf(b.node)?.id === cls.id);
    // Java/C# stream reads into the field (`in.read(this.buf)`) fill the array it holds.
    const reads = readers ? this.fieldFilledByReads(readers, key, cls) : [];
    if (stores.length === 0 && reads.length === 0) return undefined;
    const fn = this.index.functionOf(at);
    const before = stores.filter((b) => this.index.functionOf(b.node)?.id === fn?.id && b.node.endIndex <= at.startIndex);
    if (before.length) {
      const reaching = this.reaching(before, at);
      const from = Math.min(...reaching.map((b) => b.node.endIndex));
      const readAfter = reads.filter((r) => r.fn?.id === fn?.id && r.pos >= from && r.pos < at.startIndex).map((r) => r.val);
      if (this.kills(reaching[0], at)) return union([...reaching.map((b) => this.value(b.value as Node)), ...readAfter]);
    }
    // Code elsewhere may set the field too (`runner.cmd = ...`): the stores add what they carry,
    // but do not make the field a constant.
    return union([UNKNOWN, ...stores.map((b) => this.value(b.value as Node)), ...reads.map((r) => r.val)]);
  }

  /** The stream reads of class `cls` into its field `key` (`in.read(this.buf)`, `in.read(buf)` naming the field). */
  private fieldFilledByReads(readers: string[], key: string, cls: Node): { val: Val; pos: number; fn: Node | null }[] {
    const out: { val: Val; pos: number; fn: Node | null }[] = [];
    for (const m of readers) {
      for (const c of this.index.callsNamed(m)) {
        const target = c.args[0] ? this.readTarget(c.args[0].node) : undefined;
        if (!target || this.index.classOf(c.node)?.id !== cls.id || this.isDead(c.node)) continue;
        const text = target.text.replace(/\s+/g, '');
        if (text !== `this.${key}`) {
          if (text !== key) continue;
          const l = this.index.lookup(key, target);
          if (l && !FIELD_SCOPES.has(l.scope.type)) continue;
        }
        const recv = this.receiverOf(c);
        if (!recv || (this.index.language === 'java' ? this.isNamespace(recv) : /^[A-Z]\w*$/.test(recv.text))) continue;
        out.push({ val: this.derived([recv]), pos: c.node.startIndex, fn: this.index.functionOf(c.node) });
      }
    }
    return out;
  }

  /** Values stored into `name[key]` before `at` in the same function (a dictionary filled key by key). */
  private storedValues(name: string, l: Lookup, at: Node): Val[] {
    const fn = this.index.functionOf(at);
    const out: Val[] = [];
    for (const store of this.keyedStores(name)) {
      if (!store.value || store.target.startIndex >= at.startIndex || this.index.functionOf(store.target)?.id !== fn?.id) continue;
      if (this.index.lookup(name, store.target)?.scope.id !== l.scope.id) continue;
      out.push(this.value(store.value));
    }
    return out;
  }

  /**
   * Values stored into `name.key` before `at` in the same function, when `at` reads the whole
   * object (`q.status = input; find(q)`); a read of one property (`q.other`) sees only its own
   * stores (see memberRead).
   */
  private wholeObjectStores(name: string, at: Node): Val[] {
    const all = this.index.memberStores(name);
    // An object filled with many members (a prototype, `exports`) is a module's surface, not a
    // query being built; and only input matters here: the first store that carries it.
    if (all.length === 0 || all.length > MAX_WHOLE_OBJECT_STORES) return [];
    const parent = at.parent;
    if (parent) {
      const ps = this.index.shape(parent);
      if (ps.kind === 'member' && ps.object.id === at.id) return [];
    }
    for (const b of this.index.memberStoresBefore(name, undefined, at)) {
      if (!b.value || this.isDead(b.node)) continue;
      const v = this.value(b.value);
      if (v.tainted) return [{ ...TAINTED, via: v.via }];
    }
    return [];
  }


  private keyedStores(name: string): { target: Node; index: Node | null; value: Node | null; augmented: boolean }[] {
    const facts = this.facts;
    if (!facts.storesByName) {
      const by = new Map<string, { target: Node; index: Node | null; value: Node | null; augmented: boolean }[]>();
      for (const n of this.index.ofTypes(this.index.adapter.bindingTypes)) {
        for (const b of this.index.bindingsOf(n)) {
          const t = this.index.shape(b.target);
          if (t.kind !== 'index') continue;
          const o = this.index.shape(t.object);
          if (o.kind !== 'ident') continue;
          const list = by.get(o.name) ?? [];
          list.push({ target: b.target, index: t.index, value: b.value, augmented: b.augmented });
          by.set(o.name, list);
        }
      }
      facts.storesByName = by;
    }
    return facts.storesByName.get(name) ?? [];
  }

  private derived(from: Node[]): Val {
    return derivedFrom(from.map((f) => this.value(f)));
  }

  /**
   * POSIX shell quoting written out in JavaScript: every `'` of a value replaced by `'\''` (or
   * `'"'"'`), which closes the quotes, adds a quote, and opens them again. Between two `'` the
   * result is one shell word, whatever the value held. A replace of every match only: a regex
   * with the `g` flag, `new RegExp("'", flags)` with flags not written as a literal (taken to be
   * global), or replaceAll. The replacement text is the shell's alone, so no other sink sees it.
   */
  private shellQuoted(node: Node): boolean {
    const lang = this.index.language;
    if (lang !== 'javascript' && lang !== 'typescript') return false;
    const c = this.index.shape(node).kind === 'call' ? this.index.callOf(node) : undefined;
    const callee = c?.callee ? this.index.shape(c.callee) : undefined;
    const method = callee?.kind === 'member' ? callee.name : undefined;
    if (!c || c.isNew || (method !== 'replace' && method !== 'replaceAll') || c.args.length !== 2) return false;
    const repl = this.value(c.args[1].node).literal;
    if (repl !== "'\\''" && repl !== `'"'"'`) return false;
    const pattern = c.args[0].node;
    if (pattern.type === 'regex') return /^\/\\?'\/[a-z]*g[a-z]*$/.test(pattern.text);
    const pc = this.index.shape(pattern).kind === 'call' ? this.index.callOf(pattern) : undefined;
    if (pc && /^(new\s+)?RegExp\s*\(/.test(pattern.text)) {
      if (this.value(pc.args[0]?.node ?? pattern).literal !== "'") return false;
      const flags = pc.args[1]?.node;
      if (!flags) return false;
      const f = this.value(flags).literal;
      return f === undefined ? !/^(undefined|null|['"`])/.test(flags.text) : typeof f === 'string' && f.includes('g');
    }
    return method === 'replaceAll' && this.value(pattern).literal === "'";
  }

  /** Whether an expression's text ends with a `'` written in it (`cmd + " '"`, `` `${cmd} '` ``). */
  private endsWithQuote(n: Node): boolean {
    const s = this.index.shape(n);
    if (s.kind === 'string') return s.value.endsWith("'");
    if (s.kind === 'binary' && s.op === '+') return this.endsWithQuote(s.right);
    if (s.kind === 'interpolated') {
      const last = s.parts[s.parts.length - 1];
      return typeof last === 'string' && last.endsWith("'");
    }
    return false;
  }

  /** A quoted word for the shell: constant text. */
  private static readonly QUOTED: Val = Object.freeze({ ...TRUSTED, stringy: true }) as Val;

  private binary(op: string, left: Node, right: Node): Val {
    // `"rm -rf '" + s.replace(/'/g, "'\\''") + "'"`: the replaced value inside the quotes is one word.
    if (op === '+') {
      const ls = this.index.shape(left);
      if (ls.kind === 'binary' && ls.op === '+' && this.shellQuoted(ls.right)) {
        const before = this.value(ls.left);
        const after = this.value(right);
        const endsQuote = typeof before.literal === 'string' ? before.literal.endsWith("'") : this.endsWithQuote(ls.left);
        if (endsQuote && typeof after.literal === 'string' && after.literal.startsWith("'")) return seq([before, ValueTracker.QUOTED, after]);
      }
    }
    const l = this.value(left);
    const r = this.value(right);
    if (l.literal !== undefined && r.literal !== undefined && !(op === '+' && (l.stringy || r.stringy))) {
      const folded = foldBinary(op, l.literal, r.literal);
      if (folded !== undefined) return scalar(folded);
    }
    switch (op) {
      case '+':
        if (l.stringy || r.stringy) return seq([l, r]);
        // JavaScript adds numbers only when both sides are: request text (a query value, a
        // header, the URL; not a parsed JSON body, which may hold numbers) is concatenated.
        if ((this.index.language === 'javascript' || this.index.language === 'typescript') && (requestText(l) || requestText(r))) return seq([l, r]);
        return { ...UNKNOWN, constant: l.constant && r.constant, tainted: l.tainted || r.tainted, from: l.from | r.from, open: l.open || r.open, lead: l.constant ? leadsWithInput(r) : leadsWithInput(l) };
      case '%':
        // Python printf-style formatting.
        if (l.stringy) return this.format(l, [right]);
        // A tuple on the right is formatting whatever the left is (a number modulo a tuple is a
        // TypeError): a template kept elsewhere (`queries.GET_USER % (name,)`).
        if (this.index.language === 'python' && right.type === 'tuple') return this.format({ ...l, stringy: true }, [right]);
        return TRUSTED;
      case '||':
      case '&&':
      case '??':
      case 'or':
      case 'and':
        return union([l, r]);
      case '/':
        // Python's `/` on text only exists for paths (`pathlib.Path(base) / name`): input stays input.
        if (this.index.language === 'python' && (carries(l) || carries(r))) return derivedFrom([l, r]);
        return TRUSTED;
      default:
        // Comparisons and arithmetic yield booleans and numbers.
        return TRUSTED;
    }
  }

  /** A format string filled with arguments: constant text up to the first placeholder. */
  private format(fmt: Val, args: Node[]): Val {
    const argVals = args.flatMap((a) => {
      const s = this.index.shape(a);
      return s.kind === 'collection' ? s.items.map((i) => this.value(i)) : [this.value(a)];
    });
    const out = seq([fmt, ...argVals]);
    const lit = typeof fmt.literal === 'string' ? fmt.literal : null;
    out.prefix = lit !== null ? lit.split(/[%{]/)[0] : fmt.prefix;
    if (argVals.every((v) => v.constant)) out.literal = undefined;
    return out;
  }

  private ident(name: string, at: Node): Val {
    const v = this.identValue(name, at);
    // `if (p === 'foo.txt') read(p)`: whatever `p` was given, it holds a constant here (also a
    // parameter while its function is summarised: constant there, but standing for any argument).
    if ((!v.constant || v.from !== 0) && this.pinnedAt(name, at)) return TRUSTED;
    // The same when the other side is a name that holds a constant (`if (p == KNOWN_PAGE)`).
    return v.tainted ? (this.guardedEqual(name, at) ?? v) : v;
  }

  /**
   * Inside the branch of an `if` that holds only when the name equals a value that folds to a
   * constant (`if (p == home) use(p)`, `if (p != home) ... else use(p)`, `home` a constant
   * defined elsewhere): that constant. Only plain equality of the name itself.
   */
  private guardedEqual(name: string, at: Node): Val | undefined {
    for (const { cond, other } of this.equalityChecksHolding(name, at)) {
      // Set again after the check: the check says nothing of the new value.
      if ((this.index.lookup(name, at)?.bindings ?? []).some((b) => b.node.startIndex >= cond.endIndex && b.node.endIndex <= at.startIndex)) continue;
      const v = this.value(other);
      if (v.constant && !v.tainted && v.literal !== undefined) return typeof v.literal === 'string' ? str(v.literal) : scalar(v.literal);
    }
    return undefined;
  }

  /**
   * The enclosing `if`s whose branch holding `at` runs only when the name equals (`==`, `===`) or,
   * in the `else`, differs from another expression (`other`): the checks that may pin the name.
   */
  private *equalityChecksHolding(name: string, at: Node): Generator<{ cond: Node; other: Node }> {
    for (const stmt of this.index.enclosingIfs(at)) {
      const cond = this.index.adapter.ifCondition(stmt);
      if (!cond || within(cond, at)) continue;
      let c = this.index.shape(cond);
      for (let i = 0; c.kind === 'wrap' && i < 4; i++) c = this.index.shape(c.inner);
      if (c.kind !== 'binary') continue;
      const equal = c.op === '==' || c.op === '===';
      if (!equal && c.op !== '!=' && c.op !== '!==') continue;
      if (!within(stmt.childForFieldName(equal ? 'consequence' : 'alternative'), at)) continue;
      const named = (n: Node): boolean => {
        const s = this.index.shape(n);
        return s.kind === 'ident' && s.name === name;
      };
      const other = named(c.left) ? c.right : named(c.right) ? c.left : null;
      if (other) yield { cond, other };
    }
  }

  private identValue(name: string, at: Node): Val {
    const l = this.index.lookup(name, at);
    if (this.isSource(at)) {
      // Named after a source through an alias (`p = req.getParameter("c")`): the path starts there.
      const def = l && l.bindings.length === 1 ? l.bindings[0].value : null;
      return def ? { ...TAINTED, via: extend({ node: def, length: 1 }, at) } : sourceAt(at);
    }
    // A JavaScript `catch (e)` parameter: what the `try` block's calls may throw (see caught).
    if ((this.index.language === 'javascript' || this.index.language === 'typescript') && name.length < 40) {
      const clause = this.mayCatch(name) ? catchClauseOf(this.index, name, at, l?.bindings.map((b) => b.node)) : undefined;
      // (A function inside the clause whose parameter has the same name has its own variable:
      // `catch (e) { list.map((e) => ..) }`.)
      if (clause && !(l?.param && l.scope.id !== clause.id && within(clause, l.scope))) return this.caught(clause);
    }
    if (this.index.language === 'csharp' && (!l || !l.bindings.some((b) => b.value && b.node.endIndex <= at.startIndex))) {
      const filled = this.outFilled(name, at);
      if (filled) return filled;
    }
    if ((!l || FIELD_SCOPES.has(l.scope.type)) && this.boundMember(name, at)) return sourceAt(at);
    if (!l) return NAMED_CONSTANT.test(name) ? TRUSTED : UNKNOWN;
    // A field named without `this.` (Java, C#): what the class's methods store into it, as for
    // `this.x` (a setter a framework calls with input, then `exec(dir)` in another method).
    if (FIELD_SCOPES.has(l.scope.type) && (this.index.language === 'java' || this.index.language === 'csharp')) {
      const f = this.fieldRead(name, at);
      if (f) return f;
    }
    const live = l.bindings.filter((b) => !this.isDead(b.node));
    // Defined before `at`, or a loop variable whose loop body holds `at`.
    const before = live.filter((b) => b.node.endIndex <= at.startIndex || (b.target.endIndex <= at.startIndex && !!b.value && !within(b.value, at) && b.value.endIndex <= at.startIndex));
    let defs = this.reaching(before, at);
    let incoming: Val | undefined;
    if (defs.length === 0 || (l.param && defs === before && !this.kills(before[0], at))) {
      if (l.param) incoming = this.param(l.param, l.scope, at);
    }
    // `if (/[^\w-]/.test(p)) { p = quote(p); }` before `at`: the argument reaches it only when harmless.
    if (incoming && defs.length > 0 && defs.length <= 8 && this.replacedOnEntry(name, defs, at)) incoming = undefined;
    if (defs.length === 0 && !incoming) {
      // Used before any definition in the text: a loop-carried or out-of-order definition.
      defs = live.filter((b) => !(b.node.startIndex <= at.startIndex && at.endIndex <= b.node.endIndex));
    }
    // `String s;` declares without defining: the assignments that follow define it.
    const defined = defs.filter((b) => b.value || b.augmented);
    if (defined.length) defs = defined;
    if (defs.length === 0) return incoming ?? UNKNOWN;
    // The definition is a step of the path too (`const code = `...${input}`` before `run(code)`).
    // (A few definitions at most: minified code reassigns one short name hundreds of times.)
    const replaced = defs.length > 1 && defs.length <= 8 ? this.replacedUnlessFalsy(name, defs, at) : undefined;
    const vals = defs.map((b, i) => {
      if (replaced?.has(i)) return TRUSTED;
      const v = this.bindingValue(b);
      return v.tainted && v.via ? { ...v, via: extend(v.via, b.target) } : v;
    });
    if (incoming) vals.push(incoming);
    // A stream read fills the array the reaching definitions made, not one a later definition replaced.
    const added = this.mutations(name, l, at, Math.min(...defs.map((b) => b.node.endIndex)));
    const stored = [...this.storedValues(name, l, at), ...this.wholeObjectStores(name, at)];
    let u = stored.length ? { ...union([...vals, ...stored]), literal: undefined } : union(vals);
    if (added.length) u = added.some((m) => m.builder) ? seq([u, ...added.map((m) => m.val)]) : { ...union([u, ...added.map((m) => m.val)]), literal: undefined };
    if (defs.some((b) => b.augmented) && u.stringy) return { ...u, dynamic: u.dynamic || u.open, literal: undefined };
    return u;
  }

  /**
   * Whether a check pins `name` to constants where `at` runs: `at` is in the branch an equality
   * or allow-list check takes (or the other branch of its negation), or after an `if` on its
   * path that leaves the function when the negated check holds (`if (p !== 'a') return;`).
   * A new definition of the name between the check and `at` undoes it.
   */
  private pinnedAt(name: string, at: Node): boolean {
    const redefinedAfter = (from: number): boolean => (this.index.lookup(name, at)?.bindings ?? []).some((b) => b.node.startIndex >= from && b.node.endIndex <= at.startIndex);
    if (this.inFallbackOf(name, at)) return true;
    const sw = this.switchPinning(name, at);
    if (sw && !redefinedAfter(sw.startIndex)) return true;
    const checks = this.checksOf(this.index.functionOf(at)).get(name);
    if (!checks) return false;
    for (const c of checks) {
      const stmt = c.stmt;
      if (stmt.startIndex > at.startIndex) break;
      if (within(c.cond, at)) continue;
      if (within(stmt, at)) {
        const taken = within(stmt.childForFieldName('consequence'), at);
        if ((taken ? c.pins : c.rejects && within(stmt.childForFieldName('alternative'), at)) && !redefinedAfter(c.cond.endIndex)) return true;
        continue;
      }
      if (!c.rejects || stmt.endIndex > at.startIndex) continue;
      const body = stmt.childForFieldName('consequence') ?? stmt.childForFieldName('body');
      // `if (!ALLOWED.contains(s)) s = "name";`: past the check the name holds an allowed value or the literal.
      const replaced = !!body && !stmt.childForFieldName('alternative') && !TERNARY_TYPES.includes(stmt.type) && assignsLiteral(body, name);
      if (body && (leaves(body) || replaced) && runsBefore(stmt, at) && !redefinedAfter(stmt.endIndex)) return true;
    }
    return false;
  }

  /**
   * The definitions among `defs` (all but the last) that reach `at` only when the name is falsy:
   * an `if (name)` (`if name:`) on the path to `at` whose branch sets it again at its top level,
   * (`if (p) { p = clean(p); }`, or the `else` of `if (!p)`), or a later definition at the top
   * level of the same block. Falsy values (empty text, null, 0) are constants. JavaScript and
   * Python only, where any value can be tested so.
   */
  private replacedUnlessFalsy(name: string, defs: readonly BindingView[], at: Node): Set<number> | undefined {
    const lang = this.index.language;
    if (lang !== 'javascript' && lang !== 'typescript' && lang !== 'python') return undefined;
    // (Only a definition that replaces the value: `x += v` keeps what x held.)
    // Parents through the index: each pair of definitions asks again, and each `.parent` descends
    // from the root and makes a new node.
    const up = (n: Node): Node | null => this.index.parentOf(n);
    const topOf = (b: BindingView): Node | null => {
      const p = b.augmented ? null : up(b.node);
      return p?.type === 'expression_statement' ? p : null;
    };
    let out: Set<number> | undefined;
    for (let i = 0; i < defs.length - 1; i++) {
      const own = up(defs[i].node);
      for (let j = i + 1; j < defs.length; j++) {
        const stmt = topOf(defs[j]);
        const block = stmt && up(stmt);
        if (!stmt || !block || !own) continue;
        const ownBlock = up(own);
        let dead = block.id === ownBlock?.id && stmt.startIndex > own.endIndex;
        if (!dead) {
          const ifStmt = this.replacingIf(name, block, at);
          dead = !!ifStmt && ifStmt.startIndex >= defs[i].node.endIndex;
        }
        if (dead) {
          (out ??= new Set()).add(i);
          break;
        }
      }
    }
    return out;
  }

  /** Whether a definition among `defs` replaces a parameter's value whenever it could carry data (see replacingIf). */
  private replacedOnEntry(name: string, defs: readonly BindingView[], at: Node): boolean {
    const lang = this.index.language;
    // (Where any value can be tested for truth, as in replacedUnlessFalsy.)
    if (lang !== 'javascript' && lang !== 'typescript' && lang !== 'python') return false;
    for (const d of defs) {
      const p = d.augmented ? null : this.index.parentOf(d.node);
      const stmt = p?.type === 'expression_statement' ? p : null;
      const block = stmt && this.index.parentOf(stmt);
      if (block && this.replacingIf(name, block, at)) return true;
    }
    return false;
  }

  /**
   * The `if` on the path to `at` whose branch `block` runs for every value of `name` but
   * constants and harmless ones, so that a definition at the top level of `block` replaces all
   * others: the branch of `if (name)` or the `else` of `if (!name)` (the others are falsy), or
   * the branch of `if (/[^A-Za-z0-9_-]/.test(name))` (the others are made of those characters
   * alone). A class that also allows `/ : = . , + @ %` counts only when the branch quotes the
   * value for a POSIX shell (`'\\''`): the code builds a shell word, which those characters
   * cannot leave (the idiom of the shell-escape package, often copied in place).
   */
  private replacingIf(name: string, block: Node, at: Node): Node | undefined {
    const owner = this.index.parentOf(block);
    const elseOf = owner?.type === 'else_clause' ? this.index.parentOf(owner) : null;
    const ifStmt = elseOf ?? owner;
    if (!ifStmt || !this.index.adapter.ifTypes.includes(ifStmt.type) || ifStmt.endIndex > at.startIndex) return undefined;
    const cond = this.index.adapter.ifCondition(ifStmt)?.text.replace(/^\(\s*|\s*\)$/g, '').trim();
    if (!cond) return undefined;
    let replaces: boolean;
    if (elseOf) replaces = cond === `!${name}` || cond === `not ${name}`;
    else {
      const branchOnly = !ifStmt.childForFieldName('alternative') && ifStmt.childForFieldName('consequence')?.id === block.id;
      const safe = cond === name ? 'falsy' : this.index.language === 'javascript' || this.index.language === 'typescript' ? unsafeCharTest(cond, name) : undefined;
      replaces = branchOnly && (safe === 'falsy' || safe === 'token' || (safe === 'shell-word' && /'\\\\''|'"'"'/.test(block.text)));
    }
    return replaces && runsBefore(ifStmt, at) ? ifStmt : undefined;
  }

  /**
   * Whether `at` is in the right side of `name ||= ...` or `name ??= ...` (JavaScript): that side
   * runs only when the name is falsy or nullish, a constant there.
   */
  private inFallbackOf(name: string, at: Node): boolean {
    if (this.index.language !== 'javascript' && this.index.language !== 'typescript') return false;
    const facts = this.facts;
    facts.logicalAssignments ??= this.index.ofTypes(['augmented_assignment_expression']).some((n) => /^(?:\|\||\?\?)=$/.test(operatorOf(n)));
    if (!facts.logicalAssignments) return false;
    for (let p = at.parent, i = 0; p && i < 12; p = p.parent, i++) {
      if (p.type !== 'augmented_assignment_expression') continue;
      const left = p.childForFieldName('left');
      const right = p.childForFieldName('right');
      if (left?.type === 'identifier' && left.text === name && within(right, at) && /^(?:\|\||\?\?)=$/.test(operatorOf(p))) return true;
    }
    return false;
  }

  /**
   * The switch that pins `name` where `at` runs: `at` is in an arm of a switch on `name` whose
   * case labels, and those of every arm that can fall into it, are literals. The arms of the
   * file's switches are indexed by their subject once.
   */
  private switchPinning(name: string, at: Node): Node | undefined {
    const facts = this.facts;
    if (!facts.switchArmsByName) {
      const byName = (facts.switchArmsByName = new Map<string, Node[]>());
      const subjects = new Map<number, string | null>();
      for (const arm of this.index.ofTypes(SWITCH_ARM_TYPES)) {
        const owner = armOwner(arm, (n) => this.index.parentOf(n));
        if (!owner) continue;
        let key = subjects.get(owner.id);
        if (key === undefined) {
          // (C#'s switch expression names no field: its subject is its first child.)
          const subject = owner.childForFieldName('condition') ?? owner.childForFieldName('value') ?? (owner.type === 'switch_expression' ? owner.firstNamedChild : null);
          key = subject ? subject.text.replace(/^\(\s*|\s*\)$/g, '') : null;
          subjects.set(owner.id, key);
        }
        if (key === null) continue;
        const list = byName.get(key);
        if (list) list.push(arm);
        else byName.set(key, [arm]);
      }
    }
    const arms = facts.switchArmsByName.get(name);
    if (!arms) return undefined;
    const fn = this.index.functionOf(at)?.id;
    for (const arm of arms) {
      if (!within(arm, at) || this.index.functionOf(arm)?.id !== fn) continue;
      const owner = switchPinning(arm);
      if (owner) return owner;
    }
    return undefined;
  }

  /**
   * The `if` statements directly in function `fn` (or at the top level) whose condition pins a
   * name to constants when it holds or when it fails, by that name, in document order. Worked
   * out once per function: most names have none, so most look-ups end at once.
   */
  private checksOf(fn: Node | null): ReadonlyMap<string, PinningCheck[]> {
    const key = fn?.id ?? -1;
    const facts = this.facts;
    const known = facts.checksByFunction.get(key);
    if (known) return known;
    if (!facts.ifsByFunction) {
      const ifs = (facts.ifsByFunction = new Map<number, Node[]>());
      // Conditional expressions check like `if`s: `ALLOWED.contains(s) ? s : "name"` (Python's
      // `a if c else b` names no fields and is left out).
      // (Only those whose text may hold a check: most conditional expressions in minified code do not.)
      const ternaries = this.index.ofTypes(TERNARY_TYPES).filter((n) => n.endIndex - n.startIndex <= 400 && mayPin(n.text));
      for (const stmt of [...this.index.ofTypes(this.index.adapter.ifTypes), ...ternaries].sort((a, b) => a.startIndex - b.startIndex)) {
        const k = this.index.functionOf(stmt)?.id ?? -1;
        const list = ifs.get(k);
        if (list) list.push(stmt);
        else ifs.set(k, [stmt]);
      }
    }
    const byName = new Map<string, PinningCheck[]>();
    // Object literals key by bare names in JavaScript (`{ home: '/' }`), by values in Python.
    const bareKeys = this.index.language === 'javascript' || this.index.language === 'typescript';
    for (const stmt of facts.ifsByFunction.get(key) ?? []) {
      const cond = TERNARY_TYPES.includes(stmt.type) ? stmt.childForFieldName('condition') : this.index.adapter.ifCondition(stmt);
      const text = cond?.text;
      if (!cond || !text) continue;
      const names = candidateNames(text);
      if (names.size === 0) continue;
      // A list or pattern named in the check is read where the check is.
      const definitions = (n: string): string[] => {
        const defs = this.index.lookup(n, stmt)?.bindings ?? [];
        return defs.every((b) => !!b.value) ? defs.map((b) => (b.value as Node).text) : [];
      };
      const add = (name: string, check: PinningCheck): void => {
        const list = byName.get(name);
        if (list) list.push(check);
        else byName.set(name, [check]);
      };
      for (const name of names) {
        const pins = conditionPins(text, name, definitions, bareKeys);
        const rejects = conditionRejectsOthers(text, name, definitions, bareKeys);
        if (!pins && !rejects) continue;
        const check = { stmt, cond, pins, rejects };
        add(name, check);
        // `parsed = urlparse(target)` checked by its host: `target` is the URL sent or redirected to.
        const defs = definitions(name);
        const source = defs.length === 1 ? parsedFrom(defs[0]) : undefined;
        if (source && source !== name) add(source, check);
      }
    }
    const out = byName.size ? byName : NO_CHECKS;
    facts.checksByFunction.set(key, out);
    return out;
  }

  private bindingValue(b: { value: Node | null; type?: string }): Val {
    if (b.type && SAFE_TYPES.test(normaliseType(b.type))) {
      const v = b.value ? this.value(b.value) : TRUSTED;
      return v.literal !== undefined ? { ...TRUSTED, literal: v.literal, prefix: v.prefix } : TRUSTED;
    }
    if (b.value) return this.value(b.value);
    // Go's zero value of a text buffer (`var sb strings.Builder`) is empty: what is written into it follows.
    if (this.index.language === 'go' && b.type && GO_TEXT_BUFFERS.test(normaliseType(b.type))) return str('');
    return UNKNOWN;
  }

  /**
   * The definitions that reach `at`: the last one that runs whenever `at` runs (not in a branch,
   * loop or handler that `at` is not in) hides those before it.
   */
  private reaching(defs: BindingView[], at: Node): BindingView[] {
    for (let i = defs.length - 1; i >= 0; i--) if (this.kills(defs[i], at)) return defs.slice(i);
    return defs;
  }

  private kills(d: BindingView | undefined, at: Node): boolean {
    if (!d || d.augmented) return false;
    // JavaScript: a closure's write to a variable around it (see FileIndex.moveClosureWrites)
    // runs when that function is called, if ever, not whenever `at` runs: it adds a value and
    // hides none (`let v = input; function reset() { v = ''; } use(v)`).
    if (this.index.language === 'javascript' || this.index.language === 'typescript') {
      const writer = this.index.functionOf(d.node);
      if (writer && !within(writer, at)) return false;
    }
    const mine = this.index.conditionalAncestors(d.node);
    if (mine.length === 0) return true;
    const theirs = new Set(this.index.conditionalAncestors(at).map((n) => n.id));
    return mine.every((c) => theirs.has(c.id) && sameBranch(consequenceOf(this.facts, c), d.node, at));
  }

  /** Code in a branch that a constant condition never takes (`if (7 * 42 - 86 > 200) ... else <dead>`). */
  private isDead(n: Node): boolean {
    let d = this.deadNode.get(n.id);
    if (d === undefined) {
      d = this.computeDead(n);
      this.deadNode.set(n.id, d);
    }
    return d;
  }

  private readonly deadNode = new Map<number, boolean>();

  /**
   * A branch condition's value counted from depth 0, whatever depth asks for it: whether a
   * branch is dead is a fact of the condition, kept for the file (dead, and the value memo), so
   * it must not depend on how deep the first asker was. Otherwise the depth cut makes it depend
   * on which check happens to ask first (a matcher's check at depth 0, or a value of the flow
   * deeper down), and a change in the order the matcher asks things flips findings. Only the
   * outermost such condition restarts the count (a nested one goes on from there), so the stack
   * stays within twice the depth bound.
   */
  private fromTop(cond: Node): Val {
    if (this.restarted) return this.value(cond);
    const depth = this.depth;
    this.restarted = true;
    this.depth = 0;
    try {
      return this.value(cond);
    } finally {
      this.depth = depth;
      this.restarted = false;
    }
  }

  private restarted = false;

  private computeDead(n: Node): boolean {
    const ifs = this.index.enclosingIfs(n);
    for (const stmt of ifs) {
      const key = stmt.id * 2 + (inRange(consequenceOf(this.facts, stmt), n) ? 1 : 0);
      let d = this.dead.get(key);
      if (d === undefined) {
        d = false;
        const cond = this.index.adapter.ifCondition(stmt);
        if (cond && !within(cond, n) && !this.neverLiteral(cond, 0)) {
          const lit = this.fromTop(cond).literal;
          if (typeof lit === 'boolean') {
            if (within(stmt.childForFieldName('consequence'), n)) d = !lit;
            else if (within(stmt.childForFieldName('alternative'), n)) d = lit;
          }
        }
        this.dead.set(key, d);
      }
      if (d) return true;
    }
    return this.inDeadCase(n);
  }

  /**
   * Whether `compute` can give `node` no literal, whatever the tracker has seen so far: true
   * only along paths of `compute` (and `binary`, `call`, `memberRead`) that never set one, so the
   * dead-branch tests may skip computing a condition that cannot fold (`!x`, `a.b.c`, `f(x)` of
   * no local function, `x === g()`), with exactly the answer the full value would give. Syntax
   * and index look-ups only: no value is computed here. False means "may fold", not "folds".
   */
  private neverLiteral(node: Node, depth: number): boolean {
    if (depth === 0) {
      // (Syntax and index only: the file's trackers share the answer.)
      const memo = this.facts.neverLiteral;
      let known = memo.get(node.id);
      if (known === undefined) {
        // Bounded: "may fold" (false) is always a safe answer, so a long chain of definitions
        // (minified code) is simply computed in full.
        this.neverLiteralVisits = 0;
        known = this.neverLiteralFrom(node, 0);
        memo.set(node.id, known);
      }
      return known;
    }
    return this.neverLiteralFrom(node, depth);
  }

  private neverLiteralFrom(node: Node, depth: number): boolean {
    if (depth > 6 || ++this.neverLiteralVisits > 64) return false;
    const s = this.index.shape(node);
    switch (s.kind) {
      // `compute`'s default (unary operators, `typeof`, `instanceof`...): a source or `derived`.
      case 'other':
      case 'this':
      case 'function':
      case 'collection':
        return true;
      case 'wrap':
        return this.neverLiteral(s.inner, depth + 1);
      case 'choice':
        // A folding condition picks one option, else a union: literal only if an option has one.
        return s.options.length > 0 && s.options.every((o) => this.neverLiteral(o, depth + 1));
      case 'interpolated':
        // A sequence has a literal only when every part has one (the quoted word has none).
        return s.parts.some((p) => typeof p !== 'string' && this.neverLiteral(p, depth + 1));
      case 'binary':
        // Folding needs both sides' literals; `+` makes a sequence (the same), `&&`/`||` a union
        // (literal only if both sides share one). `%` may format a template: not taken here.
        return s.op !== '%' && (this.neverLiteral(s.left, depth + 1) || this.neverLiteral(s.right, depth + 1));
      case 'member': {
        // `memberRead`: an object that is neither `this` nor a name gives `derived` (no literal);
        // a name with no member stores before the read gives `literalMember`, which answers only
        // for a local defined once from an object literal or a call.
        const os = this.index.shape(s.object);
        if (os.kind === 'this') return false;
        if (os.kind !== 'ident') return true;
        if (this.index.memberStoresBefore(os.name, s.name, node).length > 0) return false;
        const l = this.index.lookup(os.name, s.object);
        if (!l || l.param || l.bindings.length !== 1 || l.bindings[0].augmented || !l.bindings[0].value) return true;
        const init = this.index.shape(l.bindings[0].value).kind;
        return init !== 'collection' && init !== 'call';
      }
      case 'call':
        return this.callNeverLiteral(s.call, depth);
      case 'ident':
        return this.identNeverLiteral(s.name, node, depth);
      default:
        // Literals, names (definitions, callers, pinning checks) and element reads may fold.
        return false;
    }
  }

  /**
   * `neverLiteral` for a name (`ident` and `identValue`): a name bound nowhere (outside C#), or a
   * local that is no parameter (callers' constants) nor Java/C# field, whose every definition's
   * value has none, and that no enclosing equality check can pin to a constant (`guardedEqual`).
   * Whichever definitions reach, their union then has no literal; mutations and stores only
   * drop one. (A pinning check gives TRUSTED, which has none either.)
   */
  private identNeverLiteral(name: string, at: Node, depth: number): boolean {
    const language = this.index.language;
    if (language === 'csharp') return false;
    if (!this.equalityChecksHolding(name, at).next().done) return false;
    const l = this.index.lookup(name, at);
    if (!l) return true;
    if (l.param || l.bindings.length === 0 || l.bindings.length > 8) return false;
    if (FIELD_SCOPES.has(l.scope.type) && language === 'java') return false;
    return l.bindings.every((b) => (b.value ? this.neverLiteral(b.value, depth + 1) : language !== 'go'));
  }

  private neverLiteralVisits = 0;

  /** `neverLiteral` for a call: the paths of `call` that may return a literal are ruled out. */
  private callNeverLiteral(c: CallView, depth: number): boolean {
    // Constructors (a string builder's first text), element reads of local collections, format
    // calls and local functions' summaries may carry a literal.
    if (c.isNew || c.isAnnotation) return !!c.isAnnotation;
    const chains = this.index.callChains(c);
    const last = chains[0]?.[chains[0].length - 1]?.replace(/\(\)$/, '') ?? '';
    const recvNode = this.receiverOf(c);
    if (STRING_BUILDERS.has(last) || (recvNode && ELEMENT_READS.has(last))) return false;
    if (this.localCallees(c).length > 0) return false;
    // A string method folds on a literal receiver, and a pass-through returns the receiver.
    return !recvNode || this.neverLiteral(recvNode, depth + 1);
  }

  /** Inside a `case` whose labels differ from a switch value that folds to a constant. */
  private inDeadCase(n: Node): boolean {
    for (const c of this.index.conditionalAncestors(n)) {
      if (!/^(switch_block_statement_group|switch_section|expression_case|case_clause|switch_case)$/.test(c.type)) continue;
      const arms = this.index.parentOf(c);
      const sw = arms && this.index.parentOf(arms);
      const cond = sw ? sw.childForFieldName('condition') ?? sw.childForFieldName('value') ?? sw.childForFieldName('expression') ?? sw.childForFieldName('subject') : null;
      if (!cond || within(cond, n) || this.neverLiteral(cond, 0)) continue;
      const v = this.value(cond).literal;
      if (v === undefined) continue;
      const literal = (x: Node): Scalar | undefined => this.value(x).literal;
      if (!(sw?.type === 'match_statement' ? matchCaseCanRun(c, v, literal) : caseCanRun(c, v, literal))) return true;
    }
    return false;
  }

  /**
   * Values put into the collection or builder `name` by calls before `at` (`list.add(x)`, `sb.append(x)`).
   * Stream reads count from `defined` on (the end of the first definition that reaches `at`).
   */
  private mutations(name: string, l: Lookup, at: Node, defined: number): { val: Val; builder: boolean }[] {
    const out: { val: Val; builder: boolean; pos: number }[] = [];
    const fn = this.index.functionOf(at);
    // JavaScript: a closure of the declaring scope adds to the same array (`req.on('data', c =>
    // chunks.push(c))` before `Buffer.concat(chunks)` in the 'end' listener); the look-up below
    // still asks that the name be that variable.
    const closures = this.index.language === 'javascript' || this.index.language === 'typescript';
    for (const { m, c, recv } of this.mutatorCalls().get(name) ?? []) {
      if (c.node.startIndex >= at.startIndex) continue;
      if (!closures && this.index.functionOf(c.node)?.id !== fn?.id) continue;
      if (this.index.lookup(name, recv)?.scope.id !== l.scope.id || this.isDead(c.node)) continue;
      // Keyed puts add their value, not their key.
      const keyed = m === 'put' || m === 'setProperty' || ((m === 'Add' || m === 'set') && c.args.length === 2);
      const args = keyed ? c.args.slice(1) : c.args;
      for (const x of args) out.push({ val: this.value(x.node), builder: BUILDER_MUTATORS.has(m), pos: x.node.startIndex });
    }
    if (this.index.language === 'go') out.push(...this.filledThroughAddress(name, l, at, fn));
    const readers = ARRAY_READERS[this.index.language];
    if (readers) out.push(...this.filledByReads(readers, name, l, at, fn, defined));
    // In the order the text adds them (a chain's calls all start where the chain does).
    return out.sort((a, b) => a.pos - b.pos);
  }

  /**
   * The file's calls of MUTATORS whose receiver is a plain name, by that name, in the order of
   * MUTATORS and then of the calls: worked out once, where each look-up used to go through every
   * such call of the file (`push` alone is called thousands of times in a bundle).
   */
  private mutatorCalls(): Map<string, { m: string; c: CallView; recv: Node }[]> {
    const facts = this.facts;
    if (facts.mutatorCallsByName) return facts.mutatorCallsByName;
    const byName = new Map<string, { m: string; c: CallView; recv: Node }[]>();
    for (const m of MUTATORS) {
      for (const c of this.index.callsNamed(m)) {
        let recv = this.receiverOf(c);
        // A chain of appends (`sb.append(a).append(b)`) adds to the builder at its start.
        for (let depth = 0; recv && BUILDER_MUTATORS.has(m) && depth < 32; depth++) {
          const inner = this.index.shape(recv);
          if (inner.kind !== 'call' || inner.call.isNew) break;
          const chain = this.index.callChains(inner.call)[0];
          const innerName = chain?.[chain.length - 1]?.replace(/\(\)$/, '') ?? '';
          if (!BUILDER_MUTATORS.has(innerName)) break;
          recv = this.receiverOf(inner.call);
        }
        if (!recv) continue;
        const rs = this.index.shape(recv);
        if (rs.kind !== 'ident') continue;
        const list = byName.get(rs.name);
        if (list) list.push({ m, c, recv });
        else byName.set(rs.name, [{ m, c, recv }]);
      }
    }
    facts.mutatorCallsByName = byName;
    return byName;
  }

  /**
   * C# `out` arguments of the keyed reads (`Request.Query.TryGetValue("u", out var u)`, a queue's
   * `TryDequeue(out x)`) earlier in the same function: what the collection holds.
   */
  private outFilled(name: string, at: Node): Val | undefined {
    const fn = this.index.functionOf(at);
    const vals: Val[] = [];
    for (const m of OUT_READERS) {
      for (const c of this.index.callsNamed(m)) {
        if (c.node.startIndex >= at.startIndex || this.index.functionOf(c.node)?.id !== fn?.id || this.isDead(c.node)) continue;
        const filled = c.args.some((x) => /^out\b/.test(x.node.parent?.text ?? '') && OUT_TARGET.exec(x.node.text)?.[1] === name);
        const recv = filled ? this.receiverOf(c) : undefined;
        if (recv) vals.push(this.derived([recv]));
      }
    }
    return vals.length ? union(vals) : undefined;
  }

  /** What Go calls given `&name` before `at` put into it: request data for binders, their input for decoders. */
  private filledThroughAddress(name: string, l: Lookup, at: Node, fn: Node | null): { val: Val; builder: boolean; pos: number }[] {
    const out: { val: Val; builder: boolean; pos: number }[] = [];
    for (const m of [...this.knowledge.inputFillers, ...DECODERS_INTO, ...GO_SLICE_READERS]) {
      const bySlice = GO_SLICE_READERS.includes(m);
      for (const c of this.index.callsNamed(m)) {
        if (c.node.startIndex >= at.startIndex || this.index.functionOf(c.node)?.id !== fn?.id || this.isDead(c.node)) continue;
        // A reader fills the slice it is given; the others the variable whose address they get.
        const target = bySlice ? c.args.find((x) => x.node.text === name) : c.args.find((x) => x.node.text.replace(/\s+/g, '') === `&${name}`);
        if (!target || this.index.lookup(name, target.node)?.scope.id !== l.scope.id) continue;
        const recv = this.receiverOf(c);
        const others = c.args.filter((x) => x !== target).map((x) => x.node);
        const val = this.knowledge.inputFillers.includes(m) ? sourceAt(c.node) : this.derived(recv && !this.isNamespace(recv) ? [recv, ...others] : others);
        out.push({ val, builder: false, pos: c.node.startIndex });
      }
    }
    return out;
  }

  /**
   * What a Java or C# stream read before `at` copied into the array `name` (`in.read(name)`,
   * `stream.Read(name, 0, n)`): the receiver's content. Statics (`IOUtils.read(in, buf)`) and
   * reads into an array that is not a plain argument are left out.
   */
  private filledByReads(readers: string[], name: string, l: Lookup, at: Node, fn: Node | null, defined: number): { val: Val; builder: boolean; pos: number }[] {
    const out: { val: Val; builder: boolean; pos: number }[] = [];
    for (const m of readers) {
      for (const c of this.index.callsNamed(m)) {
        // A read before the definition that reaches `at` filled an array the name no longer holds.
        if (c.node.startIndex >= at.startIndex || c.node.startIndex < defined || this.index.functionOf(c.node)?.id !== fn?.id || this.isDead(c.node)) continue;
        const target = c.args[0] ? this.readTarget(c.args[0].node) : undefined;
        if (!target || target.text !== name || this.index.lookup(name, target)?.scope.id !== l.scope.id) continue;
        const recv = this.receiverOf(c);
        // A class (`IOUtils.read(in, buf)`) is no stream. isNamespace would also take C#'s
        // `request.Body` for a qualified class name, so C# asks only about a bare type name.
        if (!recv || (this.index.language === 'java' ? this.isNamespace(recv) : /^[A-Z]\w*$/.test(recv.text))) continue;
        out.push({ val: this.derived([recv]), builder: false, pos: c.node.startIndex });
      }
    }
    return out;
  }

  /**
   * The array a read's first argument writes into: C# wraps it as a view of the same memory
   * (`buf.AsMemory()`, `buf.AsSpan(0, n)`, `new Memory<byte>(buf)`, `new ArraySegment<byte>(buf)`),
   * Java passes it as is.
   */
  private readTarget(arg: Node): Node {
    if (this.index.language !== 'csharp') return arg;
    const s = this.index.shape(arg);
    if (s.kind !== 'call') return arg;
    if (s.call.isNew) {
      const type = s.call.type?.text.replace(/\s+/g, '') ?? '';
      return SPAN_VIEWS.test(type) && s.call.args[0] ? s.call.args[0].node : arg;
    }
    const chain = this.index.callChains(s.call)[0];
    const last = chain?.[chain.length - 1]?.replace(/\(\)$/, '') ?? '';
    return last === 'AsMemory' || last === 'AsSpan' ? this.receiverOf(s.call) ?? arg : arg;
  }

  /**
   * The exception a JavaScript `catch` clause receives: input when its `try` block (outside the
   * functions it defines, which run later) passes input to a call that may throw an error whose
   * message quotes its argument (`fs.readFileSync(p)`: "ENOENT ... open '<p>'", V8's JSON.parse
   * and jQuery's selector errors quote the text they failed on, so may any library's validation).
   * Calls known not to throw such a message are left out (see mayThrowInput). Else unknown.
   */
  private caught(clause: Node): Val {
    const memo = this.caughtMemo;
    const known = memo.get(clause.id);
    if (known) return known;
    memo.set(clause.id, UNKNOWN);
    const body = clause.parent?.type === 'try_statement' ? clause.parent.childForFieldName('body') : null;
    const v = body ? this.thrownIn(body, this.index.functionOf(clause)) : undefined;
    const out = v ? { ...v, stringy: true, constant: false, literal: undefined, prefix: null, via: extend(v.via, clause.childForFieldName('parameter') ?? clause) } : UNKNOWN;
    memo.set(clause.id, out);
    return out;
  }

  /** The input given to a call under `body` (run by `fn`, not by a function it defines) that may throw quoting it. */
  private thrownIn(body: Node, fn: Node | null): Val | undefined {
    for (const n of body.descendantsOfType(['call_expression', 'new_expression', 'throw_statement'])) {
      if (!n || this.index.functionOf(n)?.id !== fn?.id) continue;
      // `throw input` (or `throw err` of a caught one): the value thrown is what is caught.
      if (n.type === 'throw_statement') {
        const thrown = n.firstNamedChild;
        const v = thrown && thrown.type !== 'new_expression' && thrown.type !== 'call_expression' ? this.value(thrown) : undefined;
        if (v?.tainted) return v;
        continue;
      }
      const c = this.index.callOf(n);
      const v = c ? this.thrownInput(c) : undefined;
      if (v) return v;
    }
    return undefined;
  }

  /**
   * The rejection a promise handler receives (`p.catch(e => ..)`, `p.then(ok, e => ..)`): input
   * when the promise comes from a call given input that may fail quoting it, or from
   * `new Promise(executor)` whose executor gives input to such a call (see caught).
   */
  private rejection(fn: Node): Val | undefined {
    const args = fn.parent;
    const call = args?.type === 'arguments' && args.parent ? this.index.callOf(args.parent) : null;
    const callee = call?.callee ? this.index.shape(call.callee) : undefined;
    if (!call || callee?.kind !== 'member') return undefined;
    const at = call.args.findIndex((a) => a.node.id === fn.id);
    if (!((callee.name === 'catch' && at === 0) || (callee.name === 'then' && at === 1))) return undefined;
    // Down the chain to the call that made the promise (`load(x).then(f).catch(g)`).
    let recv: Node | undefined = this.receiverOf(call);
    for (let i = 0; recv && i < 6; i++) {
      const c = this.index.callOf(recv);
      if (!c) return undefined;
      const s = c.callee ? this.index.shape(c.callee) : undefined;
      if (s?.kind === 'member' && (s.name === 'then' || s.name === 'finally' || s.name === 'catch')) {
        recv = this.receiverOf(c);
        continue;
      }
      if (c.isNew) {
        const executor = c.args[0]?.node;
        const body = executor && this.index.adapter.functionTypes.has(executor.type) ? executor.childForFieldName('body') : null;
        return body ? this.thrownIn(body, executor!) : undefined;
      }
      return this.thrownInput(c);
    }
    return undefined;
  }

  /**
   * The first parameter of a Node-style callback (`(err, result) => ..`, the last argument of a
   * call given input, as `fs.readFile(p, (err, data) => ..)`): the error that call reports, which
   * may quote the input as a thrown one may (see caught). Only for a callback of two or more
   * parameters: a one-parameter callback is a listener or a mapper, not an error-first one.
   * Also a promise's rejection handler (see rejection).
   */
  private callbackError(fn: Node): Val | undefined {
    const known = this.callbackMemo.get(fn.id);
    if (known !== undefined) return known ?? undefined;
    this.callbackMemo.set(fn.id, null);
    const args = this.index.parentOf(fn);
    const call = args?.type === 'arguments' ? this.index.parentOf(args) : null;
    if (!args || !call) return undefined;
    const c = this.index.callOf(call);
    let out: Val | null = null;
    const rejected = this.rejection(fn);
    if (rejected) out = { ...rejected, stringy: true, constant: false, literal: undefined, prefix: null, via: extend(rejected.via, fn) };
    else if (c && c.args.length > 1 && this.index.paramsOf(fn).size >= 2 && args.lastNamedChild?.id === fn.id && !this.notErrorFirst(c) && this.mayThrowInput(c)) {
      for (const a of c.args) {
        if (a.node.id === fn.id) continue;
        const v = this.value(a.node);
        if (v.tainted) {
          out = { ...v, stringy: true, constant: false, literal: undefined, prefix: null, via: extend(v.via, fn) };
          break;
        }
      }
    }
    this.callbackMemo.set(fn.id, out);
    return out ?? undefined;
  }

  /**
   * A call whose last callback takes no error first: a listener (`$(doc).on('click', sel, (ev,
   * data) => ..)`, `emitter.on(name, ..)`: an event), or jQuery's Ajax shortcuts (`$.post(url, d,
   * (data, status) => ..)`: success callbacks, given the response).
   */
  private notErrorFirst(c: CallView): boolean {
    const chain = this.index.callChains(c)[0] ?? [];
    const last = (chain[chain.length - 1] ?? '').replace(/\(\)$/, '');
    if (chain.length > 1 && LISTENER_METHODS.has(last)) return true;
    const first = (chain[0] ?? '').replace(/\(\)$/, '');
    return chain.length === 2 && (first === '$' || first === 'jQuery') && JQUERY_AJAX.has(last);
  }

  /** Whether the file has a `catch (name)` clause (tested once per name, on the text). */
  private mayCatch(name: string): boolean {
    let names = catchNamesByFile.get(this.index);
    if (!names) {
      names = new Set();
      for (const m of this.index.text.matchAll(/\bcatch\s*\(\s*([A-Za-z_$][\w$]*)\s*[):]/g)) names.add(m[1]);
      catchNamesByFile.set(this.index, names);
    }
    return names.has(name);
  }

  /** The input value a call is given, when it is one that may throw an error quoting it (see caught). */
  private thrownInput(c: CallView): Val | undefined {
    if (!c.args.length || !this.mayThrowInput(c)) return undefined;
    for (const a of c.args) {
      const v = this.value(a.node);
      if (v.tainted) return v;
    }
    return undefined;
  }

  /**
   * Whether a call may throw an error whose message carries its arguments: not the built-ins and
   * methods that do not throw on text (console and loggers, string, array, collection and regex
   * methods, JSON.stringify, storage, the response's own writers), nor sanitisers, nor a
   * function of this file (or called through `.call` / `.apply`) that neither calls nor throws.
   */
  private mayThrowInput(c: CallView): boolean {
    const chains = this.index.callChains(c);
    const chain = chains[0] ?? [];
    const last = (chain[chain.length - 1] ?? '').replace(/\(\)$/, '');
    const first = (chain[0] ?? '').replace(/\(\)$/, '');
    if (chain.length > 1 && QUIET_RECEIVERS.has(first)) return false;
    if (chain.length === 1 && QUIET_FUNCTIONS.has(first)) return false;
    if (chain.length > 1 && QUIET_METHODS.has(last)) return false;
    if (this.isSanitizer(c)) return false;
    let local = this.localCallees(c);
    if (!local.length && (last === 'call' || last === 'apply') && chain.length === 2) local = this.index.functionsNamed(first);
    if (local.length) {
      // Its own calls decide, judged the same way a few levels down (`function log(x) {
      // console.log(x) }` throws nothing quoting x); deeper, or a call not resolved, may throw.
      if (this.throwDepth >= 3) return true;
      this.throwDepth++;
      try {
        return local.some((f) => {
          // (Once per function; one being looked at may throw, as may one cut off by depth.)
          const known = this.localThrows.get(f.id);
          if (known !== undefined) return known;
          this.localThrows.set(f.id, true);
          const body = f.childForFieldName('body');
          if (!body) return true;
          const calls = body.type === 'call_expression' || body.type === 'new_expression' ? [body] : [];
          for (const n of body.descendantsOfType(['call_expression', 'new_expression', 'throw_statement'])) if (n && this.index.functionOf(n)?.id === f.id) calls.push(n);
          const throws = calls.some((n) => {
            if (n.type === 'throw_statement') return true;
            const inner = this.index.callOf(n);
            return !inner || this.mayThrowInput(inner);
          });
          this.localThrows.set(f.id, throws);
          return throws;
        });
      } finally {
        this.throwDepth--;
      }
    }
    return true;
  }

  /** How many local functions deep mayThrowInput is looking (see there). */
  private throwDepth = 0;
  /** Local function id -> whether its own calls or throws may throw quoting its input (see mayThrowInput). */
  private readonly localThrows = new Map<number, boolean>();

  /**
   * A parameter's value: request input when annotated as such, else what the calls of its
   * function in this file pass (all of them), or symbolic while summarising the function.
   */
  private param(p: ParamView, scope: Node, at: Node): Val {
    // A number, boolean, date or UUID carries no payload, even when the framework fills it from the request.
    // It keeps the number its callers in this file all pass, as a typed local keeps its literal
    // (`void make(int bits)` called as `make(1024)`: a key size checked where it is used).
    if (p.type && SAFE_TYPES.test(normaliseType(p.type))) return this.callerScalars(p, scope);
    // `@Pattern(regexp = "[a-zA-Z0-9_-]+") String id`: the validator admits only such tokens,
    // whatever the request or the callers give (also a framework-bound parameter).
    const bean = this.bean;
    if (bean) {
      const formal = formalParameter(scope, p.name);
      if (formal && bean.parameterClears(formal)) return TRUSTED;
    }
    if (p.annotations.some((n) => this.knowledge.annotatedSources.has(n))) return sourceAt(at);
    const position = [...this.index.paramsOf(scope).keys()].indexOf(p.name);
    const summarising = !!this.main && position >= 0 && position < 31 && this.index.functionOf(at)?.id === scope.id;
    // A handler parameter the framework's source model makes request input (by route, type, name).
    // A server function ('use server') is also a plain function to this code: what a call of it
    // here returns is what it computes from that call's arguments (the summary keeps them symbolic).
    if (isFrameworkInput(this.index, this.knowledge.parameters, this.knowledge.key, p.name, at) && !(summarising && isDirectiveEndpoint(scope, this.index, this.knowledge.parameters))) return sourceAt(at);
    if (position === 0 && (this.index.language === 'javascript' || this.index.language === 'typescript')) {
      const err = this.callbackError(scope);
      if (err) return err;
    }
    const element = this.iteratedElement(scope, position);
    if (element) return element;
    if (this.external && position >= 0 && this.external.params.get(scope.startIndex)?.has(position)) return this.externalSource(at, { kind: 'param', fn: scope.startIndex, position });
    if (summarising) {
      return { ...TRUSTED, constant: true, from: 1 << position, leadFrom: 1 << position };
    }
    if (this.unreachableStatic(scope)) return TRUSTED;
    return this.owner.fromCallers(scope, position);
  }

  /**
   * A JavaScript static method that no code can call: of a class this module neither exports nor
   * names anywhere but in `new C(...)` (exporting an instance leaves the class's statics out of
   * reach; the file must not read `.constructor` either), and whose name its class does not use.
   * Its parameters carry nothing.
   */
  private unreachableStatic(fn: Node): boolean {
    const lang = this.index.language;
    if ((lang !== 'javascript' && lang !== 'typescript') || fn.type !== 'method_definition') return false;
    if (!fn.children.some((c) => c?.type === 'static')) return false;
    const memo = this.facts.staticMemo;
    let known = memo.get(fn.id);
    if (known === undefined) memo.set(fn.id, (known = this.staticOutOfReach(fn)));
    return known;
  }

  /** Catch clause id -> the exception's value (see caught). */
  private readonly caughtMemo = new Map<number, Val>();
  /** Callback function id -> its error parameter's value, null for none (see callbackError). */
  private readonly callbackMemo = new Map<number, Val | null>();

  private staticOutOfReach(fn: Node): boolean {
    const cls = fn.parent?.type === 'class_body' ? fn.parent.parent : null;
    const className = cls?.type === 'class_declaration' ? cls.childForFieldName('name')?.text : undefined;
    const method = fn.childForFieldName('name');
    if (!cls || !className || !method || cls.parent?.type === 'export_statement') return false;
    // Only in a module: a script's top-level class is a global that other scripts call.
    const root = this.index.root;
    if (!this.index.imports.size && !/\b(?:module\.exports|exports\.\w|export\s)/.test(root.text)) return false;
    if (/\.constructor\b/.test(root.text)) return false;
    for (const id of this.index.ofTypes(['identifier'])) {
      if (id.text !== className || id.id === cls.childForFieldName('name')?.id) continue;
      if (id.parent?.type !== 'new_expression' || id.parent.childForFieldName('constructor')?.id !== id.id) return false;
    }
    // Nothing else evaluates to the class, so only its own code can reach the method (`this.m()`
    // in a static block or another static method): not when the class names it anywhere.
    for (const p of cls.descendantsOfType(['property_identifier', 'string_fragment'])) if (p && p.text === method.text && p.id !== method.id) return false;
    return true;
  }

  /**
   * A callback's parameter that receives the elements of what it iterates: `xs.forEach(x => ...)`,
   * `xs.map(function (x) {...})`, Java streams and `Map.forEach((k, v) -> ...)`, LINQ, a promise's
   * `then`, Python's `map(lambda x: ..., xs)`. It carries what the collection carries.
   */
  private iteratedElement(fn: Node, position: number): Val | undefined {
    if (position < 0 || position > 1) return undefined;
    let arg: Node = fn;
    let parent = this.index.parentOf(fn);
    for (let i = 0; i < 2 && parent && CALLBACK_ARGUMENT_WRAPPERS.has(parent.type); i++) {
      arg = parent;
      parent = this.index.parentOf(parent);
    }
    if (!parent || !this.index.adapter.callTypes.includes(parent.type)) return undefined;
    const call = this.index.callOf(parent);
    if (!call || call.isNew) return undefined;
    const callee = call.callee ? this.index.shape(call.callee) : undefined;
    const method = call.name ?? (callee?.kind === 'member' ? callee.name : callee?.kind === 'ident' ? callee.name : undefined);
    if (!method) return undefined;
    const positional = call.args.filter((a) => !a.name);
    const first = positional[0]?.node;
    const passed = !!first && (first.id === fn.id || first.id === arg.id || (first.startIndex <= fn.startIndex && fn.endIndex <= first.endIndex));
    if (!passed) return undefined;
    // Python's builtins take the function first and the iterable second.
    if (callee?.kind === 'ident') {
      if (this.index.language !== 'python' || (method !== 'map' && method !== 'filter') || !positional[1] || position !== 0) return undefined;
      return this.derived([positional[1].node]);
    }
    if (!ELEMENT_CALLBACKS.has(method)) return undefined;
    // A second parameter is an index, except for Java's Map.forEach((key, value) -> ...).
    if (position === 1 && !(this.index.language === 'java' && method === 'forEach')) return undefined;
    const receiver = this.receiverOf(call);
    return receiver ? this.derived([receiver]) : undefined;
  }

  /** TRUSTED, with the literal (or choice of literals) that every call of the function in this file passes for `p`. */
  private callerScalars(p: ParamView, scope: Node): Val {
    const position = [...this.index.paramsOf(scope).keys()].indexOf(p.name);
    // Not while summarising a function: its summary stands for any call.
    if (position < 0 || this.main) return TRUSTED;
    const v = this.owner.fromCallers(scope, position);
    if (v.literal !== undefined) return { ...TRUSTED, literal: v.literal, prefix: v.prefix };
    return v.literals ? { ...TRUSTED, literals: v.literals } : TRUSTED;
  }

  private readonly callerMemo = new Map<string, Val>();

  private fromCallers(fn: Node, position: number): Val {
    const key = `${fn.id}:${position}`;
    const hit = this.callerMemo.get(key);
    if (hit) return hit;
    this.callerMemo.set(key, UNKNOWN);
    const name = this.index.adapter.functionName(fn);
    let v = UNKNOWN;
    if (name && position >= 0) {
      const params = [...this.index.paramsOf(fn).values()];
      const vals: Val[] = [];
      // A Java or C# constructor runs where its class is made: `new Fetcher(url)`.
      const ctor = fn.type === 'constructor_declaration' && (this.index.language === 'java' || this.index.language === 'csharp');
      for (const c of ctor ? this.index.constructions(name) : this.index.callsNamed(name)) {
        if (ctor ? c.args.filter((x) => !x.name).length !== params.length : !this.resolves(c, fn, params)) continue;
        const arg = c.args.filter((x) => !x.name)[position - this.selfOffset(c, params)];
        vals.push(arg ? this.value(arg.node) : this.missingArgument(fn, position));
      }
      // JavaScript: `new Name(...)` runs `function Name` or the `constructor` of `class Name`.
      const made = this.jsConstructed(fn, name);
      for (const c of made ? this.index.constructions(made) : []) {
        const arg = c.args[position];
        vals.push(arg ? this.value(arg.node) : this.missingArgument(fn, position));
      }
      for (const arg of this.boundArguments(name, position)) vals.push(this.value(arg));
      for (const arg of this.referenceArguments(name, position)) vals.push(this.value(arg));
      if (vals.length) v = union(vals);
    }
    this.callerMemo.set(key, v);
    return v;
  }

  /**
   * The class or function name whose `new` runs `fn` in JavaScript/TypeScript: a function
   * declaration's own name, or the class of a `constructor` method. Else undefined.
   */
  private jsConstructed(fn: Node, name: string): string | undefined {
    const lang = this.index.language;
    if (lang !== 'javascript' && lang !== 'typescript') return undefined;
    if (fn.type === 'function_declaration' || fn.type === 'function_expression' || fn.type === 'function') return name;
    if (fn.type !== 'method_definition' || name !== 'constructor') return undefined;
    const cls = fn.parent?.type === 'class_body' ? fn.parent.parent : null;
    return cls?.childForFieldName('name')?.text;
  }

  /**
   * A parameter that a call leaves out: in JavaScript/TypeScript `undefined` when the parameter
   * has no default (`f()` of `function f(name)`), which carries nothing; else unknown.
   */
  private missingArgument(fn: Node, position: number): Val {
    const lang = this.index.language;
    if (lang !== 'javascript' && lang !== 'typescript') return UNKNOWN;
    const list = fn.childForFieldName('parameters');
    const p = list?.namedChildren.filter((x) => x && x.type !== 'comment')[position];
    if (!p) return UNKNOWN;
    const plain = p.type === 'identifier' || ((p.type === 'required_parameter' || p.type === 'optional_parameter') && !p.childForFieldName('value') && p.childForFieldName('pattern')?.type === 'identifier');
    return plain ? TRUSTED : UNKNOWN;
  }

  /**
   * Arguments fixed in advance for a JavaScript function's parameter: `f.bind(self, a, b)` and
   * lodash/underscore `_.partial(f, a, b)` (Ramda's `R.partial(f, [a, b])`) give its first
   * parameters whatever later calls of the bound function pass after them.
   */
  private boundArguments(name: string, position: number): Node[] {
    const lang = this.index.language;
    if (lang !== 'javascript' && lang !== 'typescript') return [];
    const out: Node[] = [];
    const named = (n: Node | undefined): boolean => {
      const s = n && this.index.shape(n);
      return s?.kind === 'ident' && s.name === name;
    };
    for (const c of this.index.callsNamed('bind')) {
      const callee = c.callee ? this.index.shape(c.callee) : undefined;
      if (callee?.kind !== 'member' || !named(callee.object)) continue;
      const arg = c.args.filter((x) => !x.name)[position + 1];
      if (arg) out.push(arg.node);
    }
    for (const c of this.index.callsNamed('partial')) {
      const positional = c.args.filter((x) => !x.name);
      if (!named(positional[0]?.node)) continue;
      const second = positional[1]?.node;
      if (second && positional.length === 2 && second.type === 'array') {
        const el = second.namedChildren.filter((x) => x && x.type !== 'comment')[position];
        if (el) out.push(el);
      } else if (positional[position + 1]) out.push(positional[position + 1].node);
    }
    return out;
  }

  /**
   * What a Java method given as a method reference receives: `run(Handler::eval)` hands `eval` to
   * a function of this file, which calls it through its functional parameter
   * (`action.accept(text)`); the arguments of those calls are `eval`'s parameters.
   */
  private referenceArguments(name: string, position: number): Node[] {
    // (A file without `::` has none; the walk for them is left to files that do.)
    if (this.index.language !== 'java' || !this.index.text.includes('::')) return [];
    const out: Node[] = [];
    for (const ref of this.index.ofTypes(['method_reference'])) {
      const last = ref.lastNamedChild;
      if (!last || last.type !== 'identifier' || last.text !== name) continue;
      const list = ref.parent;
      const call = list?.type === 'argument_list' && list.parent ? this.index.callOf(list.parent) : undefined;
      if (!call || call.isNew) continue;
      const k = call.args.filter((x) => !x.name).findIndex((x) => x.node.id === ref.id);
      if (k < 0) continue;
      for (const g of this.localCallees(call)) {
        const param = [...this.index.paramsOf(g).keys()][k];
        if (!param) continue;
        for (const m of FUNCTIONAL_CALLS) {
          for (const c of this.index.callsNamed(m)) {
            const recv = this.receiverOf(c);
            if (!recv || recv.text !== param || this.index.functionOf(c.node)?.id !== g.id) continue;
            const arg = c.args.filter((x) => !x.name)[position];
            if (arg) out.push(arg.node);
          }
        }
      }
    }
    return out;
  }

  private selfOffset(c: CallView, params: ParamView[]): number {
    return params.length > 0 && SELF.test(params[0].name) && this.receiverOf(c) ? 1 : 0;
  }

  /** Whether call `c` can be a call of `fn` (by name, arity and receiver). */
  private resolves(c: CallView, fn: Node, params: ParamView[]): boolean {
    if (c.isNew || c.isAnnotation) return false;
    const positional = c.args.filter((x) => !x.name).length;
    const expected = params.length - this.selfOffset(c, params);
    // Fewer arguments than parameters: defaults, when no overload of that name could be meant.
    return positional === expected || (positional < expected && this.index.functionsNamed(this.index.adapter.functionName(fn) ?? '').length === 1);
  }

  /** Local functions a call node may run (same file, by name and arity). */
  calleesOf(node: Node): Node[] {
    const c = this.index.callOf(node);
    return c ? this.localCallees(c) : [];
  }

  /** Local functions a call may run (same file, by name and arity). */
  private localCallees(c: CallView): Node[] {
    if (c.isNew || c.isAnnotation) return [];
    // (By name, arity and receiver alone: the file's trackers share the answer.)
    const memo = this.facts.callees;
    let out = memo.get(c.node.id);
    if (!out) {
      const name = this.index.calledName(c);
      out = name ? this.index.functionsNamed(name).filter((fn) => this.resolves(c, fn, [...this.index.paramsOf(fn).values()])) : [];
      memo.set(c.node.id, out);
    }
    return out;
  }

  /** What a function returns, with its parameters symbolic (bit i of `from`: parameter i flows in). */
  summary(fn: Node): Val {
    if (this.main) return this.main.summary(fn);
    const hit = this.summaries.get(fn.id);
    if (hit) return hit;
    // A method whose return value carries a `@Pattern` constraint returns only such tokens.
    if (this.bean?.methodClears(fn)) return TRUSTED;
    if (this.summaryActive.has(fn.id)) return UNKNOWN;
    this.summaryActive.add(fn.id);
    try {
      const s = (this.summarising ??= new ValueTracker(this.index, this.knowledge, this, this.external));
      const rets = this.index.returnsOf(fn).filter((r) => !s.isDead(r));
      const v = rets.length ? union(rets.map((r) => s.value(r))) : UNKNOWN;
      this.summaries.set(fn.id, v);
      return v;
    } finally {
      this.summaryActive.delete(fn.id);
    }
  }

  /** A summary applied to a call's arguments. */
  private applySummary(ret: Val, c: CallView, fn: Node): Val {
    if (ret.from === 0) return ret;
    const params = [...this.index.paramsOf(fn).values()];
    const offset = this.selfOffset(c, params);
    const positional = c.args.filter((x) => !x.name);
    let tainted = ret.tainted;
    let from = 0;
    let constant = ret.constant;
    let dynamic = ret.dynamic;
    let open = ret.open;
    let via = ret.tainted ? extend(ret.via, c.node) : undefined;
    // Where the value leads with a parameter: whether that argument leads with input, and its start.
    let lead = ret.lead;
    let prefix = ret.prefix;
    let leadFrom: number | undefined;
    const leading = ret.leadFrom ?? 0;
    if (leading) {
      lead = ret.tainted && leadsWithInput(ret);
      prefix = ret.prefix;
    }
    for (let i = 0; i < 31; i++) {
      if (!(ret.from & (1 << i))) continue;
      const a = positional[i - offset];
      const v = a ? this.value(a.node) : UNKNOWN;
      if (v.tainted && !via) via = extend(v.via, c.node);
      tainted ||= v.tainted;
      from |= v.from;
      constant &&= v.constant;
      dynamic ||= v.open || v.dynamic;
      open ||= v.open;
      if (leading & (1 << i)) {
        if (v.tainted && leadsWithInput(v)) lead = true;
        if (v.leadFrom) leadFrom = (leadFrom ?? 0) | v.leadFrom;
        // One leading parameter: the value starts with the function's text, then the argument's.
        if (leading === 1 << i) prefix = ret.prefix === null ? null : ret.prefix + (v.literal !== undefined && v.literal !== null ? String(v.literal) : v.prefix ?? '');
      }
    }
    if (!leading) return { ...ret, tainted, from, constant, dynamic, open, via, literal: undefined };
    return { ...ret, tainted, from, constant, dynamic, open, via, literal: undefined, lead, prefix, leadFrom, inputStarts: undefined };
  }

  /** The file's Bean Validation `@Pattern` constraints: Java files that name one only. */
  private beanMemo?: BeanConstraints | null;

  private get bean(): BeanConstraints | null {
    if (this.beanMemo === undefined) {
      const stringOf = (n: Node): string | undefined => {
        const v = this.value(n).literal;
        return typeof v === 'string' ? v : undefined;
      };
      this.beanMemo = this.index.language === 'java' && mayConstrain(this.index.root, this.index.text) ? new BeanConstraints(this.index.root, this.index.text, stringOf) : null;
    }
    return this.beanMemo;
  }

  private readonly clearedFields = new Map<string, boolean>();

  /**
   * Whether field `key` of class `cls` holds validated tokens only: declared with a clearing
   * `@Pattern` (or a record component declared so), or set only from such constrained
   * parameters (`Bean(@Pattern(...) String uri) { this.uri = uri; }`), in its class, and written
   * nowhere else in the file.
   */
  private fieldClears(cls: Node, key: string): boolean {
    const bean = this.bean;
    if (!bean) return false;
    const memo = `${cls.id}:${key}`;
    const hit = this.clearedFields.get(memo);
    if (hit !== undefined) return hit;
    let clears = false;
    const decl = fieldDeclaration(cls, key);
    if (decl) {
      if (bean.fieldDeclarationClears(decl)) clears = true;
      else if (!decl.descendantsOfType('variable_declarator').some((d) => d?.childForFieldName('name')?.text === key && d.childForFieldName('value'))) {
        const stores = this.index.fieldStores(key).filter((b) => this.index.classOf(b.node)?.id === cls.id);
        const fromConstrained = (b: BindingView): boolean => {
          const fn = this.index.functionOf(b.node);
          if (!fn || !b.value || b.value.type !== 'identifier' || b.augmented) return false;
          const formal = formalParameter(fn, b.value.text);
          return !!formal && bean.parameterClears(formal);
        };
        const accepted = new Set(stores.map((b) => b.node.id));
        // Any other assignment that may set it: `uri = x` or `this.uri = x` in the class,
        // `other.uri = x` anywhere (another class's `this.uri` is that class's own field).
        const elsewhere = this.index.ofTypes(['assignment_expression']).some((a) => {
          if (accepted.has(a.id)) return false;
          const left = a.childForFieldName('left');
          const object = left?.type === 'field_access' ? left.childForFieldName('object') : null;
          const name = object ? left?.childForFieldName('field')?.text : left?.text;
          if (name !== key) return false;
          return (object && object.type !== 'this') || this.index.classOf(a)?.id === cls.id;
        });
        clears = stores.length > 0 && stores.every(fromConstrained) && !elsewhere;
      }
    } else if (cls.type === 'record_declaration') {
      const component = formalParameter(cls, key);
      clears = !!component && bean.parameterClears(component);
    }
    this.clearedFields.set(memo, clears);
    return clears;
  }

  /**
   * The class of this file a receiver is an instance of: by the declared type of the local or
   * parameter it names (`Bean b = ...`), or the class it is made of (`var b = new Bean(..)`,
   * `new Bean(..).getUri()`). Undefined when the file declares no one class of that name.
   */
  private receiverClass(node: Node): Node | undefined {
    let type: string | undefined;
    if (node.type === 'object_creation_expression') type = node.childForFieldName('type')?.text;
    else if (node.type === 'identifier') {
      const l = this.index.lookup(node.text, node);
      if (!l) return undefined;
      type = l.param?.type;
      if (!type) {
        const typed = l.bindings.filter((b) => b.type && b.node.startIndex <= node.startIndex);
        type = typed[typed.length - 1]?.type;
      }
      if (!type && l.bindings.length === 1 && l.bindings[0].value?.type === 'object_creation_expression') type = l.bindings[0].value.childForFieldName('type')?.text;
    }
    if (!type) return undefined;
    const name = normaliseType(type).split('.').pop() ?? '';
    const found = this.index.ofTypes(['class_body']).flatMap((b) => {
      const cls = b.parent;
      return cls && (cls.type === 'class_declaration' || cls.type === 'record_declaration') && cls.childForFieldName('name')?.text === name ? [cls] : [];
    });
    return found.length === 1 ? found[0] : undefined;
  }

  /**
   * `bean.getUri()` on an instance of a class of this file: the method returns validated tokens
   * only (constrained itself, or every return a constant: a read of a cleared field), or a record's
   * accessor of a constrained component.
   */
  private constrainedCall(recvNode: Node, name: string, arity: number): boolean {
    const bean = this.bean;
    const cls = bean ? this.receiverClass(recvNode) : undefined;
    if (!bean || !cls) return false;
    const methods = methodsOf(cls, name, arity);
    if (methods.length === 0) return cls.type === 'record_declaration' && arity === 0 && this.fieldClears(cls, name);
    return methods.every((m) => {
      if (bean.methodClears(m)) return true;
      const v = this.summary(m);
      return v.constant && !v.tainted && v.from === 0 && !v.open;
    });
  }

  private receiverOf(c: CallView): Node | undefined {
    if (c.receiver) return c.receiver;
    if (!c.callee) return undefined;
    const s = this.index.shape(c.callee);
    return s.kind === 'member' ? s.object : undefined;
  }

  /** A class, module or package name used as a receiver (`String`, `fmt`, `path`). */
  private isNamespace(node: Node): boolean {
    const s = this.index.shape(node);
    // A qualified class name: lower-case package segments, then the class (`java.net.URLDecoder`).
    if (s.kind === 'member' || (s.kind === 'ident' && s.name.includes('.'))) return /^([a-z_][\w]*\.)+[A-Z][\w]*$/.test(node.text.replace(/\s+/g, ''));
    if (s.kind !== 'ident') return false;
    if (/^[A-Z]/.test(s.name) || s.name === 'string' || this.index.imports.has(s.name)) return true;
    return false;
  }

  /** `list.get(1)` / `map.get("k")` on a local collection filled in straight-line code: the element. */
  private element(c: CallView, recvNode: Node): Val | undefined {
    const literals = c.args.map((x) => this.value(x.node).literal);
    const key = literals[0];
    // `get(key)`, or `get(section, option)` of a store filled by `set(section, option, value)` (configparser).
    if (key === undefined || c.args.length > 2) return undefined;
    const pairKey = c.args.length === 2 && literals[1] !== undefined ? `${String(key)}\u0000${String(literals[1])}` : undefined;
    const rs = this.index.shape(recvNode);
    if (rs.kind !== 'ident') return undefined;
    const l = this.index.lookup(rs.name, recvNode);
    if (!l || l.param || l.bindings.length !== 1) return undefined;
    const decl = l.bindings[0];
    const init = decl.value ? this.index.shape(decl.value) : undefined;
    // A new, empty collection: `new HashMap<>()`, or a class called without arguments (Python has no `new`).
    const fresh = init?.kind === 'call' && !init.call.args.length && (init.call.isNew || /^[A-Z]\w*$/.test(this.index.calledName(init.call) ?? ''));
    if (!init || init.kind !== 'call' || !fresh) return undefined;
    const fn = this.index.functionOf(c.node);
    const ops: CallView[] = [];
    for (const name of ['add', 'put', 'remove', 'set', 'clear', 'addAll', 'putAll', 'push', 'pop', 'insert', 'putIfAbsent', 'Add', 'Remove', 'Insert']) {
      for (const m of this.index.callsNamed(name)) {
        const r = this.receiverOf(m);
        const s = r ? this.index.shape(r) : undefined;
        if (!s || s.kind !== 'ident' || s.name !== rs.name || this.index.lookup(rs.name, r as Node)?.scope.id !== l.scope.id) continue;
        // Filled elsewhere, later, or under a condition: not a simple sequence.
        if (this.index.functionOf(m.node)?.id !== fn?.id || m.node.startIndex > c.node.startIndex || this.index.conditionalAncestors(m.node).length !== this.index.conditionalAncestors(c.node).length) return undefined;
        ops.push(m);
      }
    }
    ops.sort((a, b) => a.node.startIndex - b.node.startIndex);
    const list: Val[] = [];
    const map = new Map<Scalar, Val>();
    let pairs = 0;
    for (const op of ops) {
      const name = this.index.calledName(op);
      const args = op.args.map((x) => this.value(x.node));
      if ((name === 'add' || name === 'Add' || name === 'push') && args.length === 1) list.push(args[0]);
      else if ((name === 'put' || name === 'set') && args.length === 2 && args[0].literal !== undefined) map.set(args[0].literal, args[1]);
      else if (name === 'set' && args.length === 3 && args[0].literal !== undefined && args[1].literal !== undefined) {
        map.set(`${String(args[0].literal)}\u0000${String(args[1].literal)}`, args[2]);
        pairs++;
      } else if ((name === 'remove' || name === 'Remove') && args.length === 1 && typeof args[0].literal === 'number') list.splice(args[0].literal, 1);
      else return undefined;
    }
    if (typeof key === 'number' && map.size === 0 && c.args.length === 1) return list[key];
    if (list.length !== 0) return undefined;
    // Keys by (section, option) only when every write used them; a second argument is otherwise a default.
    if (pairs > 0) return pairs === map.size && pairKey !== undefined ? map.get(pairKey) : undefined;
    return c.args.length === 1 ? map.get(key) : undefined;
  }

  /**
   * A JavaScript regular expression: a literal, `new RegExp(..)` / `RegExp(..)`, or a name every
   * binding of which is one (`const re = /[?&]q=([^&]*)/;`).
   */
  private isRegex(n: Node, depth: number): boolean {
    if (n.type === 'regex') return true;
    if (depth > 3) return false;
    const s = this.index.shape(n);
    if (s.kind === 'wrap') return this.isRegex(s.inner, depth + 1);
    if (s.kind === 'call') return /^(new\s+)?RegExp\s*\(/.test(n.text);
    if (s.kind !== 'ident') return false;
    const bindings = this.index.lookup(s.name, n)?.bindings ?? [];
    return bindings.length > 0 && bindings.every((b) => !b.augmented && !b.picks && b.value !== null && this.isRegex(b.value, depth + 1));
  }

  private call(c: CallView): Val {
    // Sizes are numbers whatever they measure: `ids.size()`, `s.length()`, `xs.Count()`, Go's and Python's `len(xs)`.
    if (this.isSource(c.node)) return !c.isNew && c.args.length === 0 && !!c.name && NUMERIC_CALLS.has(c.name) ? TRUSTED : sourceAt(c.node);
    if (this.external?.calls.has(c.node.startIndex)) return this.externalSource(c.node, { kind: 'call', call: c.node.startIndex });
    if (this.isSanitizer(c)) return TRUSTED;
    const chains = this.index.callChains(c);
    const picked = this.resultArgs(c, chains);
    if (picked) return picked;
    const instance = this.knowledge.instances.size && this.index.language === 'python' && c.callee?.type === 'identifier' ? this.classCarries(c.callee.text) : undefined;
    // `formdata=None` (or data of the caller's) replaces the request's form.
    if (instance === 'input' && !c.args.some((x) => x.name === 'formdata')) return sourceAt(c.node);
    // (Keyword arguments and `**body` too: pydantic and WTForms take fields by name.)
    if (instance) return derivedFrom(c.args.map((x) => this.value(x.node.type === 'dictionary_splat' || x.node.type === 'list_splat' ? (x.node.firstNamedChild ?? x.node) : x.node)));
    const last = chains[0]?.[chains[0].length - 1]?.replace(/\(\)$/, '') ?? '';
    const recvNode = this.receiverOf(c);
    if (!c.isNew && ((recvNode && c.args.length === 0 && NUMERIC_CALLS.has(last)) || (!recvNode && last === 'len' && c.args.length === 1))) return TRUSTED;
    if (!c.isNew && recvNode && ELEMENT_READS.has(last)) {
      const el = this.element(c, recvNode);
      if (el) return el;
    }
    const recv = recvNode ? this.value(recvNode) : undefined;
    if (!c.isNew && typeof recv?.literal === 'string') {
      const folded = foldStringCall(recv.literal, last, c.args.map((x) => this.value(x.node).literal));
      if (folded !== undefined) return typeof folded === 'string' ? str(folded) : scalar(folded);
    }
    if (!c.isNew && STRING_PASSTHROUGH.has(last) && recv && recvNode && !this.isNamespace(recvNode) && (carries(recv) || !c.args.some((x) => carries(this.value(x.node))))) return recv;
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
    // `re.exec(text)`: the match (and its groups) is part of the text searched, as
    // `text.match(re)` is (the text is there the receiver, which carries it already).
    if (!c.isNew && last === 'exec' && recvNode && c.args.length === 1 && this.isRegex(recvNode, 0)) return derivedFrom([this.value(c.args[0].node)]);
    // A function of this file: what it returns for these arguments.
    // (A method of tainted data is the data's own method, whatever this file names its functions.)
    if (this.bean && recvNode && !c.isNew && c.name && this.constrainedCall(recvNode, c.name, c.args.length)) return TRUSTED;
    const callees = recv && carries(recv) ? [] : this.localCallees(c);
    if (callees.length) return union(callees.map((fn) => this.applySummary(this.summary(fn), c, fn)));
    // Methods of tainted data (`input.split(',')`) and conversions, decoders and path/URL
    // builders carry taint; other functions' results do not (a command's output, a row count).
    if (recv && carries(recv)) return derivedFrom([recv]);
    const args = c.args.map((x) => this.value(x.node));
    // A string builder made with its first text (`new StringBuilder("<p>")`): that text is its start.
    if (c.isNew && c.type && STRING_BUILDER_TYPES.test(normaliseType(c.type.text))) {
      if (args.length === 1 && args[0].stringy) return seq([args[0]]);
      // `new StringBuilder()` (or with a capacity): empty, so what is appended first leads the text
      // (`sb.append(input).append("/path")` starts with input, and may choose the host).
      if (args.length === 0 || (args.length === 1 && typeof args[0].literal === 'number')) return { ...str(''), fragments: [] };
    }
    const propagates = !c.isNew && (TAINT_PROPAGATORS.has(last) || (!!recvNode && QUALIFIED_PROPAGATORS.has(`${recvNode.text}.${last}`)) || (this.index.language === 'java' && JAVA_EXPRESSION_COMPILERS.has(last)));
    if (c.isNew || last === '?' || propagates) {
      // A function given to a conversion computes part of its result (`s.replace(re, (m) => ..)`):
      // what it returns is not known here, so the result is no constant.
      const computed = propagates && c.args.some((x) => this.index.shape(x.node).kind === 'function') ? [UNKNOWN] : [];
      const inputs = [...(recv && !this.isNamespace(recvNode as Node) ? [recv, ...args] : args), ...computed];
      // A conversion or decoder of constants (`b64decode("c2FmZQ==")`) is a constant too.
      // (While summarising, a parameter counts as constant: the result keeps which ones it is made of.)
      if (propagates && inputs.length && inputs.every((v) => v.constant)) {
        const from = inputs.reduce((bits, v) => bits | v.from, 0);
        return { ...TRUSTED, stringy: inputs.some((v) => v.stringy), from, leadFrom: from || undefined };
      }
      const made = derivedFrom(inputs);
      // A URL object made from one string keeps that string's start (who picks the host).
      const urlOf = args.length === 1 && args[0].tainted && (c.isNew ? !!c.type && URL_TYPES.test(normaliseType(c.type.text)) : !!recvNode && URL_FACTORIES.has(`${recvNode.text}.${last}`));
      if (urlOf) return { ...made, prefix: args[0].prefix, lead: args[0].lead, inputStarts: args[0].inputStarts, fragments: args[0].fragments };
      // JavaScript's URI decoders change only %-escapes: a known start before any '%' stays
      // (`decodeURIComponent(location.hash)` still starts with '#').
      const decoded = args.length === 1 && !recvNode && URI_DECODERS.has(last) && (this.index.language === 'javascript' || this.index.language === 'typescript') ? args[0].prefix?.split('%')[0] : undefined;
      if (decoded && made.tainted) return { ...made, stringy: true, prefix: decoded, lead: args[0].lead };
      return made;
    }
    // Computed from closed inputs only: not constant, but nothing from outside reaches it.
    const inputsClosed = (!recv || !recv.open || this.isNamespace(recvNode as Node)) && args.every((v) => !v.open);
    return inputsClosed && (recvNode || c.callee) ? CLOSED : UNKNOWN;
  }
}

/**
 * The page URL's fragment read whole (`location.hash`, `window.location.hash`): empty, or `#`
 * and what follows, so a URL that starts with it stays on the page.
 */
/** JavaScript's global URI decoders (see call). */
const URI_DECODERS = new Set(['decodeURIComponent', 'decodeURI', 'unescape']);

const LOCATION_HASH = /^(?:(?:window|self|top|globalThis|document)\s*\.\s*){0,2}location\s*\.\s*hash$/;

/** The methods Java's functional interfaces are called by (Consumer, Function, Predicate, BiConsumer...). */
const FUNCTIONAL_CALLS = ['accept', 'apply', 'test'];

const TERNARY_TYPES = ['ternary_expression', 'conditional_expression'];

/** Whether a branch ends by assigning `name` a literal (`s = "name";`, Go's `s = "name"`). */
function assignsLiteral(body: Node, name: string): boolean {
  let last: Node | null = body;
  while (last && /^(block|statement_block|statement_list|compound_statement)$/.test(last.type)) last = last.lastNamedChild;
  if (!last) return false;
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc}\\s*=\\s*(?:"[^"\\\\\\n]*"|'[^'\\\\\\n]*'|-?\\d+)\\s*;?$`).test(last.text.trim());
}

/** Arms of a switch on a value, by grammar: Java (groups and `->` rules), C#, Go, JavaScript. */
const SWITCH_ARM_TYPES = ['switch_block_statement_group', 'switch_rule', 'switch_section', 'expression_case', 'switch_case', 'switch_expression_arm'];
/** The switch an arm belongs to: Go's case and C#'s switch-expression arm are its children, the others sit in a block. */
function armOwner(arm: Node, parentOf: (n: Node) => Node | null = (n) => n.parent): Node | null {
  const p = parentOf(arm);
  return arm.type === 'expression_case' || arm.type === 'switch_expression_arm' ? p : (p && parentOf(p)) ?? null;
}
const SWITCH_ARMS = new Set(SWITCH_ARM_TYPES);
const DEFAULT_ARMS = new Set(['default_case', 'switch_default']);
const CASE_LITERAL = /^(string_literal|interpreted_string_literal|raw_string_literal|verbatim_string_literal|string|number|decimal_integer_literal|integer_literal|int_literal|character_literal|char_literal)$/;
const JUMP = /^(break_statement|return_statement|throw_statement|continue_statement|yield_statement|goto_statement)$/;

/** The case labels of a switch arm when they are all literals (none for a default arm or patterns). */
function literalLabels(arm: Node): boolean {
  const isLit = (n: Node | null): boolean => !!n && (CASE_LITERAL.test(n.type) || (n.type === 'constant_pattern' && !!n.firstNamedChild && CASE_LITERAL.test(n.firstNamedChild.type)));
  switch (arm.type) {
    case 'switch_block_statement_group':
    case 'switch_rule': {
      const labels = arm.namedChildren.filter((c): c is Node => !!c && c.type === 'switch_label');
      return labels.length > 0 && labels.every((l) => l.namedChildCount > 0 && l.namedChildren.every((c) => isLit(c)));
    }
    case 'switch_section': {
      if (arm.children.some((c) => c?.type === 'default')) return false;
      const labels = arm.namedChildren.filter((c): c is Node => !!c && !/_statement$|^block$/.test(c.type));
      return labels.length > 0 && labels.every((c) => isLit(c));
    }
    case 'expression_case': {
      const v = arm.childForFieldName('value');
      return !!v && v.namedChildCount > 0 && v.namedChildren.every((c) => isLit(c));
    }
    case 'switch_case':
      return isLit(arm.childForFieldName('value'));
    case 'switch_expression_arm': {
      // C#: `"a" => ...` or `"a" or "b" => ...` (not a discard, a type or a relational pattern).
      const alternatives = (p: Node | null): Node[] => (!p ? [] : p.type === 'or_pattern' ? p.namedChildren.filter((x): x is Node => !!x).flatMap(alternatives) : [p]);
      const pats = alternatives(arm.firstNamedChild);
      return pats.length > 0 && pats.every((p) => isLit(p));
    }
    default:
      return false;
  }
}

/** Whether control can run on from arm `prev` into the arm after it. */
function fallsInto(prev: Node): boolean {
  if (prev.type === 'switch_rule' || prev.type === 'switch_expression_arm') return false;
  if (prev.type === 'expression_case' || prev.type === 'default_case') {
    const list = prev.namedChildren.find((c) => c?.type === 'statement_list');
    return list?.lastNamedChild?.type === 'fallthrough_statement';
  }
  const last = prev.lastNamedChild;
  return !last || !JUMP.test(last.type) || prev.namedChildren.every((c) => !c || !/_statement$|^block$/.test(c.type));
}

/** The switch statement an arm belongs to, when the arm holds only literal cases (and so does every arm that can fall into it). */
function switchPinning(arm: Node): Node | undefined {
  if (!literalLabels(arm)) return undefined;
  for (let prev = arm.previousNamedSibling; prev && (SWITCH_ARMS.has(prev.type) || DEFAULT_ARMS.has(prev.type)) && fallsInto(prev); prev = prev.previousNamedSibling) {
    if (!SWITCH_ARMS.has(prev.type) || !literalLabels(prev)) return undefined;
  }
  return armOwner(arm) ?? undefined;
}
const NUMERIC_CALLS = new Set(['size', 'length', 'count', 'Count', 'LongCount', 'getSize', 'getLength', 'Len', 'hashCode', 'GetHashCode']);

/** Objects whose methods throw no error quoting their arguments' text. */
const QUIET_RECEIVERS = new Set(['console', 'Object', 'Array', 'Math', 'Number', 'String', 'Reflect', 'localStorage', 'sessionStorage']);
/** Global functions that throw no error quoting their argument (`decodeURIComponent` says only "URI malformed"). */
const QUIET_FUNCTIONS = new Set(['decodeURIComponent', 'decodeURI', 'encodeURIComponent', 'encodeURI', 'escape', 'unescape', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'Number', 'String', 'Boolean', 'setTimeout', 'setInterval', 'require']);
/**
 * Methods that throw no error quoting their arguments: logging, string, array, collection and
 * regex methods, serialisation, storage, and the response's writers (what they write is the
 * response, which the XSS rules check where it is written).
 */
const QUIET_METHODS = new Set([
  'log', 'info', 'warn', 'error', 'debug', 'trace', 'verbose', 'silly', 'fatal',
  'send', 'json', 'jsonp', 'write', 'end', 'render', 'redirect', 'status', 'type', 'header', 'setHeader', 'cookie',
  'push', 'unshift', 'concat', 'join', 'indexOf', 'lastIndexOf', 'includes', 'slice', 'splice', 'map', 'filter', 'forEach', 'some', 'every', 'find', 'reduce',
  'test', 'exec', 'match', 'matchAll', 'replace', 'replaceAll', 'split', 'search', 'startsWith', 'endsWith', 'substring', 'substr', 'trim', 'toLowerCase', 'toUpperCase', 'padStart', 'padEnd', 'charAt', 'charCodeAt',
  'get', 'set', 'has', 'add', 'delete', 'setItem', 'getItem', 'removeItem', 'stringify', 'assign', 'pick', 'omit', 'val', 'text', 'emit',
]);

/** Methods that register a listener: its callback is given events, not an error first. */
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener', 'bind', 'delegate', 'one', 'live']);
/** jQuery's Ajax shortcuts, whose callbacks are success callbacks (`(data, textStatus, jqXHR)`). */
const JQUERY_AJAX = new Set(['get', 'post', 'getJSON', 'getScript', 'ajax', 'load']);

/** Per file: the names its `catch (name)` clauses declare (see mayCatch). */
const catchNamesByFile = new WeakMap<FileIndex, Set<string>>();

/**
 * The JavaScript `catch` clause whose parameter is `name` where it is read at `at`, unless a
 * declaration or assignment inside the clause (`declared`: the name's bindings) replaces it.
 */
function catchClauseOf(index: FileIndex, name: string, at: Node, declared: readonly Node[] | undefined): Node | undefined {
  // The file's catch clauses by range (walking up with `.parent` is costly in tree-sitter), innermost first.
  let inner: Node | undefined;
  for (const p of index.ofTypes(['catch_clause'])) {
    if (p.startIndex > at.startIndex || p.endIndex < at.endIndex || (inner && p.startIndex < inner.startIndex)) continue;
    const param = p.childForFieldName('parameter');
    if (param?.type === 'identifier' && param.text === name) inner = p;
  }
  if (!inner) return undefined;
  const param = inner.childForFieldName('parameter')!;
  if (param.startIndex <= at.startIndex && at.endIndex <= param.endIndex) return undefined;
  const clause = inner;
  return declared?.some((d) => within(clause, d)) ? undefined : clause;
}

function within(outer: Node | null, n: Node): boolean {
  return !!outer && outer.startIndex <= n.startIndex && n.endIndex <= outer.endIndex;
}

/** Both nodes in the same arm of a branching node, given where its consequence lies (same `if` arm; loops and cases have one). */
function sameBranch(cons: { start: number; end: number } | null, a: Node, b: Node): boolean {
  if (!cons) return true;
  return inRange(cons, a) === inRange(cons, b);
}

/** Whether a switch arm can run for value `v`: a label equals it, it is the default, or the arm before falls through. */
/**
 * Python's `match`: an arm runs when one of its patterns may equal `v` (no fall-through). A bare
 * `case _:` runs when no earlier arm's literal pattern equals `v`; other patterns (captures,
 * classes, guards) may always run.
 */
function matchCaseCanRun(arm: Node, v: Scalar, literal: (n: Node) => Scalar | undefined): boolean {
  if (arm.childForFieldName('guard')) return true;
  const alternatives = (p: Node): Node[] => (p.type === 'union_pattern' ? p.namedChildren.filter((x): x is Node => !!x).flatMap(alternatives) : [p]);
  for (const pat of arm.namedChildren) {
    if (!pat || pat.type !== 'case_pattern') continue;
    const inner = pat.namedChildren.filter((x): x is Node => !!x);
    if (inner.length === 0) {
      for (let prev = arm.previousNamedSibling; prev; prev = prev.previousNamedSibling) if (matchCaseCanRun(prev, v, literal) && !prev.childForFieldName('guard')) return false;
      return true;
    }
    for (const x of inner.flatMap(alternatives)) {
      const lit = literal(x);
      if (lit === undefined || lit === v) return true;
    }
  }
  return false;
}

function caseCanRun(arm: Node, v: Scalar, literal: (n: Node) => Scalar | undefined): boolean {
  for (let cur: Node | null = arm, first = true; cur; cur = cur.previousNamedSibling, first = false) {
    if (cur.type !== arm.type) return false;
    if (!first && /\b(break|return|throw|continue)\b/.test(lastStatementType(cur))) return false;
    let labelled = false;
    for (const k of cur.namedChildren) {
      if (!k || !/label|case$|^case|default/.test(k.type)) continue;
      labelled = true;
      const vals = k.namedChildren.filter((x): x is Node => !!x);
      if (vals.length === 0 || /default/.test(k.type) || /^default/.test(k.text)) {
        // The default arm runs when no label of the switch equals the value.
        if (!siblingLabels(arm).some((n) => literal(n) === v)) return true;
        continue;
      }
      for (const x of vals) {
        const lit = literal(x);
        if (lit === undefined || lit === v) return true;
      }
    }
    if (!labelled) return true;
  }
  return false;
}

function lastStatementType(arm: Node): string {
  const k = arm.namedChildren.filter((x): x is Node => !!x);
  const last = k[k.length - 1];
  return last ? `${last.type} ${last.text.slice(0, 10)}` : '';
}

/** The label values of every arm of the switch that holds `arm`. */
function siblingLabels(arm: Node): Node[] {
  const out: Node[] = [];
  for (const a of arm.parent?.namedChildren ?? []) {
    if (!a || a.type !== arm.type) continue;
    for (const k of a.namedChildren) if (k && /label|case$|^case/.test(k.type) && !/^default/.test(k.text)) for (const x of k.namedChildren) if (x) out.push(x);
  }
  return out;
}
