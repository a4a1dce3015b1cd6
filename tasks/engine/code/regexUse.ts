import type { FileIndex } from './fileIndex';
import { exponentialBacktracking, mayBacktrackExponentially, type RegexFlags, type RegexFlavor } from './regexBacktracking';
import type { Node } from './syntax';
import type { ValueTracker } from './values';

/**
 * A regular expression where the code uses it (code/regexBacktracking.ts decides whether it
 * backtracks): its text, from a regex literal or a constant string, and the flags the call gives
 * it. Go's regexp (RE2) and .NET's NonBacktracking option run in linear time, and a .NET match
 * timeout bounds the damage: those are not reported.
 */

const FLAVOR: Partial<Record<string, RegexFlavor>> = { javascript: 'javascript', typescript: 'javascript', python: 'python', java: 'java', csharp: 'dotnet', razor: 'dotnet' };

/** Longer patterns are generated tables (emoji, Unicode ranges), not worth the analysis. */
const MAX_PATTERN = 3000;

export function backtracksExponentially(target: Node, index: FileIndex, values: ValueTracker, whole: boolean): boolean {
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
    else if (s.kind === 'ident' || s.kind === 'member' || s.kind === 'interpolated' || s.kind === 'binary' || s.kind === 'wrap') {
      const v = values.value(target);
      if (typeof v.literal === 'string') source = v.literal;
    }
  }
  // A name bound to a regex literal (`new RegExp(re)`) holds the literal's text, slashes and flags.
  const literal = flavor === 'javascript' && target.type !== 'regex' && source !== undefined ? /^\/(.+)\/([dgimsuvy]*)$/s.exec(source) : null;
  if (literal) [source, flagText] = [literal[1], literal[2]];
  if (source === undefined || source.length > MAX_PATTERN || !mayBacktrackExponentially(source)) return false;
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
  return exponentialBacktracking(source, flavor, flags, whole, unicodeSets) !== null;
}

/** The call whose argument the node is (through an argument wrapper or two), if any. */
function enclosingCall(n: Node, index: FileIndex): ReturnType<FileIndex['callOf']> {
  let p = n.parent;
  for (let i = 0; i < 3 && p; i++, p = p.parent) {
    if (index.adapter.callTypes.includes(p.type)) return index.callOf(p);
  }
  return null;
}
