import { KeywordIndex, SMALL_TEXT_CHARS } from '../text/keywordIndex';
import type { ChainPattern } from './chains';
import type { CompiledParameterModel } from './frameworkParams';
import type { CompiledKnowledge } from './knowledge';

/**
 * A cheap test, before parsing, of whether a file that no rule asked for may hand request input
 * to another file: it names a source of the source models (the last name of a source chain, an
 * input annotation, a handler decorator, registration call, base class, parameter name or
 * framework import). A file without any of these words cannot read request input by a model,
 * so it is not parsed for cross-file flow (a file that another one passes input to is parsed on
 * demand, see run/crossFile.ts). With every source and parameter model found by some word
 * (`complete`), the same test also keeps the rules that report only input from running on
 * such a file (see SourceHint.mayRead and CodeRuleSet.scanTreeFile).
 */

const NAME = /^[A-Za-z_$][\w$]*$/;

/** The trailing literal names of a chain pattern (`**.req.query` -> [req, query], `**.Request.[]` -> [Request]), at most two. */
function lastLiterals(p: ChainPattern): string[] {
  // A package-qualified typed root (Go's `@http.Request.FormValue()`): code names the type where
  // the value is declared (`r *http.Request`) and calls the member on the value (`r.FormValue`).
  const root = p.segments[0] ?? '';
  if (/^@[a-z]/.test(root) && p.segments.length > 2 && /^[A-Z]/.test(p.segments[1]) && NAME.test(p.segments[1])) return [p.segments[1]];
  const out: string[] = [];
  let i = p.segments.length - 1;
  // An element or any member at the end (`Request.[]`): the names before it.
  while (i >= 0 && !NAME.test(p.segments[i].replace(/\(\)$/, '').replace(/^@/, ''))) i--;
  for (; i >= 0 && out.length < 2; i--) {
    const s = p.segments[i].replace(/\(\)$/, '');
    if (s.startsWith('@')) {
      // A typed root: the type's name is written where the value is declared.
      return NAME.test(s.slice(1)) ? [s.slice(1)] : out;
    }
    if (!NAME.test(s)) break;
    // A call before the last name (`getIntent().getStringExtra`): code writes its arguments
    // between the two, so the phrase is the last name alone.
    if (out.length && p.segments[i].endsWith('()')) break;
    out.unshift(s);
  }
  return out;
}

const esc = (w: string): string => w.replace(/\$/g, '\\$');
const word = (w: string): string => `(?<![\\w$])${esc(w)}(?![\\w$])`;

export interface SourcePhrase {
  /** Regular expression source that finds the phrase. */
  pattern: string;
  /** A name every text with the phrase contains (for the one-pass prefilter). */
  name: string;
  /** A member of a name (`req.query`) or a whole word: the expression groups these. */
  member?: [string, string];
  word?: string;
}

/**
 * How the sources of these knowledges are written: `req.query` (two names of a chain, spaces
 * allowed around the dot), one name where the chain has one, `@Name` / `[Name` for a
 * decorator, `Name(` or `object.Name(` for a registration call, and base classes, parameter names and imports.
 */
