import assert from 'node:assert/strict';
import { SECRET_VALIDATOR_NAMES } from '../../../../tasks/engine/rules/ruleSpec';
import { isBase64PlaceholderLogin, isBase64UserPassword, SECRET_VALIDATORS } from '../../../../tasks/engine/secrets/validators';

describe('secrets/validators', () => {
  it('base64-user-password: a user and a password, printable, around a colon', () => {
    const b = (s: string): string => Buffer.from(s).toString('base64');
    assert.equal(isBase64UserPassword(b('builder:s3cr3t-Pa55')), true);
    assert.equal(isBase64UserPassword(b('no-colon-at-all')), false);
    assert.equal(isBase64UserPassword(b('user:')), false);
    assert.equal(isBase64UserPassword(b(':password')), false);
    assert.equal(isBase64UserPassword(Buffer.from([0xff, 0x3a, 0x01, 0x02]).toString('base64')), false);
    assert.equal(isBase64UserPassword('not base64!'), false);
    // A JWT's header (`{"alg":"HS256",…}`) after `Basic`: JSON holds colons, but no user starts with a brace.
    assert.equal(isBase64UserPassword(b('{"alg":"HS256","typ":"JWT"}')), false);
  });

  it('base64-user-password: a password that names itself or is a placeholder is a tutorial\'s login', () => {
    const b = (s: string): string => Buffer.from(s).toString('base64');
    for (const login of ['user:pass', 'my_username:my_password', 'deploy:<your-password>', 'deploy:${REGISTRY_PASSWORD}', 'ci:Secret', 'demo_oauth_client:demo_oauth_secret']) {
      assert.equal(isBase64PlaceholderLogin(b(login)), true, login);
    }
    for (const login of ['builder:s3cr3t-Pa55', 'deploy:password1!x', 'bot:Qv7-mZ2pX9wL']) assert.equal(isBase64PlaceholderLogin(b(login)), false, login);
  });

  it('has one check for each name the rule schema accepts under validate:', () => {
    assert.deepEqual(SECRET_VALIDATOR_NAMES, ['azure-identifiable-key', 'azure-common-annotated-key', 'entra-client-secret', 'base64-user-password', 'age-bech32']);
    assert.deepEqual(Object.keys(SECRET_VALIDATORS), [...SECRET_VALIDATOR_NAMES]);
  });
});
