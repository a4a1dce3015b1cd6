import assert from 'node:assert/strict';
import { SECRET_VALIDATOR_NAMES } from '../../../../tasks/engine/rules/ruleSpec';
import { isBase64PlaceholderLogin, isBase64UserPassword, isCloudflareTunnelToken, SECRET_VALIDATORS } from '../../../../tasks/engine/secrets/validators';

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

  it('cloudflare-tunnel-json: base64 of the account tag, the tunnel id and its secret', () => {
    const b = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64');
    const token = { a: '9ce73ead42bcbcf248e7dd4fa06407b3', t: '327df50c-68db-4613-b452-ade34b6bf55b', s: '4bI+U8dOLcCKIaa2tx5zsD8YJ5b2c+w3u3SBzMhlgUE=' };
    assert.equal(isCloudflareTunnelToken(b(token)), true);
    assert.equal(isCloudflareTunnelToken(b(token).replace(/=+$/, '')), true, 'cut of its padding');
    assert.equal(isCloudflareTunnelToken(b({ ...token, s: '' })), false);
    assert.equal(isCloudflareTunnelToken(b({ a: 'abc', b: 'another object' })), false);
    assert.equal(isCloudflareTunnelToken('eyJhIjoi!!'), false);
  });

  it('base64-user-password: a password that names itself or is a placeholder is a tutorial\'s login', () => {
    const b = (s: string): string => Buffer.from(s).toString('base64');
    for (const login of ['user:pass', 'my_username:my_password', 'deploy:<your-password>', 'deploy:${REGISTRY_PASSWORD}', 'ci:Secret']) {
      assert.equal(isBase64PlaceholderLogin(b(login)), true, login);
    }
    for (const login of ['builder:s3cr3t-Pa55', 'deploy:password1!x', 'bot:Qv7-mZ2pX9wL']) assert.equal(isBase64PlaceholderLogin(b(login)), false, login);
  });

  it('has one check for each name the rule schema accepts under validate:', () => {
    assert.deepEqual(SECRET_VALIDATOR_NAMES, ['azure-identifiable-key', 'azure-common-annotated-key', 'entra-client-secret', 'base64-user-password', 'age-bech32', 'cloudflare-tunnel-json']);
    assert.deepEqual(Object.keys(SECRET_VALIDATORS), [...SECRET_VALIDATOR_NAMES]);
  });
});
