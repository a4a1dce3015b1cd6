import assert from 'node:assert/strict';
import { standInBytes } from '../../../../tasks/engine/text/standInText';
import { appendsTo, compileSecretRule, isComparedName, isSqlCondition, isIdUnderBareKey, distinctivePrefixLength, exactFormat, namesItsSetting, namesVendor, followedByMember, runsIntoLetter, SecretDetector, shellDefaultAt } from '../../../../tasks/engine/secrets/detector';
import type { SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';
import { mintIdentifiableKey, mutateKey, storageKeyRule } from '../../../support/azureKeyMint';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';

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

  describe('fillers', () => {
    const spec = (pattern: string, extra: Partial<SecretRuleSpec> = {}): SecretRuleSpec => ({
      id: 'x-token', kind: 'secret', title: 'X token', severity: 'high', cwe: ['CWE-798'], keywords: ['x_token'],
      pattern, entropy: 3, help: 'h', samples: { positive: ['p'], negative: ['n'] }, ...extra,
    });
    const uuid = '(?<secret>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
    it('a vendor format with a sequence-built value is a hit marked filler; a random one is not marked', () => {
      const d = new SecretDetector([compileSecretRule(spec(`X_TOKEN=${uuid}`))]);
      const [filler] = d.detect('X_TOKEN=12345678-ABCD-ABCD-ABCD-1234567890AB');
      assert.equal(filler?.filler, true);
      const [real] = d.detect('X_TOKEN=92bb643b-e050-6254-8767-0665ddcb80a5');
      assert.equal(real?.filler, undefined);
      assert.equal(d.detect('X_TOKEN=xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx').length, 0, 'placeholders stay unreported');
    });
    it('a value too regular for the entropy bar is a filler for exact formats, dropped for free-form and generic rules', () => {
      const low = 'X_TOKEN=aaaabbbb-cccc-dddd-aaaa-bbbbccccdddd';
      assert.equal(new SecretDetector([compileSecretRule(spec(`X_TOKEN=${uuid}`, { entropy: 3.5 }))]).detect(low)[0]?.filler, true);
      assert.equal(new SecretDetector([compileSecretRule(spec('X_TOKEN=(?<secret>[^\\s]{36})', { entropy: 3.5 }))]).detect(low).length, 0);
      assert.equal(new SecretDetector([compileSecretRule(spec(`X_TOKEN=${uuid}`, { entropy: 3.5, generic: true }))]).detect(low).length, 0);
    });
    it('after a distinctive fixed prefix, a masked or run-built body is a filler; one repeated character or a placeholder word stays unreported', () => {
      const d = new SecretDetector([compileSecretRule(spec('(?<![A-Za-z0-9_])(?<secret>ghp_[A-Za-z0-9]{36})(?![A-Za-z0-9_])', { keywords: ['ghp_'], entropy: 3.5 }))]);
      assert.equal(d.detect('t=ghp_1234567890abcdef1234567890abcdef1234')[0]?.filler, true);
      assert.equal(d.detect('t=ghp_Ab12xxxxxxxxxxxxxxxxxxxxcD34eF56gH78')[0]?.filler, true, 'partly masked');
      assert.equal(d.detect('t=ghp_abcd1234abcd1234abcd1234abcd1234abcd')[0]?.filler, true, 'a unit repeated');
      assert.equal(d.detect('t=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx').length, 0);
      assert.equal(d.detect('t=ghp_EXAMPLExx1234567890abcdef1234567890').length, 0);
      assert.equal(d.detect('t=ghp_R7vQ2mX9pL4tK8wZ3nB6cY1dF5gH0jS2aE7u')[0]?.filler, undefined);
    });
    it('a value a vendor format matched and turned down is not reported by a generic rule either, whatever the rule order', () => {
      const vendor = spec('(?<![A-Za-z0-9_])(?<secret>ghp_[A-Za-z0-9]{36})(?![A-Za-z0-9_])', { keywords: ['ghp_'], entropy: 3.5 });
      const generic = spec('token=(?<secret>\\S{20,})', { id: 'generic-token', keywords: ['token'], generic: true, entropy: 3 });
      for (const order of [[vendor, generic], [generic, vendor]]) {
        const d = new SecretDetector(order.map((r) => compileSecretRule(r)));
        assert.equal(d.detect('token=ghp_EXAMPLExx1234567890abcdef1234567890').length, 0, 'a placeholder word');
        assert.equal(d.detect('token=ghp_abcdefghijklmnopqrstuvwxyz0123456789').length, 0, 'the alphabet written out');
        assert.deepEqual(d.detect('token=ghp_R7vQ2mX9pL4tK8wZ3nB6cY1dF5gH0jS2aE7u').map((h) => h.rule.spec.id), ['x-token']);
        assert.deepEqual(d.detect('token=Q7vR2mX9pL4tK8wZ3nB6cY1d').map((h) => h.rule.spec.id), ['generic-token'], 'no vendor format matched');
      }
    });
    it('distinctivePrefixLength: 4+ characters with a digit or separator, or in capitals; no word', () => {
      const rule = (p: string) => compileSecretRule(spec(p, { keywords: ['k'] }));
      assert.equal(distinctivePrefixLength(rule('(?<secret>ghp_[A-Za-z0-9]{36})'), 'ghp_R7vQ2mX9pL4t'), 4);
      assert.equal(distinctivePrefixLength(rule('(?<secret>AKIA[A-Z0-9]{16})'), 'AKIAR7VQ2MX9PL4TK8WZ'), 4);
      assert.equal(distinctivePrefixLength(rule('(?<secret>Bearer[A-Za-z0-9]{16})'), 'BearerR7vQ2mX9pL4tK8'), 0);
      assert.equal(distinctivePrefixLength(rule('api_key=(?<secret>[A-Za-z0-9]{16})'), 'R7vQ2mX9pL4tK8wZ'), 0);
    });
    it('exactFormat: only a secret group without ., \\S, \\W or a negated class', () => {
      assert.equal(exactFormat('k=(?<secret>sq[pua]_[A-Za-z0-9]{40})'), true);
      assert.equal(exactFormat('k=(?<secret>sk\\.eyJ[A-Za-z0-9_\\-(]{40})(?!x)'), true);
      assert.equal(exactFormat('k=(?<secret>[^\\s"]{8,})'), false);
      assert.equal(exactFormat('k=(?<secret>\\S{8,})'), false);
      assert.equal(exactFormat('k=(?<secret>a.b)'), false);
      assert.equal(exactFormat('k=[0-9]{8}'), false, 'no secret group: the whole match, unknown shape');
    });
  });

  it('a generic name inside an ARN is a resource type; a .NET configuration key with a colon is a setting', () => {
    const det = activeRules(loadBuiltinRules(), EMPTY_CONFIG).detector;
    const ids = (t: string) => det.detect(t, undefined, 'x.json').filter((h) => !h.veto).map((h) => h.rule.spec.id);
    assert.deepEqual(ids('"SecretArn": "arn:aws:secretsmanager:us-west-2:123456789012:secret:proxysecret1-Abcd1e"'), []);
    assert.deepEqual(ids('"ARN": "aws:arn:secretsmanager:us-west-2:123456789012:secret:MyTestDatabaseSecret-a1b2c3"'), []);
    assert.deepEqual(ids('"Smtp:Password": "Xq7!vLm2#pR9"'), ['generic-password-assignment']);
    // Shortened in the middle for display, not a working value.
    assert.deepEqual(ids('identity_token = "Xk9pQ2wR7vT4...long.value...mZ3nB8cF1dL6"'), []);
    assert.deepEqual(ids('identity_token = "Xk9pQ2wR7vT4mZ3nB8cF1dL6"'), ['generic-secret-assignment']);
    // A password people chose may hold three dots; it is no display shortening.
    assert.deepEqual(ids('password = "Tr0ub4dor...Xk92Lm7q"'), ['generic-password-assignment']);
  });

  it('takes a shell parameter\'s default without the :- operator\'s dash', () => {
    const det = activeRules(loadBuiltinRules(), EMPTY_CONFIG).detector;
    const hits = det.detect('export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE:-Hq7Wm2Zx9Rt4Lp}\n', undefined, 'run.sh').filter((h) => !h.veto);
    assert.deepEqual(hits.map((h) => [h.rule.spec.id, h.secret]), [['generic-password-assignment', 'Hq7Wm2Zx9Rt4Lp']]);
    assert.equal(shellDefaultAt('x=${PASS:-v', 9), true);
    assert.equal(shellDefaultAt('password: -v', 10), false, 'a YAML value that starts with a dash');
  });

  it('of two specific rules on one span, the more severe wins whatever their order', () => {
    const mk = (id: string, severity: 'high' | 'low', pattern: string): SecretRuleSpec => ({
      id, kind: 'secret', title: id, severity, cwe: ['CWE-798'], keywords: ['aiza'], pattern, help: 'h', samples: { positive: ['p'], negative: ['n'] },
    });
    const bare = mk('bare-key', 'low', '(?<secret>AIza[A-Za-z0-9]{12})');
    const named = mk('named-key', 'high', 'KEY=(?<secret>AIza[A-Za-z0-9]{12})');
    for (const order of [[bare, named], [named, bare]]) {
      const d = new SecretDetector(order.map((r) => compileSecretRule(r)));
      assert.deepEqual(d.detect('KEY=AIzaQ7vL2mX9pR4t').map((h) => h.rule.spec.id), ['named-key']);
    }
  });
  describe('prefixOwned and cut-short values', () => {
    const mk = (id: string, pattern: string, extra: Partial<SecretRuleSpec>): SecretRuleSpec => ({
      id, kind: 'secret', title: id, severity: 'high', cwe: ['CWE-798'], keywords: ['token', 'bkua_'], pattern, help: 'h', samples: { positive: ['p'], negative: ['n'] }, ...extra,
    });
    const generic = mk('generic-token', 'token = "(?<secret>[^"\\s]{16,})', { generic: true, entropy: 3 });
    const vendor = (owned: boolean): SecretRuleSpec => mk('vendor-token', '(?<![A-Za-z0-9_])(?<secret>bkua_[a-z0-9]{40})(?![A-Za-z0-9_])', { keywords: ['bkua_'], entropy: 3.5, prefixOwned: owned || undefined });

    it('a generic value with an owned prefix but the wrong shape gives way; without ownership it stays', () => {
      const cut = 'token = "bkua_9f2c47d1e8b3a605c7d2"';
      assert.deepEqual(new SecretDetector([generic, vendor(true)].map((r) => compileSecretRule(r))).detect(cut), []);
      assert.equal(new SecretDetector([generic, vendor(false)].map((r) => compileSecretRule(r))).detect(cut).length, 1);
      const whole = 'token = "bkua_9f2c47d1e8b3a605c7d2e41b8a9f6c03d5e7b1a2"';
      assert.deepEqual(new SecretDetector([generic, vendor(true)].map((r) => compileSecretRule(r))).detect(whole).map((h) => h.rule.spec.id), ['vendor-token']);
    });

    it('a generic value that is its setting\'s name after a prefix (a C alias) is not reported; a value that only contains the name is', () => {
      const spaced = compileSecretRule(mk('spaced-key', '(?:key)[ \\t]+(?<secret>[A-Za-z0-9_]{16,})', { keywords: ['key'], generic: true, entropy: 3 }));
      const d = new SecretDetector([spaced]);
      assert.deepEqual(d.detect('#define hmac_gosthash94cp_set_key nettle_hmac_gosthash94cp_set_key'), []);
      assert.equal(d.detect('#define hmac_gosthash94cp_set_key nettle_hmac_gosthash94cp_set_key2').length, 1);
      assert.equal(namesItsSetting('set_key q7Zx9kLm3vTb_set_key', 4, 8, 'q7Zx9kLm3vTb_set_key'), false, 'a name of fewer than 8 characters says nothing');
      assert.equal(namesItsSetting('hmac_sha1_set_key nettle_hmac_sha1_set_key', 14, 18, 'nettle_hmac_sha1_set_key'), true);
      assert.equal(namesItsSetting('hmac_sha1_set_key nettlehmac_sha1_set_key', 14, 18, 'nettlehmac_sha1_set_key'), false, 'the name must follow a separator');
      // A variable of the same name: Ruby's instance variable, PHP's or a shell's $.
      const ruby = '@calendar.authorization = @authorization';
      assert.equal(namesItsSetting(ruby, ruby.indexOf('authorization'), ruby.indexOf('@authorization'), '@authorization'), true);
      assert.equal(namesItsSetting(ruby, ruby.indexOf('authorization'), ruby.indexOf('@authorization'), '%authorization'), false, 'no sigil');
      // A match that starts at the value (a rule with no name before it): the value is no name of a setting.
      assert.equal(namesItsSetting('x FiiQiTEzanrHkVdyKUVNQTnehg6c63L8n8MEzCks', 2, 2, 'FiiQiTEzanrHkVdyKUVNQTnehg6c63L8n8MEzCks'), false);
    });

    it("a constant in capitals whose value is its own name in lower case is no value, nor its words spelled as a name; run together in another case, or after a prefix, it is", () => {
      const line = "NEO4J_PASSWORD = 'neo4j_password'";
      assert.equal(namesItsSetting(line, 0, line.indexOf("'") + 1, 'neo4j_password'), true);
      const mixed = "Neo4jPassword = 'neo4jpassword'";
      assert.equal(namesItsSetting(mixed, 0, mixed.indexOf("'") + 1, 'neo4jpassword'), false, 'only a name in capitals spells its value so');
      const spelled = "VALID_LOGIN_PASSWORD = 'validLogin_password'";
      assert.equal(namesItsSetting(spelled, 0, spelled.indexOf("'") + 1, 'validLogin_password'), true, 'the same words, spelled as a name');
      const prefixed = "NEO4J_PASSWORD = 'x_neo4j_password'";
      assert.equal(namesItsSetting(prefixed, 0, prefixed.indexOf("'") + 1, 'x_neo4j_password'), false, 'lower case only for the whole value');
    });

    it('a UUID under a field named just key is an id; under a name for what it opens it is a value', () => {
      const at = (line: string) => isIdUnderBareKey(line, line.indexOf('d5ef'), 'd5ef5880-68b1-4097-b4e5-9ce74200831f');
      assert.equal(at('        "key": "d5ef5880-68b1-4097-b4e5-9ce74200831f",'), true);
      assert.equal(at('  - key: d5ef5880-68b1-4097-b4e5-9ce74200831f'), true);
      assert.equal(at('        "api_key": "d5ef5880-68b1-4097-b4e5-9ce74200831f",'), false);
      assert.equal(at('HEROKU_API_KEY=d5ef5880-68b1-4097-b4e5-9ce74200831f'), false);
      assert.equal(at('base_url: "https://api.example.com/v1/user?key=d5ef5880-68b1-4097-b4e5-9ce74200831f"'), false, "a URL's key parameter");
      assert.equal(isIdUnderBareKey('"key": "Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1"', 8, 'Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1'), false, 'not a UUID');
    });

    it('a value added to a setting (+=) is a piece or an event handler, not a credential', () => {
      const handler = 'btnAmazonS3AccessKeyOpen.Click += btnAmazonS3AccessKeyOpen_Click;';
      assert.equal(appendsTo(handler, handler.indexOf('AccessKey'), handler.indexOf('+= ') + 3), true);
      const given = 'accessKey = Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1;';
      assert.equal(appendsTo(given, 0, given.indexOf('Hq7')), false);
      const spaced = compileSecretRule(mk('generic-secret', '(?:[Kk]ey)[\\w]{0,20}[ \\t]*\\+?=[ \\t]*(?<secret>[A-Za-z0-9_]{16,})', { keywords: ['key'], generic: true, entropy: 3 }));
      const d = new SecretDetector([spaced]);
      assert.deepEqual(d.detect('txtSecretKey.TextChanged += Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1;'), []);
      assert.equal(d.detect('txtSecretKey = Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1;').length, 1);
    });

    it("a column compared in an SQL condition is looked up, not given a credential", () => {
      const cond = "     AND duplicate.channel_key = 'source_89e8a431de55c3822053e36c5eb21d06'";
      assert.equal(isSqlCondition(cond, cond.indexOf('key')), true);
      const where = "SELECT id FROM devices WHERE api_key = 'Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1'";
      assert.equal(isSqlCondition(where, where.indexOf('api_key')), true);
      const set = "UPDATE users SET password = 'Hq7Wm2Zx9Rt4Kd8' WHERE id = 1";
      assert.equal(isSqlCondition(set, set.indexOf('password')), false, 'SET gives the column its value');
      const nested = "           AND (\n              (duplicate.channel_key = 'source_04a1ea464d394d519efd30a5988341f8'";
      assert.equal(isSqlCondition(nested, nested.indexOf('key')), true, 'opened on the line above');
      const or = "      OR\n      (pair.duplicate_key = 'source_88cdf671ddacd95240fc98b1eef48ec2'";
      assert.equal(isSqlCondition(or, or.indexOf('key')), true, 'OR alone on the line above');
      const below = "SELECT 1;\napi_key = 'Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1'";
      assert.equal(isSqlCondition(below, below.indexOf('api_key')), false, 'a setting under a statement');
      const prose = 'Log in as admin and password = Hq7Wm2Zx9Rt4';
      assert.equal(isSqlCondition(prose, prose.indexOf('password')), false, 'and in prose');
    });

    it("a value worked out from the setting's own value is no credential; another name's is looked at", () => {
      const loop = '    lSenha:=lSenha*$20844 xor byte(pSenha[i]);';
      assert.equal(appendsTo(loop, loop.indexOf('Senha'), loop.indexOf(':=') + 2), true);
      const other = '    lSenha:=lSenhaX*$20844;';
      assert.equal(appendsTo(other, other.indexOf('Senha'), other.indexOf(':=') + 2), false, 'a longer name');
      const quoted = 'token = "token-Hq7Wm2Zx9R"';
      assert.equal(appendsTo(quoted, 0, quoted.indexOf('"') + 1), false, 'a literal that starts with the name');
    });

    it('a generic value that is its setting\'s name after a path, a form\'s prefix or a scheme is not reported', () => {
      assert.equal(namesItsSetting('ctxCredentials = "github.com/jcmturner/gokrb5/v8/ctxCredentials"', 3, 18, 'github.com/jcmturner/gokrb5/v8/ctxCredentials'), true);
      assert.equal(namesItsSetting('"privateKeyContents": "ocicredentialConfig-privateKeyContents"', 8, 23, 'ocicredentialConfig-privateKeyContents'), true);
      assert.equal(namesItsSetting('Password = "gt:password"', 0, 12, 'gt:password'), true, 'the first letter may differ in case');
      assert.equal(namesItsSetting('Password = "gt:pASSWORD"', 0, 12, 'gt:pASSWORD'), false, 'the rest may not');
      assert.equal(namesItsSetting('Password = "Xk9Lp2Qr+password"', 0, 12, 'Xk9Lp2Qr+password'), false, 'not after any character');
    });

    it('a value followed by a method call is an identifier in code, for any rule', () => {
      const vendorish = compileSecretRule(mk('acme-token', 'acme[ \\t]*=[ \\t]*(?<secret>[A-Za-z0-9]{18,20})(?![A-Za-z0-9])', { keywords: ['acme'], entropy: 3 }));
      const d = new SecretDetector([vendorish]);
      assert.deepEqual(d.detect('acme = VCSProviderNameKey.String("acme")'), []);
      assert.equal(d.detect('acme = Hq7Wm2Zx9Rt4Kd8Vn3Y. See the docs').length, 1, 'a sentence after it is no call');
      assert.equal(followedByMember('x.String(', 1), true);
      assert.equal(followedByMember('x.String', 1), false, 'no call, and no identifier of words given');
      assert.equal(followedByMember('AuthConfig.SecretAccessKey;', 10, 'AuthConfig'), true, "a member of a type named by words");
      assert.equal(followedByMember('Hq7Wm2Zx9Rt4.SecretAccessKey;', 12, 'Hq7Wm2Zx9Rt4'), false, 'a random value before a dot');
      assert.equal(followedByMember('editingBusiness.linkedinProfile,', 15, 'editingBusiness'), true, 'an object of words in camel case');
      assert.equal(followedByMember('xkcdQwrt.linkedinProfile,', 8, 'xkcdQwrt'), false, 'letters that no word is made of');
    });

    it('a generic value whose match stops at a letter outside ASCII is the first word of prose', () => {
      const d = new SecretDetector([compileSecretRule(mk('ascii-token', 'token = "(?<secret>[A-Za-z0-9]{16,})', { generic: true, entropy: 3 }))]);
      assert.deepEqual(d.detect('token = "Web3Onboard2Xk9Lp認証の取得に失敗しました"'), []);
      assert.equal(d.detect('token = "Web3Onboard2Xk9Lp" // 認証').length, 1);
      assert.equal(runsIntoLetter('a\u00e9', 1), true);
      assert.equal(runsIntoLetter('a\u00d7', 1), false, 'the multiplication sign is no letter');
      assert.equal(runsIntoLetter('a\u201d', 1), false, 'nor a closing quote');
      // A template's field after the literal part: filled in when it is rendered.
      const header = 'Authorization: "PBSAPIToken={{ _pbs_token_id }}:{{ _pbs_recorded_secret }}"';
      assert.equal(runsIntoLetter(header, header.indexOf('{{')), true);
      assert.equal(runsIntoLetter('token = "Hq7W{x}"', 'token = "Hq7W'.length), false, 'a brace alone');
    });

    it('an unquoted generic value compared with something is a name in a test, not a setting\'s value', () => {
      const d = new SecretDetector([compileSecretRule(mk('bare-pass', '(?:pass|Password)[ \\t]*=[ \\t]*["\']?(?<secret>[\\w]{8,})', { keywords: ['pass'], generic: true, entropy: 2.5 }))]);
      assert.deepEqual(d.detect('    v1_pass = v1_direction2 == "none"'), [], "Python's comparison");
      assert.deepEqual(d.detect('ElseIf Me.txtPassword = strtemporary1 Then'), [], "VB's If … Then");
      assert.deepEqual(d.detect('# gate: pass = roi_fee_p25 >= -3.1788'), []);
      assert.equal(d.detect('v1_pass = Hq7Wm2Zx9Rt4').length, 1);
      assert.equal(d.detect('If ok Then pass = "Hq7Wm2Zx9Rt4" == x'.replace(' == x', '')).length, 1);
      assert.equal(d.detect('pass = "Hq7Wm2Zx9Rt4" == expected').length, 1, 'a quoted value is a literal either way');
      // A query parameter's value ends at the next `&`: a stand-in stays one, a password is cut to itself.
      const q = new SecretDetector([compileSecretRule(mk('query-pass', '(?:pass)=(?<secret>[^\\s"\']{8,})', { keywords: ['pass'], generic: true, entropy: 2.5 }))]);
      assert.deepEqual(q.detect('wget "https://sms.example/send?user=XXXXXX&pass=YYYYYYYY&msg=Alerte%20Connexion%20perdue"'), []);
      assert.deepEqual(q.detect('wget "https://sms.example/send?user=ann&pass=Hq7Wm2Zx9Rt4&msg=Alerte%20perdue"').map((h) => h.secret), ['Hq7Wm2Zx9Rt4']);
      assert.deepEqual(q.detect('pass=Hq7Wm2Zx9Rt4&more').map((h) => h.secret), ['Hq7Wm2Zx9Rt4&more'], 'outside a query the & is the value\'s');
      assert.deepEqual(q.detect('?pass=Hq7Wm2Zx9Rt4&more').map((h) => h.secret), ['Hq7Wm2Zx9Rt4']);
      assert.equal(isComparedName('x = abc == y', 4, 7), true);
      assert.equal(isComparedName('x = abc==y', 4, 7), false, 'padding, not an operator, when nothing stands between');
      assert.equal(isComparedName('x = "abc" == y', 5, 8), false);
    });

    it('a long token-like generic value ending in an ellipsis is not reported; a password with dots is', () => {
      const d = new SecretDetector([compileSecretRule(generic)]);
      assert.deepEqual(d.detect('token = "0.AXbQ7kTzP2vLm9Ws4RcYn8Hf3Jd6Gq1Ue5..."'), []);
      assert.equal(d.detect('token = "0.AXbQ7kTzP2vLm9Ws4RcYn8Hf3Jd6Gq1Ue5"').length, 1);
      assert.equal(d.detect('token = "Tr0ub4dor&3xk$9..."').length, 1);
    });
  });

  it('detectBytes finds on the bytes what detect finds on the text, and decodes only when a rule must run', () => {
    const mk = (id: string, keywords: string[], pattern: string): SecretRuleSpec => ({
      id, kind: 'secret', title: id, severity: 'high', cwe: ['CWE-798'], keywords, pattern, help: 'h', samples: { positive: ['p'], negative: ['n'] },
    });
    const specs = [mk('anchored', ['aiza'], '(?<secret>AIza[A-Za-z0-9]{12})'), mk('keyed', ['token'], 'token\\s*=\\s*"(?<secret>[^"]{12,})"')];
    // The automaton from the first text on (a small scan's texts are decoded for their search).
    const d = new SecretDetector(specs.map((r) => compileSecretRule(r)), 0);
    const small = new SecretDetector(specs.map((r) => compileSecretRule(r)));
    const texts = ['\u00e9\ud83d\ude00 KEY=AIzaQ7vL2mX9pR4t and token = "r8Kq2\u00e9vX9mLp4Zt"', 'plain AIzaQ7vL2mX9pR4t', 'no keyword here \u00e9', 'aiza but no key', 'token but no value \u00e9'];
    for (const text of texts) {
      const want = d.detect(text).map((h) => [h.rule.spec.id, h.start, h.end, h.secret]);
      let decoded = 0;
      const bytes = Buffer.from(text, 'utf8');
      const got = d.detectBytes(bytes, bytes.length !== text.length, () => (decoded++, text)).map((h) => [h.rule.spec.id, h.start, h.end, h.secret]);
      assert.deepEqual(got, want, text);
      assert.equal(decoded, /aiza|token/i.test(text) ? 1 : 0, `decoded ${text}`);
      // With a stand-in for multi-byte text, the text is decoded only where a rule matches.
      decoded = 0;
      const viaStandIn = d.detectBytes(bytes, bytes.length !== text.length, () => (decoded++, text), undefined, () => standInBytes(bytes)).map((h) => [h.rule.spec.id, h.start, h.end, h.secret]);
      assert.deepEqual(viaStandIn, want, text);
      assert.equal(decoded, /AIzaQ/.test(text) ? 1 : 0, `decoded with a stand-in: ${text}`);
      // Searched keyword by keyword, bytes or text: the same hits.
      assert.deepEqual(small.detect(text).map((h) => [h.rule.spec.id, h.start, h.end, h.secret]), want, `small: ${text}`);
      assert.deepEqual(small.detectBytes(bytes, bytes.length !== text.length, () => text).map((h) => [h.rule.spec.id, h.start, h.end, h.secret]), want, `small bytes: ${text}`);
    }
  });
  describe('rules limited to some files (files:)', () => {
    const mk = (id: string, pattern: string, extra: Partial<SecretRuleSpec> = {}): SecretRuleSpec => ({
      id, kind: 'secret', title: id, severity: 'medium', cwe: ['CWE-798'], keywords: ['password'], pattern, help: 'h', samples: { positive: ['p'], negative: ['n'] }, ...extra,
    });
    const config = mk('config-pw', '^password: (?<secret>\\S{6,})', { files: '\\.ya?ml$', sampleFile: 's.yml', generic: true });
    const generic = mk('generic-pw', 'password: (?<secret>\\S{6,})', { generic: true });
    const specific = mk('vendor-pw', 'password: (?<secret>pw_\\w{6})');

    it('runs only on files whose path matches, and not when the path is unknown', () => {
      const d = new SecretDetector([compileSecretRule(config)]);
      assert.equal(d.detect('password: Rk7mQ2vW', undefined, 'deploy/values.YAML').length, 1);
      assert.equal(d.detect('password: Rk7mQ2vW', undefined, 'src/app.py').length, 0);
      assert.equal(d.detect('password: Rk7mQ2vW').length, 0, 'no path: a file-kind rule cannot judge');
      const bytes = new TextEncoder().encode('password: Rk7mQ2vW');
      assert.equal(d.detectBytes(bytes, false, () => 'password: Rk7mQ2vW', undefined, undefined, 'a.yml').length, 1);
      assert.equal(d.detectBytes(bytes, false, () => 'password: Rk7mQ2vW', undefined, undefined, 'a.js').length, 0);
    });

    it('gives way to generic and specific hits on the same text, whatever the rule order', () => {
      for (const order of [[config, generic], [generic, config]]) {
        const d = new SecretDetector(order.map((r) => compileSecretRule(r)));
        assert.deepEqual(d.detect('password: Rk7mQ2vW', undefined, 'a.yml').map((h) => h.rule.spec.id), ['generic-pw']);
      }
      for (const order of [[config, specific], [specific, config]]) {
        const d = new SecretDetector(order.map((r) => compileSecretRule(r)));
        assert.deepEqual(d.detect('password: pw_abc123', undefined, 'a.yml').map((h) => h.rule.spec.id), ['vendor-pw']);
      }
    });

    it('needs a sampleFile that files matches, and sampleFile only with files', () => {
      assert.throws(() => compileSecretRule({ ...config, sampleFile: undefined }), /sampleFile/);
      assert.throws(() => compileSecretRule({ ...config, sampleFile: 'a.json' }), /sampleFile/);
      assert.throws(() => compileSecretRule({ ...generic, sampleFile: 'a.yml' }), /only for rules with files/);
      assert.throws(() => compileSecretRule({ ...config, files: '(' }), /files is not a valid/);
    });
  });

  describe('rules anchored by one character', () => {
    const spec: SecretRuleSpec = {
      id: 'pipe-token', kind: 'secret', title: 'Pipe token', severity: 'high', cwe: ['CWE-798'], keywords: ['pipe'],
      pattern: '(?<![0-9|])(?<secret>[0-9]{15,16}\\|[A-Za-z0-9_]{27})(?![A-Za-z0-9_|])', entropy: 2, help: 'h', samples: { positive: ['p'], negative: ['n'] },
    };
    const token = '1234567890123456|Ab3dEf6hIj9kLm2nOp5qRs8tUv1';
    const rule = compileSecretRule(spec);
    const view = (hits: { start: number; end: number; secret: string }[]) => hits.map((h) => [h.start, h.end, h.secret]);

    it('are tried only where the character is, and find what a whole-text search finds', () => {
      assert.deepEqual(rule.anchors, [['|', 15], ['|', 16]]);
      // Past the length below which the first run compiles the rule with a try of its own (see compileNative).
      const text = `// pipe config ${'-'.repeat(1000)}\nconst a = b || c;\nconst t = "${token}";\nconst u = "${token.slice(1)}";\nx = 12345678901234567|${token.slice(17)};\n`;
      const whole = compileSecretRule(spec);
      const expected = view(new SecretDetector([{ ...whole, anchors: null, regex: new RegExp(spec.pattern, 'dg') }]).detect(text));
      assert.equal(expected.length, 2);
      let tries = 0;
      const counted = { ...rule, regex: rule.regex };
      const exec = counted.regex.exec.bind(counted.regex);
      counted.regex.exec = (s: string) => (tries++, exec(s));
      assert.deepEqual(view(new SecretDetector([counted]).detect(text)), expected);
      // Two offsets for each of the four pipes, less those that would start before the text.
      assert.ok(tries > 0 && tries <= 8, `${tries} tries`);
    });

    it('where the character is too frequent, search the whole text once instead', () => {
      const text = `pipe\n${'a|b|'.repeat(5000)}\n"${token}"\n${'|'.repeat(3000)}`;
      let tries = 0;
      const counted = compileSecretRule(spec);
      const exec = counted.regex.exec.bind(counted.regex);
      counted.regex.exec = (s: string) => (tries++, exec(s));
      assert.deepEqual(view(new SecretDetector([counted]).detect(text)).map((h) => h[2]), [token]);
      assert.equal(tries, 0, 'the sticky regex is not tried at each of thousands of pipes');
    });

    it('in bytes, are found in a one-byte text and in a multi-byte text\'s stand-in, without decoding either', () => {
      // No keyword-by-keyword search of small texts, which decodes them (see SecretDetector.small).
      const d = new SecretDetector([rule], 0);
      const quiet = `pipe: a || b\n${'x'.repeat(200)}`;
      for (const text of [quiet, `${quiet} \u00e9\u4e2d`]) {
        const bytes = Buffer.from(text, 'utf8');
        const utf8 = bytes.length !== text.length;
        let decoded = 0;
        assert.deepEqual(d.detectBytes(bytes, utf8, () => (decoded++, text), undefined, utf8 ? () => standInBytes(bytes) : undefined), []);
        assert.equal(decoded, 0, utf8 ? 'multi-byte' : 'one-byte');
      }
      const hit = `pipe \u00e9 "${token}"`;
      const hb = Buffer.from(hit, 'utf8');
      assert.deepEqual(view(d.detectBytes(hb, true, () => hit, undefined, () => standInBytes(hb))), view(d.detect(hit)));
      assert.equal(d.detect(hit).length, 1);
    });
  });

  describe('large texts read in pieces', () => {
    const builtins = loadBuiltinRules();
    const rules = activeRules(builtins, EMPTY_CONFIG).detector.rules;
    const specs = builtins.map((r) => r.spec).filter((x): x is SecretRuleSpec => x.kind === 'secret' && x.scope !== 'path');
    // Every rule's samples, among other lines, until the text is several pieces long (pieces
    // hold the built-in rules' reach on either side: ~45K characters).
    const lines: string[] = [];
    for (let round = 0; lines.join('\n').length < 300_000; round++) {
      // Samples beyond Latin-1 (a translation in Japanese) have no one-byte form: left out.
      for (const spec of specs) for (const sample of [...spec.samples.positive, ...spec.samples.negative]) if (/^[\x00-\xff]*$/.test(sample)) lines.push(sample, `  x${round} = f(${lines.length}); // ${spec.id}`);
    }
    const ascii = lines.join('\n');
    const inPieces = rules.filter((r) => r.reach && r.reach.behind <= 4096 && r.reach.ahead <= 40_000);
    const view = (hs: ReturnType<SecretDetector['detect']>) => hs.map((h) => [h.rule.spec.id, h.start, h.end, h.secret, h.checksum, h.filler]);

    it('finds what a search of the whole text finds, at the same offsets', () => {
      // All rules (a few read too far for pieces: the text is decoded for them), and those that all can.
      assert.ok(inPieces.length > 270, `${inPieces.length} rules`);
      for (const set of [rules, inPieces]) {
        const whole = view(new SecretDetector(set, 0).detect(ascii, undefined, 'src/app.config'));
        assert.ok(whole.length > 300, `${whole.length} hits`);
        let decoded = 0;
        const d = new SecretDetector(set, 0, 4096);
        const got = view(d.detectBytes(Buffer.from(ascii, 'latin1'), false, () => (decoded++, ascii), undefined, undefined, 'src/app.config'));
        assert.deepEqual(got, whole);
        assert.equal(decoded, set === rules ? 1 : 0);
      }
    });

    it('a multi-byte text: its stand-in is read in pieces, and the text decoded only where a rule matches', () => {
      const text = ascii.replace(/ = f\(/g, ' = \u00e9f(');
      const bytes = Buffer.from(text, 'utf8');
      // Rules the stand-in answers for: the probe reads its pieces.
      const probed = inPieces.filter((r) => r.standIn);
      const d = new SecretDetector(probed, 0, 4096);
      // The watchdog is told each rule's start and end, also when a probe's match stops the pass.
      let watched: string | undefined;
      let unended = 0;
      d.watch = (id) => {
        if (id !== undefined && watched !== undefined) unended++;
        watched = id;
      };
      let decoded = 0;
      const got = view(d.detectBytes(bytes, true, () => (decoded++, text), undefined, () => standInBytes(bytes), 'src/app.config'));
      assert.deepEqual(got, view(new SecretDetector(probed, 0).detect(text, undefined, 'src/app.config')));
      assert.equal(decoded, 1);
      assert.equal(watched, undefined);
      assert.equal(unended, 0);
      // No match in the stand-in's pieces: never decoded.
      const quiet = Array.from({ length: 4000 }, (_, i) => `const token${i} = \u00e9"short"; // password: see docs`).join('\n');
      const qb = Buffer.from(quiet, 'utf8');
      decoded = 0;
      assert.deepEqual(d.detectBytes(qb, true, () => (decoded++, quiet), undefined, () => standInBytes(qb)), []);
      assert.equal(decoded, 0);
    });
  });

  it('takes a vendor-gated value that holds the vendor\'s name inside an identifier for a name, not one that starts with it', () => {
    assert.equal(namesVendor(['linkedin', 'linked'], 'oAuth2Linkedin'), true);
    assert.equal(namesVendor(['linkedin'], 'consoleLinkedinProvider'), true);
    // A prefixed token starts with the vendor's name; a short keyword or a separated one says nothing.
    assert.equal(namesVendor(['pscale'], 'pscale_tkn_Xk9pQ2wR7vT4mZ3nB8cF1dL6'), false);
    assert.equal(namesVendor(['linked'], 'Xk9pQ2wR7vT4linked'), true);
    assert.equal(namesVendor(['ramp'], 'Xk9pQ2wRampvT4'), false);
    assert.equal(namesVendor(['linkedin'], 'Xk9pQ2wR7-linkedin'), false);
    assert.equal(namesVendor(undefined, 'oAuth2Linkedin'), false);
  });
});
