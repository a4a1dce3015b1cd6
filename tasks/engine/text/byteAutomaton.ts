/**
 * The keyword automaton's inner loop over a file's bytes, as a small WebAssembly function
 * emitted here from the automaton's tables (no toolchain, no binary file in the repository).
 *
 * Why: in JavaScript the loop costs about 2 ns per character, one dependent table load after
 * another. WebAssembly runs the same loop over bytes without bounds checks and, more to the
 * point, walks STREAMS parts of a chunk side by side, so the processor overlaps their loads.
 * A stream that starts inside the chunk begins at the root `lookback` bytes early: the
 * automaton's state after that many bytes no longer depends on where it started (no keyword or
 * anchor is longer), so from its own part on it is in the state a single pass would be in.
 *
 * Bytes of 128 and above lead to the root, as non-ASCII characters do in the string loop.
 */

/** Parts of a chunk walked side by side. */
const STREAMS = 4;
/** Bytes of a text walked per call (copied into the module's memory, a part per stream). */
const CHUNK = 64 * 1024;
/** Results of a call: per stream its final state at 4*j and its end of events at 16 + 4*j. */
const RESULTS = 32;
const PAGE = 64 * 1024;

export class ByteAutomaton {
  private readonly i32: Int32Array;
  private readonly u8: Uint8Array;
  private readonly single: (...args: number[]) => void;
  private readonly split: (...args: number[]) => void;
  /** Byte offsets in the module's memory. */
  private readonly table: number;
  private readonly chunkAt: number;
  private readonly outAt: number;
  /**
   * Stream j's bytes are copied to chunkAt + j * stride and its events written from outAt + j *
   * stride * 8: the loop walks one index for all streams, and each stream's loads and stores add
   * their stream's place as a constant in the instruction (no address of its own to advance).
   */
  private readonly stride: number;
  /** A chunk shorter than this is walked as one stream (the lookback would be most of it). */
  private readonly minSplit: number;
  private readonly args: number[] = new Array<number>(2 * STREAMS + 1);

  /**
   * `delta`, `classOf`: the automaton as KeywordIndex holds it (per state a row of entries: the
   * next state's row offset, bit-inverted when something ends there; `classOf` per ASCII
   * character its column). `lookback`: the longest string's length less one. `wasm`: false
   * where WebAssembly is missing or refused (`--jitless`): the same single stream in JavaScript.
   */
  constructor(delta: Int32Array, classOf: Uint8Array, private readonly lookback: number, wasm = typeof WebAssembly === 'object') {
    this.table = RESULTS;
    const classes = this.table + delta.length * 4;
    // A stream walks at most a quarter of a chunk and its lookback; one stream alone, a whole chunk.
    this.stride = (Math.ceil(CHUNK / STREAMS) + lookback + 63) & ~63;
    this.outAt = classes + 256 * 4;
    this.chunkAt = this.outAt + Math.max(STREAMS * this.stride, CHUNK) * 8;
    const pages = Math.ceil((this.chunkAt + Math.max(STREAMS * this.stride, CHUNK)) / PAGE);
    let memory: WebAssembly.Memory | undefined;
    try {
      if (wasm) memory = new WebAssembly.Memory({ initial: pages });
    } catch {
      memory = undefined;
    }
    const buffer = memory ? memory.buffer : new ArrayBuffer(pages * PAGE);
    this.i32 = new Int32Array(buffer);
    this.u8 = new Uint8Array(buffer);
    // Entries become addresses in the memory: the loop adds the column's byte offset and loads.
    for (let k = 0; k < delta.length; k++) {
      const v = delta[k];
      const at = this.table + (v < 0 ? ~v : v) * 4;
      this.i32[(this.table >> 2) + k] = v < 0 ? ~at : at;
    }
    for (let c = 0; c < 128; c++) this.i32[(classes >> 2) + c] = classOf[c] * 4;
    let exports: WebAssembly.Exports | undefined;
    try {
      if (memory) exports = new WebAssembly.Instance(new WebAssembly.Module(automatonModule(classes, this.chunkAt, this.stride)), { m: { mem: memory } }).exports;
    } catch {
      exports = undefined;
    }
    if (exports) {
      this.single = exports.scan1 as (...args: number[]) => void;
      this.split = exports.scanN as (...args: number[]) => void;
      this.minSplit = 4 * STREAMS * (lookback + 1);
    } else {
      this.single = walkInJs(this.i32, this.u8, classes, this.chunkAt);
      this.split = () => {
        throw new Error('unreachable: no split walk without WebAssembly');
      };
      this.minSplit = Number.POSITIVE_INFINITY;
    }
  }

