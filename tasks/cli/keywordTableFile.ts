import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { KeywordTables, KeywordTableStore } from '../engine';

/**
 * The keyword automata of recent scans, kept in one file beside the CLI's code cache
 * (out/cli/keyword-tables.bin) so that the next run of a pre-commit hook reads them instead of
 * building them (10-15 ms each for the secret and the code rules). An automaton is found by its
 * strings, so a changed rule set or configuration simply builds and adds its own. A file that
 * cannot be read or does not add up is ignored; one that cannot be written is not kept.
 *
 * Format: `PKT1\n`, a JSON line [{ key, states, outputs }], padding to a multiple of 4 bytes,
 * then per entry its transition table (states x 128 int32) and its outputs (per state a count,
 * then that many string ids; int32), in the machine's byte order (the file never leaves it).
 */
export const KEYWORD_TABLE_FILE = 'keyword-tables.bin';

const MAGIC = 'PKT1\n';
const ALPHABET = 128;
/** The most automata kept (each about 1 MB): the latest scans' rule sets. */
const MAX_ENTRIES = 6;

interface Entry {
  key: string;
  states: number;
  outputs: number;
}

export class KeywordTableFile implements KeywordTableStore {
  private entries: Map<string, KeywordTables> | undefined;
  private added = false;

  constructor(readonly file: string) {}

  get(key: string): KeywordTables | undefined {
    return this.load().get(key);
  }

  set(key: string, tables: KeywordTables): void {
    const entries = this.load();
    entries.delete(key);
    entries.set(key, tables);
    while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    this.added = true;
  }

  /** Writes the file if an automaton was added (atomically; silently not on a read-only install). */
  save(): void {
    if (!this.added || !this.entries) return;
    try {
      const tmp = `${this.file}.tmp-${process.pid}`;
      writeFileSync(tmp, encode(this.entries));
      renameSync(tmp, this.file);
      this.added = false;
    } catch {
      // Not kept: the next run builds the automata again.
    }
  }

  private load(): Map<string, KeywordTables> {
    if (this.entries) return this.entries;
    try {
      this.entries = decode(readFileSync(this.file));
    } catch {
      this.entries = new Map();
    }
    return this.entries;
  }
}

export function encode(entries: ReadonlyMap<string, KeywordTables>): Buffer {
  const list: Entry[] = [];
  const parts: Int32Array[] = [];
  for (const [key, t] of entries) {
    let n = 0;
    for (const o of t.outputs) n += 1 + (o ? o.length : 0);
    const flat = new Int32Array(n);
    let w = 0;
    for (const o of t.outputs) {
      flat[w++] = o ? o.length : 0;
      if (o) {
        flat.set(o, w);
        w += o.length;
      }
    }
    list.push({ key, states: t.outputs.length, outputs: n });
    parts.push(t.delta, flat);
  }
  let head = MAGIC + JSON.stringify(list) + '\n';
  head += ' '.repeat((4 - (Buffer.byteLength(head) % 4)) % 4);
  return Buffer.concat([Buffer.from(head, 'utf8'), ...parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))]);
}

/** The entries of a file made by encode; throws if it does not add up. */
export function decode(buf: Buffer): Map<string, KeywordTables> {
  if (buf.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new Error('not a keyword table file');
  const nl = buf.indexOf(10, MAGIC.length);
  const list = JSON.parse(buf.subarray(MAGIC.length, nl).toString('utf8')) as Entry[];
  let at = nl + 1;
  at += (4 - (at % 4)) % 4;
  // One aligned copy of the tables, viewed per entry (a file read is not always 4-byte aligned).
  const ints = new Int32Array(new Uint8Array(buf.subarray(at)).buffer);
  const out = new Map<string, KeywordTables>();
  let p = 0;
  for (const e of list) {
    const size = e.states * ALPHABET;
    if (!(e.states > 0) || p + size + e.outputs > ints.length) throw new Error('truncated');
    const delta = ints.subarray(p, p + size);
    p += size;
    const flat = ints.subarray(p, p + e.outputs);
    p += e.outputs;
    const outputs: (Int32Array | null)[] = new Array<Int32Array | null>(e.states);
    let r = 0;
    for (let s = 0; s < e.states; s++) {
      const c = flat[r++];
      outputs[s] = c ? flat.subarray(r, (r += c)) : null;
    }
    if (r !== e.outputs) throw new Error('outputs do not add up');
    out.set(e.key, { delta, outputs });
  }
  return out;
}