export function sourcePhrases(knowledge: readonly CompiledKnowledge[]): SourcePhrase[] {
  const out = new Map<string, SourcePhrase>();
  const add = (pattern: string, name: string, shape: Pick<SourcePhrase, 'member' | 'word'> = {}): void => {
    if (!out.has(pattern)) out.set(pattern, { pattern, name, ...shape });
  };
  const addWord = (w: string): void => add(word(w), w, { word: w });
  for (const k of knowledge) {
    for (const s of k.sources) {
      const names = lastLiterals(s);
      if (names.length === 2) add(`(?<![\\w$])${esc(names[0])}\\s*\\??\\.\\s*${esc(names[1])}(?![\\w$])`, names[0].length >= names[1].length ? names[0] : names[1], { member: [names[0], names[1]] });
      else if (names.length) addWord(names[0]);
    }
    // A request object whose other members are input: any member read of it (`req.vbody`, `req["data"]`), or destructuring.
    for (const o of k.otherMembers) {
      for (const p of o.of) {
        const names = lastLiterals(p);
        if (!names.length) continue;
        const object = names.map(esc).join('\\s*\\??\\.\\s*');
        add(`(?<![\\w$])${object}\\s*(?:\\??\\.|\\[)`, names[names.length - 1]);
        // Destructured (`const { fields } = req`).
        add(`\\}\\s*=\\s*${object}(?![\\w$])`, names[names.length - 1]);
      }
    }
    for (const a of [...k.annotatedSources, ...k.boundClasses]) {
      addWord(a.slice(a.lastIndexOf('.') + 1));
    }
    for (const f of k.inputFillers) addWord(f);
    // A class deriving from an input base is written with the base's name in this file.
    for (const [base, carries] of k.instances) if (carries === 'input') addWord(base);
    for (const m of k.parameters) {
      for (const d of m.decorators ?? []) {
        const n = lastLiterals(d).pop();
        if (n) add(`[@[][\\w$.\\s]*?${word(n)}`, n);
      }
      for (const d of m.passedTo ?? []) {
        const ns = lastLiterals(d);
        // A listener for named events only: the call's name with the event's (`addEventListener('message'`);
        // the call alone is in nearly every browser script.
        // With its object where the pattern names one (`req.on('data'`): `.on('data'` alone is every stream.
        if (m.eventNames && ns.length) {
          const names = [...m.eventNames].map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
          const last = ns[ns.length - 1];
          const call = ns.length >= 2 ? `(?<![\\w$])${esc(ns[ns.length - 2])}\\s*\\??\\.\\s*${esc(last)}` : word(last);
          add(`${call}\\s*\\(\\s*['"\`](?:${names.join('|')})['"\`]`, ns.length >= 2 && ns[ns.length - 2].length > last.length ? ns[ns.length - 2] : last);
          continue;
        }
        // A method with its object where the pattern names both (`socket.on(`): `on(` alone is
        // in nearly every file that handles events.
        if (ns.length === 2) add(`(?<![\\w$])${esc(ns[0])}\\s*\\??\\.\\s*${esc(ns[1])}\\s*\\(`, ns[0].length >= ns[1].length ? ns[0] : ns[1]);
        else if (ns.length) add(`${word(ns[0])}\\s*\\(`, ns[0]);
      }
      for (const c of [...(m.classExtends ?? []), ...(m.classAnnotated ?? [])]) addWord(c.slice(c.lastIndexOf('.') + 1));
      for (const i of m.imports ?? []) addWord(i.split(/[./]/)[0]);
      // An object key holding the functions (`Mutation: {`).
      for (const key of m.inObjectUnder ?? []) add(`(?<![\\w$])['"]?${esc(key)}['"]?\\s*:\\s*\\{`, key);
      // A directive is a string literal: its words in quotes (`'use server'`).
      for (const d of m.directives ?? []) {
        const n = d.split(/\s+/).filter((w) => NAME.test(w)).sort((a, b) => b.length - a.length)[0];
        if (n) add(`['"\`]${d.split(/\s+/).map(esc).join('\\s+')}['"\`]`, n);
      }
      // A model holds only where all its conditions do, so one phrase per model is enough: a
      // signature's words (`event`, `e`, `_`) are asked for only when nothing rarer names it.
      if (phrasedBeyondSignature(m)) continue;
      // A signature is a parameter list's start (`(parent, args`): common words alone (args, context,
      // event) would mark most files as naming a source.
      const sig = m.signature ?? [];
      if (sig.length === 1) addWord(sig[0]);
      else if (sig.length > 1) {
        const words = sig.filter((w) => w !== 'self' && w !== 'cls' && NAME.test(w) && w.replace(/_/g, '').length > 0);
        const name = [...words].sort((a, b) => b.length - a.length)[0];
        if (name) add(`(?<![\\w$])${sig.map(esc).join('\\s*(?::[^()]*?)?,\\s*')}(?![\\w$])`, name);
      }
    }
  }
  return [...out.values()].filter((p) => NAME.test(p.name)).sort((a, b) => (a.pattern < b.pattern ? -1 : 1));
}

