import assert from 'node:assert/strict';
import { KeywordIndex } from '../../tasks/engine/keywordIndex';

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
    const i2 = new KeywordIndex(['ab', 'abc', 'bc', 'c']);
    assert.deepEqual([...i2.find('xabcx')].map((i) => i2.keywords[i]).sort(), ['ab', 'abc', 'bc', 'c']);
  });

  it('rejects empty and non-ASCII keywords', () => {
    assert.throws(() => new KeywordIndex(['']), /may not be empty/);
    assert.throws(() => new KeywordIndex(['p\u00e4ss']), /must be ASCII/);
  });
});
