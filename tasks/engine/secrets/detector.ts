import { SEVERITIES, type Severity } from '../../contract/findings';
import { genericEntropyBar, shannonEntropy } from './entropy';
import { KeywordIndex, scanSmallText } from '../text/keywordIndex';
import { standInSafe } from '../text/standInText';
import { anchorsFor, isCharAnchor, reachFor, type Anchor } from './anchors';
import type { Reach } from './reach';
import { isPublicClientKey } from './publicClient';
import { genericVerdict, isDocumentedExample, isWordyIdentifier, placeholderVerdict } from './placeholders';
import type { SecretRuleSpec } from '../rules/ruleSpec';
import { SECRET_VALIDATORS, VALIDATED_PLACEHOLDERS } from './validators';
import { SUPPRESSION_MARKER } from '../findings/suppressions';

export interface CompiledSecretRule {
  spec: SecretRuleSpec;
  /** Global for a whole-text scan; sticky when `anchors` let the rule be tried at their places only. */
  regex: RegExp;
  /** Literals one of which every match has at a fixed offset (see patternAnchors), or null. */
  anchors: readonly Anchor[] | null;
  allow: RegExp[];
  stopwords: string[];
  severity: Severity;
  /** The rule's `files` condition on the path, if any. */
  files?: RegExp;
  /** The rule's `validate` checksum, if any. */
  validator?: (secret: string) => boolean;
  /** Whether a value the validator accepted is a placeholder all the same (user:pass). */
  validatedPlaceholder?: (secret: string) => boolean;
  /** The secret's shape is fixed by the vendor (no free-form part): see `exactFormat`. */
  exact: boolean;
  /** The regex matches a text's stand-in exactly where it matches the text (see standInText). */
  standIn: boolean;
  /** Literal prefixes (lower case) every match starts with, when the rule is a vendor's prefix format. */
  prefixes: readonly string[];
  /** How far around a match start the pattern reads (see patternReach); null: unbounded. */
  reach: Reach | null;
}

/** A raw hit inside one text; offsets are string indexes of the secret itself. */
export interface SecretHit {
  rule: CompiledSecretRule;
  start: number;
  end: number;
  secret: string;
  /** Set for rules with `validate`: whether the secret's checksum holds. */
  checksum?: 'valid' | 'invalid';
  /** Set when the value looks like a filler (see placeholderVerdict, genericVerdict): reported, at low confidence. */
  filler?: true;
  /**
   * Set when a vendor rule matched the value but turned it down (a placeholder, its allowlist):
   * never reported; a generic hit on the same value gives way to it (see withoutVetoed).
   */
  veto?: true;
}

export class RuleCompileError extends Error {}

/**
 * Told the id of each rule as it starts on a file, and undefined when it is done, so that a
 * watchdog on another thread can stop a rule that runs too long (see scanPool).
 */
export type RuleWatch = (ruleId: string | undefined) => void;

/**
 * Load-time checks beyond syntax (run when a rule file is validated, not on every scan: they
 * force the regex engine to compile the pattern, which costs more than the scan of a small tree).
 */
export function checkSecretRule(spec: SecretRuleSpec): void {
  const rule = compileSecretRule(spec);
  const { regex } = rule;
  regex.lastIndex = 0;
  if (regex.test('')) throw new RuleCompileError('pattern matches the empty string');
  // Owning a prefix means something only for a distinctive one and an exact format.
  if (spec.prefixOwned && (spec.generic || !rule.exact || !rule.prefixes.some((p) => distinctivePrefixLength(rule, p) > 0 || distinctivePrefixLength(rule, p.toUpperCase()) > 0))) {
    throw new RuleCompileError('prefixOwned needs a pattern that starts with a distinctive literal prefix (4+ characters, not a plain word) and fixes the alphabet');
  }
}

/** The parts of a compiled rule that its pattern and allowlist give (see compileSecretRule's `lazy`). */
type PatternParts = Pick<CompiledSecretRule, 'regex' | 'files' | 'allow' | 'stopwords' | 'validator' | 'validatedPlaceholder' | 'exact' | 'standIn'>;
const PATTERN_PARTS = ['regex', 'files', 'allow', 'stopwords', 'validator', 'validatedPlaceholder', 'exact', 'standIn'] as const;

/**
 * `lazy`: the regular expressions and what is read from the pattern (`PatternParts`) are worked
 * out when first asked for, i.e. when the rule's keywords occur in a text. For rules that were
 * checked when loaded (built-in ones at build time, custom ones by the configuration's checks):
 * a scan of a few files meets the keywords of few of the ~270 rules, and compiling all of them
 * cost a one-file scan ~20 ms.
 */
export function compileSecretRule(spec: SecretRuleSpec, severity: Severity = spec.severity, lazy = false): CompiledSecretRule {
  // Path rules run once per file on a short string: a plain global search.
  const anchors = spec.scope === 'path' ? null : anchorsFor(spec.pattern, spec.flags ?? '');
  const prefixes = !spec.generic && anchors && anchors.every(([, at]) => at === 0) ? anchors.map(([t]) => t.toLowerCase()) : [];
  const reach = spec.scope === 'path' ? null : reachFor(spec.pattern, spec.flags ?? '');
  if (lazy) return new LazySecretRule(spec, severity, anchors, prefixes, reach) as unknown as CompiledSecretRule;
  const parts = patternParts(spec, anchors);
  return {
    spec,
    regex: parts.regex,
    anchors,
    files: parts.files,
    allow: parts.allow,
    stopwords: parts.stopwords,
    severity,
    validator: parts.validator,
    validatedPlaceholder: parts.validatedPlaceholder,
    exact: parts.exact,
    standIn: parts.standIn,
    prefixes,
    reach,
  };
}

