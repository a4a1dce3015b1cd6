/**
 * Chains: a dotted, language-neutral name for an expression, from its root to its end.
 * `req.query.id` -> [req, query, id]; `db.query(x)` -> [db, query()]; `a[i]` -> [a, []].
 * A root that is an import alias is replaced by the module path (`cp` -> `child_process`), and
 * a root that is a typed parameter has a second form rooted at `@Type` (`r` -> `@http.Request`).
 *
 * Chain patterns are written the same way, with `*` for one segment, `*()` for any call and
 * `**` for any number of segments; `f()()` names a call of what `f()` returned (`bent('json')(url)`,
 * or `get(url)` after `const get = bent('json')`).
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

/**
 * Compiled patterns by source text. Knowledge (sources, sanitisers, parameter models) is compiled
 * again for every file that needs it, each time splitting and checking the same few hundred
 * pattern texts; a pattern is immutable and depends on its text only, so one object serves all.
 */
const compiled = new Map<string, ChainPattern>();
const COMPILED_MAX = 20_000;

export function compileChainPattern(source: string): ChainPattern {
  let p = compiled.get(source);
  if (!p) {
    p = compileNew(source);
    if (compiled.size >= COMPILED_MAX) compiled.clear();
    compiled.set(source, p);
  }
  return p;
}

function compileNew(source: string): ChainPattern {
  const segments = splitChain(source.trim());
  if (segments.length === 0) throw new Error(`chain pattern "${source}" is empty`);
  for (const s of segments) {
    if (!/^(\*\*|\*(\(\))?|\[\]|[^\s()[\]*]+(\(\))*)$/.test(s)) {
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

/**
 * Patterns by the first name a chain must hold: `req.query` only at its start, `**.request.args`
 * anywhere. Patterns that open with a wildcard (`*`, `*()`) are tried on every chain.
 */
interface PatternIndex {
  always: readonly ChainPattern[];
  atStart: ReadonlyMap<string, readonly ChainPattern[]>;
  anywhere: ReadonlyMap<string, readonly ChainPattern[]>;
}

const patternIndexes = new WeakMap<readonly ChainPattern[], PatternIndex>();

/** Below this many patterns a plain loop is as fast as the index. */
const INDEXED_FROM = 8;

function patternIndex(patterns: readonly ChainPattern[]): PatternIndex {
  let ix = patternIndexes.get(patterns);
  if (ix) return ix;
  const always: ChainPattern[] = [];
  const atStart = new Map<string, ChainPattern[]>();
  const anywhere = new Map<string, ChainPattern[]>();
  for (const p of patterns) {
    let i = 0;
    while (p.segments[i] === '**') i++;
    const first = p.segments[i];
    if (first === undefined || first === '*' || first === '*()') always.push(p);
    else {
      const into = i === 0 ? atStart : anywhere;
      const list = into.get(first);
      if (list) list.push(p);
      else into.set(first, [p]);
    }
  }
  ix = { always, atStart, anywhere };
  patternIndexes.set(patterns, ix);
  return ix;
}

export function anyMatches(patterns: readonly ChainPattern[], chains: readonly Chain[], prefix = false): boolean {
  // Indexed loops and no closure: this runs for every chain the matcher and the tracker test,
  // and an iterator or a closure per call is garbage each time.
  if (patterns.length < INDEXED_FROM) {
    for (let i = 0; i < chains.length; i++) {
      const c = chains[i];
      for (let j = 0; j < patterns.length; j++) if (matchFrom(patterns[j].segments, 0, c, 0, prefix)) return true;
    }
    return false;
  }
  // Only the patterns whose first name the chain holds where the pattern needs it can match.
  const ix = patternIndex(patterns);
  for (let i = 0; i < chains.length; i++) {
    const c = chains[i];
    if (someMatch(ix.always, c, prefix)) return true;
    if (c.length === 0) continue;
    const start = ix.atStart.get(c[0]);
    if (start && someMatch(start, c, prefix)) return true;
    if (ix.anywhere.size === 0) continue;
    for (let k = 0; k < c.length; k++) {
      const some = ix.anywhere.get(c[k]);
      if (some && someMatch(some, c, prefix)) return true;
    }
  }
  return false;
}

function someMatch(patterns: readonly ChainPattern[], c: Chain, prefix: boolean): boolean {
  for (let j = 0; j < patterns.length; j++) if (matchFrom(patterns[j].segments, 0, c, 0, prefix)) return true;
  return false;
}