  /**
   * Pairs (offset, row), in increasing order of offset, for each byte of the last `run`'s text
   * after which the automaton is in a state where something ends: `row` is that state's row
   * offset in KeywordIndex's table. Valid up to 2 * the count `run` returned.
   */
  events = new Int32Array(4096);

  /** Walks `bytes`; returns the number of events (see `events`). */
  run(bytes: Uint8Array): number {
    const { i32, u8, table, chunkAt, outAt, args, stride } = this;
    let s = table;
    let count = 0;
    for (let c0 = 0; c0 < bytes.length; c0 += CHUNK) {
      const n = Math.min(CHUNK, bytes.length - c0);
      // At most one event per byte.
      if (this.events.length < 2 * (count + n)) {
        const bigger = new Int32Array(Math.max(2 * this.events.length, 2 * (count + n)));
        bigger.set(this.events.subarray(0, 2 * count));
        this.events = bigger;
      }
      if (n < this.minSplit) {
        u8.set(n === bytes.length ? bytes : bytes.subarray(c0, c0 + n), chunkAt);
        this.single(n, s, outAt);
        s = i32[0];
        count = this.collect(outAt, i32[RESULTS / 8], c0, 0, 0, n, count);
        continue;
      }
      // Stream j owns [j*m, (j+1)*m) of the chunk and starts `lookback` bytes before it; the
      // last one ends at the chunk's end, so its final state carries over to the next chunk.
      const m = Math.ceil(n / STREAMS);
      const k = m + this.lookback;
      args[0] = k;
      for (let j = 0; j < STREAMS; j++) {
        const from = j === 0 ? 0 : j === STREAMS - 1 ? n - k : j * m - this.lookback;
        u8.set(bytes.subarray(c0 + from, c0 + from + k), chunkAt + j * stride);
        args[1 + j] = j === 0 ? s : table;
        args[1 + STREAMS + j] = outAt + j * stride * 8;
      }
      this.split(...args);
      for (let j = 0; j < STREAMS; j++) {
        const from = j === 0 ? 0 : j === STREAMS - 1 ? n - k : j * m - this.lookback;
        count = this.collect(outAt + j * stride * 8, i32[RESULTS / 8 + j], c0, from, j * m, j === STREAMS - 1 ? n : (j + 1) * m, count);
      }
      s = i32[STREAMS - 1];
    }
    return count;
  }

  /** Copies the events of one stream (which starts at `first` in the chunk) whose offset in the chunk is in [lo, hi). */
  private collect(from: number, to: number, c0: number, first: number, lo: number, hi: number, count: number): number {
    const i32 = this.i32;
    const events = this.events;
    const table = this.table;
    let w = 2 * count;
    for (let q = from >> 2, end = to >> 2; q < end; q += 2) {
      const at = i32[q] + first;
      if (at >= lo && at < hi) {
        events[w++] = c0 + at;
        events[w++] = (i32[q + 1] - table) >> 2;
      }
    }
    return w >> 1;
  }
}

