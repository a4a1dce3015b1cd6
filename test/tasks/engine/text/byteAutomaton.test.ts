import assert from 'node:assert/strict';
import { ByteAutomaton } from '../../../../tasks/engine/text/byteAutomaton';
import { KeywordIndex } from '../../../../tasks/engine/text/keywordIndex';

/** The automaton's tables, as KeywordIndex builds them (private there: read for the reference walk). */
function tables(index: KeywordIndex): { delta: Int32Array; classOf: Uint8Array; lengths: Int32Array } {
  return index as unknown as { delta: Int32Array; classOf: Uint8Array; lengths: Int32Array };
}

/** The plain loop the WebAssembly one replaces: one stream, non-ASCII bytes back to the root. */
function reference(delta: Int32Array, classOf: Uint8Array, bytes: Uint8Array): number[] {
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    s = c < 128 ? delta[s + classOf[c]] : 0;
    if (s < 0) {
      s = ~s;
      out.push(i, s);
    }
  }
  return out;
}

describe('byte automaton (WebAssembly keyword loop)', () => {
  let seed = 11;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };

  it('reports the events a single plain pass reports, for lengths around its stream split and chunk size', () => {
    const index = new KeywordIndex(['token', 'secret', 'key', 'api_key', 'ghp_', 'password', 'a'.repeat(28)], ['AKIA', 'xoxb-', 'sk_live_']);
    const { delta, classOf, lengths } = tables(index);
    const automaton = new ByteAutomaton(delta, classOf, Math.max(...lengths) - 1);
    const pieces = ['token', 'SECRET', 'key', 'api_key', 'ghp_', 'AKIA', 'xoxb-', 'sk_live_', 'a'.repeat(30), ' ', '\n', 'x', '\u00e9', 'pass', 'word'];
    for (const length of [0, 1, 7, 100, 463, 464, 465, 2000, 65535, 65536, 65537, 200_003]) {
      const parts: string[] = [];
      let n = 0;
      while (n < length) {
        const p = pieces[rnd(pieces.length)];
        parts.push(p);
        n += Buffer.byteLength(p);
      }
      const bytes = Buffer.from(parts.join('')).subarray(0, length);
      const count = automaton.run(bytes);
      assert.deepEqual([...automaton.events.subarray(0, 2 * count)], reference(delta, classOf, bytes), `${length} bytes`);
    }
  });

  it('holds each stream and its lookback in its own part of the memory, however long the longest keyword', () => {
    const long = 'q'.repeat(1500);
    const index = new KeywordIndex(['token', long, 'qq']);
    const { delta, classOf, lengths } = tables(index);
    const automaton = new ByteAutomaton(delta, classOf, Math.max(...lengths) - 1);
    for (const length of [23_999, 24_000, 65_536, 3 * 65_536 + 5]) {
      const bytes = Buffer.from(Array.from({ length: Math.ceil(length / 1600) }, (_, i) => (i % 3 ? 'token ' : long) + 'x'.repeat(rnd(90))).join('')).subarray(0, length);
      const count = automaton.run(bytes);
      const want = reference(delta, classOf, bytes);
      assert.ok(want.length > 100, `${length}: ${want.length} events`);
      assert.deepEqual([...automaton.events.subarray(0, 2 * count)], want, `${length} bytes`);
    }
  });

  it('gives the same events without WebAssembly (one stream in JavaScript)', () => {
    const index = new KeywordIndex(['token', 'key', 'ab'], ['AKIA']);
    const { delta, classOf, lengths } = tables(index);
    const automaton = new ByteAutomaton(delta, classOf, Math.max(...lengths) - 1, false);
    const bytes = Buffer.from('x token=AKIA\u00e9key ab '.repeat(7000));
    const count = automaton.run(bytes);
    assert.ok(count > 20000);
    assert.deepEqual([...automaton.events.subarray(0, 2 * count)], reference(delta, classOf, bytes));
  });

  it('carries the state across chunks and streams (a keyword split at every boundary)', () => {
    const index = new KeywordIndex(['abcdefgh']);
    const { delta, classOf, lengths } = tables(index);
    const automaton = new ByteAutomaton(delta, classOf, Math.max(...lengths) - 1);
    const bytes = Buffer.alloc(3 * 65536 + 17, 'abcdefg'.repeat(3) + 'h');
    const count = automaton.run(bytes);
    const want = reference(delta, classOf, bytes);
    assert.ok(want.length > 9000);
    assert.deepEqual([...automaton.events.subarray(0, 2 * count)], want);
  });
});
