import assert from 'node:assert/strict';
import { genericEntropyBar, shannonEntropy } from '../../../../tasks/engine/secrets/entropy';

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

describe('genericEntropyBar', () => {
  it('holds hex values of one case to 3.0, whatever the rule asks of mixed values', () => {
    assert.equal(genericEntropyBar('a9f17997ced0cde2474a47f99a79a5af', 3.7), 3.0);
    assert.equal(genericEntropyBar('A9F17997CED0CDE2474A47F99A79A5AF', 3.5), 3.0);
  });

  it('keeps the rule\'s bar for other values, mixed-case hex and bars already lower', () => {
    assert.equal(genericEntropyBar('kX9fQ2zLr8Tb1WvN', 3.5), 3.5);
    assert.equal(genericEntropyBar('A9f17997ced0cDe2474a47F99a79a5aF', 3.5), 3.5);
    assert.equal(genericEntropyBar('a9f17997-ced0-cde2-474a-47f99a79a5af', 3.5), 3.5);
    assert.equal(genericEntropyBar('a9f17997ced0cde2474a47f99a79a5af', 2.5), 2.5);
  });

  it('lets through most random hex keys of 24 characters, which the mixed bar of 3.5 did not', () => {
    // A 24-character random hex key averages about 3.47 bits a character.
    assert.ok(shannonEntropy('8ca3842c7aaff42849fc5182') < 3.5);
    assert.ok(shannonEntropy('8ca3842c7aaff42849fc5182') >= genericEntropyBar('8ca3842c7aaff42849fc5182', 3.5));
  });

  it('holds a short password of three kinds of character to 80% of what its length allows, and nothing else', () => {
    // Eight characters with two pairs (a Drupal database's password) measure 2.5 bits.
    assert.ok(shannonEntropy('Dr11crzQ') >= genericEntropyBar('Dr11crzQ', 3.0, true));
    assert.equal(genericEntropyBar('Dr11crzQ', 3.0), 3.0, 'only under a password rule');
    // Words in one case, two kinds, a run, and values long enough to reach the bar keep it.
    assert.equal(genericEntropyBar('postgres', 3.0, true), 3.0);
    assert.equal(genericEntropyBar('admin123', 3.0, true), 3.0);
    assert.ok(shannonEntropy('Aaaa1111') < genericEntropyBar('Aaaa1111', 3.0, true));
    assert.equal(genericEntropyBar('Xq7#mL2p!Zw9Kd4r', 3.0, true), 3.0);
    // Stand-ins spelt with digits and signs for letters (a course's `Pa$$w0rd`) keep it too.
    for (const v of ['Pa$$w0rd', 'P@ssw0rd', 'Z3r0P4ss', 'Welcome1']) assert.equal(genericEntropyBar(v, 3.0, true), 3.0, v);
    // One random draw of eight from 62 characters in three has a repeat; at 80% of log2(8) all
    // but a few in a hundred pass (a fixed 3.0 turned down every one with a repeat).
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let seed = 11;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let passed = 0;
    let drawn = 0;
    for (let n = 0; n < 3000; n++) {
      let v = '';
      for (let i = 0; i < 8; i++) v += alphabet[Math.floor(next() * 62)];
      if (!/[a-z]/.test(v) || !/[A-Z]/.test(v) || !/[0-9]/.test(v)) continue;
      drawn++;
      if (shannonEntropy(v) >= genericEntropyBar(v, 3.0, true)) passed++;
    }
    assert.ok(passed / drawn > 0.95, `${passed} of ${drawn}`);
  });
});
