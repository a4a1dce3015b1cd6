/**
 * Anchors of a secret pattern: a small set of ASCII strings, each at a fixed offset from the
 * start of a match, such that every match has one of them (ignoring case) in its place. The
 * detector tries the pattern only there, found in the same automaton pass as the keywords,
 * instead of at every position of the file.
 *
 * Usually the anchor is the literal a pattern begins with (`ghp_`, `password`); a pattern that
 * begins with a fixed number of free characters has its first literal at that offset
 * (`[A-Za-z0-9+/]{33}\+AEh`: `+aeh` at 33). The set may be larger than needed (more places to
 * try, same findings) but never smaller: anything the analysis cannot follow leaves the pattern
 * unanchored, and it is then run over the whole text as before.
 */
import type { AST } from '@eslint-community/regexpp';
import { patternAst } from '../text/patternAst';
import { patternReach, type Reach } from './reach';

/** An anchor: lower-cased ASCII text found `offset` characters after the match start. */
export type Anchor = [text: string, offset: number];

/**
 * Anchors stop growing here: longer ones would only make the automaton bigger. Long enough for
 * a setting's name with its separator (`license_key`, `client secre`), where the word alone
 * (`license`) is everywhere.
 */
const MAX_TEXT = 12;
/** Shorter anchors would send the pattern to too many places. */
const MIN_TEXT = 3;
/**
 * For a pattern that has no anchors of MIN_TEXT characters: anchors of two, one
 * of them a letter (`az`, `fb`, `tg`, `s.`). More places to try than a longer anchor gives, but
 * a sticky try costs little beside running the pattern at every position of the file.
 */
const MIN_SHORT_TEXT = 2;
/**
 * Stand-in for a minimum length, the last resort: an anchor of one punctuation character
 * (`|` at 15 and 16 in `[0-9]{15,16}\|…`). Too common in most texts for the automaton, which
 * would record every one; the detector finds them natively, and only in a file where the rule
 * runs (see SecretDetector's character anchors).
 */
const ONE_CHAR = 1;
const MAX_OFFSET = 256;
/**
 * Where a literal of MIN_TEXT or more meets a branch (`license[_. -]?key`), the anchor may grow
 * through it by this many characters (`license_ke`, `license ke`, `licensekey`...), when that
 * gives at most GROWN_BRANCHES anchors: a common word (`license`, `client`, `api` in
 * `apiVersion`) is then no place to try, only the name the rule is after (real code: the
 * generic rule's tries 105K -> 34K).
 */
const GROW_BY = 3;
const GROWN_BRANCHES = 8;
const GROW_STEPS = 500;
/** Steps all growing in one analysis may take: a pattern that branches everywhere stops growing, not analysing. */
const GROW_TOTAL = 50_000;
const MAX_ANCHORS = 512;
const MAX_CLASS = 16;
const MAX_STEPS = 50_000;
const MAX_DEPTH = 1_000;

type Item = AST.Element;
interface Cont {
  el: Item;
  next: Cont | null;
}

class GiveUp extends Error {}

/** The anchors of a pattern, or null when it cannot be anchored. */
export function patternAnchors(pattern: string, flags = ''): Anchor[] | null {
  return anchorsOfLength(pattern, flags, MIN_TEXT) ?? anchorsOfLength(pattern, flags, MIN_SHORT_TEXT) ?? anchorsOfLength(pattern, flags, ONE_CHAR);
}

/** Whether an anchor is one of a single punctuation character (see ONE_CHAR), found outside the automaton. */
export function isCharAnchor(text: string): boolean {
  return text.length === ONE_CHAR;
}

/**
 * patternAnchors with anchors of at least `minText` characters (a shorter one gives up); with
 * ONE_CHAR, anchors of exactly one character that is neither a letter nor a digit, where classes
 * of several characters are free (a letter or digit there would be tried nearly everywhere).
 */
