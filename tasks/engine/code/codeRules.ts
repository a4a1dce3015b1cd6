import picomatch from 'picomatch';
import type { Parser as TsParser, Tree as TsTree } from '@vscode/tree-sitter-wasm';
import type { Severity } from '../../contract/findings';
import { findKeywordsInSmallText, KeywordIndex, SMALL_TEXT_CHARS } from '../text/keywordIndex';
import type { RuleWatch } from '../secrets/detector';
import { compileChainPattern } from './chains';
import { CONFIG_LANGUAGES, isProgramLanguage, type CodeLanguage, type CodeRuleSpec, type ConfigLanguage, type ProgramLanguage } from '../rules/codeRuleSpec';
import { parseBicep, parseHcl } from './config/blockParser';
import { compileConfigPattern, matchConfig, resourcesOf, type ConfigPattern, type Resource } from './config/configMatcher';
import { parseYamlTree, topLevelKeys, type ConfigDoc } from './config/configTree';
import { parseDockerfile } from './config/dockerfile';
import { FileIndex } from './fileIndex';
import { flavorOf, textHasExponentialRegex } from './regexUse';
import { loadedGrammar, loadedRuntime, loadGrammar } from './grammars';
import { compileKnowledge, type CompiledKnowledge } from './knowledge';
import { parameterModelProblems } from './sourceModels';
import { ADAPTERS } from './lang/adapters';
import { grammarOf, isPipelineYaml, languageOfPath, type GrammarName } from './languages';
import { compileProgramPattern, compileQueriesAlways, PatternCompileError, ProgramFile, type ProgramPattern } from './programMatcher';
export { alwaysCompiledQueries, compileQueriesAlways } from './programMatcher';
import { razorToCSharp } from './razor';
import { MAX_FLOW_DEPTH, STEP_BUDGET, trailNodes, ValueTracker, type ExternalEntry, type ExternalInput } from './values';
import { crossLanguageOf } from './crossFileNames';
import { nameLanguages } from './treeNameSet';
import { summariseFile, type FileSummary } from './crossFileSummary';
import { OwnSourceHint, SourceHint } from './crossFileHints';

export { PatternCompileError };

export interface CompiledCodeRule {
  spec: CodeRuleSpec;
  severity: Severity;
  languages: ReadonlySet<CodeLanguage>;
  program: ProgramPattern[];
  config: ConfigPattern[];
  pathFilter?: (path: string) => boolean;
  /** The rule's `fileMatches` (and `fileRegexes`): a file whose text does not pass is not parsed for the rule. */
  fileTest?: { test(text: string): boolean };
  /** Some pattern names a `@Type` root, so chains need their typed form. */
  typedRoots: boolean;
  /** Some pattern asks whether request input reaches it. */
  followsInput: boolean;
  /** Every pattern asks for request input: the rule matches nothing in a file that reads none. */
  needsInput: boolean;
  knowledge(language: ProgramLanguage): CompiledKnowledge;
}

/** A file's keyword pass (see CodeRuleSet.candidates): the ids of the keywords it holds and, in a tree's scan, where each anchor starts. */
interface KeywordPass {
  present?: Set<number>;
  starts?: number[][];
  /** The bytes the text was decoded from, when they stand for it one to one (see KeywordIndex.scanBytesInto). */
  bytes?: TextBytes;
}

/** A text's bytes for a keyword pass: `utf8`, UTF-8 with multi-byte sequences; otherwise a byte per character. */
export interface TextBytes {
  bytes: Uint8Array;
  utf8: boolean;
}

/**
 * With crossFile, for the files of one language (JavaScript and TypeScript together): the
 * keywords of its rules and its source hints' names in one automaton, with the hints' leads as
 * its anchors. Ids are the scan's (see CodeRuleSet.crossIds: a rule keyword word keeps its id
 * in keywordList), by name (only those this automaton looks for) and by anchor.
 */
interface CrossKeywords {
  index: KeywordIndex;
  /** Per keyword of `index`: its id in the scan. */
  ids: Int32Array;
  idOf: ReadonlyMap<string, number>;
  anchorOf: ReadonlyMap<string, number>;
  hints: Map<ProgramLanguage, Set<number>>;
  own: Map<CompiledCodeRule, Set<number>>;
}

/** A match: the offsets of the reported node in the scanned text. */
export interface CodeHit {
  rule: CompiledCodeRule;
  start: number;
  end: number;
  /** Secret-looking values the match relied on (masked in previews). */
  secrets: string[];
  /** Where request input reaching the match comes from and passes through (offsets, source first). */
  flow?: { start: number; end: number }[];
  /** The flow starts at input from another file (see ExternalInput), under this knowledge key. */
  entry?: ExternalEntry;
  knowledgeKey?: string;
}

/** A file's scan as the cross-file analysis needs it. */
export interface TreeScan {
  hits: CodeHit[];
  /** What the file tells other files (see crossFileSummary); absent when it was not parsed. */
  summary?: FileSummary;
}

/** Cross-file analysis of a whole tree (see crossFileNames): set on a scan's rule sets. */
export interface CrossFileOptions {
  /** Names of the tree's modules and classes (see treeNameOf): calls to others are not recorded. */
  names: ReadonlySet<string>;
}

/**
 * Checks what the schema cannot and prepares a code rule for matching. `validated`: the rule was
 * checked when the rule bundle was built (built-in rules), so its patterns compile when a file
 * of its language first needs them: a scan of one language, or one file, compiles no others.
 */
export function compileCodeRule(spec: CodeRuleSpec, severity: Severity = spec.severity, validated = false): CompiledCodeRule {
  let compiled: Compiled | undefined;
  const get = (): Compiled => (compiled ??= compileParts(spec));
  if (!validated) {
    get();
    compileQueriesAlways(queriesIn(spec.match));
  }
  // Apart from the patterns: a file's candidates are chosen by path before any pattern compiles.
  let pathFilter: { test?: (path: string) => boolean } | undefined;
  let followsInput: boolean | undefined;
  let fileTest: { re?: { test(text: string): boolean } } | undefined;
  const knowledge = new Map<ProgramLanguage, CompiledKnowledge>();
  return {
    spec,
    severity,
    languages: new Set(spec.languages),
    get program() {
      return get().program;
    },
    get config() {
      return get().config;
    },
    get pathFilter() {
      return (pathFilter ??= { test: compilePathFilter(spec) }).test;
    },
    get fileTest() {
      return (fileTest ??= { re: compileFileTest(spec) }).re;
    },
    get typedRoots() {
      return get().typedRoots;
    },
    get followsInput() {
      // From the rule's text alone: asked of every rule of a file's language before any compiles.
      return (followsInput ??= followsInputOf(spec));
    },
    get needsInput() {
      return get().needsInput;
    },
    knowledge(language) {
      let k = knowledge.get(language);
      if (!k) knowledge.set(language, (k = compileKnowledge(language, spec.sources, spec.sanitizers, spec.parameters)));
      return k;
    },
  };
}

/** Every tree-sitter query a rule's patterns hold, nested ones too. */
function queriesIn(match: unknown, out: string[] = []): string[] {
  if (Array.isArray(match)) for (const m of match) queriesIn(m, out);
  else if (match && typeof match === 'object') {
    for (const [k, v] of Object.entries(match)) {
      if (k === 'query' && typeof v === 'string') out.push(v);
      else queriesIn(v, out);
    }
  }
  return out;
}

