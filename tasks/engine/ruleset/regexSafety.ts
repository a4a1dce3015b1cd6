/**
 * A static check for the commonest catastrophic-backtracking shape: a repeated group whose
 * body is itself repeated with nothing to tell the iterations apart (`(a+)+`, `(\w+\s?)*`).
 * It catches mistakes early, at validation, with a message that says what to change; it is not
 * a proof of safety: the scan's rule budget (scanPool) bounds whatever slips through.
 */
import type { AST } from '@eslint-community/regexpp';
import { patternAst } from '../text/patternAst';

/** Characters tried when comparing what two parts of a pattern can match. */
const PROBES = Array.from({ length: 128 }, (_, i) => String.fromCharCode(i)).concat(['é', 'Ж', '中', '\u00a0']);

/** A description of the first nested unbounded repetition that can backtrack exponentially, or null. */
export function nestedQuantifierProblem(pattern: string, flags = ''): string | null {
  const plainFlags = flags.replace(/[dgy]/g, '');
  const ast = patternAst(pattern, plainFlags);
  if (!ast) return null;
  const matcher = (raw: string): RegExp | null => {
    try {
      return new RegExp(`^(?:${raw})$`, plainFlags.replace(/[msg]/g, ''));
    } catch {
      return null;
    }
  };
  let found: string | null = null;
  const visit = (node: AST.Node): void => {
    if (found) return;
    if (node.type === 'Quantifier' && node.max === Infinity) {
      const inner = innerUnbounded(node.element);
      if (inner && !separated(node.element, inner, matcher)) {
        found = `"${node.raw}" repeats "${inner.raw}", which is itself repeated: on a long run of matching text this backtracks exponentially. Make the repetition unambiguous (e.g. "${inner.element.raw}+" instead of "(${inner.element.raw}+)+")`;
        return;
      }
    }
    for (const child of children(node)) visit(child);
  };
  visit(ast.pattern);
  return found;
}

function children(node: AST.Node): AST.Node[] {
  switch (node.type) {
    case 'Pattern':
    case 'CapturingGroup':
    case 'Group':
    case 'Assertion':
      return 'alternatives' in node ? node.alternatives : [];
    case 'Alternative':
      return node.elements;
    case 'Quantifier':
      return [node.element];
    default:
      return [];
  }
}

/** The first unbounded quantifier inside `node` (not `node` itself). */
function innerUnbounded(node: AST.Node): AST.Quantifier | null {
  for (const c of children(node)) {
    if (c.type === 'Quantifier' && c.max === Infinity) return c;
    const deeper = innerUnbounded(c);
    if (deeper) return deeper;
  }
  return null;
}

/**
 * Whether every alternative of the repeated body holds a required single character that the
 * inner repetition cannot match (`(\w+\.)+`: the dot ends each iteration), which makes the
 * split between iterations unambiguous.
 */
function separated(body: AST.Node, inner: AST.Quantifier, matcher: (raw: string) => RegExp | null): boolean {
  const innerRe = matcher(inner.element.raw);
  if (!innerRe) return true;
  const alternatives = body.type === 'CapturingGroup' || body.type === 'Group' ? body.alternatives : null;
  if (!alternatives) return false;
  return alternatives.every((alt) =>
    alt.elements.some((el) => {
      if (el === inner || !(el.type === 'Character' || el.type === 'CharacterClass' || el.type === 'CharacterSet')) return false;
      const re = matcher(el.raw);
      return !!re && !PROBES.some((c) => re.test(c) && innerRe.test(c));
    }),
  );
}
