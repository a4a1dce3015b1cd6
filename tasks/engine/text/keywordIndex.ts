/**
 * Case-insensitive multi-keyword prefilter: an Aho-Corasick automaton compiled to a dense DFA
 * over ASCII, so one pass over a file tells which keywords occur, whatever their number.
 * The same pass can also record where "anchors" (literal prefixes of rule patterns) start, so
 * rules are tried only there. Characters outside ASCII reset the automaton (keywords and
 * anchors are ASCII by construction).
 */

/** ASCII; the state-row arithmetic below (`>> 7`) depends on it. */
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
  /** For each state, the string ids that end there (including via failure links). */
  private readonly outputs: (Int32Array | null)[];
  /** Per string id: its keyword id or -1, and its anchor id or -1. */
  private readonly keywordOf: Int32Array;
  private readonly anchorOf: Int32Array;
  readonly keywords: readonly string[];
  readonly anchors: readonly string[];

  constructor(keywords: readonly string[], anchors: readonly string[] = []) {
    const kws = [...new Set(keywords.map((k) => k.toLowerCase()))];
    this.keywords = kws;
    this.anchors = [...new Set(anchors.map((a) => a.toLowerCase()))];
    const uniq = [...new Set([...kws, ...this.anchors])];
    const idOf = new Map(uniq.map((k, i) => [k, i]));
    this.keywordOf = new Int32Array(uniq.length).fill(-1);
    this.anchorOf = new Int32Array(uniq.length).fill(-1);
    kws.forEach((k, i) => (this.keywordOf[idOf.get(k)!] = i));
    this.anchors.forEach((a, i) => (this.anchorOf[idOf.get(a)!] = i));
    for (const k of uniq) {
      if (k.length === 0) throw new Error('a keyword may not be empty');
      for (let i = 0; i < k.length; i++) {
        if (k.charCodeAt(i) >= ALPHABET) throw new Error(`keyword "${k}" must be ASCII`);
      }
    }
    // Trie, straight into the transition table: 0 = no child (the root is nobody's child).
    let cap = 1;
    for (const k of uniq) cap += k.length;
    let delta = new Int32Array(cap * ALPHABET);
    const out: number[][] = [[]];
    uniq.forEach((k, id) => {
      let s = 0;
      for (let i = 0; i < k.length; i++) {
        const at = s * ALPHABET + k.charCodeAt(i);
        if (delta[at] === 0) {
          delta[at] = out.length;
          out.push([]);
        }
        s = delta[at];
      }
      out[s].push(id);
    });
    const n = out.length;
    delta = delta.slice(0, n * ALPHABET);

    // Failure links by BFS (a state's failure target is shallower, so its row is complete
    // by then), folded into the table: missing transitions follow the failure link.
    const fail = new Int32Array(n);
    const queue: number[] = [0];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      if (s !== 0) out[s] = out[s].concat(out[fail[s]]);
      const row = s * ALPHABET;
      const failRow = fail[s] * ALPHABET;
      for (let c = 0; c < ALPHABET; c++) {
        const t = delta[row + c];
        if (t !== 0) {
          fail[t] = s === 0 ? 0 : delta[failRow + c];
          queue.push(t);
        } else if (s !== 0) {
          delta[row + c] = delta[failRow + c];
        }
      }
    }
    // Upper-case letters behave like their lower-case forms.
    for (let s = 0; s < n; s++) {
      for (let c = 65; c <= 90; c++) delta[s * ALPHABET + c] = delta[s * ALPHABET + c + 32];
    }
    // The hot loop reads one entry per character: the next state's row offset, bit-inverted
    // (negative) when something ends in that state.
    for (let i = 0; i < delta.length; i++) {
      const t = delta[i];
      delta[i] = out[t].length ? ~(t * ALPHABET) : t * ALPHABET;
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
    return this.scan(text, null);
  }

  /**
   * Like find; with `starts` (one array per anchor, empty on entry) also appends the start
   * index of every occurrence of each anchor, in increasing order, and lists in `touched` the
   * anchors that occurred (so the caller empties only those).
   */
  scan(text: string, starts: number[][] | null, touched: number[] = []): Set<number> {
    const found: number[] = [];
    this.scanInto(text, starts, touched, found);
    return new Set(found);
  }

  /** Reused by scanInto: which keywords were found in the current text. */
  private seen: Uint8Array | undefined;

  /** scan without allocating: appends the ids of the keywords found to `found` (each once). */
  scanInto(text: string, starts: number[][] | null, touched: number[], found: number[]): void {
    const delta = this.delta;
    const outputs = this.outputs;
    const keywordOf = this.keywordOf;
    const anchorOf = this.anchorOf;
    const lengths = this.lengths;
    const total = this.keywords.length;
    const seen = (this.seen ??= new Uint8Array(total));
    const from = found.length;
    let s = 0;
    try {
      for (let i = 0, len = text.length; i < len; i++) {
        const c = text.charCodeAt(i);
        s = c < ALPHABET ? delta[s + c] : 0;
        if (s < 0) {
          s = ~s;
          const o = outputs[s >> 7]!;
          for (let j = 0; j < o.length; j++) {
            const id = o[j];
            const k = keywordOf[id];
            if (k >= 0 && seen[k] === 0 && this.onEdges(text, id, i)) {
              seen[k] = 1;
              found.push(k);
            }
            if (starts !== null) {
              const a = anchorOf[id];
              if (a >= 0) {
                const list = starts[a];
                if (list.length === 0) touched.push(a);
                list.push(i - lengths[id] + 1);
              }
            }
          }
          if (starts === null && found.length - from === total) break;
        }
      }
    } finally {
      for (let j = from; j < found.length; j++) seen[found[j]] = 0;
    }
  }
}
