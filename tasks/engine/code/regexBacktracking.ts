/**
 * Whether a regular expression written in the code can take exponential time in a backtracking
 * engine (ReDoS, CWE-1333): the pattern is parsed, turned into an automaton whose states are its
 * character positions, and searched for a state from which two different paths read the same
 * string and come back (exponential degree of ambiguity: each repetition of that string doubles
 * the ways to match). Such a loop costs time only when the match then fails, so a finding also
 * needs a suffix after which no path succeeds; the automaton is run on prefix + pump^k + suffix
 * to find one. Possessive quantifiers and atomic groups do not backtrack and are left out.
 *
 * Approximations, each on the side of reporting less: lookarounds always pass, a back-reference
 * never does, `{n,m}` with m > 1 is a loop, Unicode classes are approximated by ranges, and a
 * regex whose analysis would grow past fixed budgets is not reported.
 */

/** Hex escapes after `\x`, `\u` and Python's `\U`: braced digits or a fixed count. */
const HEX_ESCAPE = {
  x: /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{2}))/,
  u: /^(?:\{([0-9a-fA-F]+)\}|([0-9a-fA-F]{4}))/,
  U: /^[0-9a-fA-F]{8}/,
};

export type RegexFlavor = 'javascript' | 'python' | 'java' | 'dotnet';

export interface RegexFlags {
  ignoreCase?: boolean;
  multiline?: boolean;
  dotAll?: boolean;
  /** Whitespace and `#` comments in the pattern are ignored (Python VERBOSE, Java COMMENTS, .NET IgnorePatternWhitespace). */
  extended?: boolean;
}

export interface ExponentialWitness {
  /** A string that leads to the ambiguous loop, the string it can read in two ways, and a suffix that makes the match fail. */
  prefix: string;
  pump: string;
  suffix: string;
}

/**
 * Cheap pre-filter: exponential backtracking needs a group under an unbounded quantifier
 * (`(...)*`, `(...)+`, `(...){2,}`); most regexes have none and are not parsed.
 */
export function mayBacktrackExponentially(source: string): boolean {
  return /\)[*+]|\)\{\d/.test(source);
}

// ---------------------------------------------------------------------------------------------
// Character sets: sorted, disjoint, inclusive code point ranges [lo0, hi0, lo1, hi1, ...].

type CharSet = number[];
const MAX_CP = 0x10ffff;

function normalise(ranges: [number, number][]): CharSet {
  ranges.sort((a, b) => a[0] - b[0]);
  const out: CharSet = [];
  for (const [lo, hi] of ranges) {
    if (lo > hi) continue;
    const n = out.length;
    if (n && lo <= out[n - 1] + 1) out[n - 1] = Math.max(out[n - 1], hi);
    else out.push(lo, hi);
  }
  return out;
}

function pairs(s: CharSet): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < s.length; i += 2) out.push([s[i], s[i + 1]]);
  return out;
}

function union(...sets: CharSet[]): CharSet {
  return normalise(sets.flatMap(pairs));
}

function complement(s: CharSet): CharSet {
  const out: [number, number][] = [];
  let next = 0;
  for (let i = 0; i < s.length; i += 2) {
    if (s[i] > next) out.push([next, s[i] - 1]);
    next = s[i + 1] + 1;
  }
  if (next <= MAX_CP) out.push([next, MAX_CP]);
  return normalise(out);
}

function intersect(a: CharSet, b: CharSet): CharSet {
  const out: CharSet = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i], b[j]);
    const hi = Math.min(a[i + 1], b[j + 1]);
    if (lo <= hi) out.push(lo, hi);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return out;
}

function contains(s: CharSet, c: number): boolean {
  for (let i = 0; i < s.length; i += 2) {
    if (c < s[i]) return false;
    if (c <= s[i + 1]) return true;
  }
  return false;
}

/** ASCII letters in either case (enough for the regexes in code; other scripts keep their case). */
function caseFold(s: CharSet): CharSet {
  // One character (most atoms): its other case, without the general merge.
  if (s.length === 2 && s[0] === s[1]) {
    const c = s[0];
    if (c >= 0x41 && c <= 0x5a) return [c, c, c + 32, c + 32];
    if (c >= 0x61 && c <= 0x7a) return [c - 32, c - 32, c, c];
    return s;
  }
  const extra: [number, number][] = [];
  for (const [lo, hi] of pairs(s)) {
    const a = Math.max(lo, 0x41);
    const b = Math.min(hi, 0x5a);
    if (a <= b) extra.push([a + 32, b + 32]);
    const c = Math.max(lo, 0x61);
    const d = Math.min(hi, 0x7a);
    if (c <= d) extra.push([c - 32, d - 32]);
  }
  return extra.length ? union(s, normalise(extra)) : s;
}

/** A readable member of a set: a lower-case letter, digit or printable ASCII character when there is one. */
function pick(s: CharSet): number {
  for (const [lo, hi] of [[0x61, 0x7a], [0x30, 0x39], [0x41, 0x5a], [0x21, 0x7e], [0x20, 0x20], [0x0a, 0x0a]] as const) {
    const x = intersect(s, [lo, hi]);
    if (x.length) return x[0];
  }
  return s[0];
}

const ch = (c: string): CharSet => [c.codePointAt(0) as number, c.codePointAt(0) as number];
const DIGIT: CharSet = [0x30, 0x39];
const WORD: CharSet = normalise([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]]);
const SPACE: CharSet = normalise([[0x09, 0x0d], [0x20, 0x20], [0x85, 0x85], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff]]);
const HSPACE: CharSet = normalise([[0x09, 0x09], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000]]);
const LETTER: CharSet = normalise([[0x41, 0x5a], [0x61, 0x7a], [0xaa, 0xaa], [0xb5, 0xb5], [0xba, 0xba], [0xc0, 0xd6], [0xd8, 0xf6], [0xf8, 0x2af], [0x370, 0x1fff], [0x3040, 0xd7ff], [0xf900, 0xfdff], [0xfe70, 0xfefe], [0xff21, 0xffdc]]);
const ANY: CharSet = [0, MAX_CP];

/** What `.` matches without dotAll in each flavor. */
function dotSet(flavor: RegexFlavor): CharSet {
  if (flavor === 'python' || flavor === 'dotnet') return complement(ch('\n'));
  if (flavor === 'java') return complement(normalise([[0x0a, 0x0a], [0x0d, 0x0d], [0x85, 0x85], [0x2028, 0x2029]]));
  return complement(normalise([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]]));
}

/** `\p{...}` classes: the common ones as ranges; a regex with another is not analysed. */
function propertySet(name: string): CharSet {
  const n = name.replace(/^(Is|In)|[\s_-]/g, '').toLowerCase();
  if (/^(l|letter|alpha|alphabetic)$/.test(n)) return LETTER;
  if (/^(lu|upper|uppercaseletter|uppercase)$/.test(n)) return [0x41, 0x5a];
  if (/^(ll|lower|lowercaseletter|lowercase)$/.test(n)) return [0x61, 0x7a];
  if (/^(n|nd|digit|decimalnumber|number)$/.test(n)) return DIGIT;
  if (/^(alnum)$/.test(n)) return union(LETTER, DIGIT);
  if (/^(space|whitespace|z|zs)$/.test(n)) return SPACE;
  if (/^(punct|p)$/.test(n)) return normalise([[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]]);
  if (/^(xdigit|hexdigit)$/.test(n)) return normalise([[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]]);
  if (/^(ascii)$/.test(n)) return [0, 0x7f];
  if (/^(cntrl|cc)$/.test(n)) return normalise([[0, 0x1f], [0x7f, 0x9f]]);
  if (/^(blank)$/.test(n)) return HSPACE;
  if (/^(javalowercase)$/.test(n)) return [0x61, 0x7a];
  if (/^(javauppercase)$/.test(n)) return [0x41, 0x5a];
  // Others (marks, emoji, scripts): unknown, and any guess could invent an overlap.
  throw new Unsupported(`property ${name}`);
}

// ---------------------------------------------------------------------------------------------
// Parsing.

