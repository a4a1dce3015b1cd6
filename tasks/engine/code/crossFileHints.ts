import type { ChainPattern } from './chains';
import type { CompiledKnowledge } from './knowledge';

/**
 * A cheap test, before parsing, of whether a file that no rule asked for may hand request input
 * to another file: it names a source of the source models (the last name of a source chain, an
 * input annotation, a handler decorator, registration call, base class, parameter name or
 * framework import). A file without any of these words cannot read request input by a model,
 * so it is not parsed for cross-file flow.
 */

function lastLiteral(p: ChainPattern): string | undefined {
  for (let i = p.segments.length - 1; i >= 0; i--) {
    const s = p.segments[i].replace(/\(\)$/, '').replace(/^@/, '');
    if (/^[A-Za-z_$][\w$]*$/.test(s)) return s;
  }
  return undefined;
}

/** The words that name a source in these knowledges. */
export function sourceWords(knowledge: readonly CompiledKnowledge[]): string[] {
  const words = new Set<string>();
  const add = (w: string | undefined): void => {
    if (w && /^[A-Za-z_$][\w$]*$/.test(w)) words.add(w);
  };
  for (const k of knowledge) {
    for (const s of k.sources) add(lastLiteral(s));
    for (const a of k.annotatedSources) add(a.slice(a.lastIndexOf('.') + 1));
    for (const m of k.parameters) {
      for (const d of [...(m.decorators ?? []), ...(m.passedTo ?? [])]) add(lastLiteral(d));
      for (const c of [...(m.classExtends ?? []), ...(m.classAnnotated ?? [])]) add(c.slice(c.lastIndexOf('.') + 1));
      for (const s of m.signature ?? []) add(s);
      for (const i of m.imports ?? []) add(i.split(/[./]/)[0]);
    }
  }
  return [...words].sort();
}

/** One regular expression that finds any of the words (whole words, case as written); null for none. */
export function sourceWordsPattern(knowledge: readonly CompiledKnowledge[]): RegExp | null {
  const words = sourceWords(knowledge);
  if (words.length === 0) return null;
  return new RegExp(`(?<![\\w$])(?:${words.map((w) => w.replace(/\$/g, '\\$')).join('|')})(?![\\w$])`);
}
