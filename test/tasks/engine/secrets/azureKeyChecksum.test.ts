import assert from 'node:assert/strict';
import {
  base62OfBytes,
  entraEncode,
  IDENTIFIABLE_KEYS,
  identifiableKeyKind,
  isValidCommonAnnotatedKey,
  isValidEntraClientSecret,
  isValidIdentifiableKey,
  marvin32,
  marvin64,
  seedFromBigInt,
  seedOf,
} from '../../../../tasks/engine/secrets/azureKeyChecksum';
import { mintCommonAnnotatedKey, mintEntraClientSecret, mintIdentifiableKey, mutateKey as mutate } from '../../../support/azureKeyMint';

describe('azureKeyChecksum', () => {
  describe('Marvin32', () => {
    // Published test vectors of the Marvin hash (the cross-check set that .NET's and Microsoft's
    // security-utilities tests share): seed, input bytes, 64-bit result.
    const seed0 = seedFromBigInt(0x004fb61a001bdbccn);
    const seed1 = seedFromBigInt(0x804fb61a001bdbccn);
    const seed2 = seedFromBigInt(0x804fb61a801bdbccn);
    const vectors: [typeof seed0, number[], bigint][] = [
      [seed0, [], 0x30ed35c100cd3c7dn],
      [seed0, [0xaf], 0x48e73fc77d75ddc1n],
      [seed0, [0xe7, 0x0f], 0xb5f6e1fc485dbff8n],
      [seed0, [0x37, 0xf4, 0x95], 0xf0b07c789b8cf7e8n],
      [seed0, [0x86, 0x42, 0xdc, 0x59], 0x7008f2e87e9cf556n],
      [seed0, [0x15, 0x3f, 0xb7, 0x98, 0x26], 0xe6c08c6da2afa997n],
      [seed0, [0x09, 0x32, 0xe6, 0x24, 0x6c, 0x47], 0x6f04bf1a5ea24060n],
      [seed0, [0xab, 0x42, 0x7e, 0xa8, 0xd1, 0x0f, 0xc7], 0xe11847e4f0678c41n],
      [seed1, [0xab, 0x42, 0x7e, 0xa8, 0xd1, 0x0f, 0xc7], 0xe203987dba252fb3n],
      [seed2, [0x00, 0xff, 0x00, 0xff, 0x00, 0xff, 0x00], 0x71876f2efb1b0ee8n],
      [seed2, [0xff, 0x00, 0xff, 0x00, 0xff, 0x00, 0xff], 0xfdfd187b1d3ce784n],
    ];
    for (const [seed, bytes, want] of vectors) {
      it(`hashes ${bytes.length} byte(s) to ${want.toString(16)}`, () => {
        assert.equal(marvin64(Uint8Array.from(bytes), seed), want);
        assert.equal(marvin32(Uint8Array.from(bytes), seed), Number((want >> 32n) ^ (want & 0xffffffffn)));
      });
    }

    it('folds 64 bits to 32 as p0 xor p1 (longer input, other seed)', () => {
      assert.equal(marvin32(Buffer.from('abc'), seedFromBigInt(0xd53cd9cecd0893b7n)), 0x6be02a86);
      assert.equal(marvin32(Buffer.from('abcdefghijklmnopqrstuvwxyz'), seedFromBigInt(0xddddeeeeffff000n)), 0xd34847dc);
    });

    it('reads a seed label as its big-endian ASCII bytes', () => {
      assert.deepEqual(seedOf('Default0'), seedFromBigInt(0x44656661756c7430n));
      assert.deepEqual(seedOf('AadPwd00'), seedFromBigInt(0x4161645077643030n));
      assert.throws(() => seedOf('short'), /8 ASCII/);
    });
  });

  describe('identifiable keys', () => {
    // Keys minted by Microsoft's own generator (security-utilities' test data): filler bodies, real checksums.
    const microsoftMinted: [string, string][] = [
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+ASt5mnCaw==', '+ASt'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaACDbOpqrYA==', 'ACDb'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+ABa13FZVQ==', '+ABa'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaAPIMHbKhsQ==', 'APIM'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+ARmD7h+qo=', '+ARm'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+AEhG2s/8w=', '+AEh'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+ASbHpHeAI=', '+ASb'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaAIoTOumzco=', 'AIoT'],
      ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaAzSeCjhzCu', 'AzSe'],
      ['dddddddddddddddddddddddddddddddddddddddddd+ACRCUDxQE', '+ACR'],
      ['eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee+ACRCTB7t/', '+ACR'],
      ['ddddddddddddddddddddddddddddddddddddddddddddAzFu182vhA==', 'AzFu'],
      ['ddddddddddddddddddddddddddddddddddddddddddddAzFu182vhA', 'AzFu'],
    ];
    for (const [key, sig] of microsoftMinted) {
      it(`accepts Microsoft's ${sig} key and rejects it with one character changed`, () => {
        assert.equal(identifiableKeyKind(key), IDENTIFIABLE_KEYS[sig]);
        assert.equal(isValidIdentifiableKey(mutate(key, 3)), false, 'body changed');
        const c = key.replace(/=+$/, '').length - 3;
        assert.equal(isValidIdentifiableKey(mutate(key, c)), false, 'checksum changed');
      });
    }

    it('rejects a valid key with its signature swapped for another service', () => {
      const storage = microsoftMinted[0][0];
      assert.equal(isValidIdentifiableKey(storage.replace('+ASt', 'ACDb')), false);
    });

    it('rejects wrong lengths, alphabets and non-keys', () => {
      const storage = microsoftMinted[0][0];
      assert.equal(isValidIdentifiableKey('A' + storage), false);
      assert.equal(isValidIdentifiableKey(storage.slice(1)), false);
      assert.equal(isValidIdentifiableKey('dddddddddddddddddddddddddddddddddddddddddddd'.replace(/d/g, '-') + 'AzFu182vhA'), false);
      assert.equal(isValidIdentifiableKey(storage.replace(/a/g, '*')), false);
      assert.equal(isValidIdentifiableKey(''), false);
      assert.equal(isValidIdentifiableKey('+ASt'), false);
    });

    it('accepts every seed of a kind (Cosmos DB read-only and read-write, Functions master and function keys)', () => {
      for (const seed of IDENTIFIABLE_KEYS.ACDb.seeds) assert.ok(isValidIdentifiableKey(mintIdentifiableKey('ACDb', seed)), seed);
      for (const seed of IDENTIFIABLE_KEYS.AzFu.seeds) assert.ok(isValidIdentifiableKey(mintIdentifiableKey('AzFu', seed)), seed);
      // A key of one kind with another kind's seed is not valid.
      assert.equal(isValidIdentifiableKey(mintIdentifiableKey('+ASt', 'Access00')), false);
    });
  });

  describe('common annotated security keys', () => {
    it('writes base62 like Microsoft: big-endian, a 0 per leading zero byte', () => {
      assert.equal(base62OfBytes(Uint8Array.of(0, 0, 0, 0)), '0000');
      assert.equal(base62OfBytes(Uint8Array.of(0, 0, 0, 61)), '000z');
      assert.equal(base62OfBytes(Uint8Array.of(0, 0, 0, 62)), '00010');
      assert.equal(base62OfBytes(Uint8Array.of(255, 255, 255, 255)), '4gfFC3');
    });

    it('accepts minted keys in both forms and rejects any changed character', () => {
      for (const longForm of [false, true]) {
        const key = mintCommonAnnotatedKey('AZDO', longForm);
        assert.equal(key.length, longForm ? 88 : 84);
        assert.ok(isValidCommonAnnotatedKey(key), key);
        for (const i of [0, 30, 51, 60, 70, 77, 81]) assert.equal(isValidCommonAnnotatedKey(mutate(key, i)), false, `position ${i}`);
      }
    });

    it('accepts a filler body when its checksum holds', () => {
      const key = mintCommonAnnotatedKey('AZDO', false, 'a');
      assert.match(key, /^a{52}JQQJ99/);
      assert.ok(isValidCommonAnnotatedKey(key));
    });

    it('rejects keys without the JQQJ signature, with wrong lengths or symbols', () => {
      const key = mintCommonAnnotatedKey('ACOG');
      assert.equal(isValidCommonAnnotatedKey(key.replace('JQQJ', 'JQQK')), false);
      assert.equal(isValidCommonAnnotatedKey(key.slice(0, 83)), false);
      assert.equal(isValidCommonAnnotatedKey(key + 'aa'), false);
      assert.equal(isValidCommonAnnotatedKey('+' + key.slice(1)), false);
    });
  });

  describe('Entra ID client secrets', () => {
    it("accepts Microsoft's example secret and minted ones; rejects any changed character", () => {
      assert.ok(isValidEntraClientSecret('zzz8Q~zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzblP'));
      assert.equal(isValidEntraClientSecret('zzz8Q~zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzblQ'), false);
      assert.equal(isValidEntraClientSecret('zzz8Q~zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzyblP'), false);
      for (let i = 0; i < 5; i++) {
        const s = mintEntraClientSecret();
        assert.ok(isValidEntraClientSecret(s), s);
        assert.equal(isValidEntraClientSecret(mutate(s, 10)), false);
      }
    });

    it('has no checksum for the older 7Q~ format and rejects other shapes', () => {
      assert.equal(isValidEntraClientSecret('yyy7Q~yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy'), false);
      assert.equal(isValidEntraClientSecret('zzz8Q~zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzbl'), false);
    });

    it('encodes in the Entra alphabet, most significant digit first, padded with its zero digit', () => {
      assert.equal(entraEncode(0), 'aaaaaa');
      assert.equal(entraEncode(65), 'aaaaa~');
      assert.equal(entraEncode(66), 'aaaaba');
    });
  });
});
