import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex, sha256HexOf } from '../../../../tasks/engine/findings/sha256';

const native = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('sha256', () => {
  it('gives the standard digests of FIPS 180-4 examples', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with node:crypto at every length around the block and padding boundaries', () => {
    for (let n = 0; n <= 300; n++) {
      const text = Array.from({ length: n }, (_, i) => String.fromCharCode(32 + ((i * 7 + n) % 95))).join('');
      assert.equal(sha256Hex(text), native(text), `length ${n}`);
    }
  });

  it('hashes UTF-8 bytes as node:crypto does, lone surrogates included', () => {
    const texts = ['é', 'naïve café', '日本語のテキスト', '😀 emoji 👍🏽', '\uD800', 'a\uDC00b', '\uD83D', 'x\uDBFF', '\0\0', 'r\0p\0c', '\uFFFD\uFEFF'];
    for (const text of texts) assert.equal(sha256Hex(text), native(text), JSON.stringify(text));
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let k = 0; k < 200; k++) {
      const text = Array.from({ length: next() % 200 }, () => String.fromCharCode(next() % 0x10000)).join('');
      assert.equal(sha256Hex(text), native(text), JSON.stringify(text));
    }
  });

  it('hashes bytes and long inputs (many blocks) as node:crypto does', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 31 + 7) & 0xff);
    assert.equal(sha256HexOf(bytes), createHash('sha256').update(bytes).digest('hex'));
    const text = 'x'.repeat(1 << 20);
    assert.equal(sha256Hex(text), native(text));
  });
});
