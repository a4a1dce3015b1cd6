import assert from 'node:assert/strict';
import { SECRET_VALIDATOR_NAMES } from '../../../../tasks/engine/rules/ruleSpec';
import { isBase64UserPassword, SECRET_VALIDATORS } from '../../../../tasks/engine/secrets/validators';

describe('secrets/validators', () => {
  it('base64-user-password: a user and a password, printable, around a colon', () => {
    const b = (s: string): string => Buffer.from(s).toString('base64');
    assert.equal(isBase64UserPassword(b('builder:s3cr3t-Pa55')), true);
    assert.equal(isBase64UserPassword(b('no-colon-at-all')), false);
    assert.equal(isBase64UserPassword(b('user:')), false);
    assert.equal(isBase64UserPassword(b(':password')), false);
    assert.equal(isBase64UserPassword(Buffer.from([0xff, 0x3a, 0x01, 0x02]).toString('base64')), false);
    assert.equal(isBase64UserPassword('not base64!'), false);
  });

  it('has one check for each name the rule schema accepts under validate:', () => {
    assert.deepEqual(SECRET_VALIDATOR_NAMES, ['azure-identifiable-key', 'azure-common-annotated-key', 'entra-client-secret', 'base64-user-password']);
    assert.deepEqual(Object.keys(SECRET_VALIDATORS), [...SECRET_VALIDATOR_NAMES]);
  });
});
