/**
 * Case-insensitive multi-keyword prefilter: an Aho-Corasick automaton compiled to a dense DFA
 * over ASCII, so one pass over a file tells which keywords occur, whatever their number.
 * The same pass can also record where "anchors" (literal prefixes of rule patterns) start, so
 * rules are tried only there. Characters outside ASCII reset the automaton (keywords and
 * anchors are ASCII by construction).
 */

/** Keywords and anchors are ASCII: any other character resets the automaton. */
const ALPHABET = 128;

/** Keywords this short are matched as words, not inside other words. */
const SHORT_KEYWORD = 3;

import { ByteAutomaton } from './byteAutomaton';

const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;
const isLetter = (c: number) => isLower(c) || isUpper(c);
const sameCaseLetters = (a: number, b: number) => (isLower(a) && isLower(b)) || (isUpper(a) && isUpper(b));

/** Per keyword: 1 = starts with a letter and must not continue a word, 2 = likewise at its end (see onEdges). */
function edgesOf(k: string): number {
  return k.length > SHORT_KEYWORD ? 0 : (isLetter(k.charCodeAt(0)) ? 1 : 0) | (isLetter(k.charCodeAt(k.length - 1)) ? 2 : 0);
}

/**
 * Whether a keyword with these edges (see edgesOf) spanning `start`..`end` (inclusive) stands on
 * word edges where it must. It may not continue a run of letters of the same case before it
 * (`myPat` counts, `task`, `TASK` and `global` do not). After it, only a lower-case keyword
 * running on in lower case is a longer word (`path`, `adobe`); vendor prefixes in capitals run
 * straight into their token (`EAAG…`, `SK6a…`) and must still count.
 */
function standsOnEdges(text: string, e: number, start: number, end: number): boolean {
  if (e === 0) return true;
  if (e & 1 && start > 0 && sameCaseLetters(text.charCodeAt(start - 1), text.charCodeAt(start))) return false;
  if (e & 2 && end + 1 < text.length && isLower(text.charCodeAt(end)) && isLower(text.charCodeAt(end + 1))) return false;
  return true;
}

/** The text with ASCII capitals in lower case, nothing else changed (so offsets stay). */
function asciiLower(text: string): string {
  return /[A-Z]/.test(text) ? text.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : text;
}

/**
 * Characters a scan searches keyword by keyword (see findKeywordsInSmallText) before it builds
 * an automaton of a few hundred keywords: building one takes about 20 ms, and one search per
 * keyword costs about as much over this much text.
 */
export const SMALL_TEXT_CHARS = 128 * 1024;

/**
 * KeywordIndex.find for a few short texts, without building the automaton (which costs tens of
 * milliseconds, most of a one-file scan's budget): one native search per keyword. `keywords`
 * are lower case and ASCII; returns the indexes into it of those present, on the same terms
 * as KeywordIndex (ASCII letters match either case, short keywords stand on word edges).
 */
export function findKeywordsInSmallText(keywords: readonly string[], text: string): number[] {
  const found: number[] = [];
  scanSmallText(keywords, [], text, [], [], found);
  return found;
}

/**
 * KeywordIndex.scanInto by one native search per keyword and anchor (see findKeywordsInSmallText):
 * appends to `found` the indexes of the keywords present, and to `starts[a]` every place anchor
 * `a` starts, in increasing order, listing in `touched` the anchors that occur.
 */
export function scanSmallText(keywords: readonly string[], anchors: readonly string[], text: string, starts: number[][], touched: number[], found: number[]): void {
  const lower = asciiLower(text);
  for (let k = 0; k < keywords.length; k++) {
    const w = keywords[k];
    const e = edgesOf(w);
    for (let at = lower.indexOf(w); at >= 0; at = lower.indexOf(w, at + 1)) {
      if (standsOnEdges(text, e, at, at + w.length - 1)) {
        found.push(k);
        break;
      }
    }
  }
  for (let a = 0; a < anchors.length; a++) {
    const list = starts[a];
    for (let at = lower.indexOf(anchors[a]); at >= 0; at = lower.indexOf(anchors[a], at + 1)) {
      if (list.length === 0) touched.push(a);
      list.push(at);
    }
  }
}

