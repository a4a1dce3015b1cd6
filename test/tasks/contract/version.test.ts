import assert from 'node:assert/strict';
import { checkReadable, CONTRACT_VERSION, ContractVersionError } from '../../../tasks/contract/version';

describe('contract/version', () => {
  it('reads documents up to its own version', () => {
    assert.doesNotThrow(() => checkReadable({ schemaVersion: CONTRACT_VERSION }, 'The scan record'));
    assert.doesNotThrow(() => checkReadable({ schemaVersion: 0 }, 'The scan record'));
  });

  it('explains a document from a newer Palisade', () => {
    assert.throws(() => checkReadable({ schemaVersion: CONTRACT_VERSION + 1 }, 'The scan record'), (e: unknown) =>
      e instanceof ContractVersionError && e.name === 'ContractVersionError' &&
      e.message === `The scan record was written by a newer Palisade (data version ${CONTRACT_VERSION + 1}; this one reads up to ${CONTRACT_VERSION}). Update the Palisade extension.`);
  });

  it('refuses documents without a numeric schemaVersion', () => {
    for (const doc of [{}, { schemaVersion: '1' }, { schemaVersion: null }]) {
      assert.throws(() => checkReadable(doc, 'Setting X'), /^ContractVersionError: Setting X has no schemaVersion; it was not written by Palisade$/);
    }
  });
});
