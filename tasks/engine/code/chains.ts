/**
 * Chains: a dotted, language-neutral name for an expression, from its root to its end.
 * `req.query.id` -> [req, query, id]; `db.query(x)` -> [db, query()]; `a[i]` -> [a, []].
 * A root that is an import alias is replaced by the module path (`cp` -> `child_process`), and
 * a root that is a typed parameter has a second form rooted at `@Type` (`r` -> `@http.Request`).
 *
 * Chain patterns are written the same way, with `*` for one segment, `*()` for any call and
 * `**` for any number of segments.
 */

export type Chain = readonly string[];

export interface ChainPattern {
  source: string;
  segments: readonly string[];
}

/** Splits a dotted chain or pattern into segments. */
export function splitChain(s: string): string[] {
  return s.split('.').filter((x) => x.length > 0);
}

export function compileChainPattern(source: string): ChainPattern {
  const segments = splitChain(source.trim());
  if (segments.length === 0) throw new Error(`chain pattern "${source}" is empty`);
  for (const s of segments) {
    if (!/^(\*\*|\*(\(\))?|\[\]|[^\s()[\]*]+(\(\))?)$/.test(s)) {
      throw new Error(`chain pattern "${source}" has an invalid segment "${s}" (use names, name(), [], *, *() or **)`);
    }
  }
  return { source, segments };
}

function matchFrom(p: readonly string[], pi: number, c: Chain, ci: number, prefix: boolean): boolean {
  if (pi === p.length) return prefix || ci === c.length;
  const seg = p[pi];
  if (seg === '**') {
    for (let k = ci; k <= c.length; k++) if (matchFrom(p, pi + 1, c, k, prefix)) return true;
    return false;
  }
  if (ci >= c.length) return false;
  if (seg === '*()' ? !c[ci].endsWith('()') : seg !== '*' && seg !== c[ci]) return false;
  return matchFrom(p, pi + 1, c, ci + 1, prefix);
}

/** The whole chain matches the pattern. */
export function matchesChain(p: ChainPattern, chain: Chain): boolean {
  return matchFrom(p.segments, 0, chain, 0, false);
}

/** The chain starts with something the pattern matches (`req.query` matches `req.query.id`). */
export function chainStartsWith(p: ChainPattern, chain: Chain): boolean {
  return matchFrom(p.segments, 0, chain, 0, true);
}

export function anyMatches(patterns: readonly ChainPattern[], chains: readonly Chain[], prefix = false): boolean {
  for (const c of chains) for (const p of patterns) if (prefix ? chainStartsWith(p, c) : matchesChain(p, c)) return true;
  return false;
}