export class KeywordIndex {
  /**
   * Per state a row of `1 << shift` entries, one per character class (see classOf): the table
   * is a few times smaller than one with a column per ASCII character, so more of it stays in
   * the processor's cache while a file is scanned.
   */
  private readonly delta: Int32Array;
  private readonly shift: number;
  /**
   * Per ASCII character its column: one per character that occurs in a keyword or anchor (an
   * upper-case letter shares its lower-case form's), and 0 for all others, which lead every
   * state back to the root.
   */
  private readonly classOf: Uint8Array;
  /** Per keyword: 1 = starts with a letter and must not continue a word, 2 = likewise at its end. */
  private readonly edges: Uint8Array;
  private readonly lengths: Int32Array;
  /** For each state, the string ids that end there (including via failure links). */
  private readonly outputs: (Int32Array | null)[];
  /** Per string id: its keyword id or -1, and its anchor id or -1. */
  private readonly keywordOf: Int32Array;
  private readonly anchorOf: Int32Array;
  /**
   * Per state: when the one string ending there is an anchor and no keyword (most events of
   * the secret scan's byte pass), that anchor's id, else -1; and its length. The byte pass
   * then records the place without reading the state's output list.
   */
  private readonly soloAnchor: Int32Array;
  private readonly soloLength: Int32Array;
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
    const classOf = new Uint8Array(ALPHABET);
    let classes = 1;
    for (const k of uniq) {
      for (let i = 0; i < k.length; i++) {
        const c = k.charCodeAt(i);
        if (classOf[c] === 0) classOf[c] = classes++;
      }
    }
    // Upper-case letters behave like their lower-case forms (keywords are lower case).
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32];
    let shift = 0;
    while (1 << shift < classes) shift++;
    const width = 1 << shift;
    this.classOf = classOf;
    this.shift = shift;
    // Built once per scan, so mostly run by the interpreter: rows are filled by native copies
    // (a state's row is its failure state's row plus its own edges), not character by character.
    // Trie first: per state its edges (character class, child) and the string ids that end there.
    const edgeChars: number[][] = [[]];
    const edgeTargets: number[][] = [[]];
    const own: number[][] = [[]];
    uniq.forEach((k, id) => {
      let s = 0;
      for (let i = 0; i < k.length; i++) {
        const c = classOf[k.charCodeAt(i)];
        const at = edgeChars[s].indexOf(c);
        if (at >= 0) s = edgeTargets[s][at];
        else {
          const t = own.length;
          edgeChars[s].push(c);
          edgeTargets[s].push(t);
          edgeChars.push([]);
          edgeTargets.push([]);
          own.push([]);
          s = t;
        }
      }
      own[s].push(id);
    });
    const n = own.length;
    // The hot loop reads one entry per character: the next state's row offset, bit-inverted
    // (negative) when something ends in that state. Breadth first, a state's failure state is
    // shallower, so its row is complete when it is copied.
    const delta = new Int32Array(n * width);
    const fail = new Int32Array(n);
    const out: number[][] = new Array<number[]>(n);
    out[0] = [];
    const queue: number[] = [0];
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      const row = s * width;
      const failRow = fail[s] * width;
      if (s !== 0) delta.copyWithin(row, failRow, failRow + width);
      const cs = edgeChars[s];
      const ts = edgeTargets[s];
      for (let j = 0; j < cs.length; j++) {
        const t = ts[j];
        const f = s === 0 ? 0 : (delta[failRow + cs[j]] < 0 ? ~delta[failRow + cs[j]] : delta[failRow + cs[j]]) >> shift;
        fail[t] = f;
        // Most states end nothing of their own: they share their failure state's list.
        out[t] = own[t].length ? own[t].concat(out[f]) : out[f];
        delta[row + cs[j]] = out[t].length ? ~(t * width) : t * width;
        queue.push(t);
      }
    }
    this.delta = delta;
    const shared = new Map<number[], Int32Array>();
    this.outputs = out.map((o) => {
      if (!o.length) return null;
      let a = shared.get(o);
      if (!a) shared.set(o, (a = Int32Array.from(new Set(o))));
      return a;
    });
    this.lengths = Int32Array.from(uniq.map((k) => k.length));
    this.soloAnchor = new Int32Array(n).fill(-1);
    this.soloLength = new Int32Array(n);
    for (let t = 0; t < n; t++) {
      const o = this.outputs[t];
      if (o === null || o.length !== 1 || this.keywordOf[o[0]] >= 0) continue;
      this.soloAnchor[t] = this.anchorOf[o[0]];
      this.soloLength[t] = this.lengths[o[0]];
    }
    // "pat" should fire on GITHUB_PAT or patToken, not on "path"; "sk" on sk_live, not "task".
    this.edges = Uint8Array.from(uniq.map(edgesOf));
  }

  /** Whether the keyword ending at `end` (inclusive) stands on word edges where it must (see standsOnEdges). */
  private onEdges(text: string, id: number, end: number): boolean {
    // standsOnEdges written out: this runs on every keyword hit of the secret scan's hot loop.
    const e = this.edges[id];
    if (e === 0) return true;
    const start = end - this.lengths[id] + 1;
    if (e & 1 && start > 0 && sameCaseLetters(text.charCodeAt(start - 1), text.charCodeAt(start))) return false;
    if (e & 2 && end + 1 < text.length && isLower(text.charCodeAt(end)) && isLower(text.charCodeAt(end + 1))) return false;
    return true;
  }

  /** onEdges over bytes that stand for the text one to one around an ASCII keyword (see scanBytesInto). */
  private onEdgesBytes(bytes: Uint8Array, id: number, end: number): boolean {
    const e = this.edges[id];
    if (e === 0) return true;
    const start = end - this.lengths[id] + 1;
    if (e & 1 && start > 0 && sameCaseLetters(bytes[start - 1], bytes[start])) return false;
    if (e & 2 && end + 1 < bytes.length && isLower(bytes[end]) && isLower(bytes[end + 1])) return false;
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

  /** Built on the first byte scan (code rules scan strings only). */
  private byteAutomaton: ByteAutomaton | undefined;

  /**
   * scanInto over the bytes a text was decoded from, without the text: the same keywords, in
   * the same order, and the same anchor starts as string offsets. `utf8`: the bytes are UTF-8
   * with multi-byte sequences (offsets are converted to UTF-16 units); otherwise each byte is
   * one character (ASCII, or Latin-1). Keywords and anchors are ASCII, so a match in the bytes
   * is a match in the text, and the characters around it that the word-edge checks read are
   * ASCII in both or letters in neither.
   */
  scanBytesInto(bytes: Uint8Array, utf8: boolean, starts: number[][], touched: number[], found: number[]): void {
    const automaton = (this.byteAutomaton ??= new ByteAutomaton(this.delta, this.classOf, this.lengths.reduce((a, b) => Math.max(a, b), 1) - 1));
    const count = automaton.run(bytes);
    const events = automaton.events;
    const outputs = this.outputs;
    const shift = this.shift;
    const keywordOf = this.keywordOf;
    const anchorOf = this.anchorOf;
    const lengths = this.lengths;
    const soloAnchor = this.soloAnchor;
    const soloLength = this.soloLength;
    const seen = (this.seen ??= new Uint8Array(this.keywords.length));
    const from = found.length;
    // UTF-16 units before byte `byteAt`: a unit per byte that starts a sequence, two for a 4-byte one.
    let byteAt = 0;
    let unitAt = 0;
    try {
      for (let e = 0; e < 2 * count; e += 2) {
        const i = events[e];
        const state = events[e + 1] >> shift;
        let end = i;
        if (utf8) {
          for (; byteAt <= i; byteAt++) {
            const b = bytes[byteAt];
            if ((b & 0xc0) !== 0x80) unitAt += b >= 0xf0 ? 2 : 1;
          }
          end = unitAt - 1;
        }
        const solo = soloAnchor[state];
        if (solo >= 0) {
          const list = starts[solo];
          if (list.length === 0) touched.push(solo);
          list.push(end - soloLength[state] + 1);
          continue;
        }
        const o = outputs[state]!;
        for (let j = 0; j < o.length; j++) {
          const id = o[j];
          const k = keywordOf[id];
          if (k >= 0 && seen[k] === 0 && this.onEdgesBytes(bytes, id, i)) {
            seen[k] = 1;
            found.push(k);
          }
          const a = anchorOf[id];
          if (a >= 0) {
            const list = starts[a];
            if (list.length === 0) touched.push(a);
            list.push(end - lengths[id] + 1);
          }
        }
      }
    } finally {
      for (let j = from; j < found.length; j++) seen[found[j]] = 0;
    }
  }

  /** Reused by scanInto: which keywords were found in the current text. */
  private seen: Uint8Array | undefined;

  /** scan without allocating: appends the ids of the keywords found to `found` (each once). */
  scanInto(text: string, starts: number[][] | null, touched: number[], found: number[]): void {
    const delta = this.delta;
    const classOf = this.classOf;
    const shift = this.shift;
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
        s = c < ALPHABET ? delta[s + classOf[c]] : 0;
        if (s < 0) {
          s = ~s;
          const o = outputs[s >> shift]!;
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
