import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../../../tasks/engine/findings/sha256';

const nodeSha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('sha256Hex', () => {
  it('gives the FIPS 180-4 test vectors', () => {
    assert.equal(sha256Hex(''), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('hashes the UTF-8 bytes as node:crypto does, at every length around the block and padding edges', () => {
    // Lengths 0-200 cross the 55/56-byte padding edge and several 64-byte blocks; the texts mix
    // ASCII, two- and three-byte characters, surrogate pairs and lone surrogates (encoded as U+FFFD by both).
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    for (let n = 0; n <= 200; n++) {
      for (let k = 0; k < 4; k++) {
        let s = '';
        for (let i = 0; i < n; i++) {
          const r = next() % 100;
          s += r < 70 ? String.fromCharCode(32 + (next() % 95)) : r < 85 ? String.fromCharCode(next() % 0x800) : r < 95 ? String.fromCharCode(next() % 0x10000) : '\u{1F600}';
        }
        assert.equal(sha256Hex(s), nodeSha256(s), JSON.stringify(s));
      }
    }
  });

  it('hashes a long text (many blocks) as node:crypto does', () => {
    const text = 'const key = "AKIA";\n'.repeat(5000);
    assert.equal(sha256Hex(text), nodeSha256(text));
  });
});
