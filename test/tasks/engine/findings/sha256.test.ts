import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { sha256Hex } from '../../../../tasks/engine/findings/sha256';

describe('sha256Hex', () => {
  const native = (text: string): string => createHash('sha256').update(text).digest('hex');

  it('gives the standard digests', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it("is node:crypto's digest of the UTF-8 text at every length around a block's end", () => {
    for (let n = 0; n < 300; n++) {
      const ascii = 'x'.repeat(n);
      assert.equal(sha256Hex(ascii), native(ascii), `length ${n}`);
    }
  });

  it('encodes as node:crypto does: any character, lone surrogates, NUL', () => {
    const chars = ['a', '\0', 'é', '€', '\u{1F600}', '\ud800', '\udfff', '\uffff', '\n', '"'];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 500; i++) {
      let text = '';
      const length = next() % 200;
      for (let j = 0; j < length; j++) text += chars[next() % chars.length];
      assert.equal(sha256Hex(text), native(text), JSON.stringify(text));
    }
    for (let i = 0; i < 20; i++) {
      const text = randomBytes(1000 + i * 997).toString('latin1');
      assert.equal(sha256Hex(text), native(text));
    }
  });
});