/** The single-stream function in JavaScript, on the same memory layout. */
function walkInJs(i32: Int32Array, u8: Uint8Array, classes: number, chunkAt: number): (...args: number[]) => void {
  const cls = classes >> 2;
  return (n: number, s: number, o: number) => {
    for (let p = 0; p < n; p++) {
      s = i32[(s + i32[cls + u8[chunkAt + p]]) >> 2];
      if (s < 0) {
        s = ~s;
        i32[o >> 2] = p;
        i32[(o >> 2) + 1] = s;
        o += 8;
      }
    }
    i32[0] = s;
    i32[RESULTS / 8] = o;
  };
}

// WebAssembly binary encoding (just what the two functions need).
const I32 = 0x7f;
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const get = (i: number) => [0x20, i];
const set = (i: number) => [0x21, i];
const tee = (i: number) => [0x22, i];
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_XOR = 0x73;
const I32_LT_S = 0x48;
const I32_GE_U = 0x4f;
const LOAD = (offset: number) => [0x28, 2, ...uleb(offset)];
const LOAD8 = (offset: number) => [0x2d, 0, ...uleb(offset)];
const STORE = (offset: number) => [0x36, 2, ...uleb(offset)];
const BLOCK = [0x02, 0x40];
const LOOP = [0x03, 0x40];
const IF = [0x04, 0x40];
const END = 0x0b;
const BR = 0x0c;
const BR_IF = 0x0d;

/**
 * A function walking `streams` streams `k` steps each, stream j's bytes at chunkAt + j * stride.
 * Parameters: k, the streams' start states (addresses of rows), their event cursors. Per step
 * and stream: `s = load(s + classes[byte])`; a negative entry is a state where something ends:
 * the step's index and the row address are appended at the cursor (events cannot outnumber bytes).
 */
function walkerBody(streams: number, classes: number, chunkAt: number, stride: number): number[] {
  const K = 0;
  const S = (j: number) => 1 + j;
  const O = (j: number) => 1 + streams + j;
  const P = 1 + 2 * streams;
  const code: number[] = [...BLOCK, ...LOOP, ...get(P), ...get(K), I32_GE_U, BR_IF, 1];
  for (let j = 0; j < streams; j++) {
    const s = S(j);
    const o = O(j);
    code.push(
      ...get(s), ...get(P), ...LOAD8(chunkAt + j * stride), I32_CONST, 2, I32_SHL, ...LOAD(classes), I32_ADD, ...LOAD(0), ...tee(s), I32_CONST, 0, I32_LT_S,
      ...IF,
      ...get(s), I32_CONST, 0x7f, I32_XOR, ...set(s),
      ...get(o), ...get(P), ...STORE(0),
      ...get(o), ...get(s), ...STORE(4),
      ...get(o), I32_CONST, 8, I32_ADD, ...set(o),
      END,
    );
  }
  code.push(...get(P), I32_CONST, 1, I32_ADD, ...set(P), BR, 0, END, END);
  for (let j = 0; j < streams; j++) code.push(I32_CONST, 0, ...get(S(j)), ...STORE(4 * j), I32_CONST, 0, ...get(O(j)), ...STORE(RESULTS / 2 + 4 * j));
  code.push(END);
  const locals = [1, 1, I32];
  return [...uleb(locals.length + code.length), ...locals, ...code];
}

function automatonModule(classes: number, chunkAt: number, stride: number): Uint8Array<ArrayBuffer> {
  const type = (streams: number) => [0x60, ...vec(Array.from({ length: 2 * streams + 1 }, () => [I32])), 0];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([type(1), type(STREAMS)])),
    ...section(2, vec([[...name('m'), ...name('mem'), 0x02, 0x00, 0x01]])),
    ...section(3, vec([[0], [1]])),
    ...section(7, vec([[...name('scan1'), 0x00, 0], [...name('scanN'), 0x00, 1]])),
    ...section(10, vec([walkerBody(1, classes, chunkAt, stride), walkerBody(STREAMS, classes, chunkAt, stride)])),
  ]);
}
