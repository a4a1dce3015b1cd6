import assert from 'node:assert/strict';
import { shannonEntropy } from '../../../../tasks/engine/secrets/entropy';

describe('shannonEntropy', () => {
  it('is 0 for the empty string and for one repeated character', () => {
    assert.equal(shannonEntropy(''), 0);
    assert.equal(shannonEntropy('a'), 0);
    assert.equal(shannonEntropy('aaaaaaaa'), 0);
  });

  it('is log2(n) bits for n equally frequent characters', () => {
    assert.equal(shannonEntropy('ab'), 1);
    assert.equal(shannonEntropy('abcd'), 2);
    assert.equal(shannonEntropy('0123456789abcdef'), 4);
    assert.equal(shannonEntropy('abababab'), 1);
  });

  it('weights characters by frequency', () => {
    // p = 3/4, 1/4
    const expected = -(0.75 * Math.log2(0.75) + 0.25 * Math.log2(0.25));
    assert.ok(Math.abs(shannonEntropy('aaab') - expected) < 1e-12);
    assert.ok(shannonEntropy('aaab') < shannonEntropy('aabb'));
  });

  it('ranks a random-looking token above a word', () => {
    assert.ok(shannonEntropy('kX9fQ2zLr8Tb1WvN') > 3.5);
    assert.ok(shannonEntropy('passwordpassword') < 3);
  });

  it('counts UTF-16 code units, so case and non-ASCII characters are distinct symbols', () => {
    assert.equal(shannonEntropy('aA'), 1);
    assert.equal(shannonEntropy('éé'), 0);
    assert.equal(shannonEntropy('ée'), 1);
  });
});
