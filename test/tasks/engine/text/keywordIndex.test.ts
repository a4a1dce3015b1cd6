import assert from 'node:assert/strict';
import { findKeywordsInSmallText, KeywordIndex } from '../../../../tasks/engine/text/keywordIndex';

describe('keyword prefilter', () => {
  const kw = ['ghp_', 'password', 'pass', 'sword', 'xoxb-', 'akia'];
  const index = new KeywordIndex(kw);
  const found = (text: string) => [...index.find(text)].map((i) => index.keywords[i]).sort();

  it('finds every keyword, overlapping ones included, ignoring case', () => {
    assert.deepEqual(found('my PassWord is'), ['pass', 'password', 'sword']);
    assert.deepEqual(found('AKIA... and GHP_x'), ['akia', 'ghp_']);
    assert.deepEqual(found('nothing to see'), []);
  });

  it('resets on non-ASCII characters instead of matching across them', () => {
    assert.deepEqual(found('pas\u00e9s xoxb\u2013'), []);
    assert.deepEqual(found('\u00e9password\u00e9'), ['pass', 'password', 'sword']);
  });

  it('handles keywords that are prefixes and suffixes of each other', () => {
    const i2 = new KeywordIndex(['abcd', 'abcde', 'bcde', 'cde-']);
    assert.deepEqual([...i2.find('xabcde-x')].map((i) => i2.keywords[i]).sort(), ['abcd', 'abcde', 'bcde', 'cde-']);
  });

  it('matches short keywords only on word edges, camelCase and snake_case included', () => {
    const i3 = new KeywordIndex(['pat', 'sk', 'sk_', 'password']);
    const f = (t: string) => [...i3.find(t)].map((i) => i3.keywords[i]).sort();
    assert.deepEqual(f('the path to the task'), []);
    assert.deepEqual(f('the TASK=1'), []);
    assert.deepEqual(f('token: SKa1b2'), ['sk'], 'capital vendor prefixes run into their token');
    assert.deepEqual(f('GITHUB_PAT=x'), ['pat']);
    assert.deepEqual(f('myPat = patToken'), ['pat']);
    assert.deepEqual(f('key: sk_live_x'), ['sk', 'sk_']);
    assert.deepEqual(f('mypassword'), ['password'], 'longer keywords still match inside words');
  });

  it('finds exactly what a plain search finds, keywords and anchor places, for random keyword sets and texts', () => {
    // Characters in and out of the keywords, both cases, punctuation and non-ASCII in the texts.
    const alphabet = 'abcdeABCDE_-.:/"xyzXYZ 0\u00e9\u212a';
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const word = (min: number, max: number, from: string): string => Array.from({ length: min + rnd(max - min + 1) }, () => from[rnd(from.length)]).join('');
    const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
    const at = (text: string, k: string, i: number): boolean => {
      for (let j = 0; j < k.length; j++) if (fold(text.charCodeAt(i + j)) !== k.charCodeAt(j)) return false;
      return true;
    };
    for (let round = 0; round < 200; round++) {
      // Longer than 3 characters: no word-edge rule, so a plain search is the reference.
      const keywords = Array.from({ length: 1 + rnd(12) }, () => word(4, 7, 'abcde_-.:/"'));
      const anchors = Array.from({ length: rnd(12) }, () => word(4, 6, 'abcde_-.'));
      const idx = new KeywordIndex(keywords, anchors);
      const text = word(0, 400, alphabet);
      const starts: number[][] = idx.anchors.map(() => []);
      const touched: number[] = [];
      const found = [...idx.scan(text, starts, touched)].map((i) => idx.keywords[i]).sort();
      const want = idx.keywords.filter((k) => Array.from({ length: text.length }, (_, i) => i).some((i) => at(text, k, i))).sort();
      assert.deepEqual(found, want, `round ${round}: keywords in ${JSON.stringify(text)}`);
      idx.anchors.forEach((a, ai) => {
        const places = Array.from({ length: text.length }, (_, i) => i).filter((i) => at(text, a, i));
        assert.deepEqual(starts[ai], places, `round ${round}: places of ${a}`);
        assert.equal(touched.includes(ai), places.length > 0);
      });
    }
  });

  it('finds in the bytes of a text what it finds in the text, anchor places as string offsets', () => {
    let seed = 3;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    // Anchors alone in their state (ghp_), an anchor that is also a keyword (token) and one that ends with it (oken).
    const idx = new KeywordIndex(['pat', 'sk', 'key', 'token', 'password', 'api_key'], ['ghp_', 'xoxb-', 'sk_live_', 'AKIA', 'token', 'oken']);
    const pieces = ['pat', 'Pat', 'PAT', 'path', 'sk', 'sk_live_', 'task', 'key', 'KEY', 'token', 'passWord', 'api_key', 'ghp_', 'xoxb-', 'AKIA', ' ', '=', '\n', 'a', 'Z', '\u00e9', '\u00ff', '\u2013', '\ud83d\ude00', '\u212a'];
    for (const length of [0, 5, 50, 500, 5000, 70_000, 140_000]) {
      const parts: string[] = [];
      for (let n = 0; n < length; ) {
        const p = pieces[rnd(pieces.length)];
        parts.push(p);
        n += p.length;
      }
      const text = parts.join('');
      const latin1 = text.replace(/[^\u0000-\u00ff]/g, '?');
      for (const [t, bytes, utf8] of [
        [text, Buffer.from(text, 'utf8'), true],
        [latin1, Buffer.from(latin1, 'latin1'), false],
      ] as const) {
        const want = { starts: idx.anchors.map((): number[] => []), touched: [] as number[], found: [] as number[] };
        idx.scanInto(t, want.starts, want.touched, want.found);
        const got = { starts: idx.anchors.map((): number[] => []), touched: [] as number[], found: [] as number[] };
        idx.scanBytesInto(bytes, utf8, got.starts, got.touched, got.found);
        assert.deepEqual(got, want, `${length} characters, ${utf8 ? 'UTF-8' : 'Latin-1'}`);
      }
    }
  });

  it('finds in a small text without the automaton exactly what the automaton finds, word edges included', () => {
    let seed = 11;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const keywords = ['pat', 'sk', 'sk_', 'key', 'token', 'password', 'api_key', 'ghp_', 'xoxb-', 'akia', 'exec', 'ab', 'b_'];
    const idx = new KeywordIndex(keywords);
    const pieces = ['pat', 'Pat', 'PAT', 'path', 'sk', 'SK', 'sk_live_', 'task', 'key', 'KEY', 'monkey', 'token', 'passWord', 'api_key', 'ghp_', 'xoxb-', 'AKIA', 'exec', 'Exec', 'ab', 'AB', 'b_', ' ', '=', '\n', 'a', 'Z', 'x', '\u00e9', '\u2013', '\u212a', '\u0130'];
    for (let round = 0; round < 300; round++) {
      const parts: string[] = [];
      for (let n = 0, len = rnd(60); n < len; n++) parts.push(pieces[rnd(pieces.length)]);
      const text = parts.join('');
      const want = [...idx.find(text)].map((i) => idx.keywords[i]).sort();
      const got = findKeywordsInSmallText(idx.keywords, text).map((i) => idx.keywords[i]).sort();
      assert.deepEqual(got, want, `round ${round}: ${JSON.stringify(text)}`);
    }
  });

  it('rejects empty and non-ASCII keywords', () => {
    assert.throws(() => new KeywordIndex(['']), /may not be empty/);
    assert.throws(() => new KeywordIndex(['p\u00e4ss']), /must be ASCII/);
  });
});
