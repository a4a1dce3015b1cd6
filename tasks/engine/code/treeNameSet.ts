/**
 * The names of a tree's files that other files may import (see treeNamesOf in crossFileNames),
 * as one text and two integer tables instead of a Set of strings. A large tree has one name per
 * program file (171,651 files of real code: 120,203 names), and every scan thread holds them for
 * the whole scan: as a Set, with each name a string of its own, they took ~10 MB of heap in each
 * thread; here about half, and they cross to other threads as three values.
 */
export interface TreeNameData {
  /** The names one after another, each followed by a newline (for reading; `starts` delimits them). */
  text: string;
  /** Where each name starts in `text`; one more entry, the text's length, ends the last. */
  starts: Int32Array;
  /** Open addressing by hash: 1 + a name's number, 0 for an empty slot; a power of two long. */
  slots: Int32Array;
}

function hashOf(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class TreeNameSet implements ReadonlySet<string> {
  readonly size: number;
  private languageSet?: Set<string>;

  private constructor(private readonly d: TreeNameData) {
    this.size = d.starts.length - 1;
  }

  static of(names: Iterable<string>): TreeNameSet {
    const unique = [...new Set(names)];
    const text = unique.length ? `${unique.join('\n')}\n` : '';
    const starts = new Int32Array(unique.length + 1);
    for (let i = 0, at = 0; i < unique.length; i++) {
      starts[i] = at;
      at += unique[i].length + 1;
    }
    starts[unique.length] = text.length;
    let n = 8;
    while (n < unique.length * 2) n *= 2;
    const slots = new Int32Array(n);
    for (let i = 0; i < unique.length; i++) {
      let h = hashOf(text, starts[i], starts[i + 1] - 1) & (n - 1);
      while (slots[h] !== 0) h = (h + 1) & (n - 1);
      slots[h] = i + 1;
    }
    return new TreeNameSet({ text, starts, slots });
  }

  /** A set from its data, as another thread received it (see `data`). */
  static from(d: TreeNameData): TreeNameSet {
    return new TreeNameSet(d);
  }

  /** What another thread needs to hold the same set (it clones as a string and two arrays). */
  get data(): TreeNameData {
    return this.d;
  }

  has(name: string): boolean {
    const { text, starts, slots } = this.d;
    const mask = slots.length - 1;
    for (let h = hashOf(name, 0, name.length) & mask; ; h = (h + 1) & mask) {
      const k = slots[h];
      if (k === 0) return false;
      const from = starts[k - 1];
      if (starts[k] - 1 - from === name.length && text.startsWith(name, from)) return true;
    }
  }

  /** The languages the names are of (the part before `:`). */
  get languages(): ReadonlySet<string> {
    if (!this.languageSet) {
      this.languageSet = new Set<string>();
      for (const n of this) this.languageSet.add(n.slice(0, n.indexOf(':')));
    }
    return this.languageSet;
  }

  *values(): IterableIterator<string> {
    const { text, starts } = this.d;
    for (let i = 0; i < this.size; i++) yield text.slice(starts[i], starts[i + 1] - 1);
  }

  keys(): IterableIterator<string> {
    return this.values();
  }

  *entries(): IterableIterator<[string, string]> {
    for (const v of this.values()) yield [v, v];
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.values();
  }

  forEach(fn: (value: string, key: string, set: ReadonlySet<string>) => void, thisArg?: unknown): void {
    for (const v of this.values()) fn.call(thisArg, v, v, this);
  }
}

/** The languages of a tree's names (the part before `:`), without a copy of each name where the set is compact. */
export function nameLanguages(names: ReadonlySet<string>): ReadonlySet<string> {
  return names instanceof TreeNameSet ? names.languages : new Set([...names].map((n) => n.slice(0, n.indexOf(':'))));
}