type Assertion = 'start' | 'lineStart' | 'end' | 'endOrFinalNewline' | 'lineEnd' | 'word' | 'nonWord' | 'look' | 'never';

type Term =
  | { t: 'chars'; set: CharSet }
  | { t: 'seq'; items: Term[] }
  | { t: 'alt'; alts: Term[] }
  | { t: 'rep'; body: Term; min: number; max: number; possessive: boolean }
  | { t: 'atomic'; body: Term }
  | { t: 'assert'; kind: Assertion; look?: { body: Term; negative: boolean; behind: boolean } };

class Unsupported extends Error {
  constructor(message: string) {
    // No stack: it is caught in this module, and a file's pre-parse test throws one for most of
    // the text it tries (minified code between two quotes), where capturing it cost more than the parse.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

interface Mode {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
}

class Parser {
  private pos = 0;
  /** Groups open at the current position. */
  private nesting = 0;
  /**
   * States that the top level's finished terms build (stateCount): a lower bound of the
   * automaton's size, as a top-level term is never quantified afterwards. Past MAX_STATES the
   * automaton could not be built, so the parse stops there (mostly minified code between two
   * quotes that a file's pre-parse test tries, regexUse.ts).
   */
  private topStates = 0;
  constructor(
    private readonly src: string,
    private readonly flavor: RegexFlavor,
    private readonly unicodeSets: boolean,
  ) {}

  parse(mode: Mode): Term {
    const t = this.alternation(mode);
    if (this.pos < this.src.length) throw new Unsupported(`unbalanced ) at ${this.pos}`);
    return t;
  }

  private peek(k = 0): string {
    return this.src[this.pos + k] ?? '';
  }

  private alternation(mode: Mode): Term {
    const alts: Term[] = [this.sequence(mode)];
    while (this.peek() === '|') {
      this.pos++;
      alts.push(this.sequence(mode));
    }
    return alts.length === 1 ? alts[0] : { t: 'alt', alts };
  }

  private sequence(mode: Mode): Term {
    const items: Term[] = [];
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      if (mode.x) {
        const c = this.peek();
        if (/\s/.test(c)) {
          this.pos++;
          continue;
        }
        if (c === '#') {
          while (this.pos < this.src.length && this.peek() !== '\n') this.pos++;
          continue;
        }
      }
      // Inline flags for the rest of the group: `(?i)`, `(?s-i)` (not JavaScript's; the test
      // is asked only where a group opens, as it runs for every atom).
      const flags = this.flavor !== 'javascript' && this.src.startsWith('(?', this.pos) ? /^\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?\)/.exec(this.src.slice(this.pos, this.pos + 20)) : null;
      if (flags && (flags[1] || flags[2])) {
        this.pos += flags[0].length;
        applyFlags(mode, flags[1], flags[2] ?? '');
        continue;
      }
      const atom = this.atom(mode);
      if (!atom) continue;
      const item = this.quantified(atom, mode);
      items.push(item);
      if (this.nesting === 0 && (this.topStates += stateCount(item)) > MAX_STATES) throw new Unsupported('too large');
    }
    return items.length === 1 ? items[0] : { t: 'seq', items };
  }

  private quantified(atom: Term, mode: Mode): Term {
    let t = atom;
    for (;;) {
      if (mode.x) while (/\s/.test(this.peek())) this.pos++;
      const c = this.peek();
      let min: number;
      let max: number;
      if (c === '*') [min, max] = [0, Infinity];
      else if (c === '+') [min, max] = [1, Infinity];
      else if (c === '?') [min, max] = [0, 1];
      else if (c === '{') {
        const m = (this.flavor === 'python' ? /^\{(\d*),?(\d*)\}/ : /^\{(\d+)(?:(,)(\d*))?\}/).exec(this.src.slice(this.pos));
        // Java refuses a `{` that does not start a quantifier; the others read it as a character.
        if (!m && this.flavor === 'java') throw new Unsupported('dangling {');
        if (!m) return t;
        if (this.flavor === 'python') {
          const full = m[0];
          min = m[1] ? Number(m[1]) : 0;
          max = full.includes(',') ? (m[2] ? Number(m[2]) : Infinity) : min;
        } else {
          min = Number(m[1]);
          max = m[2] ? (m[3] ? Number(m[3]) : Infinity) : min;
        }
        this.pos += m[0].length - 1;
      } else return t;
      this.pos++;
      let possessive = false;
      if (this.peek() === '?') this.pos++;
      else if (this.peek() === '+' && this.flavor === 'java') {
        possessive = true;
        this.pos++;
      }
      t = { t: 'rep', body: t, min, max, possessive };
    }
  }

  private atom(mode: Mode): Term | null {
    const c = this.src[this.pos++];
    switch (c) {
      case '(':
        return this.group(mode);
      case '[':
        return { t: 'chars', set: this.fold(this.charClass(mode), mode) };
      case '.':
        return { t: 'chars', set: mode.s ? ANY : dotSet(this.flavor) };
      case '^':
        return { t: 'assert', kind: mode.m ? 'lineStart' : 'start' };
      case '$':
        return { t: 'assert', kind: mode.m ? 'lineEnd' : this.flavor === 'javascript' ? 'end' : 'endOrFinalNewline' };
      case '\\':
        return this.escape(mode, false) as Term;
      default:
        return { t: 'chars', set: this.fold(ch(this.codePointFrom(c)), mode) };
    }
  }

  /** The whole code point at the character just read (a surrogate pair is one character). */
  /** One member of a class, its first character `c` already consumed: an escape, or a character (a surrogate pair whole). */
  private classAtom(c: string, mode: Mode): CharSet {
    if (c !== '\\') return ch(this.codePointFrom(c));
    const e = this.escape(mode, true);
    if (!Array.isArray(e)) throw new Unsupported('escape in class');
    return e;
  }

