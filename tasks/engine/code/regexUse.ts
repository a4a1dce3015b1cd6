import type { FileIndex } from './fileIndex';
import { exponentialBacktracking, mayBacktrackExponentially, mayBacktrackPolynomially, polynomialBacktracking, type RegexFlags, type RegexFlavor } from './regexBacktracking';
import type { Node } from './syntax';
import type { ValueTracker } from './values';

/**
 * A regular expression where the code uses it (code/regexBacktracking.ts decides whether it
 * backtracks): its text, from a regex literal or a constant string, and the flags the call gives
 * it. Go's regexp (RE2) and .NET's NonBacktracking option run in linear time, and a .NET match
 * timeout bounds the damage: those are not reported.
 */

const FLAVOR: Partial<Record<string, RegexFlavor>> = { javascript: 'javascript', typescript: 'javascript', python: 'python', java: 'java', csharp: 'dotnet', razor: 'dotnet' };

export function flavorOf(language: string): RegexFlavor | undefined {
  return FLAVOR[language];
}

/** Where a quantified group may be: the start of the analysis' own pre-filter. */
const GROUP_QUANTIFIER = /\)(?:[*+]|\{\d)/g;

/** The nearest `d` from `from` (backwards or forwards) that no backslash escapes, or -1. */
function unescaped(line: string, d: string, from: number, dir: 1 | -1): number {
  for (let i = dir < 0 ? line.lastIndexOf(d, from) : line.indexOf(d, from); i >= 0; i = dir < 0 ? line.lastIndexOf(d, i - 1) : line.indexOf(d, i + 1)) {
    let k = 0;
    while (i - k - 1 >= 0 && line[i - k - 1] === '\\') k++;
    if (k % 2 === 0) return i;
    if (dir < 0 && i === 0) break;
  }
  return -1;
}

/**
 * Whether a file's text, before it is parsed, holds a literal that backtracks exponentially:
 * around each quantified group, the text between the nearest quotes or slashes on its line is
 * read as a pattern (as written, and with a string's escaped backslashes undone), as a search
 * with no flags and as a whole match with `i` and `s` (which widen classes: what the call's own
 * flags may do). Rough, so generous: the parsed file's own check decides.
 */
export function textHasExponentialRegex(text: string, flavor: RegexFlavor): boolean {
  GROUP_QUANTIFIER.lastIndex = 0;
  const tried = new Set<string>();
  for (let m = GROUP_QUANTIFIER.exec(text); m; m = GROUP_QUANTIFIER.exec(text)) {
    const start = text.lastIndexOf('\n', m.index) + 1;
    let end = text.indexOf('\n', m.index);
    if (end < 0) end = text.length;
    // A minified line: a window around the group is enough.
    const lo = Math.max(start, m.index - 2000);
    const hi = Math.min(end, m.index + 2000);
    const line = text.slice(lo, hi);
    const at = m.index - lo;
    for (const d of ['"', "'", '`', '/']) {
      const b = unescaped(line, d, at + 1, 1);
      // A regex literal may hold a `/` in a class (`[+/=]`): the slashes further left are tried too.
      for (let a = unescaped(line, d, at, -1), k = 0; a >= 0 && b >= 0 && k < (d === '/' ? 3 : 1); a = a > 0 ? unescaped(line, d, a - 1, -1) : -1, k++) {
        const raw = line.slice(a + 1, b);
        for (const src of [raw, raw.replace(/\\\\/g, '\\')]) {
          if (tried.has(src)) continue;
          tried.add(src);
          if (exponentialBacktracking(src, flavor) || exponentialBacktracking(src, flavor, { ignoreCase: true, dotAll: true }, true)) return true;
        }
      }
      if (tried.size > 400) return true;
    }
  }
  return false;
}

/** Longer patterns are generated tables (emoji, Unicode ranges), not worth the analysis. */
const MAX_PATTERN = 3000;

/**
 * `kind`: exponential backtracking, or polynomial (quadratic or worse, code/regexBacktracking.ts),
 * which matters only where input reaches the match, so its rules ask for that too.
 * `constantsMay`: whether the file's string constants could hold such a pattern at all, asked
 * before a name's value is followed (which costs far more than the analysis of a literal).
 */
export function backtracksExponentially(target: Node, index: FileIndex, values: ValueTracker, whole: boolean, constantsMay: () => boolean = () => true, kind: 'exponential' | 'polynomial' = 'exponential'): boolean {
  const flavor = FLAVOR[index.language];
  if (!flavor) return false;
  let source: string | undefined;
  let flagText = '';
  if (target.type === 'regex') {
    source = target.childForFieldName('pattern')?.text;
    flagText = target.childForFieldName('flags')?.text ?? '';
  } else {
    const s = index.shape(target);
    if (s.kind === 'string') source = s.value;
    // Cheap test first: most strings are no regex at all, and a value's analysis costs more.
    else if ((s.kind === 'ident' || s.kind === 'member' || s.kind === 'interpolated' || s.kind === 'binary' || s.kind === 'wrap') && constantsMay()) {
      const v = values.value(target);
      if (typeof v.literal === 'string') source = v.literal;
    }
  }
  // A name bound to a regex literal (`new RegExp(re)`) holds the literal's text, slashes and flags.
  const literal = flavor === 'javascript' && target.type !== 'regex' && source !== undefined ? /^\/(.+)\/([dgimsuvy]*)$/s.exec(source) : null;
  if (literal) [source, flagText] = [literal[1], literal[2]];
  if (source === undefined || source.length > MAX_PATTERN || !(kind === 'exponential' ? mayBacktrackExponentially(source) : mayBacktrackPolynomially(source))) return false;
  const call = enclosingCall(target, index);
  const others = call ? call.args.filter((a) => a.node.id !== target.id) : [];
  const rest = others.map((a) => a.node.text).join(' ');
  let flags: RegexFlags;
  let unicodeSets = false;
  switch (flavor) {
    case 'javascript': {
      if (target.type !== 'regex' && !literal && others.length) {
        const f = values.value(others[0].node).literal;
        flagText = typeof f === 'string' ? f : '';
      }
      flags = { ignoreCase: flagText.includes('i'), multiline: flagText.includes('m'), dotAll: flagText.includes('s') };
      unicodeSets = flagText.includes('v');
      break;
    }
    case 'python':
      flags = { ignoreCase: /\b(?:I|IGNORECASE)\b/.test(rest), multiline: /\b(?:M|MULTILINE)\b/.test(rest), dotAll: /\b(?:S|DOTALL)\b/.test(rest), extended: /\b(?:X|VERBOSE)\b/.test(rest) };
      break;
    case 'java':
      flags = { ignoreCase: /\bCASE_INSENSITIVE\b/.test(rest), multiline: /\bMULTILINE\b/.test(rest), dotAll: /\bDOTALL\b/.test(rest), extended: /\bCOMMENTS\b/.test(rest) };
      break;
    case 'dotnet':
      if (/\bNonBacktracking\b/.test(rest) || (/\bTimeSpan\b|\bmatchTimeout\b/.test(rest) && !/\bInfiniteMatchTimeout\b/.test(rest))) return false;
      flags = { ignoreCase: /\bIgnoreCase\b/.test(rest), multiline: /\bMultiline\b/.test(rest), dotAll: /\bSingleline\b/.test(rest), extended: /\bIgnorePatternWhitespace\b/.test(rest) };
      break;
  }
  return (kind === 'exponential' ? exponentialBacktracking : polynomialBacktracking)(source, flavor, flags, whole, unicodeSets) !== null;
}

/** The call whose argument the node is (through an argument wrapper or two), if any. */
function enclosingCall(n: Node, index: FileIndex): ReturnType<FileIndex['callOf']> {
  let p = n.parent;
  for (let i = 0; i < 3 && p; i++, p = p.parent) {
    if (index.adapter.callTypes.includes(p.type)) return index.callOf(p);
  }
  return null;
}