/**
 * Whether a text names a source: one pass of a keyword automaton over the text for the
 * phrases' names, then the phrases' expression only on a text that has one.
 */
/**
 * The phrases as one expression, grouped so that it fails fast: members by their object
 * (`req\s*\.\s*(?:query|body)`) and words together under one pair of word boundaries.
 */
function groupedPattern(phrases: readonly SourcePhrase[], flags = ''): RegExp {
  const members = new Map<string, string[]>();
  const words: string[] = [];
  const other: string[] = [];
  for (const p of phrases) {
    if (p.member) members.set(p.member[0], [...(members.get(p.member[0]) ?? []), esc(p.member[1])]);
    else if (p.word) words.push(esc(p.word));
    else other.push(p.pattern);
  }
  const alts = [...[...members].map(([o, ms]) => `${esc(o)}\\s*\\??\\.\\s*(?:${ms.join('|')})`), ...words];
  const bounded = alts.length ? [`(?<![\\w$])(?:${alts.join('|')})(?![\\w$])`] : [];
  return new RegExp([...bounded, ...other].join('|'), flags);
}

/** A phrase that starts at a name of two characters or more (`(?<![\w$])req\s*...`): that name. */
const LEAD = /^\(\?<!\[\\w\$\]\)((?:\\\$|[A-Za-z0-9_]){2,})/;

/** Whether a regular expression source has a `|` outside groups and classes (a choice of wholes). */
function hasTopLevelChoice(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** [\w$] */
function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
}

/**
 * A literal word every string a regular expression of a model accepts contains, when its form
 * is simple enough to tell (`^((module\\.)?exports\\.)?handler$` -> handler), else undefined.
 */
export function requiredWord(re: RegExp): string | undefined {
  if (re.ignoreCase) return undefined;
  // One whole word anywhere (`\bStreamObserver\b`).
  const bounded = /^\\b(\w+)\\b$/.exec(re.source);
  if (bounded && NAME.test(bounded[1])) return bounded[1];
  let src = re.source;
  // Groups (optional or alternatives) say nothing every match has; what is outside them does.
  for (let prev = ''; prev !== src; ) {
    prev = src;
    src = src.replace(/\((?:\?:)?(?:[^()\\]|\\.)*\)(?:[?*+]|\{\d*,?\d*\})?/g, ' ');
  }
  // Unanchored, a name would only be part of a longer one (`handler` in `onhandler`), not a word.
  if (!src.startsWith('^') || !src.endsWith('$')) return undefined;
  src = src.slice(1, -1);
  if (!/^(?:[\w ]|\\\.)+$/.test(src)) return undefined;
  const words = src.split(/ |\\\./).filter((w) => NAME.test(w));
  return words.sort((a, b) => b.length - a.length)[0];
}

/**
 * Words one of which every string the regular expression accepts is, or contains as a word: a
 * choice of plain names (`^(GET|POST)$` -> GET, POST) or the one word requiredWord finds.
 */
export function requiredWords(re: RegExp): string[] | undefined {
  if (re.ignoreCase) return undefined;
  const choice = /^\^\((?:\?:)?([\w|]+)\)\$$|^\^([\w|]+)\$$/.exec(re.source);
  if (choice) {
    const names = (choice[1] ?? choice[2]).split('|');
    return names.every((n) => NAME.test(n)) ? names : undefined;
  }
  const w = requiredWord(re);
  return w ? [w] : undefined;
}

/**
 * What the text of a handler's parameters decided by a model's regular expressions must hold (a
 * function named `handler` with a parameter `event`; a parameter typed `Request`; a class named
 * `...Controller`): each of `all` (expression sources) and one of `any` as whole words. An
 * expression that names no word is left out: the others are still needed. Null when a model is
 * decided by nothing the text must name.
 */