  private codePointFrom(c: string): string {
    const code = c.charCodeAt(0);
    if (code >= 0xd800 && code <= 0xdbff && this.pos < this.src.length) {
      const lo = this.src.charCodeAt(this.pos);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        this.pos++;
        return c + this.src[this.pos - 1];
      }
    }
    return c;
  }

  private fold(s: CharSet, mode: Mode): CharSet {
    return mode.i ? caseFold(s) : s;
  }

  private group(mode: Mode): Term {
    const inner: Mode = { ...mode };
    let kind: 'plain' | 'atomic' | 'look' | 'comment' = 'plain';
    let negative = false;
    let behind = false;
    const rest = this.src.slice(this.pos, this.pos + 40);
    let m: RegExpExecArray | null;
    if (rest.startsWith('?:')) this.pos += 2;
    else if (rest.startsWith('?>')) {
      kind = 'atomic';
      this.pos += 2;
    } else if (/^\?<?[=!]/.test(rest)) {
      kind = 'look';
      behind = rest[1] === '<';
      negative = rest[behind ? 2 : 1] === '!';
      this.pos += behind ? 3 : 2;
    } else if (rest.startsWith('?#')) {
      const end = this.src.indexOf(')', this.pos);
      if (end < 0) throw new Unsupported('unterminated comment');
      this.pos = end + 1;
      return { t: 'seq', items: [] };
    } else if ((m = /^\?P?<([A-Za-z_]\w*)>|^\?'([A-Za-z_]\w*)'/.exec(rest))) this.pos += m[0].length;
    else if ((m = /^\?P=(\w+)\)/.exec(rest))) {
      this.pos += m[0].length;
      return { t: 'assert', kind: 'never' };
    } else if ((m = /^\?([a-zA-Z]*)(?:-([a-zA-Z]*))?:/.exec(rest))) {
      this.pos += m[0].length;
      applyFlags(inner, m[1], m[2] ?? '');
    } else if (rest.startsWith('?(')) {
      // A conditional (`(?(1)yes|no)`): either branch.
      const end = this.src.indexOf(')', this.pos);
      if (end < 0) throw new Unsupported('bad conditional');
      this.pos = end + 1;
    } else if (rest.startsWith('?')) throw new Unsupported(`group (${rest.slice(0, 4)}`);
    this.nesting++;
    const body = this.alternation(inner);
    this.nesting--;
    if (this.peek() !== ')') throw new Unsupported('missing )');
    this.pos++;
    if (kind === 'look') return { t: 'assert', kind: 'look', look: { body, negative, behind } };
    if (kind === 'atomic') return { t: 'atomic', body };
    return body;
  }

  /** After a backslash: an escape outside or inside a class (`inClass`: `\b` is a backspace there). */
  private escape(mode: Mode, inClass: boolean): Term | CharSet {
    const c = this.src[this.pos++];
    if (c === undefined) throw new Unsupported('trailing backslash');
    const set = (s: CharSet): Term | CharSet => (inClass ? s : { t: 'chars', set: this.fold(s, mode) });
    switch (c) {
      case 'd':
        return set(DIGIT);
      case 'D':
        return set(complement(DIGIT));
      case 'w':
        return set(WORD);
      case 'W':
        return set(complement(WORD));
      case 's':
        return set(SPACE);
      case 'S':
        return set(complement(SPACE));
      case 'h':
        if (this.flavor === 'java') return set(HSPACE);
        break;
      case 'H':
        if (this.flavor === 'java') return set(complement(HSPACE));
        break;
      case 'v':
        if (this.flavor === 'java' && !inClass) return set(normalise([[0x0a, 0x0d], [0x85, 0x85], [0x2028, 0x2029]]));
        return set(ch('\v'));
      case 'R':
        if (this.flavor === 'java' && !inClass) return { t: 'alt', alts: [{ t: 'seq', items: [{ t: 'chars', set: ch('\r') }, { t: 'chars', set: ch('\n') }] }, { t: 'chars', set: normalise([[0x0a, 0x0d], [0x85, 0x85], [0x2028, 0x2029]]) }] };
        break;
      case 'n':
        return set(ch('\n'));
      case 'r':
        return set(ch('\r'));
      case 't':
        return set(ch('\t'));
      case 'f':
        return set(ch('\f'));
      case 'a':
        if (this.flavor !== 'javascript') return set([7, 7]);
        break;
      case 'e':
        if (this.flavor !== 'javascript') return set([27, 27]);
        break;
      case '0':
        if (!/[0-7]/.test(this.peek())) return set([0, 0]);
        return set(this.octal());
      case 'x':
        return set(this.hexCode(HEX_ESCAPE.x) ?? ch('x'));
      case 'u':
        return set(this.hexCode(HEX_ESCAPE.u) ?? ch('u'));
      case 'U':
        return set((this.flavor === 'python' ? this.hexCode(HEX_ESCAPE.U) : undefined) ?? ch('U'));
      case 'c': {
        const l = this.peek();
        if (/[A-Za-z]/.test(l)) {
          this.pos++;
          const v = l.toUpperCase().charCodeAt(0) % 32;
          return set([v, v]);
        }
        return set(ch('c'));
      }
      case 'p':
      case 'P': {
        const m = /^\{\^?([^}]*)\}|^([A-Z])/.exec(this.src.slice(this.pos));
        if (!m || this.flavor === 'python') return set(ch(c));
        this.pos += m[0].length;
        const s = propertySet((m[1] ?? m[2]).replace(/^.*=/, ''));
        const neg = (c === 'P') !== m[0].startsWith('{^');
        return set(neg ? complement(s) : s);
      }
      case 'N':
        if (this.flavor === 'python' && this.peek() === '{') {
          const end = this.src.indexOf('}', this.pos);
          this.pos = end < 0 ? this.src.length : end + 1;
          return set(ANY);
        }
        break;
      case 'Q':
        if (this.flavor === 'java' && !inClass) {
          const end = this.src.indexOf('\\E', this.pos);
          const lit = this.src.slice(this.pos, end < 0 ? undefined : end);
          this.pos = end < 0 ? this.src.length : end + 2;
          return { t: 'seq', items: [...lit].map((x) => ({ t: 'chars', set: this.fold(ch(x), mode) }) as Term) };
        }
        break;
      case 'E':
        if (this.flavor === 'java') return inClass ? [] : { t: 'seq', items: [] };
        break;
      case 'k':
        if (!inClass && /^[<{']/.test(this.peek())) {
          const end = this.src.slice(this.pos).search(/[>}']/);
          this.pos += end < 0 ? 0 : end + 1;
          return { t: 'assert', kind: 'never' };
        }
        break;
      case 'g':
        if (this.flavor === 'python' && !inClass) break;
        break;
    }
    if (!inClass) {
      switch (c) {
        case 'b':
          return { t: 'assert', kind: 'word' };
        case 'B':
          return { t: 'assert', kind: 'nonWord' };
        case 'A':
          if (this.flavor !== 'javascript') return { t: 'assert', kind: 'start' };
          break;
        case 'G':
          if (this.flavor === 'java' || this.flavor === 'dotnet') return { t: 'assert', kind: 'start' };
          break;
        case 'Z':
          if (this.flavor === 'python') return { t: 'assert', kind: 'end' };
          if (this.flavor !== 'javascript') return { t: 'assert', kind: 'endOrFinalNewline' };
          break;
        case 'z':
          if (this.flavor !== 'javascript' && this.flavor !== 'python') return { t: 'assert', kind: 'end' };
          break;
      }
      if (/[1-9]/.test(c)) {
        // A back-reference (in Python and Java also an octal escape when it cannot be one; rare).
        while (/[0-9]/.test(this.peek())) this.pos++;
        return { t: 'assert', kind: 'never' };
      }
    } else if (c === 'b') return [8, 8];
    if (/[1-7]/.test(c) && inClass) {
      this.pos--;
      return this.octal();
    }
    const cp = this.codePointFrom(c);
    return set(ch(cp));
  }

  /** The code point of a hex escape's digits at the cursor (`{hhhh}` or a fixed count), consumed; undefined when they are not there. */
  private hexCode(digits: RegExp): CharSet | undefined {
    const m = digits.exec(this.src.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    const v = parseInt(m[1] ?? m[2] ?? m[0], 16);
    return [v, v];
  }

  private octal(): CharSet {
    const m = /^[0-7]{1,3}/.exec(this.src.slice(this.pos)) as RegExpExecArray;
    this.pos += m[0].length;
    const v = parseInt(m[0], 8);
    return [v, v];
  }

  /** After `[`: the class's set (negation applied; case folding is the caller's). */
  private charClass(mode: Mode): CharSet {
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.pos++;
    }
    const parts: CharSet[] = [];
    let first = true;
    let intersectWith: CharSet | null = null;
    for (;;) {
      if (this.pos >= this.src.length) throw new Unsupported('unterminated class');
      const c = this.src[this.pos];
      if (c === ']' && !(first && this.flavor !== 'javascript')) {
        this.pos++;
        break;
      }
      first = false;
      // Java's nested classes and intersections (`[a-z&&[^e]]`), JavaScript's v-mode ones.
      if (c === '[' && (this.flavor === 'java' || this.unicodeSets)) {
        this.pos++;
        parts.push(this.charClass(mode));
        continue;
      }
      if (c === '&' && this.peek(1) === '&' && (this.flavor === 'java' || this.unicodeSets)) {
        this.pos += 2;
        const left = union(...parts);
        parts.length = 0;
        intersectWith = intersectWith ? intersect(intersectWith, left) : left;
        continue;
      }
      // A POSIX-like `[:alpha:]` is not a class in these flavors: its characters stand for themselves.
      this.pos++;
      const lo = this.classAtom(c, mode);
      // A range `a-z` (a class escape such as \w is never a range end).
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '' && lo.length === 2 && lo[0] === lo[1]) {
        const save = this.pos;
        this.pos++;
        const hi = this.classAtom(this.src[this.pos++], mode);
        if (hi.length === 2 && hi[0] === hi[1] && hi[0] >= lo[0]) {
          parts.push([lo[0], hi[0]]);
          continue;
        }
        // `[\w-.]`-like, or a reversed range (which Python refuses): the dash is a character.
        this.pos = save;
      }
      parts.push(lo);
    }
    let s = union(...parts);
    if (intersectWith) s = intersect(intersectWith, s);
    if (mode.i) s = caseFold(s);
    return negate ? complement(s) : s;
  }
}