function anchorsOfLength(pattern: string, flags: string, minText: number): Anchor[] | null {
  // Under /iu, ASCII k and s also match non-ASCII letters (K, ſ) that the automaton skips.
  if (flags.includes('i') && (flags.includes('u') || flags.includes('v'))) return null;
  const ast = patternAst(pattern, flags);
  if (!ast) return null;
  let out = new Map<string, Anchor>();
  let steps = 0;
  // In unicode mode a class or `.` may take two code units: free characters have no fixed width.
  const fixedWidth = !/[uv]/.test(flags);
  const free = (text: string, offset: number, next: Cont | null, on: (n: Cont | null, t: string, o?: number) => void): void =>
    text || !fixedWidth ? emit(text, offset) : on(next, '', offset + 1);

  const single = minText === ONE_CHAR;
  const emit = (text: string, offset: number): void => {
    if (single ? !/^[^a-z0-9]/.test(text) : text.length < minText || (text.length < MIN_TEXT && !/[a-z]/.test(text))) throw new GiveUp();
    const a: Anchor = [text.slice(0, single ? ONE_CHAR : MAX_TEXT), offset];
    out.set(`${a[1]}:${a[0]}`, a);
    // Growing past GROWN_BRANCHES anchors is given up at once, not explored to the end.
    if (out.size > (growTo ? GROWN_BRANCHES : MAX_ANCHORS)) throw new GiveUp();
  };

  const seq = (els: readonly Item[], next: Cont | null): Cont | null => {
    let c = next;
    for (let i = els.length - 1; i >= 0; i--) c = { el: els[i], next: c };
    return c;
  };

  /** `text` is the literal found so far; `offset` the free characters before it. */
  const walk = (c: Cont | null, text: string, offset: number, depth: number): void => {
    if ((growTo ? ++growSteps > GROW_STEPS || --growLeft < 0 : ++steps > MAX_STEPS) || depth > MAX_DEPTH || offset > MAX_OFFSET) throw new GiveUp();
    if (text.length >= (single ? ONE_CHAR : MAX_TEXT) || c === null) return emit(text, offset);
    const on = (next: Cont | null, t: string, o = offset): void => walk(next, t, o, depth + 1);
    const el = c.el;
    // Once long enough, an anchor grows only through plain characters (and once through a small
    // branch, see GROW_BY): branching further would multiply the set for little selectivity.
    const long = text.length >= (growTo || MIN_TEXT);
    // Where a long enough literal would stop at a branch, it may grow through it (see GROW_BY).
    const mayGrow = long && !growTo && !single && growLeft > 0;
    switch (el.type) {
      case 'Assertion':
        // A lookahead where no literal has begun says which characters come next, as the rest
        // of the path does: `(?=hvs\.)` before a group that also allows `s\.`. The longer of
        // the two sets of anchors is kept for this path.
        if (el.kind === 'lookahead' && !el.negate && !text) return ahead(el, c.next, offset, depth);
        // Zero-width: it limits where a match may be, never what its characters are.
        return on(c.next, text);
      case 'Character': {
        const ch = asciiLower(el.value);
        if (ch !== null) return on(c.next, text + ch);
        return el.value > 0xffff ? emit(text, offset) : free(text, offset, c.next, on);
      }
      case 'CharacterClass':
      case 'CharacterSet': {
        const chars = el.type === 'CharacterClass' ? classChars(el) : null;
        if (chars !== null && !(chars.length > 1 && (long || single))) {
          for (const ch of chars) on(c.next, text + ch);
          return;
        }
        if (chars !== null && mayGrow) return grow(() => chars.forEach((ch) => on(c.next, text + ch)), text, offset);
        // A free character: before the literal it only moves the anchor along.
        return free(text, offset, c.next, on);
      }
      case 'Group':
      case 'CapturingGroup':
        if (el.alternatives.length > 1 && long) {
          if (mayGrow) return grow(() => el.alternatives.forEach((alt) => on(seq(alt.elements, c.next), text)), text, offset);
          return emit(text, offset);
        }
        for (const alt of el.alternatives) on(seq(alt.elements, c.next), text);
        return;
      case 'Quantifier': {
        const { min, max, element } = el;
        if (max === 0) return on(c.next, text);
        if (!text && fixedWidth && min === max && min > 1 && isOneChar(element) && element.type !== 'Character') {
          return on(c.next, '', offset + min);
        }
        const rest: AST.Quantifier = { ...el, min: Math.max(0, min - 1), max: max - 1 };
        const once: Cont = { el: element, next: { el: rest, next: c.next } };
        if (min === 0 && long) {
          if (mayGrow) return grow(() => (on(c.next, text), on(once, text)), text, offset);
          return emit(text, offset);
        }
        if (min > 0) return on(once, text);
        on(c.next, text);
        return on(once, text);
      }
      default:
        // Back-references, set operations: the anchor ends here.
        return emit(text, offset);
    }
  };

  /** While an anchor grows through a branch (see GROW_BY): the length at which it stops branching again. */
  let growTo = 0;
  let growSteps = 0;
  let growLeft = GROW_TOTAL;
  const grow = (run: () => void, text: string, offset: number): void => {
    growTo = text.length + GROW_BY;
    growSteps = 0;
    let grown: Map<string, Anchor> | null;
    try {
      grown = apart(run);
    } finally {
      growTo = 0;
    }
    // emit gives up past GROWN_BRANCHES while growing, so a set that comes back is small enough.
    if (!grown || grown.size === 0) return emit(text, offset);
    for (const [k, a] of grown) out.set(k, a);
    if (out.size > MAX_ANCHORS) throw new GiveUp();
  };

  /** The anchors `run` emits into a set of their own, or null where it gives up. */
  const apart = (run: () => void): Map<string, Anchor> | null => {
    const kept = out;
    out = new Map();
    try {
      run();
      return out;
    } catch (e) {
      if (e instanceof GiveUp && steps <= MAX_STEPS) return null;
      throw e;
    } finally {
      out = kept;
    }
  };
  /** Either set is sound for this path (every match meets both); the one whose shortest anchor is longer is kept. */
  const ahead = (look: AST.LookaroundAssertion, next: Cont | null, offset: number, depth: number): void => {
    const inside = apart(() => {
      for (const alt of look.alternatives) walk(seq(alt.elements, null), '', offset, depth + 1);
    });
    const after = apart(() => walk(next, '', offset, depth + 1));
    const shortest = (m: Map<string, Anchor> | null): number => (m && m.size ? Math.min(...[...m.values()].map(([t]) => t.length)) : -1);
    const best = shortest(inside) > shortest(after) ? inside : after;
    if (!best || best.size === 0) throw new GiveUp();
    for (const [k, a] of best) out.set(k, a);
    if (out.size > MAX_ANCHORS) throw new GiveUp();
  };

  try {
    for (const alt of ast.pattern.alternatives) walk(seq(alt.elements, null), '', 0, 0);
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
  // An anchor that starts with another one at the same offset adds no place (`fb` and `fb.`).
  const all = [...out.values()];
  return all
    .filter(([t, o]) => !all.some(([u, p]) => p === o && u.length < t.length && t.startsWith(u)))
    .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function asciiLower(code: number): string | null {
  if (code >= 128) return null;
  return String.fromCharCode(code).toLowerCase();
}

/** Whether an element always consumes exactly one code unit (outside unicode mode). */
function isOneChar(el: AST.QuantifiableElement): boolean {
  return el.type === 'CharacterClass' || (el.type === 'CharacterSet' && el.kind !== 'property');
}

/** The (lower-cased) characters a small, positive, ASCII class matches; null otherwise. */
function classChars(cls: AST.CharacterClass): string[] | null {
  if (cls.negate) return null;
  const chars = new Set<string>();
  for (const e of cls.elements) {
    if (e.type === 'Character') {
      const ch = asciiLower(e.value);
      if (ch === null) return null;
      chars.add(ch);
    } else if (e.type === 'CharacterClassRange') {
      if (e.max.value >= 128 || e.max.value - e.min.value >= MAX_CLASS) return null;
      for (let v = e.min.value; v <= e.max.value; v++) chars.add(asciiLower(v)!);
    } else {
      return null;
    }
    if (chars.size > MAX_CLASS) return null;
  }
  return [...chars];
}

/**
 * One entry per distinct pattern: the build step and worker threads hand these on. The reach
 * (see patternReach) is absent from entries made before it was worked out: it is then worked
 * out where asked for.
 */
export type AnchorEntry = [key: string, anchors: Anchor[] | null, reach?: Reach | null];

const memo = new Map<string, Anchor[] | null>();
const reachMemo = new Map<string, Reach | null>();
const memoKey = (pattern: string, flags: string): string => `${flags}/${pattern}`;

/** patternAnchors, worked out once per pattern per process (the analysis costs ~0.5 ms a rule). */
export function anchorsFor(pattern: string, flags = ''): Anchor[] | null {
  const k = memoKey(pattern, flags);
  let v = memo.get(k);
  if (v === undefined) {
    v = patternAnchors(pattern, flags);
    memo.set(k, v);
  }
  return v;
}

/** patternReach, likewise worked out once per pattern per process, or handed on with the anchors. */
export function reachFor(pattern: string, flags = ''): Reach | null {
  const k = memoKey(pattern, flags);
  let v = reachMemo.get(k);
  if (v === undefined) {
    v = patternReach(pattern, flags);
    reachMemo.set(k, v);
  }
  return v;
}

export function anchorEntries(patterns: readonly { pattern: string; flags?: string }[]): AnchorEntry[] {
  const out = new Map<string, AnchorEntry>();
  for (const p of patterns) {
    const k = memoKey(p.pattern, p.flags ?? '');
    out.set(k, [k, anchorsFor(p.pattern, p.flags ?? ''), reachFor(p.pattern, p.flags ?? '')]);
  }
  return [...out.values()];
}

export function seedAnchors(entries: readonly AnchorEntry[] | undefined): void {
  for (const [k, v, r] of entries ?? []) {
    if (!memo.has(k)) memo.set(k, v);
    if (r !== undefined && !reachMemo.has(k)) reachMemo.set(k, r);
  }
}