function modelWords(m: CompiledParameterModel): { all: string[]; any: string[] } | null {
  const all: string[] = [];
  for (const r of [m.functionName, m.className, m.header, m.types]) {
    if (!r) continue;
    const w = requiredWords(r);
    if (w) all.push(`(?<![\\w$])(?:${w.map(esc).join('|')})(?![\\w$])`);
    else {
      // A name ending so (`Controller$`) is a word ending so.
      const suffix = r === m.className && !r.ignoreCase ? /^([A-Za-z_$][\w$]*)\$$/.exec(r.source) : null;
      if (suffix) all.push(`${esc(suffix[1])}(?![\\w$])`);
    }
  }
  const any = m.params instanceof Set ? [...m.params].filter((p) => NAME.test(p)) : [];
  if (all.length === 0 && any.length === 0) return null;
  return { all, any };
}

/** Whether a model is found by a phrase of sourcePhrases (its decorators, registration calls, classes, signature, imports or directives). */
function phrased(m: CompiledParameterModel): boolean {
  return phrasedBeyondSignature(m) || !!m.signature?.length;
}

/** Whether sourcePhrases finds the model by something other than its parameter names. */
function phrasedBeyondSignature(m: CompiledParameterModel): boolean {
  return !!(m.decorators?.some((d) => lastLiterals(d).length) || m.passedTo?.some((d) => lastLiterals(d).length) || m.classExtends?.size || m.classAnnotated?.size || m.imports?.length || m.inObjectUnder?.size || [...(m.directives ?? [])].some((d) => d.split(/\s+/).some((w) => NAME.test(w))));
}

export class SourceHint {
  /** Names every text with a phrase contains (for a keyword pass). */
  readonly names: string[];
  /** Every phrase as one expression (see whole), made on first use. */
  private pattern?: RegExp | null;
  /** The phrases by their name, and each name's phrases as one expression (see test). */
  private byName?: Map<string, SourcePhrase[]>;
  private readonly nameExpressions = new Map<string, RegExp>();
  private prefilter?: KeywordIndex;
  /**
   * The phrases that start at a name standing as a word (`req` of `req\s*\.\s*query`), by that
   * name in lower case (see leads), each name's as one sticky expression; and the others by
   * their name (lower case), each name's as one expression (see confirmAt).
   */
  private byLead?: { led: Map<string, RegExp>; unled: Map<string, RegExp>; leads: readonly string[] };
  /** The phrases, for byLead: grouped on first use, as only a tree's keyword pass asks for them (not a one-file scan). */
  private readonly phrases: readonly SourcePhrase[];
  /**
   * Word tests for the parameter models no phrase finds (see modelWords), and whether the
   * phrases and these find every source: only then may a file the hint rejects be taken to
   * read no input at all (see mayRead).
   */
  private readonly modelTests: { all: RegExp[]; any: RegExp | null }[] = [];
  readonly complete: boolean;

  constructor(all: readonly CompiledKnowledge[]) {
    // Rules that share their language's models share one knowledge object (see compileKnowledge).
    const knowledge = [...new Set(all)];
    const phrases = sourcePhrases(knowledge);
    this.phrases = phrases;
    this.names = [...new Set(phrases.map((p) => p.name))];
    let complete = true;
    const seen = new Set<string>();
    for (const k of knowledge) {
      if (k.sources.some((s) => lastLiterals(s).length === 0)) complete = false;
      for (const m of k.parameters) {
        if (phrased(m)) continue;
        const w = modelWords(m);
        if (!w) {
          complete = false;
          continue;
        }
        const id = JSON.stringify(w);
        if (seen.has(id)) continue;
        seen.add(id);
        this.modelTests.push({ all: w.all.map((x) => new RegExp(x)), any: w.any.length ? new RegExp(`(?<![\\w$])(?:${w.any.map(esc).join('|')})(?![\\w$])`) : null });
      }
    }
    this.complete = complete;
  }

  /** The names (lower case) where phrases start, for a keyword pass that records where they occur (see confirmAt). */
  get leads(): readonly string[] {
    return this.grouped().leads;
  }