function applyFlags(mode: Mode, on: string, off: string): void {
  for (const f of on) if (f === 'i' || f === 'm' || f === 's' || f === 'x') mode[f] = true;
  for (const f of off) if (f === 'i' || f === 'm' || f === 's' || f === 'x') mode[f] = false;
}

// ---------------------------------------------------------------------------------------------
// The automaton: character nodes (read one character of their set), assertion nodes, plain
// epsilon nodes, one accepting node.

interface State {
  kind: 'eps' | 'char' | 'assert' | 'accept';
  set?: CharSet;
  assertion?: Assertion;
  /** For a lookaround: its body's own automaton (built when first needed). */
  look?: { body: Term; negative: boolean; behind: boolean; automaton?: Automaton };
  out: number[];
  /**
   * Loop edges by target: `start` begins an iteration of loop `loop`, `back` ends one (and for
   * `x+` also begins the next). An epsilon path may not end an iteration it began: engines stop
   * a loop whose iteration matched nothing.
   */
  loops?: Map<number, { loop: number; start: boolean; back: boolean }>;
  /** Inside an atomic group or under a possessive quantifier: never backtracked into. */
  atomic: boolean;
  /** Inside a bounded repetition (`{1,3}`): a loop in the automaton, but one that reads a few characters only. */
  bounded?: boolean;
}

const MAX_STATES = 400;

/** The states Builder.build makes for a term (the automaton adds one, its accepting state). */
function stateCount(t: Term): number {
  switch (t.t) {
    case 'chars':
    case 'assert':
      return 2;
    case 'seq':
      return t.items.reduce((n, item) => n + stateCount(item), 1);
    case 'alt':
      return t.alts.reduce((n, a) => n + stateCount(a), 2);
    case 'atomic':
      return stateCount(t.body);
    case 'rep':
      if (t.max === 0) return 1;
      if (t.min === t.max) return t.min === 1 ? stateCount(t.body) : 1 + 2 * stateCount(t.body);
      return stateCount(t.body) + 2;
  }
}

class Builder {
  readonly states: State[] = [];
  private loops = 0;
  private boundedDepth = 0;

  private tag(from: number, to: number, t: { loop: number; start: boolean; back: boolean }): void {
    (this.states[from].loops ??= new Map()).set(to, t);
  }

  add(kind: State['kind'], atomic: boolean, set?: CharSet, assertion?: Assertion, look?: State['look']): number {
    if (this.states.length >= MAX_STATES) throw new Unsupported('too large');
    // Every state with the same fields (absent ones undefined), made without spreading objects:
    // an analysis runs a few hundred times in a scan, mostly before the optimiser, where a spread was most of a build.
    this.states.push({ kind, set, assertion, look, out: [], loops: undefined, atomic, bounded: this.boundedDepth > 0 ? true : undefined });
    return this.states.length - 1;
  }

  /** Builds a term between two states; returns [entry, exit]. */
  build(t: Term, atomic: boolean): [number, number] {
    switch (t.t) {
      case 'chars': {
        const a = this.add('char', atomic, t.set);
        const b = this.add('eps', atomic);
        this.states[a].out.push(b);
        return [a, b];
      }
      case 'assert': {
        const a = this.add('assert', atomic, undefined, t.kind, t.look ? { body: t.look.body, negative: t.look.negative, behind: t.look.behind, automaton: undefined } : undefined);
        const b = this.add('eps', atomic);
        this.states[a].out.push(b);
        return [a, b];
      }
      case 'seq': {
        const entry = this.add('eps', atomic);
        let cur = entry;
        for (const item of t.items) {
          const [s, e] = this.build(item, atomic);
          this.states[cur].out.push(s);
          cur = e;
        }
        return [entry, cur];
      }
      case 'alt': {
        const entry = this.add('eps', atomic);
        const exit = this.add('eps', atomic);
        for (const a of t.alts) {
          const [s, e] = this.build(a, atomic);
          this.states[entry].out.push(s);
          this.states[e].out.push(exit);
        }
        return [entry, exit];
      }
      case 'atomic':
        return this.build(t.body, true);
      case 'rep': {
        const inner = atomic || t.possessive;
        if (t.max === 0) {
          const e = this.add('eps', atomic);
          return [e, e];
        }
        if (t.min === t.max) {
          // `x{n}`: x once, or for n > 1 twice (what follows the first copy is more x, as in the regex).
          if (t.min === 1) return this.build(t.body, inner);
          return this.build({ t: 'seq', items: [t.body, t.body] }, inner);
        }
        if (t.max === 1) {
          const [s, e] = this.build(t.body, inner);
          const entry = this.add('eps', atomic);
          const exit = this.add('eps', atomic);
          this.states[entry].out.push(s, exit);
          this.states[e].out.push(exit);
          return [entry, exit];
        }
        // A loop, built so that one epsilon path leads from the body's end to each next step
        // (two would be two ways to match): `x*` is entry -> (body | exit), body -> entry;
        // `x+` is entry -> body, body -> (body | exit).
        const entry = this.add('eps', atomic);
        const exit = this.add('eps', atomic);
        if (t.max !== Infinity) this.boundedDepth++;
        const [s, e] = this.build(t.body, inner);
        if (t.max !== Infinity) this.boundedDepth--;
        const loop = this.loops++;
        this.states[entry].out.push(s);
        this.tag(entry, s, { loop, start: true, back: false });
        if (t.min === 0) {
          this.states[entry].out.push(exit);
          this.states[e].out.push(entry);
          this.tag(e, entry, { loop, start: false, back: true });
        } else {
          this.states[e].out.push(s, exit);
          this.tag(e, s, { loop, start: true, back: true });
        }
        return [entry, exit];
      }
    }
  }
}

/**
 * Whether an assertion passes between `prev` and `next` (-1: none), at the end (`atEnd`) or
 * just before a final newline (`finalNewline`).
 */
function passes(a: Assertion, prev: number, next: number, atEnd: boolean, finalNewline: boolean): boolean {
  switch (a) {
    case 'start':
      return prev < 0;
    case 'lineStart':
      return prev < 0 || prev === 10;
    case 'end':
      return atEnd;
    case 'endOrFinalNewline':
      return atEnd || finalNewline;
    case 'lineEnd':
      return next < 0 || next === 10;
    case 'word':
      return isWord(prev) !== isWord(next);
    case 'nonWord':
      return isWord(prev) === isWord(next);
    case 'look':
      return true;
    case 'never':
      return false;
  }
}

function isWord(c: number): boolean {
  return c >= 0 && contains(WORD, c);
}

/** Too many epsilon paths or pairs to look at: the regex is not reported. */
const PATH_BUDGET = 20_000;

interface Edge {
  to: number;
  /** Which epsilon path: two edges to one state by different paths are different ways to match. */
  path: number;
  /** What the target may read by this path: its set, narrowed by lookaheads of one character class passed on the way (`''?(?=[^'])`). */
  set: CharSet;
}

/** For a lookahead whose body is one character class: the set the next character must (or, negated, must not) be in. */
function lookaheadSet(look: NonNullable<State['look']>): CharSet | null {
  if (look.behind) return null;
  let body = look.body;
  while (body.t === 'seq' && body.items.length === 1) body = body.items[0];
  if (body.t !== 'chars') return null;
  return look.negative ? complement(body.set) : body.set;
}

/** Triple-product steps a polynomial search may take over all pairs of loops. */
const POLY_BUDGET = 60_000;

/** Characters an analysis may simulate in all (the suffix search), so that one regex costs a few milliseconds at most. */
const SIMULATION_BUDGET = 12_000;

/** An automaton and a simulation of it on a given string. */
class Automaton {
  readonly s: State[];
  readonly start: number;
  protected readonly accept: number;
  /** Characters simulated so far (see SIMULATION_BUDGET). */
  private steps = 0;

