import assert from 'node:assert/strict';
import { bech32Data, bech32Polymod, fiveBitToBytes, hrpExpand, isValidAgeSecretKey } from '../../../../tasks/engine/secrets/bech32';

describe('secrets/bech32', () => {
  it('accepts BIP-173\'s valid test vectors and refuses its invalid ones', () => {
    for (const s of ['A12UEL5L', 'a12uel5l', 'abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw', 'split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w', '?1ezyfcl']) {
      const sep = s.lastIndexOf('1');
      assert.ok(bech32Data(s, s.slice(0, sep)), s);
    }
    // Mixed case, checksum computed with an upper-case HRP, empty HRP, too short a checksum, a `b` in the data.
    for (const s of ['A12uEL5L', 'A1G7SGD8', '10a06t8', '1qzzfhee', 'li1dgmt3', 'x1b4n0q5v']) {
      const sep = s.lastIndexOf('1');
      assert.equal(bech32Data(s, s.slice(0, sep)), undefined, s);
    }
  });

  it('polymod over the HRP expansion and data is 1 exactly when the checksum holds', () => {
    assert.deepEqual(hrpExpand('a'), [3, 0, 1]);
    const values = (s: string) => [...s].map((c) => 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'.indexOf(c));
    assert.equal(bech32Polymod([...hrpExpand('a'), ...values('2uel5l')]), 1);
    assert.notEqual(bech32Polymod([...hrpExpand('a'), ...values('2uel5m')]), 1);
  });

  it('converts 5-bit groups to bytes with zero padding only', () => {
    assert.deepEqual(fiveBitToBytes([0x1f, 0x1c]), [0xff]);
    assert.equal(fiveBitToBytes([0x1f, 0x1d]), undefined, 'a padding bit set');
    assert.equal(fiveBitToBytes([0x1f, 0x1c, 0]), undefined, 'a whole group of padding');
  });

  it('age identities: a checksum-valid key of 32 bytes, whatever its body looks like', () => {
    // age's own test identity (32 bytes of 0x42) and a random one.
    assert.equal(isValidAgeSecretKey('AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX'), true);
    assert.equal(isValidAgeSecretKey('AGE-SECRET-KEY-15CR3JEU9WYXMULD0THJMJCEJ2AXSCZ5RMDSENKQDYPHAMTE33RNQ7DNMRX'), true);
    assert.equal(isValidAgeSecretKey('age-secret-key-15cr3jeu9wyxmuld0thjmjcej2axscz5rmdsenkqdyphamte33rnq7dnmrx'), true);
    // The encoding of 32 zero bytes: filler to the eye, a well-formed key all the same.
    assert.equal(isValidAgeSecretKey(`AGE-SECRET-KEY-1${'Q'.repeat(52)}8H00W3`), true);
  });

  it('age identities: a failed checksum, bad padding, another length or HRP is no key', () => {
    assert.equal(isValidAgeSecretKey(`AGE-SECRET-KEY-1${'Q'.repeat(58)}`), false);
    assert.equal(isValidAgeSecretKey(`AGE-SECRET-KEY-1${'Q'.repeat(52)}8H00W4`), false);
    assert.equal(isValidAgeSecretKey('AGE-SECRET-KEY-15CR3JEU9WYXMULD0THJMJCEJ2AXSCZ5RMDSENKQDYPHAMTE33RNQ7DNMRY'), false);
    assert.equal(isValidAgeSecretKey('Age-Secret-Key-15cr3jeu9wyxmuld0thjmjcej2axscz5rmdsenkqdyphamte33rnq7dnmrx'), false);
    // Checksum valid, but the 4 bits after the 32 bytes are not zero (age: "non-zero padding").
    assert.ok(bech32Data('AGE-SECRET-KEY-1AMTPUFJYA2HP6DEQHDW09DLF0X9KTFHK7RNYFY5TFZVXC84X2D2DUCC6G3', 'age-secret-key-'));
    assert.equal(isValidAgeSecretKey('AGE-SECRET-KEY-1AMTPUFJYA2HP6DEQHDW09DLF0X9KTFHK7RNYFY5TFZVXC84X2D2DUCC6G3'), false);
    // A checksum-valid Bech32 string of another kind (an age recipient, a public key).
    assert.equal(isValidAgeSecretKey('age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p'), false);
  });
});
