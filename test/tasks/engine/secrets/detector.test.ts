import assert from 'node:assert/strict';
import { compileSecretRule, SecretDetector } from '../../../../tasks/engine/secrets/detector';
import { mintIdentifiableKey, mutateKey, storageKeyRule } from '../../../support/azureKeyMint';

describe('secrets/detector', () => {
  describe('rules with validate:', () => {
    const filler = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa+ASt5mnCaw==';
    const badChecksum = filler.replace('5mnCaw', '5mnCbw');
    const real = mintIdentifiableKey('+ASt');

    it('reports a checksum-valid key even when its body is filler, which the entropy check alone drops', () => {
      const plain = new SecretDetector([compileSecretRule(storageKeyRule({}))]);
      assert.equal(plain.detect(`key: ${filler}`).length, 0, 'without validate, the filler body fails entropy');
      const checked = new SecretDetector([compileSecretRule(storageKeyRule({ validate: 'azure-identifiable-key' }))]);
      const hits = checked.detect(`key: ${filler}`);
      assert.equal(hits.length, 1);
      assert.equal(hits[0].checksum, 'valid');
      assert.equal(hits[0].secret, filler);
    });

    it('drops a same-shaped key whose checksum fails (unvalidated: drop is the default)', () => {
      const checked = new SecretDetector([compileSecretRule(storageKeyRule({ validate: 'azure-identifiable-key' }))]);
      assert.equal(checked.detect(`key: ${badChecksum}`).length, 0);
      assert.equal(checked.detect(`key: ${mutateKey(real, 10)}`).length, 0);
      assert.equal(checked.detect(`key: ${real}`).length, 1);
    });

    it('keeps a failed checksum as an invalid hit with unvalidated: lower', () => {
      const checked = new SecretDetector([compileSecretRule(storageKeyRule({ validate: 'azure-identifiable-key', unvalidated: 'lower' }))]);
      const hits = checked.detect(`a: ${real}\nb: ${mutateKey(real, 10)}\n`);
      assert.deepEqual(hits.map((h) => h.checksum), ['valid', 'invalid']);
    });

    it('still honours the allowlist for checksum-valid keys (documented example values)', () => {
      const rule = compileSecretRule(storageKeyRule({ validate: 'azure-identifiable-key', allowlist: { patterns: ['^a{20}'] } }));
      assert.equal(new SecretDetector([rule]).detect(`key: ${filler}`).length, 0);
    });
  });
});