  constructor(term: Term) {
    const b = new Builder();
    const [s, e] = b.build(term, false);
    this.accept = b.add('accept', false);
    b.states[e].out.push(this.accept);
    this.s = b.states;
    this.start = s;
  }

  /**
   * closure's and run's bookkeeping, kept for the automaton's life: the suffix search simulates
   * thousands of steps per regex, and a Set of seen states and new lists per step were most of
   * what an analysis allocated. State n was seen in the current closure when seen[n] === pass.
   * The lists are used up to a count and never shortened (V8 drops an array's storage when its
   * length is set to 0). One run or closure is under way at a time per automaton (a lookahead's
   * runs are its own automaton's).
   */
  private seen: Uint32Array | undefined;
  private pass = 0;
  private readonly stack: number[] = [];
  private readonly reached: number[] = [];
  private readonly reading: number[] = [];
  /** Whether the last closure reached the accepting state. */
  private accepted = false;

  /**
   * The character states reached by epsilon steps at position i of `text`, written to `chars` in
   * the order first reached (their number is returned; `this.accepted` says whether the
   * accepting state was reached), from the first `fromCount` states of `from` (states that have
   * read their character, or with `initial` the start state). Lookaheads are tried on the rest of
   * the text; lookbehinds pass. `start`: where the text simulated begins (before it, `before` is
   * the previous character).
   */
  closure(from: readonly number[], fromCount: number, text: readonly number[], i: number, initial: boolean, before: number, chars: number[], lenient = false, start = 0): number {
    const next = i < text.length ? text[i] : -1;
    const prev = i > start ? text[i - 1] : before;
    const atEnd = i === text.length;
    const finalNewline = i === text.length - 1 && next === 10;
    const seen = (this.seen ??= new Uint32Array(this.s.length));
    if (++this.pass === 0xffffffff) {
      seen.fill(0);
      this.pass = 1;
    }
    const pass = this.pass;
    let count = 0;
    let accepted = false;
    const stack = this.stack;
    let top = 0;
    // Indexed loops: an analysis runs rarely, mostly before the optimiser, where `for of` makes iterator objects.
    for (let k = 0; k < fromCount; k++) {
      if (initial) stack[top++] = from[k];
      else {
        const out = this.s[from[k]].out;
        for (let j = 0; j < out.length; j++) stack[top++] = out[j];
      }
    }
    while (top > 0) {
      const n = stack[--top];
      if (seen[n] === pass) continue;
      seen[n] = pass;
      const st = this.s[n];
      if (st.kind === 'char') {
        chars[count++] = n;
        continue;
      }
      if (st.kind === 'accept') {
        accepted = true;
        continue;
      }
      // `lenient`: at the start, with the text still unknown, what depends on the next character passes.
      if (st.kind === 'assert' && !passes(st.assertion as Assertion, prev, next, atEnd, finalNewline) && !(lenient && st.assertion !== 'never' && st.assertion !== 'start')) continue;
      if (st.look && !st.look.behind && !lenient) {
        const sub = (st.look.automaton ??= new Automaton(st.look.body));
        if (sub.matchesAt(text, i, prev) === st.look.negative) continue;
      }
      const out = st.out;
      for (let j = 0; j < out.length; j++) stack[top++] = out[j];
    }
    this.accepted = accepted;
    return count;
  }

  /** The character states reached from the start before any text (what depends on the text passes). */
  initialStates(): number[] {
    const out: number[] = [];
    const n = this.closure([this.start], 1, [], 0, true, -1, out, true);
    return out.slice(0, n);
  }

  /** Whether a match of this automaton starts at position i of `text` (for a lookahead). */
  matchesAt(text: readonly number[], i: number, before: number): boolean {
    return this.run([this.start], true, before, text, false, i);
  }

  /**
   * Runs from `from` over `text` from position `start` on (`before`: the character before it):
   * whether the accepting state is reached (at the end only, when `whole`).
   */
  run(from: readonly number[], initial: boolean, before: number, text: readonly number[], whole: boolean, start = 0): boolean {
    this.steps += text.length - start + 1;
    if (this.steps > SIMULATION_BUDGET) throw new Unsupported('simulation');
    const count = this.closure(from, from.length, text, start, initial, before, this.reached, false, start);
    return this.simulate(count, text, start, start, before, whole, -1) === true;
  }

  /**
   * run's loop from position i (the closure there already in `this.reached`, `count` states,
   * and `this.accepted`): whether the accepting state is reached, or, if it gets to position
   * `stop` undecided, the number of states reached there.
   */
  private simulate(count: number, text: readonly number[], i: number, start: number, before: number, whole: boolean, stop: number): boolean | number {
    // The states reached (closure fills it) and those of them that read the next character.
    const cur = this.reached;
    const read = this.reading;
    for (; ; i++) {
      if (this.accepted && (!whole || i === text.length)) return true;
      if (i === text.length) return false;
      if (i === stop) return count;
      const c = text[i];
      let readCount = 0;
      for (let k = 0; k < count; k++) if (contains(this.s[cur[k]].set as CharSet, c)) read[readCount++] = cur[k];
      if (!readCount) return false;
      count = this.closure(read, readCount, text, i + 1, false, before, cur, false, start);
    }
  }

  /**
   * run(from, false, before, text, whole) for texts that are `body` followed by a short suffix
   * (which `texts[n]` holds for a suffix of n characters, written in place before each call),
   * with the same answers and the same count of simulated steps (the budget is reached on the
   * same call, as the analysis's answer depends on it). Where the automaton has no lookahead, a
   * closure before body's last character reads only body (the character before, the next one,
   * and neither the end nor a final newline is near): that part is simulated once for all suffixes.
   */
  protected runsAfter(from: readonly number[], before: number, body: readonly number[], texts: readonly (readonly number[])[], whole: boolean): (n: number) => boolean {
    if (body.length < 2 || this.s.some((st) => st.look && !st.look.behind)) return (n) => this.run(from, false, before, texts[n], whole);
    const at = body.length - 2;
    let shared: boolean | { states: number[]; accepted: boolean } | undefined;
    return (n) => {
      const text = texts[n];
      this.steps += text.length + 1;
      if (this.steps > SIMULATION_BUDGET) throw new Unsupported('simulation');
      if (shared === undefined) {
        const count = this.closure(from, from.length, text, 0, false, before, this.reached, false, 0);
        const r = this.simulate(count, text, 0, 0, before, whole, at);
        shared = typeof r === 'number' ? { states: this.reached.slice(0, r), accepted: this.accepted } : r;
      }
      if (typeof shared === 'boolean') return shared;
      const cur = this.reached;
      for (let k = 0; k < shared.states.length; k++) cur[k] = shared.states[k];
      this.accepted = shared.accepted;
      return this.simulate(shared.states.length, text, at, 0, before, whole, -1) === true;
    };
  }
}

class Analysis extends Automaton {
  private budget = PATH_BUDGET;

  constructor(
    term: Term,
    private readonly whole: boolean,
  ) {
    super(term);
  }

  /**
   * Character states reachable from `from`'s successors through epsilon and assertion nodes,
   * between two characters (a loop reads one after another), one edge per distinct simple path
   * (at most two per target: more add nothing). `^` and `$` do not pass between two characters
   * unless multi-line (then they are taken to pass); lookarounds are taken to pass.
   */
  private successors(from: number): Edge[] {
    const counts = new Map<number, number>();
    const out: Edge[] = [];
    // Loops whose current iteration began on this path (it may not end before reading).
    const begun = new Set<number>();
    const walk = (n: number, depth: number, need: CharSet | null): void => {
      if (--this.budget < 0 || depth > MAX_STATES) throw new Unsupported('epsilon paths');
      const st = this.s[n];
      if (st.kind === 'char') {
        const set = need ? intersect(need, st.set as CharSet) : (st.set as CharSet);
        const k = counts.get(n) ?? 0;
        if (k < 2 && set.length) {
          counts.set(n, k + 1);
          out.push({ to: n, path: k, set });
        }
        return;
      }
      if (st.kind === 'accept') return;
      if (st.kind === 'assert') {
        const a = st.assertion as Assertion;
        if (a === 'start' || a === 'end' || a === 'endOrFinalNewline' || a === 'never') return;
        const la = st.look ? lookaheadSet(st.look) : null;
        if (la) {
          need = need ? intersect(need, la) : la;
          if (!need.length) return;
        }
      }
      for (const o of st.out) {
        const t = st.loops?.get(o);
        if (!t) {
          walk(o, depth + 1, need);
          continue;
        }
        if (t.back && begun.has(t.loop)) continue;
        const had = begun.has(t.loop);
        if (t.start) begun.add(t.loop);
        walk(o, depth + 1, need);
        if (t.start && !had) begun.delete(t.loop);
      }
    };
    for (const o of this.s[from].out) walk(o, 1, null);
    return out;
  }

