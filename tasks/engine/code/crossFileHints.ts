import type { ChainPattern } from './chains';
import type { CompiledKnowledge } from './knowledge';

/**
 * A cheap test, before parsing, of whether a file that no rule asked for may hand request input
 * to another file: it names a source of the source models (the last name of a source chain, an
 * input annotation, a handler decorator, registration call, base class, parameter name or
 * framework import). A file without any of these words cannot read request input by a model,
 * so it is not parsed for cross-file flow (a file that another one passes input to is parsed on
 * demand, see run/crossFile.ts).
 */

const NAME = /^[A-Za-z_$][\w$]*$/;

/** The trailing literal names of a chain pattern (`**.req.query` -> [req, query]), at most two. */
function lastLiterals(p: ChainPattern): string[] {
  const out: string[] = [];
  for (let i = p.segments.length - 1; i >= 0 && out.length < 2; i--) {
    const s = p.segments[i].replace(/\(\)$/, '');
    if (s.startsWith('@')) {
      // A typed root: the type's name is written where the value is declared.
      if (out.length === 0) out.unshift(s.slice(1));
      else return [s.slice(1)];
      break;
    }
    if (!NAME.test(s)) break;
    out.unshift(s);
  }
  return out.filter((x) => NAME.test(x));
}

const esc = (w: string): string => w.replace(/\$/g, '\\$');
const word = (w: string): string => `(?<![\\w$])${esc(w)}(?![\\w$])`;

/**
 * Regular expression sources that name a source in these knowledges: `req.query` as written
 * (two names of a chain, spaces allowed around the dot), one name where the chain has one,
 * `@Name` / `[Name` for a decorator, `Name(` for a registration call.
 */
export function sourcePhrases(knowledge: readonly CompiledKnowledge[]): string[] {
  const out = new Set<string>();
  for (const k of knowledge) {
    for (const s of k.sources) {
      const names = lastLiterals(s);
      if (names.length === 2 && !s.segments.some((x) => x.startsWith('@'))) out.add(`(?<![\\w$])${esc(names[0])}\\s*\\??\\.\\s*${esc(names[1])}(?![\\w$])`);
      else if (names.length) out.add(word(names[names.length - 1]));
    }
    for (const a of k.annotatedSources) out.add(word(a.slice(a.lastIndexOf('.') + 1)));
    for (const m of k.parameters) {
      for (const d of m.decorators ?? []) {
        const n = lastLiterals(d).pop();
        if (n) out.add(`[@[][\\w$.\\s]*?${word(n)}`);
      }
      for (const d of m.passedTo ?? []) {
        const n = lastLiterals(d).pop();
        if (n) out.add(`${word(n)}\\s*\\(`);
      }
      for (const c of [...(m.classExtends ?? []), ...(m.classAnnotated ?? [])]) out.add(word(c.slice(c.lastIndexOf('.') + 1)));
      for (const sig of m.signature ?? []) if (sig !== 'self') out.add(word(sig));
      for (const i of m.imports ?? []) out.add(word(i.split(/[./]/)[0]));
    }
  }
  return [...out].sort();
}

/** One regular expression that finds any of the phrases; null for none. */
export function sourceWordsPattern(knowledge: readonly CompiledKnowledge[]): RegExp | null {
  const phrases = sourcePhrases(knowledge);
  return phrases.length ? new RegExp(phrases.join('|')) : null;
}