/** Whether a rule has input of its own: sources or parameters that other rules do not take for input. */
function hasOwnSources(r: CompiledCodeRule): boolean {
  return !!(r.spec.sources?.length || r.spec.parameters?.length);
}

/**
 * What a text holding one of the rule's own sources names: its source chains, and the calls and
 * targets its own parameters' functions are passed to or assigned to (`$.fn.*`).
 */
function ownSourceChains(r: CompiledCodeRule): string[] {
  // (A target's trailing wildcards name nothing: `$.fn.*` is named by `$.fn`, else every text would hold it.)
  const named = (c: string): string => c.replace(/(?:\.\*\*?(?:\(\))?)+$/, '');
  return [...(r.spec.sources ?? []), ...(r.spec.parameters ?? []).flatMap((p) => [...(p.passedTo ?? []), ...(p.assignedTo ?? []).map(named)])];
}

type Compiled = Pick<CompiledCodeRule, 'program' | 'config' | 'typedRoots' | 'needsInput'>;

function followsInputOf(spec: CodeRuleSpec): boolean {
  return spec.languages.some(isProgramLanguage) && asksForInput(spec.match);
}

/**
 * Whether a pattern (at any depth) sets `tainted` or `hostTainted` to true. Walked rather than
 * tested on the pattern's JSON: asked of every rule of a file's language, and writing each
 * rule's patterns out was a twentieth of a one-file scan's allocation.
 */
function asksForInput(match: unknown): boolean {
  if (Array.isArray(match)) return match.some(asksForInput);
  if (!match || typeof match !== 'object') return false;
  const m = match as Record<string, unknown>;
  if (m.tainted === true || m.hostTainted === true) return true;
  for (const k in m) if (Object.prototype.hasOwnProperty.call(m, k) && asksForInput(m[k])) return true;
  return false;
}

function compilePathFilter(spec: CodeRuleSpec): ((path: string) => boolean) | undefined {
  if (!spec.paths && !spec.excludePaths) return undefined;
  const inc = spec.paths ? picomatch(spec.paths, { dot: true }) : undefined;
  const exc = spec.excludePaths ? picomatch(spec.excludePaths, { dot: true }) : undefined;
  return (p) => (!inc || inc(p)) && !(exc && exc(p));
}

function compileFileTest(spec: CodeRuleSpec): { test(text: string): boolean } | undefined {
  let re: RegExp | undefined;
  if (spec.fileMatches !== undefined) {
    try {
      re = new RegExp(spec.fileMatches);
    } catch (e) {
      throw new PatternCompileError(`fileMatches: ${(e as Error).message}`);
    }
  }
  const flavor = spec.fileRegexes === 'exponential' ? flavorOf(spec.languages[0]) : undefined;
  if (!flavor) return re;
  return { test: (text) => (!re || re.test(text)) && textHasExponentialRegex(text, flavor) };
}

function compileParts(spec: CodeRuleSpec): Compiled {
  // Tried after the scan (run/treeConditions.ts); a custom rule's mistake must stop it before.
  if (spec.unlessTreeMatches !== undefined) {
    try {
      new RegExp(spec.unlessTreeMatches);
    } catch (e) {
      throw new PatternCompileError(`unlessTreeMatches: ${(e as Error).message}`);
    }
  }
  const program = spec.languages.filter(isProgramLanguage);
  const config = spec.languages.filter((l): l is ConfigLanguage => (CONFIG_LANGUAGES as readonly string[]).includes(l));
  if (program.length && config.length) throw new PatternCompileError('languages: a rule covers programming languages or configuration formats, not both (split it in two)');
  const programPatterns = program.length ? spec.match.map((p, i) => compileProgramPattern(p, `match[${i}]`)) : [];
  const configPatterns = config.length ? spec.match.map((p, i) => compileConfigPattern(p, `match[${i}]`)) : [];
  for (const [key, list] of [['sources', spec.sources], ['sanitizers', spec.sanitizers]] as const) {
    for (const s of list ?? []) {
      try {
        compileChainPattern(s);
      } catch (e) {
        throw new PatternCompileError(`${key}: ${(e as Error).message}`);
      }
    }
  }
  if (spec.parameters) {
    const problems = parameterModelProblems(spec.parameters);
    if (problems.length) throw new PatternCompileError(`parameters: ${problems.join('; ')}`);
  }
  const bad = spec.keywords?.find((k) => k.toLowerCase() !== k);
  if (bad) throw new PatternCompileError(`keywords: "${bad}" must be lower case (matching ignores case)`);
  // A custom rule's globs and file test are checked with the rest when it loads.
  compilePathFilter(spec);
  compileFileTest(spec);
  return {
    program: programPatterns,
    config: configPatterns,
    typedRoots: programPatterns.some(usesTypedRoots),
    needsInput: programPatterns.length > 0 && programPatterns.every(asksInput),
  };
}

const asksInputMemo = new WeakMap<ProgramPattern, boolean>();
function asksInputOnce(p: ProgramPattern): boolean {
  let a = asksInputMemo.get(p);
  if (a === undefined) asksInputMemo.set(p, (a = asksInput(p)));
  return a;
}

/**
 * Whether a pattern matches only where request input reaches it: a check it requires (an
 * argument, the value, the enclosing function's pattern) accepts input only. Checks that keep a
 * match from being reported (`unless`, `unlessInFunction`) do not count.
 */
export function asksInput(p: ProgramPattern): boolean {
  const input = (c: { tainted?: boolean; hostTainted?: boolean; missing?: boolean }): boolean => (c.tainted === true || c.hostTainted === true) && c.missing !== true;
  return p.args.some(input) || (!!p.value && input(p.value)) || (!!p.inFunction && asksInput(p.inFunction));
}

function usesTypedRoots(p: ProgramPattern): boolean {
  return p.chains.some((c) => c.segments[0]?.startsWith('@')) || (!!p.inFunction && usesTypedRoots(p.inFunction)) || (p.unlessInFunction ?? []).some(usesTypedRoots);
}

/**
 * Minified or generated code (lines this long are not code a reviewer reads) is still checked
 * up to this size, so that writing code on one long line does not hide it; beyond it, parsing
 * costs more than such a file is worth and the file is reported as not checked.
 */
export const MINIFIED_CODE_LIMIT = 256 * 1024;

/**
 * The contents of the quoted strings of three characters or more in a piece of code (any of the
 * languages' quotes), for masking: shorter ones are option values (`'1h'`), not keys.
 */
/**
 * Cipher, mode, padding and digest names (`aes-256-gcm`, `DES/CBC/PKCS5Padding`, `sha1`): what a
 * weak-cipher finding is about, never key material, so they stay readable in a masked preview.
 */
export function isCipherName(v: string): boolean {
  return /^(?:aes|des|desede|3des|tripledes|rc2|rc4|arcfour|blowfish|bf|cast5?|idea|chacha20|camellia|seed|sm4|rsa|ec|md[245]|sha|hmac|pbkdf2)(?:[-_/]?(?:\d{1,4}|ede3?|cbc|ecb|gcm|ctr|cfb\d*|ofb|ccm|cts|xts|siv|poly1305|hmac|sha\d*|nopadding|pkcs[157]padding|iso10126padding|oaeppadding|pss))*$/i.test(v);
}