  find(): ExponentialWitness | null {
    const succ = this.s.map((st, i) => (st.kind === 'char' ? this.successors(i) : []));
    const initial = this.initialStates();
    const chars = this.s.map((st, i) => (st.kind === 'char' ? i : -1)).filter((i) => i >= 0);
    // Components of the character graph: a cycle of pairs lies within one component in both.
    const comp = sccs(this.s.length, targets(succ), chars);
    const byComp = new Map<number, number[]>();
    for (const c of chars) {
      const l = byComp.get(comp[c]);
      if (l) l.push(c);
      else byComp.set(comp[c], [c]);
    }
    for (const members of byComp.values()) {
      const inLoop = members.length > 1 || succ[members[0]].some((e) => e.to === members[0]);
      if (!inLoop || members.some((m) => this.s[m].atomic)) continue;
      for (const w of this.ambiguousLoops(members, succ, comp)) {
        const prefix = this.prefixTo(w.at, initial, succ);
        if (prefix === null) continue;
        // The pump's characters: readable ones first, then those the fewest of the regex's sets hold
        // (a newline where `[\s]` and `.` both read a space).
        for (const pump of [w.pump.map(pick), w.pump.map((set) => this.rarest(set))]) {
          const suffix = this.rejectingSuffix(w.at, pump);
          if (suffix !== null) return { prefix: str(prefix), pump: str(pump), suffix: str(suffix) };
        }
      }
    }
    return null;
  }

  /**
   * A witness of polynomial (quadratic or worse) backtracking: two different looping character
   * states p and q and a string v that leads from p back to p, from p to q and from q back to q
   * (for the search, the regex is preceded by a loop over any character, the engine's retry at
   * each position, so `\s+$` has p in that loop and q in `\s+`). Repeating v n times gives about
   * n ways to split the text between the two loops; a suffix on which the whole match fails makes
   * the engine try all of them, at each of n positions. Loops of bounded repetitions (`{1,3}`) and
   * atomic ones are not counted.
   */
  findPolynomial(): ExponentialWitness | null {
    const succ = this.s.map((st, i) => (st.kind === 'char' ? this.successors(i) : []));
    const initial = this.initialStates();
    const comp = sccs(this.s.length, targets(succ), this.s.map((_, i) => i).filter((i) => this.s[i].kind === 'char'));
    const looping = this.s.map((st, i) => st.kind === 'char' && !st.atomic && !st.bounded && succ[i].some((e) => comp[e.to] === comp[i]));
    // What each character state reaches (p must reach q), by breadth-first search.
    const reach = (from: number): Set<number> => {
      const seen = new Set<number>([from]);
      const queue = [from];
      for (let h = 0; h < queue.length; h++) for (const e of succ[queue[h]]) if (!seen.has(e.to)) (seen.add(e.to), queue.push(e.to));
      return seen;
    };
    const loops = this.s.map((_, i) => i).filter((i) => looping[i]);
    let ops = 0;
    let tried = 0;
    for (const p of loops) {
      const fromP = reach(p);
      for (const q of loops) {
        if (q === p || !fromP.has(q)) continue;
        if (++tried > 60) throw new Unsupported('too many loop pairs');
        // Breadth-first over triples (a, b, c) from (p, p, q) to (p, q, q): a stays in p's loop, c in q's.
        const n = this.s.length;
        const key = (a: number, b: number, c: number): number => (a * n + b) * n + c;
        const goal = key(p, q, q);
        const prev = new Map<number, { from: number; set: CharSet }>();
        const queue: [number, number, number][] = [[p, p, q]];
        let found = false;
        for (let h = 0; h < queue.length && !found; h++) {
          const [a, b, c] = queue[h];
          const k0 = key(a, b, c);
          for (const e1 of succ[a]) {
            if (comp[e1.to] !== comp[p]) continue;
            for (const e3 of succ[c]) {
              if (comp[e3.to] !== comp[q]) continue;
              const s13 = intersect(e1.set, e3.set);
              if (!s13.length) continue;
              for (const e2 of succ[b]) {
                if (++ops > POLY_BUDGET) throw new Unsupported('polynomial search');
                const set = intersect(s13, e2.set);
                if (!set.length) continue;
                const k = key(e1.to, e2.to, e3.to);
                if (prev.has(k)) continue;
                prev.set(k, { from: k0, set });
                if (k === goal) {
                  found = true;
                  break;
                }
                queue.push([e1.to, e2.to, e3.to]);
              }
              if (found) break;
            }
            if (found) break;
          }
        }
        if (!found) continue;
        const pumpSets: CharSet[] = [];
        const startKey = key(p, p, q);
        for (let k = goal; ; ) {
          const x = prev.get(k) as { from: number; set: CharSet };
          pumpSets.unshift(x.set);
          k = x.from;
          if (k === startKey) break;
        }
        const prefix = this.prefixTo(p, initial, succ);
        if (prefix === null) continue;
        for (const pump of [pumpSets.map(pick), pumpSets.map((set) => this.rarest(set))]) {
          const reps = Math.max(4, Math.ceil(16 / pump.length));
          const body: number[] = [...prefix];
          for (let i = 0; i < reps; i++) body.push(...pump);
          // A text per suffix length (failingSuffix tries up to two characters), the suffix written in place.
          const from = [this.start];
          const texts = [body, [...body, 0], [...body, 0, 0]];
          const rejects = (sfx: readonly number[]): boolean => {
            const text = texts[sfx.length];
            for (let k = 0; k < sfx.length; k++) text[body.length + k] = sfx[k];
            return !this.run(from, true, -1, text, this.whole);
          };
          // A search ends at its first match, so one suffix character decides; pairs only for a whole match (cost).
          const suffix = this.failingSuffix(rejects, this.whole);
          if (suffix !== null) return { prefix: str(prefix), pump: str(pump), suffix: str(suffix) };
        }
      }
    }
    return null;
  }

