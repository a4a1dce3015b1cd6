/**
 * The syntax tree of a rule's regular expression, for the analyses that read one (anchors,
 * reach, backtracking risk, keyword coverage). The parser loads on first use: the built-in
 * rules come analysed in the rule bundle, so a scan loads it only for custom rules.
 */
import type { AST } from '@eslint-community/regexpp';

type Regexpp = typeof import('@eslint-community/regexpp');
let regexpp: Regexpp | undefined;

/** The tree of `pattern` under `flags` (those that change no syntax, d g y, left out), or null when it does not compile. */
export function patternAst(pattern: string, flags = ''): AST.RegExpLiteral | null {
  try {
    regexpp ??= require('@eslint-community/regexpp') as Regexpp;
    return regexpp.parseRegExpLiteral(new RegExp(pattern, flags.replace(/[dgy]/g, '')));
  } catch {
    return null;
  }
}
