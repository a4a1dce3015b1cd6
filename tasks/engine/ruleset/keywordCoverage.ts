/**
 * Whether a secret rule's keywords cover the setting names its pattern begins with. A rule runs
 * only on files where one of its keywords occurs, so a name the pattern accepts and no keyword
 * holds (`secret.access.key` beside the keyword `secret_access_key`) is never looked for, and
 * no sample notices: this checks every spelling instead.
 */
import type { AST } from '@eslint-community/regexpp';
import { patternAst } from '../text/patternAst';

/** More spellings than this in one name: not worth listing (none of ours comes near). */
const MAX_SPELLINGS = 4096;

/**
 * Every spelling of the names a pattern begins with, when it begins with a group of
 * alternatives made only of literal characters, small classes of them, optional parts (`[_.-]?`)
 * and nested groups of the same, besides assertions (the shape of the rules that take a value
 * after a vendor's setting name); else undefined.
 */
export function leadingNames(pattern: string, flags = ''): string[] | undefined {
  const ast = patternAst(pattern, flags);
  if (!ast) return undefined;
  const top = ast.pattern.alternatives;
  if (top.length !== 1) return undefined;
  // Assertions before the names (`(?<![?&]alt=media&)`) say where they may stand, not how.
  const first = top[0].elements.find((el) => el.type !== 'Assertion');
  if (first?.type !== 'Group') return undefined;
  return spellingsOf(first);
}

/** The strings an element matches, when they are few and spelled out in it; else undefined. */
function spellingsOf(el: AST.Element): string[] | undefined {
  switch (el.type) {
    case 'Assertion':
      return [''];
    case 'Character':
      return [String.fromCodePoint(el.value)];
    case 'CharacterClass':
      return !el.negate && el.elements.every((c) => c.type === 'Character') ? el.elements.map((c) => String.fromCodePoint((c as AST.Character).value)) : undefined;
    case 'Group': {
      const out: string[] = [];
      for (const alt of el.alternatives) {
        const s = sequence(alt.elements);
        if (!s) return undefined;
        out.push(...s);
        if (out.length > MAX_SPELLINGS) return undefined;
      }
      return out;
    }
    case 'Quantifier': {
      if (el.min !== 0 || el.max !== 1) return undefined;
      const inner = spellingsOf(el.element);
      return inner && ['', ...inner];
    }
    default:
      return undefined;
  }
}

function sequence(elements: readonly AST.Element[]): string[] | undefined {
  let spellings = [''];
  for (const el of elements) {
    const next = spellingsOf(el);
    if (!next) return undefined;
    spellings = spellings.flatMap((s) => next.map((n) => s + n));
    if (spellings.length > MAX_SPELLINGS) return undefined;
  }
  return spellings;
}

/**
 * A name the pattern begins with that holds none of the keywords, or undefined when every one
 * holds one (or the pattern does not begin with names, or its keywords are met elsewhere in a
 * match: `database.windows.net` after `Server=`, which no name holds).
 */
export function uncoveredName(pattern: string, flags: string | undefined, keywords: readonly string[]): string | undefined {
  const names = leadingNames(pattern, flags);
  if (!names) return undefined;
  const holds = (name: string): boolean => {
    const lower = name.toLowerCase();
    return keywords.some((k) => lower.includes(k));
  };
  if (!names.some(holds)) return undefined;
  return names.find((n) => !holds(n));
}