  /**
   * States q of the component, each with a string that leads from q back to q along two
   * different paths: a cycle, in the product of the automaton with itself, through (q, q) and a
   * pair of different states or a pair of different edges.
   */
  private *ambiguousLoops(members: number[], succ: Edge[][], comp: number[]): Generator<{ at: number; pump: CharSet[] }> {
    const n = members.length;
    if (n > 150) throw new Unsupported('component too large');
    // Two paths part only where a state has two edges (in the component) that read a common
    // character. With no such fork the searches below walk the diagonal pairs and find nothing
    // (most regexes a file's test tries): they are skipped, and what they would have taken of
    // the budget is taken (edgesOf, for every (a, a): each pair of a's edges in the component),
    // so that a later component runs out of it exactly where it did.
    let cost = 0;
    let forks = false;
    for (const a of members) {
      const own = succ[a].filter((e) => comp[e.to] === comp[a]);
      cost += own.length * own.length;
      for (let i = 0; i < own.length && !forks; i++) for (let j = i + 1; j < own.length && !forks; j++) if (intersect(own[i].set, own[j].set).length) forks = true;
      if (forks) break;
    }
    if (!forks) {
      this.budget -= cost;
      if (this.budget < 0) throw new Unsupported('product');
      return;
    }
    const idx = new Map(members.map((m, i) => [m, i]));
    const key = (a: number, b: number): number => (idx.get(a) as number) * n + (idx.get(b) as number);
    // Product edges: from pair (a, b) to (x, y) with a character both read; `split` when the two edges differ.
    const edges = new Map<number, { to: number; x: number; y: number; split: boolean; set: CharSet }[]>();
    const edgesOf = (a: number, b: number): { to: number; x: number; y: number; split: boolean; set: CharSet }[] => {
      const k = key(a, b);
      let list = edges.get(k);
      if (!list) {
        list = [];
        for (const e1 of succ[a]) {
          if (comp[e1.to] !== comp[a]) continue;
          for (const e2 of succ[b]) {
            if (comp[e2.to] !== comp[a]) continue;
            if (--this.budget < 0) throw new Unsupported('product');
            const set = intersect(e1.set, e2.set);
            if (!set.length) continue;
            list.push({ to: key(e1.to, e2.to), x: e1.to, y: e2.to, split: a === b && (e1.to !== e2.to || e1.path !== e2.path), set });
          }
        }
        edges.set(k, list);
      }
      return list;
    };
    let tried = 0;
    for (const q of members) {
      // Breadth-first from (q, q) over pairs, in two layers (before and after the paths split),
      // back to (q, q) in the second.
      const startKey = key(q, q);
      const layerKey = (k: number, split: boolean): number => k * 2 + (split ? 1 : 0);
      const prevOf = new Map<number, { from: number; c: CharSet }>();
      const queue: [number, number, number, boolean][] = [[q, q, startKey, false]];
      prevOf.set(layerKey(startKey, false), { from: -1, c: [] });
      let found: number | null = null;
      for (let h = 0; h < queue.length && found === null; h++) {
        const [a, b, k, split] = queue[h];
        for (const e of edgesOf(a, b)) {
          const s2 = split || e.split || e.x !== e.y;
          const lk = layerKey(e.to, s2);
          if (prevOf.has(lk)) continue;
          const c = e.set;
          prevOf.set(lk, { from: layerKey(k, split), c });
          if (e.to === startKey && s2) {
            found = lk;
            break;
          }
          queue.push([e.x, e.y, e.to, s2]);
        }
      }
      if (found === null) continue;
      const pump: CharSet[] = [];
      for (let lk = found; lk !== layerKey(startKey, false); ) {
        const p = prevOf.get(lk) as { from: number; c: CharSet };
        pump.unshift(p.c);
        lk = p.from;
      }
      yield { at: q, pump };
      if (++tried >= 8) return;
    }
  }

  /** The member of `set` among its range ends and a few common characters that the fewest character states read. */
  private rarest(set: CharSet): number {
    const options = new Set<number>([pick(set)]);
    for (let i = 0; i < set.length && options.size < 40; i += 2) options.add(set[i]).add(set[i + 1]);
    for (const c of [0x0a, 0x0d, 0x09, 0x20, 0x22, 0x27, 0x5c]) if (contains(set, c)) options.add(c);
    let best = set[0];
    let bestCount = Infinity;
    for (const c of options) {
      const n = this.s.filter((st) => st.kind === 'char' && contains(st.set as CharSet, c)).length;
      if (n < bestCount) [best, bestCount] = [c, n];
    }
    return best;
  }

  /** A shortest string from the start that ends by reading state `q`'s character. */
  private prefixTo(q: number, initial: number[], succ: Edge[][]): number[] | null {
    const prev = new Map<number, number>();
    const queue: number[] = [];
    for (const i of initial) {
      if (!prev.has(i)) {
        prev.set(i, -1);
        queue.push(i);
      }
    }
    for (let h = 0; h < queue.length; h++) {
      const n = queue[h];
      if (n === q) {
        const path: number[] = [];
        for (let x = n; x !== -1; x = prev.get(x) as number) path.unshift(pick(this.s[x].set as CharSet));
        return path;
      }
      for (const e of succ[n]) {
        if (prev.has(e.to)) continue;
        prev.set(e.to, n);
        queue.push(e.to);
      }
    }
    return null;
  }

  /**
   * A suffix that every way of continuing from q after the pump repeated fails on (none reaches
   * the accepting state, which for a search is success at any point), or null. The empty
   * suffix, one character and two characters are tried, from characters at the edges of the
   * regex's sets and a few common ones.
   */
  private rejectingSuffix(q: number, pump: number[]): number[] | null {
    const reps = Math.max(3, Math.ceil(12 / pump.length));
    const body: number[] = [];
    for (let i = 0; i < reps; i++) body.push(...pump);
    const before = pump[pump.length - 1];
    // A text per suffix length (failingSuffix tries up to two characters), the suffix written in place.
    const texts = [body, [...body, 0], [...body, 0, 0]];
    const runs = this.runsAfter([q], before, body, texts, this.whole);
    return this.failingSuffix((suffix) => {
      const text = texts[suffix.length];
      for (let k = 0; k < suffix.length; k++) text[body.length + k] = suffix[k];
      return !runs(suffix.length);
    });
  }

  /** The empty suffix, one character or two (never more), from the edges of the regex's sets and a few common ones, on which `rejects` holds, or null. */
  protected failingSuffix(rejects: (suffix: readonly number[]) => boolean, pairs = true): number[] | null {
    const candidates = new Set<number>([0x21, 0x0a, 0x20, 0x61, 0x30, 0x5f, 0x22, 0x27, 0x3c, 0x2f, 0x2603]);
    for (const st of this.s) {
      if (st.kind !== 'char') continue;
      const set = st.set as CharSet;
      for (let i = 0; i < set.length && candidates.size < 32; i += 2) {
        candidates.add(set[i]);
        if (set[i] > 0) candidates.add(set[i] - 1);
        if (set[i + 1] < MAX_CP) candidates.add(set[i + 1] + 1);
      }
    }
    // One suffix array refilled for each try; the one that fails is returned as a copy.
    const sfx: number[] = [];
    if (rejects(sfx)) return [];
    const singles = [...candidates];
    for (const c of singles) {
      sfx[0] = c;
      if (rejects(sfx)) return [c];
    }
    if (!pairs) return null;
    const few = singles.slice(0, 12);
    for (const a of few) {
      sfx[0] = a;
      for (const b of few) {
        sfx[1] = b;
        if (rejects(sfx)) return [a, b];
      }
    }
    return null;
  }
}

function str(cps: number[]): string {
  return cps.map((c) => String.fromCodePoint(c)).join('');
}

/** The states each state's edges lead to, as sccs reads them (it asks a node again for each of its edges: made once). */
function targets(succ: Edge[][]): (n: number) => number[] {
  const to = succ.map((es) => es.map((e) => e.to));
  return (n) => to[n];
}

/**
 * Tarjan's strongly connected components (iterative), of the nodes reachable from `roots` (tried
 * in their order); component ids per node, -1 for the others. The character graph's edges lead
 * to character states only, so its other states (most of an automaton's) need no visit: they are
 * components of their own that nothing reads.
 */