  private grouped(): { led: Map<string, RegExp>; unled: Map<string, RegExp>; leads: readonly string[] } {
    if (!this.byLead) {
      const led = new Map<string, SourcePhrase[]>();
      const unled = new Map<string, SourcePhrase[]>();
      for (const p of this.phrases) {
        const lead = hasTopLevelChoice(p.pattern) ? null : LEAD.exec(p.pattern);
        // A keyword pass ignores case: phrases whose names differ only by case share one.
        const [key, into] = lead ? [lead[1].replace(/\\\$/g, '$').toLowerCase(), led] : [p.name.toLowerCase(), unled];
        into.set(key, [...(into.get(key) ?? []), p]);
      }
      this.byLead = {
        led: new Map([...led].map(([name, ps]) => [name, groupedPattern(ps, 'y')])),
        unled: new Map([...unled].map(([name, ps]) => [name, groupedPattern(ps)])),
        leads: [...led.keys()],
      };
    }
    return this.byLead;
  }

  /**
   * Whether the text may read request input by these models: false only when the hint is
   * complete and nothing in the text names a source (a rule that reports only input can then
   * match nothing in it, unless input comes from another file). `named`: confirm's answer, when known.
   */
  mayRead(text: string, named?: boolean): boolean {
    if (!this.complete) return true;
    if (named ?? this.test(text)) return true;
    return this.modelTests.some((t) => t.all.every((r) => r.test(text)) && (!t.any || t.any.test(text)));
  }

  /** The phrases' expression alone (after a keyword pass found a name). */
  confirm(text: string): boolean {
    return !!this.whole()?.test(text);
  }

  /**
   * confirm after a keyword pass that recorded where the leads start (`startsOf`: the start of
   * every occurrence, ignoring case, or undefined for a lead it did not look for) and which
   * names occur (`found`, as for the pass's keywords; true for a name it did not look for).
   * The one expression of every phrase tried at every character of a text cost most of the
   * scan's regular-expression time; here a lead's phrases are tried only where it starts, and
   * the other phrases only where their name occurs (every phrase holds its name as a word).
   */
  confirmAt(text: string, startsOf: (lead: string) => readonly number[] | undefined, found: (name: string) => boolean): boolean {
    if (!this.phrases.length) return false;
    const { led, unled } = this.grouped();
    for (const [lead, re] of led) {
      const at = startsOf(lead);
      if (at === undefined) {
        if (new RegExp(re.source).test(text)) return true;
        continue;
      }
      for (const i of at) {
        // Every phrase here starts with `(?<![\w$])`: a name inside a longer word is none.
        if (i > 0 && isNameChar(text.charCodeAt(i - 1))) continue;
        re.lastIndex = i;
        if (re.test(text)) return true;
      }
    }
    for (const [name, re] of unled) if (found(name) && re.test(text)) return true;
    return false;
  }

  /** Characters tested without the prefilter so far (see test). */
  private smallTextChars = 0;

  test(text: string): boolean {
    if (!this.phrases.length) return false;
    // The prefilter only saves the expression's work on long texts (every phrase holds its
    // name); the first few are tested directly rather than pay for its automaton.
    if (!this.prefilter && this.smallTextChars + text.length <= SMALL_TEXT_CHARS) {
      this.smallTextChars += text.length;
      return this.testByName(text);
    }
    this.prefilter ??= new KeywordIndex(this.names);
    return this.prefilter.find(text).size > 0 && !!this.whole()?.test(text);
  }

  /** Every phrase as one expression (confirm, and texts past the prefilter's threshold). */
  private whole(): RegExp | null {
    if (this.pattern === undefined) this.pattern = this.phrases.length ? groupedPattern(this.phrases) : null;
    return this.pattern;
  }

  /**
   * test for a small text: only the phrases whose name the text holds (every phrase holds its
   * name as written), each name's as one expression. The same answer as the whole expression,
   * whose compilation (hundreds of alternatives: ~6 ms) cost a one-file scan more than the
   * text's test; a text holding no name compiles none.
   */
  private testByName(text: string): boolean {
    if (!this.byName) {
      this.byName = new Map();
      for (const p of this.phrases) {
        const ps = this.byName.get(p.name);
        if (ps) ps.push(p);
        else this.byName.set(p.name, [p]);
      }
    }
    for (const [name, ps] of this.byName) {
      if (!text.includes(name)) continue;
      let re = this.nameExpressions.get(name);
      if (!re) this.nameExpressions.set(name, (re = groupedPattern(ps)));
      if (re.test(text)) return true;
    }
    return false;
  }
}