function patternParts(spec: SecretRuleSpec, anchors: readonly Anchor[] | null): PatternParts {
  const flags = (anchors ? 'dy' : 'dg') + (spec.flags ?? '');
  let regex: RegExp;
  try {
    regex = new RegExp(spec.pattern, flags);
  } catch (e) {
    throw new RuleCompileError(`pattern is not a valid regular expression: ${(e as Error).message}`);
  }
  const allow: RegExp[] = [];
  for (const p of spec.allowlist?.patterns ?? []) {
    try {
      allow.push(new RegExp(p));
    } catch (e) {
      throw new RuleCompileError(`allowlist pattern "${p}" is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  let files: RegExp | undefined;
  if (spec.files !== undefined) {
    try {
      files = new RegExp(spec.files, 'i');
    } catch (e) {
      throw new RuleCompileError(`files is not a valid regular expression: ${(e as Error).message}`);
    }
    if (spec.sampleFile === undefined || !files.test(spec.sampleFile)) throw new RuleCompileError('a rule with files needs a sampleFile that files matches (its samples are checked as that file)');
  } else if (spec.sampleFile !== undefined) {
    throw new RuleCompileError('sampleFile is only for rules with files');
  }
  return {
    regex,
    files,
    allow,
    stopwords: (spec.allowlist?.stopwords ?? []).map((s) => s.toLowerCase()),
    validator: spec.validate ? SECRET_VALIDATORS[spec.validate] : undefined,
    validatedPlaceholder: spec.validate ? VALIDATED_PLACEHOLDERS[spec.validate] : undefined,
    exact: !spec.generic && exactFormat(spec.pattern),
    standIn: standInSafe(spec.pattern, spec.flags ?? ''),
  };
}

/**
 * A compiled rule whose PatternParts are getters on the prototype: the first one read works
 * them all out and puts them on the rule as plain properties, which later reads find first.
 */
class LazySecretRule {
  constructor(
    readonly spec: SecretRuleSpec,
    readonly severity: Severity,
    readonly anchors: readonly Anchor[] | null,
    readonly prefixes: readonly string[],
    readonly reach: Reach | null,
  ) {}
}
for (const key of PATTERN_PARTS) {
  Object.defineProperty(LazySecretRule.prototype, key, {
    configurable: true,
    get(this: LazySecretRule): unknown {
      const parts = patternParts(this.spec, this.anchors);
      for (const k of PATTERN_PARTS) Object.defineProperty(this, k, { value: parts[k], writable: true, enumerable: true, configurable: true });
      return parts[key];
    },
  });
}

/**
 * How long the vendor's distinctive fixed prefix at the start of `secret` is (0: none). A prefix
 * counts when it has at least 4 characters and is no word: it holds a digit or separator (ghp_,
 * sk-ant-api03-) or is written in capitals (AKIA, LTAI).
 */
export function distinctivePrefixLength(rule: CompiledSecretRule, secret: string): number {
  const lower = secret.toLowerCase();
  for (const p of rule.prefixes) {
    if (p.length < 4 || !lower.startsWith(p)) continue;
    const written = secret.slice(0, p.length);
    if (/[^A-Za-z]/.test(written) || /^[A-Z]+$/.test(written)) return p.length;
  }
  return 0;
}

/**
 * Whether a vendor rule's secret group fixes the value's alphabet: no `.`, `\S` or negated class,
 * which is how password-style rules take whatever follows their key. Only such a format is
 * evidence enough to show a too-regular value at low confidence (see `accept`).
 */
export function exactFormat(pattern: string): boolean {
  const at = pattern.indexOf('(?<secret>');
  if (at < 0) return false;
  let depth = 0;
  let end = pattern.length;
  for (let i = at; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '[') {
      // Skip a class (it may hold parentheses); a negated one makes the format free.
      if (pattern[i + 1] === '^') return false;
      for (i++; i < pattern.length && pattern[i] !== ']'; i++) if (pattern[i] === '\\') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) {
      end = i;
      break;
    }
  }
  const body = pattern.slice(at, end);
  return !/(?<!\\)\.|\\[SW]/.test(body.replace(/\[(?:\\.|[^\]])*\]/g, '[]'));
}

/**
 * All secret rules of a scan behind one keyword automaton: a file costs one pass of the
 * automaton plus the regexes of the rules whose keywords it contains. The same pass finds
 * where each rule's anchors occur, and an anchored rule is tried only where they put a match start.
 */
/**
 * Characters a detector searches keyword by keyword before it builds its automaton: a search
 * per keyword and anchor costs about what building the automaton does over this much text.
 */
export const SMALL_SCAN_CHARS = 32 * 1024;

/**
 * A large file's text is read in pieces of at most this many characters, each its own string
 * (see Pieces). V8 puts a string of more than 128 KB in its large-object space, on pages fresh
 * from the system every time (mapped, faulted in, unmapped): on this kind of machine ~2-5 ns a
 * character, against ~0.1 ns for the same characters in strings below that size.
 */
export const PIECE_CHARS = 120_000;
/** The most a rule may read before and after a match start and still run on pieces (PIECE_CHARS leaves a core of 66K or more). */
const MAX_BEHIND = 4 * 1024;
const MAX_AHEAD = 48 * 1024;
/** Characters `take` may read past a match's end (see elided). */
const READ_PAST_END = 3;

export class SecretDetector {
  /** Built on the first text past SMALL_SCAN_CHARS (see small). */
  private built?: KeywordIndex;
  /** The automaton's keywords and anchors (lower case, unique), in its id order. */
  private readonly keywordList: string[];
  private readonly anchorList: string[];
  /**
   * Anchors of one character (see isCharAnchor), found natively in a file where a rule of theirs
   * runs, never by the automaton: their ids follow the automaton's anchors' in `starts`.
   */
  private readonly charList: string[];
  /** Per rule, 1 when its anchors are characters (see charList). */
  private readonly charAnchored: Uint8Array;
  /** Per rule anchored by characters, the global regex it runs with where they are too many (see charPlaces). */
  private readonly searchRegex: (RegExp | undefined)[];
  /** Characters searched keyword by keyword so far (see small). */
  private smallTextChars = 0;
  /** keyword id -> indexes of the rules that list it. */
  private readonly rulesByKeyword: number[][];
  /** rule index -> its anchors as (anchor id, offset) pairs, flattened; null: scan the whole text. */
  private readonly anchorsOfRule: (number[] | null)[];
  /** Reused per file: start positions per anchor id. */
  private readonly starts: number[][];
  /** rule index -> index of its anchor set: rules with the same anchors share one list of places. */
  private readonly groupOfRule: Int32Array;
  /** Reused per file: the places of each anchor set, and the file they were worked out for. */
  private readonly groupPlaces: (number[] | undefined)[];
  private readonly groupFile: Int32Array;
  private fileNo = 0;
  /** Reused per file: which rules the keywords let through (a mark per rule). */
  private readonly ruleMark: Uint8Array;
  private readonly keywordsFound: number[] = [];
  /** Set in worker threads only (see RuleWatch). */
  watch?: RuleWatch;
  /** The automaton's id of the suppression marker, looked for in the same pass as the keywords. */
  private readonly markerId: number;
  /**
   * After detect(): false when the text cannot hold the suppression marker (the pass found it
   * in no case), so the caller need not search the text for it again.
   */
  markerSeen = false;

  /** The path of the text being scanned (see detect), for rules with `files`. */
  private path: string | undefined;
  /**
   * Bytes whose offsets are the current text's (a one-byte text's own, a multi-byte text's
   * stand-in), where character anchors are looked for without decoding it; undefined: the text.
   */
  private sameOffsets: (() => Uint8Array | null) | undefined;

  /** Rules whose pattern reads the file's path (see SecretRuleSpec.scope); outside the automaton. */
  private readonly pathRules: readonly CompiledSecretRule[];
  /** Per path rule, its keywords in lower case. */
  private readonly pathKeywords: readonly (readonly string[])[];

  /** Per rule, 1 when its reach lets it run on pieces of a large text (see Pieces). */
  private readonly inPieces: Uint8Array;

  /** Per rule, 1 once its regex has run on a text long enough for machine code (see compileNative). */
  private readonly native: Uint8Array;

  /**
   * `smallScanChars`: characters searched keyword by keyword before the automaton is built (see
   * small); `pieceCore`: the characters a piece of a large text stands for (see Pieces), by
   * default what PIECE_CHARS leaves beside the rules' reach.
   */
  constructor(
    readonly rules: readonly CompiledSecretRule[],
    private readonly smallScanChars = SMALL_SCAN_CHARS,
    private readonly pieceCore?: number,
  ) {
    this.pathRules = rules.filter((r) => r.spec.scope === 'path');
    this.pathKeywords = this.pathRules.map((r) => r.spec.keywords.map((k) => k.toLowerCase()));
    const all: string[] = [];
    for (const r of rules) if (r.spec.scope !== 'path') for (const k of r.spec.keywords) all.push(k.toLowerCase());
    // The marker is a keyword of no rule: the pass says whether the text may hold it (ignoring case).
    all.push(SUPPRESSION_MARKER.toLowerCase());
    // As KeywordIndex orders them, so that its ids are these lists' indexes.
    this.keywordList = [...new Set(all)];
    const anchorTexts = [...new Set(rules.flatMap((r) => (r.anchors ?? []).map((a) => a[0].toLowerCase())))];
    this.anchorList = anchorTexts.filter((a) => !isCharAnchor(a));
    this.charList = anchorTexts.filter(isCharAnchor);
    const kwId = new Map(this.keywordList.map((k, i) => [k, i]));
    this.markerId = kwId.get(SUPPRESSION_MARKER.toLowerCase())!;
    const anchorId = new Map([...this.anchorList, ...this.charList].map((a, i) => [a, i]));
    this.rulesByKeyword = this.keywordList.map(() => []);
    rules.forEach((r, ri) => {
      if (r.spec.scope === 'path') return;
      for (const k of new Set(r.spec.keywords.map((x) => x.toLowerCase()))) this.rulesByKeyword[kwId.get(k)!].push(ri);
    });
    this.anchorsOfRule = rules.map((r) => (r.anchors ? r.anchors.flatMap(([text, offset]) => [anchorId.get(text.toLowerCase())!, offset]) : null));
    this.starts = [...this.anchorList, ...this.charList].map(() => []);
    this.charAnchored = Uint8Array.from(rules, (r) => (r.anchors?.some(([text]) => isCharAnchor(text)) ? 1 : 0));
    this.searchRegex = new Array<RegExp | undefined>(rules.length);
    const groups = new Map<string, number>();
    this.groupOfRule = Int32Array.from(this.anchorsOfRule, (ids) => {
      if (ids === null) return -1;
      const key = ids.join(',');
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = groups.size));
      return g;
    });
    this.groupPlaces = new Array<number[] | undefined>(groups.size);
    this.groupFile = new Int32Array(groups.size).fill(-1);
    this.ruleMark = new Uint8Array(rules.length);
    this.inPieces = Uint8Array.from(rules, (r) => (r.reach && r.reach.behind <= MAX_BEHIND && r.reach.ahead <= MAX_AHEAD ? 1 : 0));
    this.native = new Uint8Array(rules.length);
  }

  /**
   * Pieces of a one-byte text (its Latin-1 reading is the text) for the rules `todo` (all of which
   * can read pieces), when it is large enough to need them: each holds the most those rules read
   * around a match start on either side.
   */
  private piecesOf(bytes: Uint8Array | null, todo: readonly number[]): Pieces | null {
    if (bytes === null || bytes.length <= (this.pieceCore ?? PIECE_CHARS)) return null;
    let behind = 0;
    let ahead = 0;
    for (const ri of todo) {
      const r = this.rules[ri].reach!;
      if (r.behind > behind) behind = r.behind;
      if (r.ahead > ahead) ahead = r.ahead;
    }
    ahead += READ_PAST_END;
    const core = this.pieceCore ?? PIECE_CHARS - behind - ahead;
    if (bytes.length <= core + behind + ahead) return null;
    const buf = asBuffer(bytes);
    return new Pieces(buf, core, behind, ahead);
  }

  /**
   * The rules `todo` (at `places`, see runRules) piece by piece, each piece decoded once and
   * dropped before the next: per rule, the matches a search of the whole text finds (see
   * execAt and runRule), taken into `out` in rule order. Without `out` (a probe), whether any
   * rule matches.
   */
  private runPieces(pieces: Pieces, todo: readonly number[], places: readonly (readonly number[] | undefined)[], out: SecretHit[] | undefined): boolean {
    const n = todo.length;
    const watch = this.watch;
    // Per rule: where its search goes on (the end of its last match), its next place, its hits.
    const from = new Array<number>(n).fill(0);
    const next = new Array<number>(n).fill(0);
    let found: SecretHit[][] | undefined;
    if (out) {
      found = [];
      for (let j = 0; j < n; j++) found.push(hitList());
    }
    const core = pieces.core;
    for (let k = 0; k < pieces.count; k++) {
      const start = k * core;
      const end = Math.min(pieces.length, start + core);
      const base = pieces.start(k);
      let text: string | undefined;
      for (let j = 0; j < n; j++) {
        const rule = this.rules[todo[j]];
        const at = places[j];
        const re = at === undefined ? this.wholeTextRegex(todo[j]) : rule.regex;
        // Whether this rule has anything to do in this piece: anchored, a place in its core;
        // searching the whole text, a search that has not gone past it.
        if (at !== undefined ? next[j] >= at.length || at[next[j]] >= end : from[j] >= end) continue;
        // One call site for both kinds of rule: one first met by the optimised code (a first
        // whole-text rule on pieces) would have V8 throw that code away and compile it again.
        text ??= pieces.text(k);
        if (at !== undefined) {
          let i = next[j];
          watch?.(rule.spec.id);
          for (; i < at.length && at[i] < end; i++) {
            const p = at[i];
            if (p < from[j]) continue;
            re.lastIndex = p - base;
            const m = re.exec(text);
            // Where a non-empty match ends (see execAt).
            const stop = re.lastIndex;
            if (stop <= p - base) continue;
            if (!found) {
              watch?.(undefined);
              return true;
            }
            take(rule, m!, found[j], base);
            from[j] = base + stop;
          }
          watch?.(undefined);
          next[j] = i;
          continue;
        }
        // A search of the whole text: its matches that start in this piece's core.
        watch?.(rule.spec.id);
        re.lastIndex = Math.max(from[j], start) - base;
        for (;;) {
          const m = re.exec(text);
          if (m === null) break;
          const p = base + m.index;
          if (p >= end) break;
          if (m[0].length === 0) {
            // As runRule: the search goes on one character further.
            from[j] = p + 1;
            re.lastIndex = from[j] - base;
            continue;
          }
          if (!found) {
            watch?.(undefined);
            return true;
          }
          take(rule, m, found[j], base);
          from[j] = p + m[0].length;
        }
        watch?.(undefined);
      }
    }
    if (found) {
      for (let j = 0; j < n; j++) {
        const f = found[j];
        for (let q = 0; q < f.length; q++) out!.push(f[q]);
      }
    }
    return false;
  }

  /**
   * Where rule `ri`, anchored by characters, may match in `hay` (the text, or bytes whose Latin-1
   * reading it is): its characters' places, found natively, moved back by their offsets. Where
   * they are so many that trying the rule at each would cost more than one search of the whole
   * text (a try costs about what a search spends on 128 characters), undefined: that search.
   */
  private charPlaces(ri: number, hay: string | Uint8Array, starts: number[][]): number[] | undefined {
    const pairs = this.anchorsOfRule[ri]!;
    const most = Math.max(16, hay.length >> 7);
    const bytes = typeof hay === 'string' ? null : asBuffer(hay);
    // Bytes find a one-byte character where the text has it.
    const find = (ch: string, from: number): number => (bytes === null ? (hay as string).indexOf(ch, from) : bytes.indexOf(ch, from, 'latin1'));
    let count = 0;
    for (let i = 0; i < pairs.length; i += 2) {
      const id = pairs[i];
      const list = starts[id];
      // Refilled for each text: rules with the same anchors share the places through their group.
      list.length = 0;
      const ch = this.charList[id - this.anchorList.length];
      for (let at = find(ch, 0); at >= 0; at = find(ch, at + 1)) {
        if (++count > most) return undefined;
        list.push(at);
      }
    }
    return mergeStarts(pairs, starts);
  }

  /** The regex that searches the whole text for rule `ri`: its own, or a global one where its own is sticky (see charPlaces). */
  private wholeTextRegex(ri: number): RegExp {
    const rule = this.rules[ri];
    if (rule.anchors === null) return rule.regex;
    return (this.searchRegex[ri] ??= new RegExp(rule.regex.source, rule.regex.flags.replace('y', 'g')));
  }

  /**
   * Hits of the path rules on a file's path (relative to the scan root, `/`-separated): files
   * that are secrets in themselves, whatever their bytes. Placeholder checks do not apply.
   */
  detectPath(path: string, skip?: ReadonlySet<string>): SecretHit[] {
    const hits: SecretHit[] = [];
    if (this.pathRules.length === 0) return hits;
    const lower = path.toLowerCase();
    for (let i = 0; i < this.pathRules.length; i++) {
      const rule = this.pathRules[i];
      if (skip?.has(rule.spec.id)) continue;
      if (!this.pathKeywords[i].some((k) => lower.includes(k))) continue;
      rule.regex.lastIndex = 0;
      const m = rule.regex.exec(path);
      const span = m?.indices?.groups?.secret ?? m?.indices?.[0];
      const secret = m?.groups?.secret ?? m?.[0];
      if (span && secret && allowed(rule, secret)) hits.push({ rule, start: span[0], end: span[1], secret });
    }
    return hits;
  }

  /**
   * Whether this text is searched keyword by keyword: the first SMALL_SCAN_CHARS characters a
   * detector sees are, so that a scan of a few small files (a pre-commit hook) never pays for
   * the automaton (tens of milliseconds to build), which a larger scan amortises.
   */
  private small(length: number): boolean {
    if (this.built || this.smallTextChars + length > this.smallScanChars) return false;
    this.smallTextChars += length;
    return true;
  }

  /**
   * Told that the scan holds many files: the automaton will be built anyway, so no text is
   * searched keyword by keyword first (see small), which on a large scan only adds its cost.
   */
  expectManyFiles(): void {
    this.smallTextChars = this.smallScanChars + 1;
  }

  private get index(): KeywordIndex {
    return (this.built ??= new KeywordIndex(this.keywordList, this.anchorList));
  }

  /**
   * `skip`: ids of rules not to run on this text (stopped on it earlier for taking too long).
   * `path`: the text's file (relative, `/`-separated), for rules limited to some files (`files`);
   * unknown, such rules do not run.
   */
  detect(text: string, skip?: ReadonlySet<string>, path?: string): SecretHit[] {
    const starts = this.starts;
    const touched: number[] = [];
    try {
      const kws = this.keywordsFound;
      kws.length = 0;
      if (this.small(text.length)) scanSmallText(this.keywordList, this.anchorList, text, starts, touched, kws);
      else this.index.scanInto(text, starts, touched, kws);
      this.path = path;
      this.sameOffsets = undefined;
      return this.runRules(() => text, starts, skip);
    } finally {
      for (const a of touched) starts[a].length = 0;
    }
  }

  /**
   * detect() on the bytes a text is decoded from (see KeywordIndex.scanBytesInto for `utf8`):
   * `text` is called only when some rule's regular expression has to run, so most files where
   * no rule can match are never decoded; a large one-byte text (ASCII, Latin-1, a stand-in) is
   * read in pieces by the rules whose reach allows it. `standIn`: the bytes of a multi-byte
   * UTF-8 text's stand-in (see standInBytes), null when it has none.
   */
  detectBytes(bytes: Uint8Array, utf8: boolean, text: () => string, skip?: ReadonlySet<string>, standIn?: () => Uint8Array | null, path?: string): SecretHit[] {
    const starts = this.starts;
    const touched: number[] = [];
    try {
      const kws = this.keywordsFound;
      kws.length = 0;
      this.path = path;
      let got: Uint8Array | null | undefined;
      const standInBytes = () => (got === undefined ? (got = standIn!()) : got);
      this.sameOffsets = !utf8 ? () => bytes : standIn ? standInBytes : undefined;
      // A small text is decoded for the search (see small), which finds the same places.
      if (this.small(bytes.length)) scanSmallText(this.keywordList, this.anchorList, text(), starts, touched, kws);
      // Multi-byte UTF-8 with a stand-in: the pass reads the stand-in, whose offsets are the
      // text's (no counting of UTF-16 units byte by byte), and which the rules read next anyway.
      // Keywords and anchors are ASCII, kept as they are; any other unit, like any byte of a
      // multi-byte sequence, is no letter and resets the automaton: the same keywords and places.
      else if (utf8 && standIn && standInBytes() !== null) this.index.scanBytesInto(standInBytes()!, false, starts, touched, kws);
      else this.index.scanBytesInto(bytes, utf8, starts, touched, kws);
      // The rules first try the stand-in: the text is decoded only if one of them matches there
      // (it matches the text at the same places) or cannot be tried on it.
      if (standIn) {
        const standInText = () => {
          const b = standInBytes();
          return b && latin1(b);
        };
        if (!this.runRules(standInText, starts, skip, true, standInBytes)) return [];
      }
      return this.runRules(text, starts, skip, false, utf8 ? undefined : () => bytes);
    } finally {
      for (const a of touched) starts[a].length = 0;
    }
  }

  /**
   * The rules the keywords found (keywordsFound) let through, at their anchors' places. With
   * `probe`, on a stand-in text (null: there is none): true as soon as a rule that is not
   * stand-in safe would run or a rule's regex matches, false when no regex matches.
   */
  /**
   * `oneByte`: bytes whose Latin-1 reading is what textOf returns (null: there is none), for
   * rules to read in pieces (see Pieces) while the whole text has not been needed.
   */
  private runRules(textOf: () => string, starts: number[][], skip: ReadonlySet<string> | undefined, probe?: false, oneByte?: () => Uint8Array | null): SecretHit[];
  private runRules(textOf: () => string | null, starts: number[][], skip: ReadonlySet<string> | undefined, probe: true, oneByte?: () => Uint8Array | null): boolean;
  private runRules(textOf: () => string | null, starts: number[][], skip: ReadonlySet<string> | undefined, probe = false, oneByte?: () => Uint8Array | null): SecretHit[] | boolean {
    const kws = this.keywordsFound;
    this.markerSeen = kws.includes(this.markerId);
    if (kws.length === 0) return probe ? false : [];
    // Which rules run; marks are reused from file to file, and read in rule order.
    const mark = this.ruleMark;
    let count = 0;
    for (let i = 0; i < kws.length; i++) {
      const rs = this.rulesByKeyword[kws[i]];
      for (let j = 0; j < rs.length; j++) {
        const ri = rs[j];
        if (mark[ri] === 0) {
          mark[ri] = 1;
          count++;
        }
      }
    }
    const hits = hitList();
    if (count === 0) return probe ? false : hits;
    // The rules to run, in rule order, with their places (undefined: the whole text).
    const todo: number[] = [];
    const places: (number[] | undefined)[] = [];
    // Rules with the same anchors share one sorted list of places, worked out once per file.
    const file = ++this.fileNo & 0x3fffffff;
    let whole = oneByte === undefined;
    try {
      for (let ri = 0; count > 0; ri++) {
        if (mark[ri] === 0) continue;
        mark[ri] = 0;
        count--;
        const rule = this.rules[ri];
        if (skip?.has(rule.spec.id)) continue;
        if (rule.files && (this.path === undefined || !rule.files.test(this.path))) continue;
        const g = this.groupOfRule[ri];
        let at: number[] | undefined;
        if (g >= 0) {
          if (this.groupFile[g] === file) at = this.groupPlaces[g];
          else {
            if (this.charAnchored[ri] === 0) at = mergeStarts(this.anchorsOfRule[ri]!, starts);
            else {
              const hay = this.sameOffsets?.() ?? textOf();
              // No stand-in: the probe cannot tell.
              if (hay === null) return true;
              at = this.charPlaces(ri, hay, starts);
            }
            this.groupPlaces[g] = at;
            this.groupFile[g] = file;
          }
          if (at !== undefined && !at.length) continue;
        }
        // A stand-in cannot answer for this rule: the text has to be decoded.
        if (probe && !rule.standIn) return true;
        todo.push(ri);
        places.push(at);
        if (!this.inPieces[ri]) whole = true;
      }
    } finally {
      // A rule stopped early (a probe's answer, an exception) leaves the marks of the rules after it.
      if (count > 0) mark.fill(0);
    }
    if (todo.length === 0) return probe ? false : hits;
    const pieces = whole ? null : this.piecesOf(oneByte!(), todo);
    let found = false;
    if (pieces !== null) found = this.runPieces(pieces, todo, places, probe ? undefined : hits);
    else {
      const watch = this.watch;
      const text = textOf();
      // No stand-in: the probe cannot tell.
      if (text === null) return true;
      // A probe runs the same code as a scan, stopping at a first match: a probe's own code would
      // be first met by the optimised runRules, which inlines it, on the first file with a
      // stand-in, and thrown away with it.
      const out = probe ? undefined : hits;
      const short = text.length < TIER_UP_CHARS;
      for (let j = 0; j < todo.length; j++) {
        const rule = this.rules[todo[j]];
        const at = places[j];
        watch?.(rule.spec.id);
        // Inside the watch: a pattern that backtracks without end does so here first.
        const re = at === undefined ? this.wholeTextRegex(todo[j]) : rule.regex;
        if (short && this.native[todo[j]] === 0) {
          this.native[todo[j]] = 1;
          compileNative(re);
        }
        const matches = at === undefined ? runRule(re, rule, text, out) : execAt(re, text, at, rule, out);
        watch?.(undefined);
        if (matches > 0 && probe) {
          found = true;
          break;
        }
      }
    }
    // One way out for texts read whole and in pieces: each is then seen early in the scan.
    return probe ? found : hits.length === 0 ? hits : settled(this.rules, hits, todo);
  }
}

/**
 * The hits to report of a text where the rules `todo` ran and found some. Apart from runRules,
 * and only called with hits (few files have any): V8 then does not inline it there, so the
 * optimised runRules stays small, and the recompilations that this one's rare paths trigger on
 * first use (hit objects of new shapes, prefixed rules) recompile only it, not runRules.
 */
function settled(rules: readonly CompiledSecretRule[], hits: SecretHit[], todo: readonly number[]): SecretHit[] {
  // Rules owning their prefix (prefixOwned) that ran on this text (see withoutMisshapen).
  let prefixed: CompiledSecretRule[] | undefined;
  for (const ri of todo) if (rules[ri].spec.prefixOwned) (prefixed ??= []).push(rules[ri]);
  return resolveOverlaps(withoutMisshapen(withoutVetoed(hits), prefixed));
}

/**
 * A generic hit whose value starts with the distinctive prefix of a rule that owns it
 * (`prefixOwned`: `bkua_`, `xai-`) while that rule, run on the same text, did not match it: the
 * value claims to be that vendor's token but has the wrong length or alphabet for one (cut
 * short, padded, edited by hand), so it is no working credential, and the name it is assigned
 * to says no more than the prefix does. Only rules that ran count (a rule skipped or limited to
 * other files says nothing about the value).
 */
function withoutMisshapen(hits: SecretHit[], prefixed: readonly CompiledSecretRule[] | undefined): SecretHit[] {
  if (!prefixed) return hits;
  return hits.filter((h) => {
    if (!h.rule.spec.generic) return true;
    for (const r of prefixed) {
      if (!distinctivePrefixLength(r, h.secret) || !r.exact) continue;
      if (!hits.some((v) => v.rule === r && v.start < h.end && h.start < v.end)) return false;
    }
    return true;
  });
}

/**
 * An empty list for hits, whose elements are objects from the start. A literal `[]` holds small
 * integers until its first hit: code that V8 optimised while every list was empty meets a list of
 * another kind on the first file with a hit, and is thrown away and compiled again.
 */
function hitList(): SecretHit[] {
  const list: SecretHit[] = [NO_HIT];
  list.length = 0;
  return list;
}

const NO_HIT = {} as SecretHit;

/** Where matches may start: each anchor's occurrences moved back by its offset, sorted, unique. */
function mergeStarts(pairs: readonly number[], starts: readonly number[][]): number[] {
  if (pairs.length === 2 && pairs[1] === 0) return starts[pairs[0]];
  let n = 0;
  // Most texts hold one of a rule's anchors at most: its places, moved back, are sorted and
  // unique already, with no typed array to make and sort.
  let lists = 0;
  let only = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const length = starts[pairs[i]].length;
    if (length > 0) {
      lists++;
      only = i;
    }
    n += length;
  }
  if (lists === 1) {
    const off = pairs[only + 1];
    const list = starts[pairs[only]];
    if (off === 0) return list;
    const out: number[] = [];
    for (let j = 0; j < list.length; j++) if (list[j] >= off) out.push(list[j] - off);
    return out;
  }
  if (mergeScratch.length < n) mergeScratch = new Int32Array(Math.max(n, 2 * mergeScratch.length));
  const buf = mergeScratch;
  n = 0;
  for (let i = 0; i < pairs.length; i += 2) {
    const off = pairs[i + 1];
    const list = starts[pairs[i]];
    for (let j = 0; j < list.length; j++) if (list[j] >= off) buf[n++] = list[j] - off;
  }
  // A typed array sorts numbers natively: Array#sort with a comparator calls back per comparison.
  // Int32: places are string offsets (below 2^29), read back as small integers, so the list stays
  // one of small integers and a regex's lastIndex set from it takes exec's fast path (a double
  // there sends every try through the slow one).
  const sorted = buf.subarray(0, n).sort();
  const out: number[] = [];
  for (let r = 0; r < n; r++) if (r === 0 || sorted[r] !== sorted[r - 1]) out.push(sorted[r]);
  return out;
}

/** mergeStarts' buffer, reused from file to file. */
// Large enough for nearly every file from the start: growing it is a path the optimised caller
// has not seen, which costs a recompilation of the whole of runRules.
let mergeScratch = new Int32Array(64 * 1024);

/**
 * A large one-byte text as strings of at most `core` + `behind` + `ahead` characters: piece k
 * stands for the text's [k*core, (k+1)*core) and holds `behind` characters before that and
 * `ahead` after (fewer at the text's ends). A rule that reads no further than that around a
 * match start (see patternReach) finds, at each place of a piece's core, what it finds there
 * in the whole text.
 */
class Pieces {
  readonly length: number;
  readonly count: number;

  constructor(
    private readonly buf: Buffer,
    readonly core: number,
    private readonly behind: number,
    private readonly ahead: number,
  ) {
    this.length = buf.length;
    this.count = Math.ceil(buf.length / core);
  }

  /** Where piece k's string starts in the text. */
  start(k: number): number {
    return Math.max(0, k * this.core - this.behind);
  }

  text(k: number): string {
    return this.buf.toString('latin1', this.start(k), Math.min(this.length, (k + 1) * this.core + this.ahead));
  }
}

function latin1(bytes: Uint8Array): string {
  return asBuffer(bytes).toString('latin1');
}

/** The same bytes as a Buffer (no copy). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** How many matches `rule` has in `text`, each taken into `out`; without `out`, 1 at the first (a probe). */
function runRule(re: RegExp, rule: CompiledSecretRule, text: string, out: SecretHit[] | undefined): number {
  re.lastIndex = 0;
  let found = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    found++;
    if (out === undefined) return found;
    take(rule, m, out);
  }
  return found;
}

/**
 * The matches a global search would find, for a sticky regex whose every match starts at one
 * of `at` (sorted): the leftmost match from a position is the first of these places where the
 * regex matches, and the next search begins where that match ended. Returns how many; with a
 * rule, each is also taken into `out`, and without `out` the search stops at the first (a
 * probe). No callback: one made per call is a new call target each time, which undoes the
 * optimised code of the caller (runRules).
 */
export function execAt(re: RegExp, text: string, at: readonly number[], rule?: CompiledSecretRule, out?: SecretHit[]): number {
  let from = 0;
  let found = 0;
  // Indexes, not for-of: the iteration then reads nothing whose first use comes late.
  for (let i = 0; i < at.length; i++) {
    const p = at[i];
    if (p < from) continue;
    re.lastIndex = p;
    const m = re.exec(text);
    // Where a non-empty match ends: a sticky regex leaves lastIndex at the match's end, at p
    // after an empty match and at 0 after none. Read on every try, not off the match once there
    // is one: each operation run only on a first match is one the optimised code (runRules
    // inlines this) has not seen, and V8 would throw that code away and compile it again.
    const stop = re.lastIndex;
    if (stop <= p) continue;
    found++;
    if (rule) {
      if (out === undefined) return found;
      take(rule, m!, out);
    }
    from = stop;
  }
  return found;
}

/**
 * V8 compiles a regular expression to bytecode on its first run and again to machine code on
 * its second, unless the first run's text has at least this many characters: then straight to
 * machine code, and every later compile of it as well. Our patterns are 1-4 KB and mostly
 * case-insensitive; their bytecode, with its peephole pass, costs more to make than their
 * machine code, and a text this short has V8 make both (one small file: 33-36 ms in five rules'
 * first runs, 7-10 ms this way). Longer texts and pieces get the same from V8 itself. V8's own
 * flag for it (`--no-regexp-tier-up`) is no way out: set after start, it crashed V8 on a pattern
 * it had left as bytecode.
 */
const TIER_UP_CHARS = 1000;
let longText: string | undefined;

/** Runs `re` once over a text of TIER_UP_CHARS characters that no pattern matches at once. */
function compileNative(re: RegExp): void {
  longText ??= '\0'.repeat(TIER_UP_CHARS);
  re.lastIndex = 0;
  re.exec(longText);
  re.lastIndex = 0;
}

/** `base`: where m's input starts in the text (a piece's offset, see Pieces). */
function take(rule: CompiledSecretRule, m: RegExpExecArray, out: SecretHit[], base = 0): void {
  let local = m.indices?.groups?.secret ?? m.indices?.[0];
  let secret = m.groups?.secret ?? m[0];
  if (!local || secret === undefined) return;
  // A shell parameter's default (`${DB_PASSWORD:-value}`): the `-` is the operator, not the value's,
  // and a value registered with it would not mask the value printed alone.
  if (rule.spec.generic && secret.length > 1 && secret[0] === '-' && shellDefaultAt(m.input, local[0])) {
    local = [local[0] + 1, local[1]];
    secret = secret.slice(1);
  }
  // A URL query's parameter (`?user=XXXXXX&pass=YYYYYY&msg=…`): its value ends at the next `&`,
  // which a password in a URL would have percent-encoded.
  if (rule.spec.generic && m.index > 0 && (m.input.charCodeAt(m.index - 1) === 38 || m.input.charCodeAt(m.index - 1) === 63)) {
    const amp = secret.indexOf('&');
    if (amp >= 0) {
      if (amp < 4) return;
      local = [local[0], local[0] + amp];
      secret = secret.slice(0, amp);
    }
  }
  const span: [number, number] = base === 0 ? local : [local[0] + base, local[1] + base];
  if (followedByMember(m.input, local[1], secret)) return;
  if (rule.validator) {
    // A valid checksum outranks entropy and placeholder heuristics; the allowlist still applies.
    if (rule.validator(secret)) {
      if (rule.validatedPlaceholder?.(secret)) out.push({ rule, start: span[0], end: span[1], secret, veto: true });
      else if (allowed(rule, secret) && !isDocumentedExample(secret)) out.push({ rule, start: span[0], end: span[1], secret, checksum: 'valid' });
    } else if (rule.spec.unvalidated === 'lower' && accept(rule, secret) === 'yes') {
      out.push({ rule, start: span[0], end: span[1], secret, checksum: 'invalid' });
    }
    return;
  }
  // A long token-like generic value that ends in an ellipsis was cut short for display
  // (`"0.AXEAF…sm..."`): what is shown is no working credential, the rest was never written.
  // Only a token's alphabet: people end passwords with dots (`MyPa$$w0rd...`), not tokens.
  if (rule.spec.generic && elided(secret, m.input, local[1], isPasswordRule(rule.spec))) return;
  // A name inside a colon-separated resource path (`arn:aws:secretsmanager:…:secret:db-creds`,
  // `urn:…:token:…`) is a resource type, and what follows it the resource's name.
  if (rule.spec.generic && m.index >= 5 && m.input.charCodeAt(m.index - 1) === 58 && inResourcePath(m.input, m.index)) return;
  if (rule.spec.generic && namesItsSetting(m.input, m.index, local[0], secret)) return;
  if (rule.spec.generic && appendsTo(m.input, m.index, local[0])) return;
  // A key a browser sends for every visitor (a search-only key, an analytics project's key) is public.
  if (rule.spec.generic && isPublicClientKey(m.input, local[0])) return;
  if (rule.spec.generic && isIdUnderBareKey(m.input, local[0], secret)) return;
  if (rule.spec.generic && runsIntoLetter(m.input, local[1])) return;
  if (rule.spec.generic && isComparedName(m.input, local[0], local[1])) return;
  if (rule.spec.generic && isSqlCondition(m.input, m.index)) return;
  if (rule.spec.generic && isTernaryBranch(m.input, m.index)) return;
  const verdict = accept(rule, secret);
  if (verdict === 'yes') out.push({ rule, start: span[0], end: span[1], secret });
  else if (verdict === 'filler') out.push({ rule, start: span[0], end: span[1], secret, filler: true });
  else if (verdict === 'turned down') out.push({ rule, start: span[0], end: span[1], secret, veto: true });
}

/** Whether `valueAt` follows `${NAME:` (a shell parameter expansion whose default starts there). */
export function shellDefaultAt(text: string, valueAt: number): boolean {
  return text.charCodeAt(valueAt - 1) === 58 && /\$\{[A-Za-z_][A-Za-z0-9_]*:$/.test(text.slice(Math.max(0, valueAt - 80), valueAt));
}

/**
 * A rule whose value is a password, which people choose (words, a passphrase, dots), rather
 * than a key or token, which programs make: by its tag, or its id (netrc-password is tagged
 * generic).
 */
export function isPasswordRule(spec: SecretRuleSpec): boolean {
  return spec.tags?.includes('password') === true || /pass(?:word|wd)/.test(spec.id);
}

/**
 * Whether the text just before `at` is an ARN or URN up to a colon (`arn:aws:…:`, also after a
 * scheme of its own: `aws:arn:…:`). Only those:
 * .NET configuration keys are colon paths too (`"Smtp:Password": "…"`), and their values are
 * credentials.
 */
export function inResourcePath(text: string, at: number): boolean {
  let i = at - 1;
  const stop = Math.max(0, at - 256);
  while (i > stop) {
    const c = text.charCodeAt(i - 1);
    // Letters, digits and the characters of ARN segments: _ - . : / *
    if ((c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c === 46 || c === 47 || c === 42) i--;
    else break;
  }
  return /(?:^|:)(?:arn|urn):[A-Za-z0-9]/i.test(text.slice(i, at));
}

/**
 * Whether a generic value is the name of the setting it is given, or that name after a prefix
 * (`#define hmac_sha1_set_key nettle_hmac_sha1_set_key`, C libraries' aliases of their prefixed
 * symbols; a context key named by its package's path, `ctxCredentials =
 * "github.com/…/ctxCredentials"`; a form field's id, `"privateKeyContents":
 * "ociConfig-privateKeyContents"`; a protocol's value, `Password = "gt:password"`; a variable,
 * `@authorization`): a name for
 * the same thing, no value. The name's first letter may differ in case, the way code spells a
 * constant and the value it stands for. `at`: where the match starts, inside the setting's name;
 * `valueAt`: where the value starts (a rule whose match starts at the value names no setting).
 */
export function namesItsSetting(text: string, at: number, valueAt: number, secret: string): boolean {
  const [start, end] = nameAround(text, at);
  if (end >= valueAt) return false;
  const name = text.slice(start, end);
  // The value is the name's own last words, after a prefix that says its type or scope
  // (`$sSCCMPassword = "SCCMPassword"`, `DB_ADMIN_PASSWORD = "ADMIN_PASSWORD"`).
  if (secret.length >= 8 && name.length > secret.length && name.endsWith(secret)) {
    const joint = name[name.length - secret.length - 1];
    if (NAME_JOINS.has(joint) || (/[a-z0-9]/.test(joint) && /[A-Z]/.test(secret[0]))) return true;
  }
  // The same words in another spelling, the value's words still marked as a name's are (by a
  // separator or a capital): `VALID_LOGIN_PASSWORD = "validLogin_password"`, a property's key
  // standing for its value. Run together in small letters (`'neo4jpassword'`) they are a password.
  if (secret.length >= 8 && /^[\w.-]+$/.test(secret) && /[_.-]|[a-z0-9][A-Z]/.test(secret) && fold(secret) === fold(name.replace(/^[$@]/, ''))) return true;
  // The next of a numbered series of names (`("new_password1", "new_password2")`, a form's fields listed in a tuple).
  if (/^[A-Za-z_]\w{3,}?[0-9]{1,2}$/.test(secret) && /[0-9]$/.test(name) && secret.replace(/[0-9]+$/, '') === name.replace(/[0-9]+$/, '') && secret !== name) return true;
  if (name.length < 8 || name.length > secret.length) return false;
  const before = secret.length - name.length;
  const tail = secret.slice(before);
  // Eight or more characters of the setting's own name at the value's end are no chance: past its first letter, exactly.
  const same = tail.slice(1) === name.slice(1) && tail[0].toLowerCase() === name[0].toLowerCase();
  // A constant in capitals that stands for its own name in lower case (`NEO4J_PASSWORD = 'neo4j_password'`).
  const spelled = !same && before === 0 && name === name.toUpperCase() && tail === name.toLowerCase();
  if (!same && !spelled) return false;
  return before === 0 || NAME_JOINS.has(secret[before - 1]) || SIGILS.test(secret.slice(0, before));
}

/**
 * Whether the value is added to the setting (`+=`) rather than given to it: a piece of a string
 * being built (`key += chunk`), or a C# event's handler (`txtAccessKey.TextChanged +=
 * txtAccessKey_TextChanged;`); or is worked out from the setting's own value (`lSenha:=lSenha*$20844
 * xor …`, a checksum's loop). None is a whole credential. `at`: where the match starts, inside the
 * setting's name; `valueAt`: where the value starts.
 */
export function appendsTo(text: string, at: number, valueAt: number): boolean {
  if (text.slice(at, valueAt).includes('+=')) return true;
  const [start, end] = nameAround(text, at);
  // In quotes the name is text (`token = "token-Hq7…"`), not the variable.
  const quote = text.charCodeAt(valueAt - 1);
  if (end - start < 3 || end >= valueAt || quote === 34 || quote === 39 || quote === 96) return false;
  const name = text.slice(start, end);
  return text.startsWith(name, valueAt) && !isNameChar(text.charCodeAt(valueAt + name.length)) && /^[ \t]*[-+*/%^&|]/.test(text.slice(valueAt + name.length, valueAt + name.length + 8));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * The line up to the value names a setting `key` and nothing more (`"key": "`, `key: `, `key="`);
 * not a URL's query parameter (`?key=`), an API key in every sense.
 */
const BARE_KEY = /(?:^|[^\w.$?&;-])["']?key["']?[ \t]*[:=][ \t]*["']?$/i;

/**
 * Whether a UUID is the value of a field named just `key`: an item's identifier (a dashboard
 * panel's, a list entry's, a form's), not a credential, which a setting names for what it opens
 * (`api_key`, `accessKey`). `valueAt`: where the value starts.
 */
export function isIdUnderBareKey(text: string, valueAt: number, secret: string): boolean {
  if (!UUID.test(secret)) return false;
  const lineStart = text.lastIndexOf('\n', valueAt - 1) + 1;
  return valueAt - lineStart <= 200 && BARE_KEY.test(text.slice(lineStart, valueAt));
}

/** A variable's sigil before its name: Ruby's instance and class variables (`@calendar.authorization = @authorization`), PHP's and shell's `$`. */
const SIGILS = /^(?:@{1,2}|\$)$/;

/** What joins a prefix to a name: a C prefix's `_`, a package's `.` or `/`, a form's `-`, a scheme's `:`. */
const NAME_JOINS = new Set(['_', '.', '-', '/', ':']);

/** A name's letters and digits alone, in small letters: its words whatever their spelling. */
const fold = (s: string): string => s.replace(/[_.-]/g, '').toLowerCase();

/**
 * Whether `end` is followed by `.name(`: the value is the receiver of a method call, so an
 * identifier in code (`VCSProviderNameBitbucket = VCSProviderNameKey.String("bitbucket")`),
 * never a literal token, which code quotes. Or by `.Name` when the value is itself an
 * identifier made of words: a member of a type or a module
 * (`secret_access_key: SandboxesSandboxAwsMountStaticAuthConfig.SecretAccessKey;`).
 */
export function followedByMember(text: string, end: number, secret?: string): boolean {
  if (text.charCodeAt(end) !== 46) return false;
  METHOD_CALL.lastIndex = end;
  if (METHOD_CALL.test(text)) return true;
  // An object of words in camel case is code too (`linkedinProfile: editingBusiness.linkedinProfile`):
  // each part holds a vowel, as words do and letters drawn at random often do not.
  if (secret === undefined || !(isWordyIdentifier(secret) || isCamelObject(secret))) return false;
  MEMBER.lastIndex = end;
  return MEMBER.test(text);
}
const METHOD_CALL = /\.[A-Za-z_$][\w$]{0,60}\(/y;

function isCamelObject(name: string): boolean {
  return /^[a-z]{3,}(?:[A-Z][a-z]{2,})+$/.test(name) && name.split(/(?=[A-Z])/).every((w) => /[aeiouy]/i.test(w));
}
const MEMBER = /\.[A-Za-z_$]/y;

/**
 * Whether the text goes on at `end` with a letter outside ASCII: a generic value is ASCII, so
 * its match stopped inside a word of prose (a translation, `"…authorization": "Web3-Onboard認証の取得…"`),
 * and what it holds is the first word of that text, no credential. Or with a template's field
 * (runsIntoTemplate).
 */
export function runsIntoLetter(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  return (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && LETTER.test(text[end])) || runsIntoTemplate(text, end);
}
const LETTER = /\p{L}/u;

/**
 * Whether the text goes on at `end` with a template's field (`{{ … }}`, `{% … %}`, `<%= … %>`):
 * the value is filled in when the template is rendered (`Authorization: "PBSAPIToken={{ token_id
 * }}:{{ secret }}"`, Ansible), and the match stopped at its literal part, no whole credential.
 */
function runsIntoTemplate(text: string, end: number): boolean {
  const c = text.charCodeAt(end);
  return (c === 123 && (text.charCodeAt(end + 1) === 123 || text.charCodeAt(end + 1) === 37)) || (c === 60 && text.charCodeAt(end + 1) === 37);
}

/**
 * Whether an unquoted generic value is one side of a comparison, not what a setting is given:
 * followed by a comparison operator (Python's `v1_pass = v1_direction == "none"`, a note's
 * `pass: roi_fee_p25 >= -3.17`) or by VB's `Then`, whose `=` compares inside `If` and `ElseIf`
 * (`ElseIf txtPassword.Text = strTemporary1 Then`). A quoted value is a literal either way.
 */
export function isComparedName(text: string, valueAt: number, end: number): boolean {
  const before = text.charCodeAt(valueAt - 1);
  if (before === 34 || before === 39 || before === 96) return false;
  COMPARED_AFTER.lastIndex = end;
  return COMPARED_AFTER.test(text);
}
const COMPARED_AFTER = /[ \t]+(?:[=!]==?|<>|[<>]=|Then\b)/y;

/**
 * Whether the setting's name is a column in an SQL condition (`AND duplicate.channel_key =
 * 'source_89e8…'`, `WHERE api_key = '…'`): that `=` compares the rows' values with a literal,
 * an id to look up; a credential is given to a column by SET or VALUES. `at`: where the match
 * starts, inside the name. The keywords in capitals, or `where`: in small letters `and` and
 * `or` are prose's too ("the user and password = …").
 */
export function isSqlCondition(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && (isNameChar(text.charCodeAt(start - 1)) || text.charCodeAt(start - 1) === 46)) start--;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(Math.max(lineStart, start - 40), start);
  if (SQL_CONDITION_BEFORE.test(before)) return true;
  // A condition's first line after the keyword and its bracket (`AND (` over `(x.channel_key = '…'`).
  if (lineStart === 0 || !/^[ \t]*\(?[ \t]*$/.test(before)) return false;
  const above = text.slice(Math.max(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 80), lineStart - 1);
  return SQL_CONDITION_ABOVE.test(above.replace(/\r$/, ''));
}

const SQL_CONDITION_BEFORE = /(?:^|[\s(])(?:WHERE|AND|OR|ON|where)[ \t]+\(?[ \t]*$/;
/** The same keyword ending the line above, maybe with the condition's bracket (`OR`, `AND (`). */
const SQL_CONDITION_ABOVE = /(?:^|[\s(])(?:WHERE|AND|OR|ON|where)(?:[ \t]+\()?[ \t]*$/;

/**
 * Whether the quoted name that holds `at` is the first branch of a conditional expression
 * (`isCorrect ? "quiz-result--pass" : "quiz-result--fail"`): its `:` separates the two values the
 * expression chooses between (class names, labels), it gives no setting a value.
 */
export function isTernaryBranch(text: string, at: number): boolean {
  let i = at;
  const stop = Math.max(0, at - 80);
  while (i > stop && (isNameChar(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 45 || text.charCodeAt(i - 1) === 46)) i--;
  const quote = text.charCodeAt(i - 1);
  if (quote !== 34 && quote !== 39 && quote !== 96) return false;
  i--;
  while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
  // `?` alone: not `??` (nullish coalescing also picks a value, but keep it narrow) nor `<?` (PHP's tag).
  return text.charCodeAt(i - 1) === 63 && text.charCodeAt(i - 2) !== 63 && text.charCodeAt(i - 2) !== 60;
}

function isNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Where the setting's name that holds `at` starts and ends: the run of name characters around it. */
function nameAround(text: string, at: number): [number, number] {
  let start = at;
  while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
  let end = at;
  while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
  return [start, end];
}

/** A generic value cut short for display (see take); exported for the tests' reference scan. */
export function elided(secret: string, text: string, end: number, password = false): boolean {
  // Cut in the middle (`AbCdE12345...54321EdCbA`): the same display shortening. No token alphabet
  // has three dots in a row; a password people choose may (`Tr0ub4dor...Xk92Lm7q`).
  const inner = secret.indexOf('...');
  if (!password && inner > 0 && inner < secret.length - 3) return secret.length >= 16 && /^[A-Za-z0-9_\-.+/=]+$/.test(secret);
  const body = secret.replace(/(?:\.\.\.|\u2026)$/, '');
  if (body === secret && text.charCodeAt(end) !== 0x2026 && !text.startsWith('...', end)) return false;
  return body.length >= 24 && /^[A-Za-z0-9_\-.+/=]+$/.test(body);
}

/**
 * The hits to report: a vendor rule that knows the value's format and turned it down (the
 * format's alphabet written out, an example the vendor documents) speaks for that value, so a
 * generic rule that also matched it does not report it; the turned-down hits themselves go.
 */
function withoutVetoed(hits: SecretHit[]): SecretHit[] {
  if (!hits.some((h) => h.veto)) return hits;
  const vetoes = hits.filter((h) => h.veto);
  return hits.filter((h) => !h.veto && !(h.rule.spec.generic && vetoes.some((v) => v.start < h.end && h.start < v.end)));
}

/** 'turned down': a vendor rule's exact format matched, but the value is a placeholder or allowlisted. */
function accept(rule: CompiledSecretRule, secret: string): 'yes' | 'filler' | 'no' | 'turned down' {
  const spec = rule.spec;
  const random = spec.entropy === undefined || shannonEntropy(secret) >= (spec.generic ? genericEntropyBar(secret, spec.entropy, isPasswordRule(spec)) : spec.entropy);
  if (spec.generic) {
    // A filler is judged by its shape, not its entropy (abcd1234abcd1234 has little).
    const verdict = genericVerdict(secret, isPasswordRule(spec), spec.digits);
    if (verdict === 'placeholder' || !allowed(rule, secret)) return 'no';
    if (verdict === 'filler') return 'filler';
    return random ? 'yes' : 'no';
  }
  // A vendor's exact format is evidence on its own: a value too regular to be random is shown
  // at low confidence, not dropped (placeholders, references and documented examples still are).
  const prefix = rule.exact ? distinctivePrefixLength(rule, secret) : 0;
  const verdict = placeholderVerdict(secret, prefix);
  if (verdict === 'placeholder' || !allowed(rule, secret)) return rule.exact ? 'turned down' : 'no';
  // Without a prefix of its own a vendor's key is random: a name of words is code (a model's
  // class name in a notebook's output, `BigBirdPegasusForCausalLM`, under a rule gated on `bird`).
  // Not a password, which people make of words (NuGet's `ClearTextPassword` value `CleartextPassword1`).
  if (prefix === 0 && (namesVendor(spec.keywords, secret) || (!isPasswordRule(spec) && isWordyIdentifier(secret)))) return 'no';
  if (verdict === undefined && random) return 'yes';
  return rule.exact ? 'filler' : 'no';
}

/**
 * A value of a rule gated on its vendor's name that holds that name inside an identifier
 * (`MODEL_OAUTH2_LINKEDIN = 'oAuth2Linkedin'`): a name in code about the vendor, not a key, which
 * is random. A name at the start is left alone: that is how prefixed tokens begin (pscale_tkn_).
 */
export function namesVendor(keywords: readonly string[] | undefined, secret: string): boolean {
  if (!keywords?.length || !/^[A-Za-z_$][\w$]*$/.test(secret)) return false;
  const lower = secret.toLowerCase();
  for (const k of keywords) {
    if (k.length < 5 || !/^[a-z]+$/.test(k)) continue;
    const at = lower.indexOf(k, 1);
    if (at > 0 && /[A-Za-z0-9]/.test(secret[at - 1])) return true;
    // At the start, followed by capitalised words only (`linkedinObject`, `stripeCustomerId`): a
    // variable named after the vendor. A token's body after the name is random (`pscale_tkn_…`).
    if (lower.startsWith(k) && secret.length > k.length && /^(?:[A-Z][a-z]{2,})+$/.test(secret.slice(k.length))) return true;
  }
  return false;
}

function allowed(rule: CompiledSecretRule, secret: string): boolean {
  for (const a of rule.allow) if (a.test(secret)) return false;
  if (rule.stopwords.length) {
    const lower = secret.toLowerCase();
    for (const w of rule.stopwords) if (lower.includes(w)) return false;
  }
  return true;
}

/**
 * How far a hit gives way to others on the same text: a vendor's format (0) outranks a generic
 * rule (1), which outranks a rule that judges the value by the kind of file it is in (2).
 */
function rank(h: SecretHit): number {
  return h.rule.files ? 2 : h.rule.spec.generic ? 1 : 0;
}

/**
 * One secret, one finding: a generic hit gives way to any other hit that overlaps it (a
 * file-kind hit to any generic or specific one), and of several specific hits on the same span
 * the most severe wins (the first in rule order on a tie).
 */
function resolveOverlaps(hits: SecretHit[]): SecretHit[] {
  if (hits.length < 2) return hits;
  hits.sort((a, b) => a.start - b.start || rank(a) - rank(b));
  const kept: SecretHit[] = [];
  for (const h of hits) {
    const clash = kept.find((k) => k.start < h.end && h.start < k.end);
    if (!clash) {
      kept.push(h);
      continue;
    }
    const hRank = rank(h);
    const cRank = rank(clash);
    if (hRank > 0 && hRank >= cRank) continue;
    if (cRank > hRank) {
      kept.splice(kept.indexOf(clash), 1, h);
      continue;
    }
    if (clash.start === h.start && clash.end === h.end) {
      // The rule that knows more (a key name next to the value) rates it higher: keep that one.
      if (SEVERITIES.indexOf(h.rule.severity) < SEVERITIES.indexOf(clash.rule.severity)) kept.splice(kept.indexOf(clash), 1, h);
      continue;
    }
    kept.push(h);
  }
  return kept;
}