function sccs(n: number, next: (i: number) => number[], roots: readonly number[]): number[] {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Array<number>(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  // The depth-first work: a node and the next of its edges to follow (two lists, no pair objects).
  const workNode: number[] = [];
  const workEdge: number[] = [];
  let counter = 0;
  let compCount = 0;
  for (const root of roots) {
    if (index[root] !== -1) continue;
    workNode.push(root);
    workEdge.push(0);
    while (workNode.length) {
      const top = workNode.length - 1;
      const v = workNode[top];
      const i = workEdge[top];
      if (i === 0 && index[v] === -1) {
        index[v] = low[v] = counter++;
        stack.push(v);
        onStack[v] = 1;
      }
      const outs = next(v);
      if (i < outs.length) {
        workEdge[top]++;
        const w = outs[i];
        if (index[w] === -1) {
          workNode.push(w);
          workEdge.push(0);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      if (low[v] === index[v]) {
        for (;;) {
          const w = stack.pop() as number;
          onStack[w] = 0;
          comp[w] = compCount;
          if (w === v) break;
        }
        compCount++;
      }
      workNode.pop();
      workEdge.pop();
      if (workNode.length) {
        const u = workNode[workNode.length - 1];
        low[u] = Math.min(low[u], low[v]);
      }
    }
  }
  return comp;
}

/**
 * Whether, for the first top-level alternative that backtracks, an alternative before it matches
 * that alternative's attack string: the engine tries the alternatives in order and stops at that
 * match (`[\s\S]+|(a+)*$` never reaches its second half), so the attack costs nothing.
 */
function earlierAlternativeMatches(alts: Term[], whole: boolean): boolean {
  for (let j = 0; j < alts.length; j++) {
    const w = new Analysis(alts[j], whole).find();
    if (!w) continue;
    const reps = Math.max(3, Math.ceil(12 / Math.max(1, w.pump.length)));
    const text = [...(w.prefix + w.pump.repeat(reps) + w.suffix)].map((c) => c.codePointAt(0) as number);
    return alts.slice(0, j).some((a) => {
      const m = new Automaton(a);
      return m.run([m.start], true, -1, text, whole);
    });
  }
  return false;
}

const memo = new Map<string, ExponentialWitness | null>();
/**
 * Texts (by flavor, `x` and `v`) that cannot backtrack exponentially whatever the i, m and s
 * flags and `whole`, or are not analysed: they do not parse, no loop of theirs holds a choice
 * (loopHoldsChoice), or their automaton has too many states (MAX_STATES; the states are built
 * from the terms' shape alone, `whole` is not read). None depends on those flags (they change
 * the sets and assertions read, never how far the parser reads nor the terms' shape): text that
 * failed once, as a file's pre-parse test tries it with and without them (regexUse.ts; mostly
 * minified code between two quotes), is not parsed again.
 */
const hopeless = new Map<string, true>();

/**
 * What an analysis's result depends on: the flavor, the flags that change what is read, `whole`,
 * the text. Keys are made with Array#join, which copies the characters: the source is often a
 * slice of a scanned file's text (a string literal), and a concatenation would keep that whole
 * text alive for as long as the key is cached (up to CACHE_SIZE files' texts per cache).
 */
function analysisKey(source: string, flavor: RegexFlavor, flags: RegexFlags, whole: boolean, unicodeSets: boolean): string {
  return [flavor, `${flags.ignoreCase ? 'i' : ''}${flags.multiline ? 'm' : ''}${flags.dotAll ? 's' : ''}${flags.extended ? 'x' : ''}${whole ? 'w' : ''}${unicodeSets ? 'v' : ''}`, source].join('\0');
}

/** The key of what depends on the syntax alone (see `hopeless`); a copy of the source, as analysisKey's. */
function syntaxKey(source: string, flavor: RegexFlavor, flags: RegexFlags, unicodeSets: boolean): string {
  return [flavor, `${flags.extended ? 'x' : ''}${unicodeSets ? 'v' : ''}`, source].join('\0');
}

function modeOf(flags: RegexFlags): Mode {
  return { i: !!flags.ignoreCase, m: !!flags.multiline, s: !!flags.dotAll, x: !!flags.extended };
}

/** Results kept per cache: a scan of many files meets many one-off patterns, and the same libraries' patterns again and again. */
const CACHE_SIZE = 2000;

/**
 * Keeps a result, bounded, least recently used first out (a full clear would drop the patterns
 * that recur in file after file along with the one-offs).
 */
function remember<V>(cache: Map<string, V>, key: string, out: V): V {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, out);
  return out;
}

/** Whether the cache holds the key; a hit moves it to the recent end. */
function recall<V>(cache: Map<string, V>, key: string): boolean {
  const v = cache.get(key);
  if (v === undefined && !cache.has(key)) return false;
  cache.delete(key);
  cache.set(key, v as V);
  return true;
}

/**
 * Whether a loop (a quantifier with a maximum above one, not an exact count) holds a choice: an
 * alternation or a quantifier other than an exact count inside its body (a lookaround's too,
 * generously). Without one, each loop's body
 * is a fixed run of sets and assertions, its states form a single cycle in the automaton with
 * one epsilon path from each state to the next (no loop is nested in another), so no state has
 * two ways back to itself on one string and Analysis.find finds nothing: the cheap necessary
 * condition checked before the automaton is built.
 */
function loopHoldsChoice(t: Term, inLoop: boolean): boolean {
  switch (t.t) {
    case 'chars':
      return false;
    case 'assert':
      return t.look !== undefined && loopHoldsChoice(t.look.body, inLoop);
    case 'seq':
      return t.items.some((item) => loopHoldsChoice(item, inLoop));
    case 'alt':
      return inLoop || t.alts.some((a) => loopHoldsChoice(a, false));
    case 'atomic':
      return loopHoldsChoice(t.body, inLoop);
    case 'rep':
      // `x{n}` is built as a fixed run (x, or x twice), no loop and no choice: the body as if
      // written out (a file's test meets many, in CSS colour patterns made from templates).
      if (t.min === t.max) return loopHoldsChoice(t.body, inLoop);
      return inLoop || loopHoldsChoice(t.body, t.max > 1);
  }
}

/**
 * A witness that the regex backtracks exponentially when a match attempt fails, or null (also
 * when the pattern cannot be parsed or its analysis would cost too much). `whole`: the match
 * must cover the whole input (Python fullmatch, Java String.matches), as if the pattern ended in `$`.
 */
export function exponentialBacktracking(source: string, flavor: RegexFlavor, flags: RegexFlags = {}, whole = false, unicodeSets = false): ExponentialWitness | null {
  if (!mayBacktrackExponentially(source)) return null;
  const sKey = syntaxKey(source, flavor, flags, unicodeSets);
  if (recall(hopeless, sKey)) return null;
  const key = analysisKey(source, flavor, flags, whole, unicodeSets);
  if (recall(memo, key)) return memo.get(key) as ExponentialWitness | null;
  let out: ExponentialWitness | null = null;
  try {
    const mode = modeOf(flags);
    let term: Term;
    try {
      term = new Parser(source, flavor, unicodeSets).parse(mode);
    } catch (e) {
      if (e instanceof Unsupported) remember(hopeless, sKey, true);
      throw e;
    }
    if (!loopHoldsChoice(term, false)) {
      remember(hopeless, sKey, true);
      return null;
    }
    let analysis: Analysis;
    try {
      analysis = new Analysis(term, whole);
    } catch (e) {
      // Too many states: the automaton's size depends on the terms' shape only.
      if (e instanceof Unsupported) remember(hopeless, sKey, true);
      throw e;
    }
    out = analysis.find();
    if (out && term.t === 'alt' && earlierAlternativeMatches(term.alts, whole)) out = null;
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    out = null;
  }
  return remember(memo, key, out);
}

/** Cheap pre-filter: polynomial backtracking needs an unbounded quantifier (`*`, `+`, `{n,}`). */
export function mayBacktrackPolynomially(source: string): boolean {
  return /[*+]|\{\d+,\}/.test(source);
}

const polyMemo = new Map<string, ExponentialWitness | null>();

/**
 * A witness that matching the regex can take polynomial (quadratic or worse) time when it fails,
 * or null (also when the pattern cannot be parsed or the analysis would cost too much). Unless
 * `whole` (Java's matches(), Python's fullmatch), the engine searches: it retries the match at
 * each position, so a start anchor matters and `\s+$` is quadratic.
 */
export function polynomialBacktracking(source: string, flavor: RegexFlavor, flags: RegexFlags = {}, whole = false, unicodeSets = false): ExponentialWitness | null {
  if (!mayBacktrackPolynomially(source)) return null;
  const key = analysisKey(source, flavor, flags, whole, unicodeSets);
  if (recall(polyMemo, key)) return polyMemo.get(key) as ExponentialWitness | null;
  let out: ExponentialWitness | null = null;
  try {
    const mode = modeOf(flags);
    const term = new Parser(source, flavor, unicodeSets).parse(mode);
    const retry: Term = { t: 'rep', body: { t: 'chars', set: ANY }, min: 0, max: Infinity, possessive: false };
    out = new Analysis(whole ? term : { t: 'seq', items: [retry, term] }, whole).findPolynomial();
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    out = null;
  }
  return remember(polyMemo, key, out);
}
