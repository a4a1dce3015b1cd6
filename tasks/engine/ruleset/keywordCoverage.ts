/**
 * Whether a secret rule's keywords cover the setting names its pattern begins with. A rule runs
 * only on files where one of its keywords occurs, so a name the pattern accepts and no keyword
 * holds (`secret.access.key` beside the keyword `secret_access_key`) is never looked for, and
 * no sample notices: this checks every spelling instead.
 */
import type { AST } from '@eslint-community/regexpp';

type Regexpp = typeof import('@eslint-community/regexpp');
let regexpp: Regexpp | undefined;
const parser = (): Regexpp => (regexpp ??= require('@eslint-community/regexpp') as Regexpp);

/** More spellings than this in one name: not worth listing (none of ours comes near). */
const MAX_SPELLINGS = 4096;

/**
 * Every spelling of the names a pattern begins with, when it begins with a group of
 * alternatives made only of literal characters, optional separators (`[_.-]?`) and assertions
 * (the shape of the rules that take a value after a vendor's setting name); else undefined.
 */
export function leadingNames(pattern: string, flags = ''): string[] | undefined {
  let ast: AST.RegExpLiteral;
  try {
    ast = parser().parseRegExpLiteral(new RegExp(pattern, flags.replace(/[dgy]/g, '')));
  } catch {
    return undefined;
  }
  const top = ast.pattern.alternatives;
  if (top.length !== 1) return undefined;
  const first = top[0].elements[0];
  if (first?.type !== 'Group') return undefined;
  const out: string[] = [];
  for (const alt of first.alternatives) {
    let spellings = [''];
    for (const el of alt.elements) {
      if (el.type === 'Assertion') continue;
      if (el.type === 'Character') {
        spellings = spellings.map((s) => s + String.fromCodePoint(el.value));
      } else if (el.type === 'Quantifier' && el.min === 0 && el.max === 1 && el.element.type === 'CharacterClass' && !el.element.negate && el.element.elements.every((c) => c.type === 'Character')) {
        const seps = ['', ...el.element.elements.map((c) => String.fromCodePoint((c as AST.Character).value))];
        spellings = spellings.flatMap((s) => seps.map((sep) => s + sep));
      } else {
        return undefined;
      }
      if (spellings.length > MAX_SPELLINGS) return undefined;
    }
    out.push(...spellings);
  }
  return out;
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