export function stringContents(code: string): string[] {
  const out: string[] = [];
  // Every string is matched, short ones too, so that the scan stays in step with the quotes.
  for (const m of code.matchAll(/"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$\\]*)`/g)) {
    const v = m[1] ?? m[2] ?? m[3];
    if (v.length >= 3) out.push(v);
  }
  return out;
}


function looksMinified(text: string): boolean {
  if (text.length < 5000) return false;
  const lines = text.split('\n', 2000);
  return lines.length < 3 || text.length / lines.length > 400;
}

export interface CodeScanProblem {
  ruleId?: string;
  message: string;
}

const parsers = new Map<GrammarName, TsParser>();

function parserFor(grammar: GrammarName): TsParser {
  let p = parsers.get(grammar);
  if (!p) {
    const lang = loadedGrammar(grammar);
    if (!lang) throw new Error(`grammar ${grammar} is not loaded`);
    p = new (loadedRuntime().Parser)();
    p.setLanguage(lang);
    parsers.set(grammar, p);
  }
  return p;
}

/**
 * The words of a rule keyword: a phrase (`new file`) is looked up by its words, then confirmed
 * by phrasePattern, so that qualified and spaced forms (`new java.io.File(`, `new  File`)
 * still run the rule. A one-word keyword is itself.
 */
export function keywordWords(keyword: string): string[] {
  const lower = keyword.toLowerCase();
  // Most keywords are one word: no split (a rule set has ~1,500 keywords, and the split's arrays were most of its construction's allocation).
  if (!/\s/.test(lower)) return [lower];
  const words = lower.split(/\s+/).filter((w) => w.length > 0);
  return words.length ? words : [lower];
}

/** For a phrase: its words in order, apart by spaces and qualifiers (`java.io.`); null for one word. */
export function phrasePattern(keyword: string): RegExp | null {
  const words = keywordWords(keyword);
  if (words.length < 2) return null;
  const esc = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(esc.join('\\s+(?:[\\w$]+\\s*\\.\\s*)*'), 'i');
}

/** Whether one of a rule's keywords is in the text: all its words found, and a phrase's pattern matching. */
function keywordPresent(keywords: readonly { words: number[]; phrase: RegExp | null }[], present: Set<number>, text: string): boolean {
  for (let i = 0; i < keywords.length; i++) {
    const k = keywords[i];
    let all = true;
    for (let j = 0; j < k.words.length && all; j++) all = present.has(k.words[j]);
    if (all && (!k.phrase || k.phrase.test(text))) return true;
  }
  return false;
}

/** The languages whose rules may match a file of this language (see CodeRuleSet.poolOf): a YAML file may be a pipeline's. */
function poolLanguages(language: CodeLanguage): CodeLanguage[] {
  return language === 'yaml' ? ['yaml', 'azure-pipelines'] : [language];
}

/**
 * The languages of the rules that may match these files: a rule set of only the rules of these
 * languages finds in them what the whole set finds (each file is matched against its pool).
 */
export function ruleLanguagesOf(paths: Iterable<string>): Set<CodeLanguage> {
  const out = new Set<CodeLanguage>();
  for (const p of paths) {
    const l = languageOfPath(p);
    if (l) for (const x of poolLanguages(l)) out.add(x);
  }
  return out;
}

/**
 * The code rules of a scan. A file is parsed only when a rule for its language has one of its
 * keywords in the text (and its path passes the rule's path filter), and, for rules that report
 * only request input, the file names a source (see readsNone); grammars load on first use.
 */
export class CodeRuleSet {
  private readonly byLanguage = new Map<CodeLanguage, CompiledCodeRule[]>();
  /** The rules' keyword words (lower case, unique; a word's id is its index), in one automaton built on first use. */
  private readonly keywordList: string[];
  private keywordIndex?: KeywordIndex;
  /**
   * With crossFile, per language group (see crossGroupOf): its rules' keywords and its source
   * hints' names in one automaton, so one pass over a file serves both; built on first use.
   * One automaton for every language held twice as many names as a JavaScript tree's files
   * need (Python's `re`, C#'s `key`...): a third more output events, twice the table to keep in
   * cache, and twice the construction.
   */
  private readonly crossKeywords = new Map<string, CrossKeywords>();
  /** The ids of the names of every crossKeywords automaton: the rule keyword words first, with their ids in keywordList. */
  private readonly crossIds = new Map<string, number>();
  /**
   * Per rule, per keyword: the ids of its words and, for a phrase, the pattern that confirms it;
   * made when the rule is first looked at (see keywordsOf): a scan of one JavaScript file looks
   * at the JavaScript rules only, and the others' phrases need not be compiled.
   */
  private readonly keywordRules = new Map<CompiledCodeRule, { words: number[]; phrase: RegExp | null }[]>();
  /** Each keyword's words (see keywordWords) and each word's id (its index in keywordList). */
  private readonly wordsOfKeyword = new Map<string, string[]>();
  private readonly idOfWord = new Map<string, number>();
  private readonly members: ReadonlySet<CompiledCodeRule>;

  constructor(readonly rules: readonly CompiledCodeRule[]) {
    for (const r of rules) {
      for (const l of r.languages) {
        const list = this.byLanguage.get(l);
        if (list) list.push(r);
        else this.byLanguage.set(l, [r]);
      }
    }
    // The words in the order the rules first name them (as before: ids, and so the order of
    // the keyword automata's names, do not depend on which files a scan meets first).
    const list: string[] = [];
    for (const r of rules) {
      for (const k of r.spec.keywords ?? []) {
        let words = this.wordsOfKeyword.get(k);
        if (!words) this.wordsOfKeyword.set(k, (words = keywordWords(k)));
        for (const w of words) {
          if (this.idOfWord.has(w)) continue;
          this.idOfWord.set(w, list.length);
          list.push(w);
        }
      }
    }
    this.keywordList = list.length ? list : ['~~no-keywords~~'];
    this.members = new Set(rules);
  }

  /** The rule's keywords as ids of their words, with a phrase's confirming pattern (see keywordRules). */
  private keywordsOf(r: CompiledCodeRule): { words: number[]; phrase: RegExp | null }[] {
    let k = this.keywordRules.get(r);
    if (!k) {
      // A rule not in this set has none (as when they were all made up front).
      k = !this.members.has(r) ? [] : (r.spec.keywords ?? []).map((kw) => {
        const words = this.wordsOfKeyword.get(kw) ?? keywordWords(kw);
        return { words: words.map((w) => this.idOfWord.get(w) as number), phrase: words.length > 1 ? phrasePattern(kw) : null };
      });
      this.keywordRules.set(r, k);
    }
    return k;
  }

  get size(): number {
    return this.rules.length;
  }

  /** The rules candidates looks at for a file of this language (made once per language: asked per file; read-only). */
  private poolOf(language: CodeLanguage): readonly CompiledCodeRule[] {
    let pool = this.pools.get(language);
    if (!pool) this.pools.set(language, (pool = poolLanguages(language).flatMap((l) => this.byLanguage.get(l) ?? [])));
    return pool;
  }

  private readonly pools = new Map<CodeLanguage, readonly CompiledCodeRule[]>();

  /** The rules that may match this file, before parsing it. */
  candidates(text: string, path: string, problems?: CodeScanProblem[], seen?: KeywordPass): { language: CodeLanguage; rules: CompiledCodeRule[] } | undefined {
    const language = languageOfPath(path);
    if (!language) return undefined;
    const pool = this.poolOf(language);
    if (pool.length === 0) return undefined;
    let present: Set<number> | undefined;
    const find = (): Set<number> => {
      if (this.crossFile) return this.crossPass(language, text, seen ?? {});
      const p = this.findKeywords(language, pool, text);
      if (seen) seen.present = p;
      return p;
    };
    // Keywords first: a rule's path filter compiles its globs on first use. Plain loops: a
    // closure per rule and file was a tenth of the scan's allocations (more scavenges, each
    // copying the current file's live views again).
    const rules: CompiledCodeRule[] = [];
    for (let i = 0; i < pool.length; i++) {
      const r = pool[i];
      const ids = this.keywordsOf(r);
      if (ids.length > 0 && !keywordPresent(ids, (present ??= find()), text)) continue;
      if ((!r.pathFilter || r.pathFilter(path)) && (!r.fileTest || r.fileTest.test(text))) rules.push(r);
    }
    if (rules.length === 0) return undefined;
    if (isProgramLanguage(language) && text.length > MINIFIED_CODE_LIMIT) {
      if (looksMinified(text)) {
        problems?.push({ message: `it looks minified or generated (${text.length} characters in very long lines); such files are checked only up to ${MINIFIED_CODE_LIMIT} characters. Scan its sources instead, or exclude it` });
        return undefined;
      }
    }
    return { language, rules: [...new Set(rules)] };
  }

  /** Characters of text matched keyword by keyword so far (see findKeywords). */
  private smallTextChars = 0;
  /** Per language: the ids of its rules' keyword words, and the words. */
  private readonly languageWords = new Map<CodeLanguage, { ids: number[]; words: string[] }>();

  /**
   * The ids of the keyword words in the text, among those of the language's rules (`pool`). The
   * first SMALL_TEXT_CHARS characters of a scan are searched word by word: a scan of a few
   * files (a pre-commit hook) then never pays for the automaton, which a larger one amortises.
   */
  private findKeywords(language: CodeLanguage, pool: readonly CompiledCodeRule[], text: string): Set<number> {
    if (!this.keywordIndex && this.smallTextChars + text.length <= SMALL_TEXT_CHARS) {
      this.smallTextChars += text.length;
      let own = this.languageWords.get(language);
      if (!own) {
        const ids = [...new Set(pool.flatMap((r) => this.keywordsOf(r).flatMap((k) => k.words)))];
        this.languageWords.set(language, (own = { ids, words: ids.map((id) => this.keywordList[id]) }));
      }
      const ids = own.ids;
      return new Set(findKeywordsInSmallText(own.words, text).map((i) => ids[i]));
    }
    return (this.keywordIndex ??= new KeywordIndex(this.keywordList)).find(text);
  }

  /** Loads what scanning this file needs (its grammar); cheap once loaded. */
  async prepare(path: string): Promise<void> {
    const language = languageOfPath(path);
    if (language && isProgramLanguage(language) && this.byLanguage.has(language)) await loadGrammar(grammarOf(language, path));
  }

  /**
   * Starts loading, in the background, the grammars these files need (those of a language some
   * rule covers), for a scan of a few files on this thread. A failure surfaces when the file is scanned.
   */
  warm(paths: readonly string[]): void {
    const grammars = new Set<GrammarName>();
    for (const p of paths) {
      const l = languageOfPath(p);
      if (l && isProgramLanguage(l) && this.byLanguage.has(l)) grammars.add(grammarOf(l, p));
    }
    for (const g of grammars) loadGrammar(g).catch(() => undefined);
  }

  /** Loads every grammar the rules of these languages (default: all) need. */
  async prepareAll(languages: readonly CodeLanguage[] = [...this.byLanguage.keys()]): Promise<void> {
    const grammars = new Set<GrammarName>();
    for (const l of languages) {
      if (!isProgramLanguage(l)) continue;
      grammars.add(grammarOf(l, 'x'));
      if (l === 'typescript') grammars.add('tsx');
    }
    await Promise.all([...grammars].map((g) => loadGrammar(g)));
  }

  /** Set in worker threads only (see RuleWatch in secretDetector). */
  watch?: RuleWatch;

  /**
   * Set by tests: after a file is parsed, the knowledge keys it got value trackers for (each one
   * analysis of the file at most; a probe of its own counts as one), and how many analyses they
   * were (keys whose sanitisers the file does not call share one, see analysisKnowledge), so
   * that a test can tell when a rule starts costing a whole analysis more per file.
   */
  onAnalyses?: (path: string, keys: readonly string[], analyses: number) => void;

  /** `skip`: ids of rules not to run on this file (stopped on it earlier for taking too long). */
  async scan(text: string, path: string, problems?: CodeScanProblem[], skip?: ReadonlySet<string>): Promise<CodeHit[]> {
    const c = this.candidates(text, path, problems);
    if (!c) return [];
    if (!isProgramLanguage(c.language)) return this.scanCandidates(c, text, path, problems, skip);
    // As for a tree's first scan (see scanTreeFile): a file that reads no input.
    const noInput = c.rules.some((r) => r.followsInput) && this.readsNone(c.language, text);
    // A rule with sources of its own still runs where the text may hold one of them.
    const own = noInput ? this.ownReaders(c.language, text) : undefined;
    const kept = noInput ? c.rules.filter((r) => !r.needsInput || own?.has(r)) : c.rules;
    const rules = noInput ? kept.filter((r) => own?.has(r) || mayMatchWithoutInput(r, c.language as ProgramLanguage, text)) : kept;
    if (!rules.length) return [];
    await loadGrammar(grammarOf(c.language, path));
    const typedBy = kept.filter((r) => !skip?.has(r.spec.id));
    return dedupeHits(this.scanProgram(c.language, rules.filter((r) => !skip?.has(r.spec.id)), text, path, problems, { summarise: false, noInput, ownReads: () => own ?? new Set(), typedBy }).hits);
  }

  /** Set when the whole tree is scanned: files also return their cross-file summaries. */
  crossFile?: CrossFileOptions;

  /**
   * A scan of one file of a tree: its hits and, with crossFile set, its summary. `external`:
   * input from other files, by knowledge key (a file scanned again once the summaries are joined).
   * `bytes`: what the text was decoded from, when at hand: the keyword pass then walks them.
   */
  async scanTreeFile(text: string, path: string, problems?: CodeScanProblem[], skip?: ReadonlySet<string>, external?: ReadonlyMap<string, ExternalInput>, force = false, bytes?: TextBytes): Promise<TreeScan> {
    const seen: KeywordPass = { bytes };
    let c = this.candidates(text, path, problems, seen);
    const language = languageOfPath(path);
    const cross = this.crossFile && language && isProgramLanguage(language) && crossLanguageOf(language) ? language : undefined;
    let names: boolean | undefined;
    const readsInput = (): boolean => (names ??= !!cross && this.namesSource(cross, text, seen));
    // Rules whose own sources (`sources:`) the file may hold: only they treat it as reading input for them.
    let own: ReadonlySet<CompiledCodeRule> | undefined;
    const ownReads = (): ReadonlySet<CompiledCodeRule> => (own ??= language && isProgramLanguage(language) ? this.ownReaders(language, text, seen) : new Set());
    // Rules that report only request input cannot match in a file that reads none: it names no
    // source and, on a first scan, receives none from other files (a file another one passes
    // input to is scanned again with it, and one that only relays input is parsed on demand,
    // see run/crossFile.ts). Left unparsed when no other rule wants it.
    let noInput = false;
    let typedBy: CompiledCodeRule[] | undefined;
    if (c && !force && !external?.size && isProgramLanguage(c.language) && this.readsNone(c.language, text, cross ? readsInput : undefined)) {
      noInput = true;
      const lang = c.language;
      const rest = c.rules.filter((r) => !r.needsInput || ownReads().has(r));
      // The rules whose other patterns cannot match here go too; the file's index stays typed
      // as these rules would have it (typedBy), so that the remaining rules see the same chains.
      const run = rest.filter((r) => ownReads().has(r) || mayMatchWithoutInput(r, lang, text));
      if (!run.length) return { hits: [] };
      typedBy = rest;
      c = { language: c.language, rules: run };
    }
    // `force`: parsed for its summary although no rule asked for it (another file calls it).
    if (!c && cross && !(problems?.length) && (force || !!external?.size || readsInput() || ownReads().size > 0)) c = { language: cross, rules: [] };
    if (!c) return { hits: [] };
    if (!isProgramLanguage(c.language)) return { hits: this.scanCandidates(c, text, path, problems, skip) };
    await loadGrammar(grammarOf(c.language, path));
    if (skip?.size) c.rules = c.rules.filter((r) => !skip.has(r.spec.id));
    if (skip?.size && typedBy) typedBy = typedBy.filter((r) => !skip.has(r.spec.id));
    const found = this.crossFile
      ? (word: string): boolean | undefined => {
          const id = this.crossIndex(language as CodeLanguage).idOf.get(word);
          return id === undefined ? undefined : this.crossPass(language as CodeLanguage, text, seen).has(id);
        }
      : undefined;
    const r = this.scanProgram(c.language, c.rules, text, path, problems, { summarise: !!cross, external, readsInput, noInput, ownReads, found, typedBy });
    return { hits: dedupeHits(r.hits), ...(r.summary ? { summary: r.summary } : {}) };
  }

  /**
   * Whether the file cannot read request input by itself (see SourceHint.mayRead), asked only
   * when a candidate rule follows input. `named`: whether it names a source, when the cross-file
   * keyword pass already tells.
   */
  private readsNone(language: ProgramLanguage, text: string, named?: () => boolean): boolean {
    if (!this.followers(language).length) return false;
    const hint = this.sourceHint(language);
    return !!hint?.complete && !hint.mayRead(text, named?.());
  }

  /**
   * Whether the pre-parse test takes this file to read no request input (so the rules that
   * report only input are not run on it): a rule's samples check it (see codeSamples).
   */
  readsNoInput(text: string, path: string, rule?: CompiledCodeRule): boolean {
    const language = languageOfPath(path);
    if (!language || !isProgramLanguage(language)) return false;
    const hint = this.sourceHint(language);
    if (!hint?.complete || hint.mayRead(text)) return false;
    // `rule`: for that rule, whose own sources (if it has any) may be in the text.
    return !rule || !this.ownReaders(language, text).has(rule);
  }

  private readonly hints = new Map<ProgramLanguage, SourceHint | null>();
  private readonly ownHints = new Map<ProgramLanguage, Map<CompiledCodeRule, OwnSourceHint>>();

  /**
   * Words of the language's source models, when some rule follows input (see crossFileHints).
   * Rules' own sources are left out: they are often common words (`value`, `text`), which would
   * take most files of a tree to read input for every rule, parse them for their cross-file
   * summaries and run every rule that needs input on them; each such rule has its own test
   * (ownReaders).
   */
  private sourceHint(language: ProgramLanguage): SourceHint | null {
    let h = this.hints.get(language);
    if (h === undefined) {
      // The language's models alone: a rule without own sources or parameters adds only
      // sanitisers to them (see compileKnowledge), which the hint does not read, so every
      // follower's knowledge has the same sources, members, classes and parameters. Building
      // the hint over each rule's copy went over those models once per distinct copy (and
      // compiled each rule's sanitisers) for the same phrases.
      h = this.followers(language).length ? new SourceHint([compileKnowledge(language)]) : null;
      this.hints.set(language, h);
    }
    return h;
  }

  /** The language's rules that follow input with sources of their own, and the test of those. */
  private ownSourceHints(language: ProgramLanguage): Map<CompiledCodeRule, OwnSourceHint> {
    let m = this.ownHints.get(language);
    if (!m) {
      m = new Map();
      for (const r of this.followers(language)) {
        if (!hasOwnSources(r)) continue;
        const hint = new OwnSourceHint(ownSourceChains(r).map(compileChainPattern));
        // A rule whose own input is parameters only: the file must also hold one of its keywords
        // (the names of its functions' targets, `$.fn`, are common words: `fn`).
        const kw = !r.spec.sources?.length && r.spec.keywords?.length ? new RegExp(r.spec.keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i') : undefined;
        m.set(r, kw ? Object.assign(Object.create(hint) as OwnSourceHint, { test: (text: string, found?: (name: string) => boolean, memo?: Map<RegExp, boolean>) => kw.test(text) && hint.test(text, found, memo) }) : hint);
      }
      this.ownHints.set(language, m);
    }
    return m;
  }

  /**
   * The rules whose own sources the text may hold (see OwnSourceHint); with a tree's keyword
   * pass (`seen`), only those whose names it found are tested.
   */
  private ownReaders(language: ProgramLanguage, text: string, seen?: KeywordPass): Set<CompiledCodeRule> {
    const out = new Set<CompiledCodeRule>();
    const hints = this.ownSourceHints(language);
    if (!hints.size) return out;
    const x = this.crossFile && seen ? this.crossIndex(language) : undefined;
    const present = x && seen ? this.crossPass(language, text, seen) : undefined;
    // The pass found a chain's name or the chain is not in the text (see OwnSourceHint.test);
    // a name the pass did not look for (its rule has a chain without one) may be there.
    const found = x && present
      ? (name: string): boolean => {
          const id = x.idOf.get(name);
          return id === undefined || present.has(id);
        }
      : undefined;
    const memo = new Map<RegExp, boolean>();
    for (const [r, h] of hints) {
      const ids = x?.own.get(r);
      if (present && ids && ![...ids].some((id) => present.has(id))) continue;
      if (h.test(text, found, memo)) out.add(r);
    }
    return out;
  }

  /**
   * The automaton of the rule keywords and hint names a file of this language may be asked
   * about (see crossKeywords), instead of the keywords' own: those of the rules candidates
   * looks at for its group's languages, their source hints' names and leads, the names of
   * their rules' own sources and of their rules' sanitisers (the last three as before, only for
   * the languages of the tree). A name it does not look for is answered as unknown.
   */
  private crossIndex(language: CodeLanguage): CrossKeywords {
    const group = crossGroupOf(language);
    let x = this.crossKeywords.get(group);
    if (!x) {
      const members = new Set([language, ...[...this.byLanguage.keys()].filter((l) => crossGroupOf(l) === group)]);
      // Only the languages of the tree (their models cost a compile).
      const present = this.crossFile ? nameLanguages(this.crossFile.names) : new Set<string>();
      const inTree = (l: CodeLanguage): l is ProgramLanguage => isProgramLanguage(l) && present.has(crossLanguageOf(l) ?? '');
      const words = new Set<number>();
      const rules = new Set<CompiledCodeRule>();
      for (const l of members) {
        for (const r of this.poolOf(l)) for (const k of this.keywordsOf(r)) for (const w of k.words) words.add(w);
        for (const r of this.byLanguage.get(l) ?? []) rules.add(r);
      }
      const names = new Map<ProgramLanguage, string[]>();
      const leads = new Set<string>();
      // Rules' own sources: a name of each chain (absent when a chain names none: always tested),
      // for a rule of the tree's languages.
      const ownNames = new Map<CompiledCodeRule, string[]>();
      for (const l of members) {
        if (!isProgramLanguage(l)) continue;
        if (inTree(l)) {
          const h = this.sourceHint(l);
          if (h) names.set(l, h.names);
          for (const lead of h?.leads ?? []) leads.add(lead);
        }
        for (const [r, o] of this.ownSourceHints(l)) if (o.names && [...r.languages].some(inTree)) ownNames.set(r, o.names);
      }
      // The hints' leads are anchors: the pass records where they start (see SourceHint.confirmAt).
      // Sanitiser names too, for the rules' analyses (see analysisKnowledge).
      const sanitizers = new Set<string>();
      for (const r of rules) if (r.spec.sanitizers?.length && r.spec.languages.some(inTree)) for (const w of sanitizerWords(r.spec.sanitizers)?.long ?? []) sanitizers.add(w);
      if (this.crossIds.size === 0) this.keywordList.forEach((k, i) => this.crossIds.set(k, i));
      const index = new KeywordIndex([...[...words].sort((a, b) => a - b).map((w) => this.keywordList[w]), ...[...names.values()].flat(), ...[...ownNames.values()].flat(), ...sanitizers], [...leads]);
      const ids = Int32Array.from(index.keywords, (k) => {
        let id = this.crossIds.get(k);
        if (id === undefined) this.crossIds.set(k, (id = this.crossIds.size));
        return id;
      });
      const idOf = new Map(index.keywords.map((k, i) => [k, ids[i]]));
      const hints = new Map<ProgramLanguage, Set<number>>();
      for (const [l, ns] of names) hints.set(l, new Set(ns.map((n) => idOf.get(n.toLowerCase()) as number)));
      const own = new Map<CompiledCodeRule, Set<number>>();
      for (const [r, ns] of ownNames) own.set(r, new Set(ns.map((n) => idOf.get(n.toLowerCase()) as number)));
      x = { index, ids, idOf, anchorOf: new Map(index.anchors.map((a, i) => [a, i])), hints, own };
      this.crossKeywords.set(group, x);
    }
    return x;
  }

  /**
   * Whether a file may hand request input to another file: it names a source (a hint name in
   * the one keyword pass, confirmed by the hint's expression).
   */
  private namesSource(language: ProgramLanguage, text: string, seen: KeywordPass): boolean {
    const hint = this.sourceHint(language);
    if (!hint) return false;
    const x = this.crossIndex(language);
    const present = this.crossPass(language, text, seen);
    const ids = x.hints.get(language);
    if (!ids || ![...present].some((id) => ids.has(id))) return false;
    const starts = seen.starts;
    return hint.confirmAt(
      text,
      (lead) => {
        const a = x.anchorOf.get(lead);
        return a === undefined || !starts ? undefined : starts[a];
      },
      (name) => {
        const id = x.idOf.get(name);
        return id === undefined || present.has(id);
      },
    );
  }

  /** The cross-file keyword pass over a file, once (see crossKeywords): the keywords it holds, and where the hints' leads start. */
  private crossPass(language: CodeLanguage, text: string, seen: KeywordPass): Set<number> {
    if (!seen.present) {
      const { index, ids } = this.crossIndex(language);
      const found: number[] = [];
      seen.starts = index.anchors.map(() => []);
      // The bytes when at hand: the secret scan's WebAssembly walk, several parts of a file side
      // by side, costs a fraction of the string loop's dependent loads character by character.
      if (seen.bytes) index.scanBytesInto(seen.bytes.bytes, seen.bytes.utf8, seen.starts, [], found);
      else index.scanInto(text, seen.starts, [], found);
      seen.present = new Set(found.map((k) => ids[k]));
    }
    return seen.present;
  }

  /**
   * The models' sources and those of these rules (the ones whose own sources the file may hold),
   * and no rule's sanitisers. Without such rules it is the language's knowledge, whose tracker
   * the rules without sanitisers of their own share (trackers are shared by key).
   */
  private probeKnowledge(language: ProgramLanguage, own: readonly CompiledCodeRule[]): CompiledKnowledge {
    return compileKnowledge(language, [...new Set(own.flatMap((r) => r.spec.sources ?? []))], []);
  }

  /** Rules of a language that follow request input. */
  private followers(language: ProgramLanguage): CompiledCodeRule[] {
    return (this.byLanguage.get(language) ?? []).filter((r) => r.followsInput);
  }

  /** Synchronous scan; the file's grammar must be loaded (see prepare). */
  scanPrepared(text: string, path: string, problems?: CodeScanProblem[], skip?: ReadonlySet<string>): CodeHit[] {
    const c = this.candidates(text, path, problems);
    return c ? this.scanCandidates(c, text, path, problems, skip) : [];
  }

  private scanCandidates(c: { language: CodeLanguage; rules: CompiledCodeRule[] }, text: string, path: string, problems?: CodeScanProblem[], skip?: ReadonlySet<string>): CodeHit[] {
    if (skip?.size) c.rules = c.rules.filter((r) => !skip.has(r.spec.id));
    const hits = isProgramLanguage(c.language) ? this.scanProgram(c.language, c.rules, text, path, problems).hits : this.scanConfig(c.language as ConfigLanguage, c.rules, text, path, problems);
    return dedupeHits(hits);
  }

  private scanProgram(
    language: ProgramLanguage,
    rules: CompiledCodeRule[],
    text: string,
    path: string,
    problems?: CodeScanProblem[],
    /** `noInput`: the file reads no request input (see readsNone), so patterns that ask for it are not run. */
    /** `ownReads`: the rules whose own sources the text may hold (they ask for input even then). */
    /** `found`: whether the tree's keyword pass over the text found a keyword (lower case; undefined when it did not look for it). */
    /** `typedBy`: the rules that decide whether chains are typed (default: `rules`), when rules that cannot match here were left out. */
    tree$: { summarise: boolean; external?: ReadonlyMap<string, ExternalInput>; readsInput?: () => boolean; noInput?: boolean; ownReads?: () => ReadonlySet<CompiledCodeRule>; found?: (word: string) => boolean | undefined; typedBy?: readonly CompiledCodeRule[] } = { summarise: false },
  ): { hits: CodeHit[]; summary?: FileSummary } {
    const grammar = grammarOf(language, path);
    const source = language === 'razor' ? razorToCSharp(text) : text;
    let tree: TsTree | null = null;
    try {
      tree = parserFor(grammar).parse(source);
      if (!tree) return { hits: [] };
      const followers = tree$.summarise ? this.followers(language) : [];
      // Typed chains change what patterns match: a file's rules decide, as in a single-file scan.
      const decide = tree$.typedBy ?? rules;
      const typed = (decide.length ? decide : followers).some((r) => r.typedRoots || r.knowledge(language).sources.some((k) => k.segments[0]?.startsWith('@')));
      const index = new FileIndex(tree.rootNode, ADAPTERS[language], language, source, typed);
      const file = new ProgramFile(index);
      // By knowledge key; one tracker may serve several keys (see analysisKnowledge).
      const trackers = new Map<string, ValueTracker>();
      const byAnalysis = new Map<string, ValueTracker>();
      const trackerOf = (k: CompiledKnowledge, rule?: CompiledCodeRule): ValueTracker => {
        let values = trackers.get(k.key);
        if (!values) {
          // Input from other files is given per key: such a scan keeps one analysis per key.
          // (Razor is scanned as its C#: the pass went over the page.)
          const a = rule && !tree$.external?.size ? analysisKnowledge(language, rule, k, source, source === text ? tree$.found : undefined) : k;
          values = byAnalysis.get(a.key);
          if (!values) byAnalysis.set(a.key, (values = new ValueTracker(index, a, undefined, tree$.external?.get(a.key))));
          trackers.set(k.key, values);
        }
        return values;
      };
      // `analyses`: the value analyses those keys cost (keys may share one, see analysisKnowledge).
      const analysed = (extra: string[] = []): void => this.onAnalyses?.(path, [...trackers.keys(), ...extra], byAnalysis.size + extra.length);
      const hits: CodeHit[] = [];
      for (const rule of rules) {
        const k = rule.knowledge(language);
        const values = trackerOf(k, rule);
        this.watch?.(rule.spec.id);
        try {
          for (const p of rule.program) {
            if (tree$.noInput && asksInputOnce(p) && !tree$.ownReads?.().has(rule)) continue;
            for (const n of file.match(p, values)) {
              const trail = file.flows.get(n.id);
              const nodes = trail ? trailNodes(trail) : [];
              const flow = nodes.filter((s) => s.id !== n.id).map((s) => ({ start: s.startIndex, end: s.endIndex }));
              const entry = nodes.length ? values.entries.get(nodes[0].startIndex) : undefined;
              const secrets = rule.spec.maskStrings ? stringContents(n.text).filter((v) => !isCipherName(v)) : [];
              hits.push({ rule, start: n.startIndex, end: n.endIndex, secrets, ...(flow.length ? { flow } : {}), ...(entry ? { entry, knowledgeKey: k.key } : {}) });
            }
          }
        } catch (e) {
          problems?.push({ ruleId: rule.spec.id, message: (e as Error).message });
        }
        this.watch?.(undefined);
      }
      const cut = [...byAnalysis.values()].reduce((t, v) => ({ depth: t.depth + v.cuts.depth, budget: t.budget + v.cuts.budget }), { depth: 0, budget: 0 });
      if (cut.depth || cut.budget) {
        const why = [cut.depth ? `${cut.depth} path(s) nested deeper than ${MAX_FLOW_DEPTH} steps` : '', cut.budget ? `${cut.budget} value(s) past the budget of ${STEP_BUDGET} steps` : ''].filter(Boolean).join(' and ');
        problems?.push({ message: `all of its data flow: the analysis stopped at ${why}; input reaching a sink through those is not reported` });
      }
      const lang = crossLanguageOf(language);
      if (!tree$.summarise || !lang || !this.crossFile) {
        analysed();
        return { hits };
      }
      const follow = new Map<string, ValueTracker>();
      for (const r of followers) follow.set(r.knowledge(language).key, trackerOf(r.knowledge(language), r));
      // Rules' own sources enter the probe (and the summary) only in a file that may hold them:
      // elsewhere the probe is the language's knowledge, whose tracker the rules share.
      const own = followers.filter((r) => tree$.ownReads?.().has(r));
      const pk = this.probeKnowledge(language, own);
      const probe = tree$.external?.size ? new ValueTracker(index, pk, undefined, mergeExternal(tree$.external)) : trackerOf(pk);
      const hints = this.ownSourceHints(language);
      const ownFacts = own.length ? { keys: new Set(own.map((r) => r.knowledge(language).key)), names: (t: string) => own.some((r) => !!hints.get(r)?.test(t)) } : undefined;
      const { summary, cut: cutCalls } = summariseFile(index, path, lang, follow, this.crossFile.names, probe, this.sourceHint(language), tree$.readsInput ?? (() => false), ownFacts);
      if (cutCalls) problems?.push({ message: `cross-file data flow: ${cutCalls} call(s) past the limit of recorded calls per file were not followed into other files` });
      analysed(probe === trackers.get(pk.key) ? [] : [`${pk.key} (probe)`]);
      return { hits, summary };
    } finally {
      tree?.delete();
    }
  }

  private scanConfig(language: ConfigLanguage, rules: CompiledCodeRule[], text: string, path: string, problems?: CodeScanProblem[]): CodeHit[] {
    let doc: ConfigDoc | null;
    try {
      doc = parseConfig(language, text);
    } catch (e) {
      problems?.push({ message: `could not parse as ${language}: ${(e as Error).message}` });
      return [];
    }
    if (!doc) return [];
    const parsed = doc;
    const pipeline = language === 'yaml' && rules.some((r) => r.languages.has('azure-pipelines')) && isPipelineYaml(path, topLevelKeys(parsed));
    let resources: Resource[] | undefined;
    const hits: CodeHit[] = [];
    for (const rule of rules) {
      const as: ConfigLanguage | undefined = rule.languages.has(language) ? language : pipeline && rule.languages.has('azure-pipelines') ? 'azure-pipelines' : undefined;
      if (!as) continue;
      this.watch?.(rule.spec.id);
      for (const p of rule.config) {
        for (const h of matchConfig(p, parsed, () => (resources ??= resourcesOf(parsed, language)))) hits.push({ rule, ...h });
      }
      this.watch?.(undefined);
    }
    return hits;
  }
}

/**
 * Per rule: the names one of its patterns that ask no input must be called or referred to by
 * (`**.query()`, `new Function`), assigned through (`**.innerHTML`) or given as a key
 * (`autoescape: false`), as a case-insensitive test; null when such a pattern is not found by a
 * name (a query, a wildcard or a called result).
 */
const quietNameTests = new WeakMap<CompiledCodeRule, RegExp | null>();

function quietNames(r: CompiledCodeRule): RegExp | null {
  let re = quietNameTests.get(r);
  if (re === undefined) {
    const names = new Set<string>();
    re = null;
    let named = true;
    for (const p of r.program) {
      if (asksInputOnce(p)) continue;
      const last = p.kind === 'assign' ? assignedNames(p) : p.kind === 'pair' ? (p.keys.size ? p.keys : null) : p.kind === 'call' || p.kind === 'new' || p.kind === 'ref' ? p.lastNames : null;
      if (!last || p.importRoots) {
        named = false;
        break;
      }
      for (const n of last) names.add(n);
    }
    // No such pattern at all: nothing but input can make the rule match.
    if (named) re = names.size ? new RegExp([...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i') : /(?!)/;
    quietNameTests.set(r, re);
  }
  return re;
}

/**
 * The last names of an assignment pattern's targets (`**.innerHTML` -> innerHTML): a target's
 * chain ends with the name it is assigned through, as written in the file (ProgramFile.match
 * compares a member's name with them first). Null when a target ends in a wildcard.
 */
function assignedNames(p: ProgramPattern): Set<string> | null {
  const out = new Set<string>();
  for (const c of p.chains) {
    const end = c.segments[c.segments.length - 1] ?? '*';
    if (end.endsWith('()()')) return null;
    const last = end.replace(/\(\)$/, '');
    if (last === '*' || last === '**' || last === '[]' || last === '') return null;
    out.add(last);
  }
  return out;
}

/**
 * Whether a rule may match in a file that reads no request input (where its patterns that ask
 * for input are not run, see scanProgram). Its other patterns find calls and references by
 * their last name (ProgramFile.match: `lastNames`; an assignment's target chain ends with the
 * pattern's name; a pair's key is its text or string), and that name is written in the file:
 * the callee's own name, a member's, or the last name of an import or a wrapped function the
 * local stands for, all read from the text. A file with none of those names (in any case)
 * cannot match them, so it is not parsed for the rule. (Razor is scanned as its generated C#.)
 */
function mayMatchWithoutInput(r: CompiledCodeRule, language: ProgramLanguage, text: string): boolean {
  if (language === 'razor') return true;
  const re = quietNames(r);
  // A string or an identifier may spell a name in escapes (`el['inner\u0048TML']`): such a
  // file is parsed (few files hold any escape).
  return !re || re.test(text) || ESCAPE.test(text);
}

/** An escape that may spell a letter of a name, in the languages' strings or identifiers. */
const ESCAPE = /\\[uUxN0-7]/;

/**
 * The knowledge a rule's values are computed with in this file. A rule's own sanitisers change
 * a value only where a call of the file matches one of them (a call of a sanitiser is trusted,
 * see ValueTracker.isSanitizer, the one place they are read). A call's chain is made of names
 * written in the file (its callee, the imports and local definitions it resolves through), so
 * in a file that nowhere holds the last name of any of the rule's additions, no call matches
 * one, and the analysis is the one of the same sources without them: every rule of those
 * sources then shares it instead of the file being analysed once per sanitiser list (a dozen
 * lists for JavaScript). Where a name occurs the rule keeps its own analysis, as before.
 */
function analysisKnowledge(language: ProgramLanguage, rule: CompiledCodeRule, k: CompiledKnowledge, text: string, found?: (word: string) => boolean | undefined): CompiledKnowledge {
  if (!rule.spec.sanitizers?.length) return k;
  const plain = compileKnowledge(language, rule.spec.sources, []);
  if (plain.key === k.key) return k;
  const names = sanitizerNames(rule.spec.sanitizers);
  if (!names) return k;
  // From the tree's keyword pass where it looked for every name it can find: one automaton pass
  // over the text, instead of a case-insensitive search per list (a dozen lists for
  // JavaScript); the names too short for the pass (`xss`) are searched for by themselves.
  const words = found ? sanitizerWords(rule.spec.sanitizers) : null;
  if (found && words) {
    const seen = words.long.map(found);
    if (!seen.includes(undefined)) return seen.includes(true) || words.short?.test(text) ? k : plain;
  }
  return names.test(text) ? k : plain;
}

const sanitizerNameTests = new Map<string, RegExp | null>();
const sanitizerWordLists = new Map<string, SanitizerWords | null>();

/**
 * The last names of these sanitiser chains as a keyword pass finds them: `long`, lower case,
 * the names it looks for anywhere (ASCII, more than three characters); `short`, a test (ignoring
 * case) for the others, which a pass would take as words only (null when there are none).
 * Null when a chain ends in a wildcard. `long` found or `short` true is `sanitizerNames` true.
 */
interface SanitizerWords {
  long: string[];
  short: RegExp | null;
}

function sanitizerWords(sanitizers: readonly string[]): SanitizerWords | null {
  const key = sanitizers.join('\n');
  let words = sanitizerWordLists.get(key);
  if (words === undefined) {
    const last = [...new Set(sanitizers.map((p) => compileChainPattern(p).segments.slice(-1)[0]?.replace(/\(\)$/, '') ?? ''))];
    if (last.some((n) => n === '' || n.includes('*'))) words = null;
    else {
      const passable = (n: string): boolean => n.length > SHORT_KEYWORD && /^[\x20-\x7e]+$/.test(n);
      const short = last.filter((n) => !passable(n));
      words = { long: [...new Set(last.filter(passable).map((n) => n.toLowerCase()))], short: short.length ? new RegExp(short.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i') : null };
    }
    sanitizerWordLists.set(key, words);
  }
  return words;
}

/**
 * The files that share a cross-file keyword automaton: those of one cross-file language
 * (JavaScript and TypeScript), else those of one language.
 */
function crossGroupOf(language: CodeLanguage): string {
  return crossLanguageOf(language) ?? language;
}

/** Keywords this short are words to a keyword pass (see KeywordIndex). */
const SHORT_KEYWORD = 3;

/**
 * A test for the last names of these sanitiser chains in a text (ignoring case, to be safe), or
 * null when a chain ends in a wildcard (any name: no text can rule it out).
 */
function sanitizerNames(sanitizers: readonly string[]): RegExp | null {
  const key = sanitizers.join('\n');
  let re = sanitizerNameTests.get(key);
  if (re === undefined) {
    const last = sanitizers.map((p) => compileChainPattern(p).segments.slice(-1)[0]?.replace(/\(\)$/, '') ?? '');
    re = last.some((n) => n === '' || n.includes('*')) ? null : new RegExp([...new Set(last)].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');
    sanitizerNameTests.set(key, re);
  }
  return re;
}

/** The external input of every knowledge key at once (for the probe tracker). */
function mergeExternal(external: ReadonlyMap<string, ExternalInput> | undefined): ExternalInput | undefined {
  if (!external?.size) return undefined;
  const params = new Map<number, Set<number>>();
  const calls = new Set<number>();
  for (const e of external.values()) {
    for (const [fn, ps] of e.params) for (const p of ps) params.set(fn, new Set([...(params.get(fn) ?? []), p]));
    for (const c of e.calls) calls.add(c);
  }
  return { params, calls };
}

/** One finding per rule and node, even when several of a rule's patterns match it. */
function dedupeHits(hits: CodeHit[]): CodeHit[] {
  const seen = new Set<string>();
  return hits.filter((h) => {
    const k = `${h.rule.spec.id}:${h.start}:${h.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function parseConfig(language: ConfigLanguage, text: string): ConfigDoc | null {
  switch (language) {
    case 'yaml':
    case 'azure-pipelines':
    case 'json':
      return parseYamlTree(text);
    case 'terraform':
      return parseHcl(text);
    case 'bicep':
      return parseBicep(text);
    case 'dockerfile':
      return parseDockerfile(text);
  }
}
