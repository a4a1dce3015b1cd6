import assert from 'node:assert/strict';
import { KeywordIndex } from '../../../../tasks/engine/text/keywordIndex';

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

  it('rejects empty and non-ASCII keywords', () => {
    assert.throws(() => new KeywordIndex(['']), /may not be empty/);
    assert.throws(() => new KeywordIndex(['p\u00e4ss']), /must be ASCII/);
  });
});
