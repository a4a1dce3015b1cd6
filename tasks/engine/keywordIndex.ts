/**
 * Case-insensitive multi-keyword prefilter: an Aho-Corasick automaton compiled to a dense DFA
 * over ASCII, so one pass over a file tells which keywords occur, whatever their number.
 * Characters outside ASCII reset the automaton (keywords are ASCII by construction).
 */

const ALPHABET = 128;

/** Keywords this short are matched as words, not inside other words. */
const SHORT_KEYWORD = 3;

const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLetter = (c: number) => isLower(c) || isUpper(c);
const sameCaseLetters = (a: number, b: number) => (isLower(a) && isLower(b)) || (isUpper(a) && isUpper(b));

export class KeywordIndex {
  private readonly delta: Int32Array;
  /** Per keyword: 1 = starts with a letter and must not continue a word, 2 = likewise at its end. */
  private readonly edges: Uint8Array;
  private readonly lengths: Int32Array;
  /** For each state, the keyword ids that end there (including via failure links). */
  private readonly outputs: (Int32Array | null)[];
  readonly keywords: readonly string[];

  constructor(keywords: readonly string[]) {
    const uniq = [...new Set(keywords.map((k) => k.toLowerCase()))];
    for (const k of uniq) {
      if (k.length === 0) throw new Error('a keyword may not be empty');
      for (let i = 0; i < k.length; i++) {
        if (k.charCodeAt(i) >= ALPHABET) throw new Error(`keyword "${k}" must be ASCII`);
      }
    }
    this.keywords = uniq;

    // Trie.
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    uniq.forEach((k, id) => {
      let s = 0;
      for (let i = 0; i < k.length; i++) {
        const c = k.charCodeAt(i);
        let next = goto[s].get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s].set(c, next);
        }
        s = next;
      }
      out[s].push(id);
    });

    // Failure links by BFS, folded straight into a dense transition table.
    const n = goto.length;
    const delta = new Int32Array(n * ALPHABET);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < ALPHABET; c++) {
      const t = goto[0].get(c);
      if (t !== undefined) {
        delta[c] = t;
        fail[t] = 0;
        queue.push(t);
      }
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      out[s] = out[s].concat(out[fail[s]]);
      for (let c = 0; c < ALPHABET; c++) {
        const t = goto[s].get(c);
        if (t !== undefined) {
          fail[t] = delta[fail[s] * ALPHABET + c];
          delta[s * ALPHABET + c] = t;
          queue.push(t);
        } else {
          delta[s * ALPHABET + c] = delta[fail[s] * ALPHABET + c];
        }
      }
    }
    // Upper-case letters behave like their lower-case forms.
    for (let s = 0; s < n; s++) {
      for (let c = 65; c <= 90; c++) delta[s * ALPHABET + c] = delta[s * ALPHABET + c + 32];
    }
    this.delta = delta;
    this.outputs = out.map((o) => (o.length ? Int32Array.from(new Set(o)) : null));
    this.lengths = Int32Array.from(uniq.map((k) => k.length));
    // "pat" should fire on GITHUB_PAT or patToken, not on "path"; "sk" on sk_live, not "task".
    this.edges = Uint8Array.from(
      uniq.map((k) => (k.length > SHORT_KEYWORD ? 0 : (isLetter(k.charCodeAt(0)) ? 1 : 0) | (isLetter(k.charCodeAt(k.length - 1)) ? 2 : 0))),
    );
  }

  /**
   * Whether the keyword ending at `end` (inclusive) stands on word edges where it must. It may
   * not continue a run of letters of the same case before it (`myPat` counts, `task`, `TASK`
   * and `global` do not). After it, only a lower-case keyword running on in lower case is a
   * longer word (`path`, `adobe`); vendor prefixes in capitals run straight into their token
   * (`EAAG…`, `SK6a…`) and must still count.
   */
  private onEdges(text: string, id: number, end: number): boolean {
    const e = this.edges[id];
    if (e === 0) return true;
    const start = end - this.lengths[id] + 1;
    if (e & 1 && start > 0 && sameCaseLetters(text.charCodeAt(start - 1), text.charCodeAt(start))) return false;
    if (e & 2 && end + 1 < text.length && isLower(text.charCodeAt(end)) && isLower(text.charCodeAt(end + 1))) return false;
    return true;
  }

  /** Ids (indexes into `keywords`) of every keyword present in `text`. */
  find(text: string): Set<number> {
    const found = new Set<number>();
    const delta = this.delta;
    const outputs = this.outputs;
    const total = this.keywords.length;
    let s = 0;
    for (let i = 0, len = text.length; i < len; i++) {
      const c = text.charCodeAt(i);
      s = c < ALPHABET ? delta[s * ALPHABET + c] : 0;
      const o = outputs[s];
      if (o !== null) {
        for (let j = 0; j < o.length; j++) if (!found.has(o[j]) && this.onEdges(text, o[j], i)) found.add(o[j]);
        if (found.size === total) break;
      }
    }
    return found;
  }
}