/**
 * A test, before parsing, of whether a text may hold one of a rule's own sources (its
 * `sources:` list, on top of the language's models). Those are often common words (a DOM rule's
 * `.value`, `.text()`, `toString()`), so unlike SourceHint it asks for every call of a chain
 * written as a call (`getSelection(` and `toString(`, `$(` and `value`) and for its last name,
 * which code must write as such wherever the chain occurs: a root or a member before the end may
 * stand for something the file names otherwise (an import's module path, a typed parameter, a
 * qualified type name). A rule's own sources then cost only in the files that may hold them,
 * instead of marking most files of a tree as reading input for every rule (see CodeRuleSet).
 */
export class OwnSourceHint {
  /** Per chain: the expressions all of which a text holding it has (empty: any text may). */
  private readonly chains: RegExp[][];
  /** Per chain: its longest name, lower case (what names holds for it), or undefined when it has none. */
  private readonly chainNames: (string | undefined)[] = [];
  /** A name per chain every text holding it contains (for a keyword pass); null when some chain has none. */
  readonly names: string[] | null;

  constructor(sources: readonly ChainPattern[]) {
    this.chains = [];
    const names: string[] = [];
    let complete = true;
    for (const p of sources) {
      const parts: { name: string; source: string }[] = [];
      p.segments.forEach((seg, i) => {
        const call = seg.endsWith('()');
        const name = call ? seg.slice(0, -2) : seg;
        if (!NAME.test(name)) return;
        // `x?.()` is a call too.
        if (call) parts.push({ name, source: `(?<![\\w$])${esc(name)}\\s*(?:\\?\\.\\s*)?\\(` });
        else if (i === p.segments.length - 1) parts.push({ name, source: word(name) });
        // A member read from any object or from a call's result is written as such too, and
        // with the member read from it next (`target.value` of `*.target.value`): a chain ending
        // in a common name (`value`) then asks for the pair, which few texts hold (both words
        // apart are in most DOM code). Reads through a local (`const t = e.target; t.value`)
        // are left to other files' forms. (A member after a literal name may be part of a
        // qualified root, `java.lang.Runtime`, the code does not write.)
        else if (i > 0 && (p.segments[i - 1] === '*' || p.segments[i - 1].endsWith('()'))) {
          const next = p.segments[i + 1];
          const pair = next !== undefined && NAME.test(next) && !next.endsWith('()');
          parts.push({ name, source: pair ? `(?<![\\w$])${esc(name)}\\s*\\??\\.\\s*${esc(next)}(?![\\w$])` : word(name) });
        }
      });
      this.chains.push(parts.map((x) => ownSourceExpression(x.source)));
      const longest = parts.map((x) => x.name).sort((a, b) => b.length - a.length)[0];
      this.chainNames.push(longest?.toLowerCase());
      if (longest) names.push(longest);
      else complete = false;
    }
    this.names = complete ? [...new Set(names)] : null;
  }

  /**
   * Whether some chain may occur in the text: all its expressions match (each tried once).
   * `found`: for a text a keyword pass with `names` went over, whether it found a name (lower
   * case): a chain whose name it did not find is not in the text (its expression for that name
   * finds it standing as a word, which the pass finds too), so its expressions are not run.
   * `memo`: results of expressions on this text, shared by the hints of a file (hints whose
   * chains share a name share its expression).
   */
  test(text: string, found?: (name: string) => boolean, memo: Map<RegExp, boolean> = new Map()): boolean {
    const has = (r: RegExp): boolean => {
      let v = memo.get(r);
      if (v === undefined) memo.set(r, (v = r.test(text)));
      return v;
    };
    return this.chains.some((c, i) => {
      const name = this.chainNames[i];
      return (!found || name === undefined || found(name)) && c.every(has);
    });
  }
}

/** The expressions of OwnSourceHint, one object per source, so that hints can share results (see test's memo). */
const ownSourceExpressions = new Map<string, RegExp>();
function ownSourceExpression(source: string): RegExp {
  let r = ownSourceExpressions.get(source);
  if (!r) ownSourceExpressions.set(source, (r = new RegExp(source)));
  return r;
}
