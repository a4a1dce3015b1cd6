/**
 * How far a pattern reads around the place a match attempt starts: the characters any attempt
 * from a position p may look at lie in [p - behind, p + ahead). A rule with a reach finds the
 * same matches, starting in some range of a text, in any slice of it that holds that range
 * with `behind` characters before it and `ahead` after: the detector then runs it on pieces of
 * a large file instead of one string of the whole (see SecretDetector's pieces).
 *
 * Counted in UTF-16 units, outside unicode mode only. Unbounded repetition (`*`, `+`, `{n,}`)
 * and anything else the analysis does not follow leave the pattern without a reach (null): it
 * runs on the whole text.
 */
import type { AST } from '@eslint-community/regexpp';
import { patternAst } from '../text/patternAst';

export interface Reach {
  behind: number;
  ahead: number;
}

/**
 * One element's extent, relative to the position it starts at: it consumes between `min` and
 * `max` characters, and reads positions in [lo, hi) (lo <= 0; hi may pass max, through a
 * lookahead or a word boundary).
 */
interface Extent {
  min: number;
  max: number;
  lo: number;
  hi: number;
}

class Unbounded extends Error {}

/** Groups whose extent is being worked out for a back-reference (one inside its own group). */
const inGroup = new Set<AST.CapturingGroup>();

/** The pattern's reach, or null (see the module's comment). */
export function patternReach(pattern: string, flags = ''): Reach | null {
  if (/[uv]/.test(flags)) return null;
  const ast = patternAst(pattern, flags);
  if (!ast) return null;
  try {
    const e = alternatives(ast.pattern.alternatives);
    return { behind: Math.max(0, -e.lo), ahead: Math.max(0, e.hi) };
  } catch (e) {
    if (e instanceof Unbounded) return null;
    throw e;
  }
}

function alternatives(alts: readonly AST.Alternative[]): Extent {
  const out: Extent = { min: Infinity, max: 0, lo: 0, hi: 0 };
  for (const a of alts) {
    const e = sequence(a.elements);
    out.min = Math.min(out.min, e.min);
    out.max = Math.max(out.max, e.max);
    out.lo = Math.min(out.lo, e.lo);
    out.hi = Math.max(out.hi, e.hi);
  }
  if (out.min === Infinity) out.min = 0;
  return out;
}

/** A sequence: each element starts anywhere its predecessors may have left the position. */
function sequence(els: readonly AST.Element[]): Extent {
  let min = 0;
  let max = 0;
  let lo = 0;
  let hi = 0;
  for (const el of els) {
    const e = element(el);
    lo = Math.min(lo, min + e.lo);
    hi = Math.max(hi, max + e.hi);
    min += e.min;
    max += e.max;
  }
  return { min, max, lo, hi };
}

const ONE: Extent = { min: 1, max: 1, lo: 0, hi: 1 };
/** `^`, `$`, `\b`: they look at the characters on either side of their position. */
const EDGE: Extent = { min: 0, max: 0, lo: -1, hi: 1 };

function element(el: AST.Element): Extent {
  switch (el.type) {
    case 'Character':
    case 'CharacterClass':
      return ONE;
    case 'CharacterSet':
      if (el.kind === 'property') throw new Unbounded();
      return ONE;
    case 'Group':
    case 'CapturingGroup':
      return alternatives(el.alternatives);
    case 'Quantifier': {
      if (el.max === Infinity) throw new Unbounded();
      if (el.max === 0) return { min: 0, max: 0, lo: 0, hi: 0 };
      const e = element(el.element);
      // Iteration i starts between i*min and i*max characters in.
      return { min: el.min * e.min, max: el.max * e.max, lo: e.lo, hi: (el.max - 1) * e.max + e.hi };
    }
    case 'Assertion':
      if (el.kind === 'lookahead') {
        const e = alternatives(el.alternatives);
        return { min: 0, max: 0, lo: e.lo, hi: e.hi };
      }
      if (el.kind === 'lookbehind') {
        // Matched backwards from here: its start lies between max and min characters back.
        const e = alternatives(el.alternatives);
        return { min: 0, max: 0, lo: e.lo - e.max, hi: Math.max(0, e.hi - e.min) };
      }
      // `^` and `$` tell a slice's edge from the text's unless a character on that side is read.
      return EDGE;
    case 'Backreference': {
      // It repeats what its group took: at most as long, read where it stands.
      const groups = Array.isArray(el.resolved) ? el.resolved : [el.resolved];
      let max = 0;
      for (const g of groups) {
        if (inGroup.has(g)) throw new Unbounded();
        inGroup.add(g);
        try {
          max = Math.max(max, alternatives(g.alternatives).max);
        } finally {
          inGroup.delete(g);
        }
      }
      return { min: 0, max, lo: 0, hi: max };
    }
    default:
      throw new Unbounded();
  }
}
