import assert from 'node:assert/strict';
import { compileSecretRule, SecretDetector } from '../../../../tasks/engine/secrets/detector';
import { scanText } from '../../../../tasks/engine/secrets/fileSecrets';
import { markPathContext } from '../../../../tasks/engine/secrets/findingContext';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import { mintIdentifiableKey, mutateKey, storageKeyRule } from '../../../support/azureKeyMint';

describe('secrets/fileSecrets', () => {
  it('reports a failed checksum one severity lower with unvalidated: lower, and marks both outcomes', () => {
    const rule = compileSecretRule(storageKeyRule({ validate: 'azure-identifiable-key', unvalidated: 'lower' }));
    const detector = new SecretDetector([rule]);
    const real = mintIdentifiableKey('+ASt');
    const bad = mutateKey(real, 10);
    const res = scanText(`a: ${real}\nb: ${bad}\n`, 'src/app.config', detector, new Set([rule.spec.id]));
    assert.equal(res.findings.length, 2);
    const [good, weak] = res.findings;
    assert.equal(good.severity, 'critical');
    assert.deepEqual(good.properties, { checksum: 'valid' });
    assert.equal(weak.severity, 'high');
    assert.deepEqual(weak.properties, { checksum: 'invalid' });
  });

  it('drops generic password hits with prose values in catalogues only; keys with digits stay reported', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const text = '{\n  "loc.input.help.password": "Contrasena_del_usuario",\n  "Password": "Mot_de_passe",\n  "dbPassword": "hT7qW2xLz9"\n}\n';
    const ids = new Set<string>();
    const inCatalogue = scanText(text, 'Strings/resources.resjson/en-US/resources.resjson', detector, ids);
    assert.deepEqual(inCatalogue.findings.map((f) => f.region.startLine), [4]);
    const inConfig = scanText(text, 'config/settings.json', detector, ids);
    assert.deepEqual(inConfig.findings.map((f) => f.region.startLine), [2, 3, 4]);
  });

  it('reports a value repeated along one line once, and each line it is on', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const url = (n: number) => `{"src":"https://cdn.contoso.net/a${n}.png?token=Hq7Wm2Zx9Rt4Lp8Vb3Nc6Ys1Kd8Vn3Qx"}`;
    const text = `[${[1, 2, 3].map(url).join(',')}]\n[${url(4)}]\n`;
    const found = scanText(text, 'docs/diagram.json', detector, new Set());
    assert.deepEqual(found.findings.map((f) => [f.ruleId, f.region.startLine]), [['generic-secret-assignment', 1], ['generic-secret-assignment', 2]]);
    assert.equal(new Set(found.findings.map((f) => f.fingerprint)).size, 1, 'the same value in one file: one fingerprint');
  });

  it('marks a secret on a REPL or doc-example line as an example, and one on an ordinary line not', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const text = [
      '    >>> client = Client(api_token="Hq7Wm2Zx9Rt4Lp8Vb3Nc6Ys1")',
      '#   user.update(password: "nohack4u", password_challenge: "vr00m") # => true',
      'irb> person.recovery_password = "42passwordX7q"',
      'client = Client(api_token="Kd8Vn3Qx7Lp2Wz9Rb4Mc6Tf1")',
      '',
    ].join('\n');
    const found = scanText(text, 'lib/client.py', detector, new Set());
    assert.deepEqual(found.findings.map((f) => [f.region.startLine, f.properties?.context]), [[1, 'example'], [2, 'example'], [3, 'example'], [4, undefined]]);
  });

  it('marks a secret assigned to a fake\'s name as test data, lowered like a test path\'s; a checksum-valid key stays as it is', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    // Not a key: the armour and a body of key-like base64, enough for the private-key rule.
    const body = Array.from({ length: 8 }, (_, i) => `MIIEv${i}IBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDZs6uVC3J${i}rPJ0`).join('\n');
    const pem = (name: string) => `const ${name}: &str = "-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----";\n`;
    const text = [pem('TEST_FAKE_RSA_KEY_0'), pem('DEPLOY_KEY'), 'dummy_api_token = "Kd8Vn3Qx7Lp2Wz9Rb4Mc6Tf1"', 'api_token = "Hq7Wm2Zx9Rt4Lp8Vb3Nc6Ys1"', ''].join('\n');
    const found = scanText(text, 'src/keys.rs', detector, new Set());
    markPathContext(found.findings);
    assert.deepEqual(found.findings.map((f) => [f.ruleId, f.properties?.context, f.severity]), [
      ['private-key', 'test', 'high'],
      ['private-key', undefined, 'critical'],
      ['generic-secret-assignment', 'test', 'low'],
      ['generic-secret-assignment', undefined, 'medium'],
    ]);
    const rule = compileSecretRule(storageKeyRule({ validate: 'azure-identifiable-key', unvalidated: 'lower' }));
    const real = mintIdentifiableKey('+ASt');
    const proven = scanText(`testStorageKey = "${real}"\nfakeStorageKey = "${mutateKey(real, 10)}"\n`, 'src/app.cs', new SecretDetector([rule]), new Set([rule.spec.id]));
    assert.deepEqual(proven.findings.map((f) => [f.properties?.checksum, f.properties?.context]), [['valid', undefined], ['invalid', 'test']]);
  });

  it('marks a generic password of a CI job\'s service container as test data, not a vendor token beside it', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const token = 'ghp_' + 'N2b7kQ9xLm4Rt8Vw1Yz3Ac5Df7Gh9Jk2Lm4N';
    const text = ['jobs:', '  test:', '    services:', '      mssql:', '        image: mcr.microsoft.com/azure-sql-edge', '        env:', '          SA_PASSWORD: "Kq8mZ2xLp7Wv"', `          GH_TOKEN: "${token}"`, ''].join('\n');
    const found = scanText(text, '.github/workflows/build.yml', detector, new Set());
    assert.deepEqual(found.findings.map((f) => [f.ruleId, f.properties?.context]), [['generic-password-assignment', 'test'], ['github-pat-classic', undefined]]);
  });

  it('reads suppression comments where the keyword pass saw the marker, in files with or without any keyword', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const known = new Set(['github-pat-classic']);
    const token = 'ghp_' + 'N2b7kQ9xLm4Rt8Vw1Yz3Ac5Df7Gh9Jk2Lm4N';
    // No rule keyword at all: only the marker, naming an unknown rule, which is reported.
    const bare = scanText('x = 1 // palisade-ignore no-such-rule -- because\n', 'a.js', detector, known);
    assert.equal(detector.markerSeen, true);
    assert.match(bare.diagnostics.map((d) => d.message).join(), /unknown rule id "no-such-rule"/);
    const hit = scanText(`t = "${token}" // palisade-ignore github-pat-classic -- test fixture\n`, 'a.js', detector, known);
    assert.equal(hit.findings.length, 1);
    assert.equal(hit.findings[0].suppression?.kind, 'inSource');
    // The marker is case-sensitive, as before; the pass (which ignores case) only rules texts out.
    const upper = scanText(`t = "${token}" // PALISADE-IGNORE github-pat-classic -- no\n`, 'a.js', detector, known);
    assert.equal(detector.markerSeen, true);
    assert.equal(upper.findings[0].suppression, undefined);
    scanText(`t = "${token}"\n// palisade-\u00e9ignore\n`, 'a.js', detector, known);
    assert.equal(detector.markerSeen, false);
  });

  it('shows a filler two severities lower, marked low confidence, and still hands its value to setsecret', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const res = scanText('SNYK_TOKEN=12345678-ABCD-ABCD-ABCD-1234567890AB\nSNYK_TOKEN=92bb643b-e050-6254-8767-0665ddcb80a5\n', 'ci/env.sh', detector, new Set());
    assert.deepEqual(res.findings.map((f) => [f.ruleId, f.severity, f.properties?.confidence]), [
      ['snyk-token', 'low', 'low'],
      ['snyk-token', 'high', undefined],
    ]);
    assert.match(res.findings[0].message, /looks like a filler/);
    assert.equal(res.secrets.length, 2);
  });

  it("reports a Kubernetes Secret at its credential's value, not at the user or database name before it", () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const secret = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: heroes-db', 'data:', '  POSTGRES_DB: aGVyb2VzX2RhdGFiYXNl', '  POSTGRES_USER: c3VwZXJtYW4=', '  POSTGRES_PASSWORD: SHE3V20yWng5UnQ0S2Q4Vg==', ''].join('\n');
    const res = scanText(secret, 'k8s/db-secret.yaml', detector, new Set());
    assert.deepEqual(res.findings.map((f) => [f.ruleId, f.region.startLine]), [['kubernetes-secret-data', 8]]);
    // A credential's value too short to judge (base64 of 8 characters): the first long value, as before.
    const plain = ['apiVersion: v1', 'kind: Secret', 'data:', '  POSTGRES_DB: aGVyb2VzX2RhdGFiYXNl', '  POSTGRES_PASSWORD: c3VwZXJtYW4=', ''].join('\n');
    assert.deepEqual(scanText(plain, 'k8s/db.yaml', detector, new Set()).findings.map((f) => f.region.startLine), [4]);
  });

  it("drops a lockfile's generic hits outside URLs (checksums beside names), not a credential in a registry URL", () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const podfile = 'SPEC CHECKSUMS:\n  AppAuth: 501c04eda8a8d11f179dbe8637b7a91bb7e5d2fa\n';
    assert.deepEqual(scanText(podfile, 'ios-app/Podfile.lock', detector, new Set()).findings, []);
    assert.equal(scanText(podfile, 'ios-app/auth.yml', detector, new Set()).findings.length, 1, 'the same line elsewhere is a setting');
    const yarn = '"left-pad@^1.3.0":\n  resolved "https://deploy:Hq7Wm2Zx9Rt4Kd8Vn3Yp@npm.pkg.example.com/left-pad/-/left-pad-1.3.0.tgz"\n';
    assert.equal(scanText(yarn, 'yarn.lock', detector, new Set()).findings.length, 1);
  });

  it('drops a password hash in SQL (a users table\'s rows), not in a system\'s password file or a setting', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const hash = '$2y$10$Zq7mK2vXp9wLr4tW8yB1nO5eF0gH3jK6lM9pN2qT5uX8zA1cD4fG7';
    const seed = `INSERT INTO users (email, password) VALUES ('ann@shop.test', '${hash}');\n`;
    assert.deepEqual(scanText(seed, 'database/seed.sql', detector, new Set()).findings, []);
    // Rows of an INSERT are rows wherever the dump is kept (a `.db` or `.txt` export, a seed in code),
    // down a multi-row statement's tuples.
    assert.deepEqual(scanText(seed, 'database/seed.txt', detector, new Set()).findings, []);
    const rows = ['INSERT INTO users (uuid, password, username) VALUES'];
    for (let i = 0; i < 300; i++) rows.push(`('u-${i}', '${hash}', 'user${i}'),`);
    assert.deepEqual(scanText(`${rows.join('\n')}\n`, 'Puzzle/old.db', detector, new Set()).findings, []);
    assert.deepEqual(scanText(`db.execute("INSERT INTO users VALUES ('admin', '${hash}')")\n`, 'app/init_db.py', detector, new Set()).findings, []);
    // A row code inserts (Slick's `users.insert(…)`, MongoDB's `insertOne`).
    assert.deepEqual(scanText(`      users.insert(User(Option(UUID.randomUUID()), "ann", "${hash}", "ann@shop.test"))\n`, 'app/Global.scala', detector, new Set()).findings, []);
    assert.deepEqual(scanText(`db.users.insertOne({ name: 'ann', password: '${hash}' });\n`, 'scripts/init.js', detector, new Set()).findings, []);
    assert.equal(scanText(`admin:${hash}\n`, 'deploy/.htpasswd', detector, new Set()).findings[0]?.ruleId, 'password-hash');
    // A statement over lines, one value a line, and its upsert's SET (a Go migration's string).
    const upsert = ['\t\t`INSERT INTO users (id, email, password_hash, name)', '\t\tVALUES (', "\t\t\t'00000000-0000-0000-0000-000000000000',", "\t\t\t'admin@shop.test',", `\t\t\t'${hash}',`, "\t\t\t'Administrator'", '\t\t) ON CONFLICT (id) DO UPDATE SET', `\t\t\tpassword_hash = '${hash}',`, "\t\t\tname = 'Administrator'`", ''].join('\n');
    assert.deepEqual(scanText(upsert, 'internal/database/migration.go', detector, new Set()).findings, []);
    // A statement ended above is no row of this one.
    assert.equal(scanText(`INSERT INTO audit VALUES (1);\nusers:\n  admin: '${hash}'\n`, 'deploy/users.yml', detector, new Set()).findings[0]?.ruleId, 'password-hash');
    // A JSON file of records (Django's dumpdata, a seed's users): rows too, under a generic rule's name as well.
    const django = `[\n{\n  "model": "core.user",\n  "fields": {\n    "email": "staff@shop.test",\n    "password": "pbkdf2_sha256$600000$jppdqDjLkWWalYymsxo0Zi$r9iZXXkByeL5Re2i5WaoOay9gcpCPFYog0J+AZn7vEo="\n  }\n}\n]\n`;
    assert.deepEqual(scanText(django, 'backend/sqlite_dump.json', detector, new Set()).findings, []);
    assert.deepEqual(scanText(`[\n  {\n    "email": "manager@hotel.test",\n    "password": "${hash}"\n  }\n]\n`, 'mongodb-data/01-users.json', detector, new Set()).findings, []);
    assert.deepEqual(scanText(`[\n  {\n    "_id": { "$oid": "66c8150b6e5173ca50b73a83" },\n    "password": "${hash}"\n  }\n]\n`, 'src/utils/data/shop.admins.json', detector, new Set()).findings, []);
    // A settings object is no list of records, and an application's own list of its logins is its
    // login file (txAdmin's admins.json): a login's hash there is the system's.
    assert.equal(scanText(`{\n  "adminAuth": { "username": "admin", "password": "${hash}" }\n}\n`, 'node-red/settings.json', detector, new Set()).findings[0]?.ruleId, 'password-hash');
    assert.equal(scanText(`[\n  {\n    "name": "owner",\n    "master": true,\n    "password_hash": "${hash}"\n  }\n]\n`, 'txData/admins.json', detector, new Set()).findings[0]?.ruleId, 'password-hash');
    // A tuple with no INSERT above it is not a row of one.
    assert.equal(scanText(`users = [\n('admin', '${hash}'),\n]\n`, 'app/users.py', detector, new Set()).findings[0]?.ruleId, 'password-hash');
  });

  it('reads a dotenv file named with -env or _env as the configuration file it is', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const env = 'SQL_DATABASE=mtc\nSQL_APP_USER=sa\nSQL_APP_USER_PASSWORD=Qrx-K7w.4pl_T2rv8r\n';
    for (const path of ['.env', '_util/bacpac-importer/app-env', 'deploy/prod_env']) {
      assert.deepEqual(scanText(env, path, detector, new Set()).findings.map((f) => f.ruleId), ['config-file-password'], path);
    }
    assert.deepEqual(scanText(env, 'src/environment', detector, new Set()).findings, [], 'a file named environment is no dotenv file');
  });

  it('reads a backup copy of a configuration file (.bak, .backup, .orig) as the configuration it is', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const yaml = 'api:\n  key: 1D8D4F2A9C3B7E6F5A0B1C2D3E4F6F55\nserver:\n  password: letmein99\n';
    for (const path of ['octoprint/config.yaml.bak', 'config/settings.yml.backup', 'app.ini.orig']) {
      assert.deepEqual(scanText(yaml, path, detector, new Set()).findings.map((f) => f.ruleId), ['config-file-key', 'config-file-password'], path);
    }
    assert.deepEqual(scanText(yaml, 'notes/config.bak', detector, new Set()).findings, [], 'a backup of a file of no known kind stays unknown');
  });

  it("reads Asterisk's secret= as a SIP, IAX or manager password in Asterisk's files only", () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const peer = '[6001]\ntype=friend\nsecret=Zq7vK2mPx9Lw\nhost=dynamic\n';
    for (const path of ['etc/asterisk/sip.conf', 'asterisk/sip_additional.conf', 'conf/iax.conf', 'manager_custom.conf', 'backup/pjsip.conf.backup']) {
      assert.deepEqual(scanText(peer, path, detector, new Set()).findings.map((f) => f.ruleId), ['asterisk-secret'], path);
    }
    assert.deepEqual(scanText(peer, 'conf/app.conf', detector, new Set()).findings, [], 'another program\'s secret= of twelve characters');
  });

  it("drops a SealedSecret's ciphertext, not a plain value in its template or a Secret's data", () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const cipher = `AgC/${'opz4PwJ0NgecTvF7EAbrcLaJPO+HX6G11lhwq+1EE7Asxvgzv4+/wRYloevzscwslNrSGExgdfeLhtxtyHl9jIOfz3UClgv6b'.repeat(6)}`;
    const sealed = (kind: string, plain = '') => [
      'apiVersion: bitnami.com/v1alpha1', `kind: ${kind}`, 'metadata:', '  name: argocd-oidc', 'spec:',
      '  encryptedData:', `    client_secret: ${cipher}`, '  template:', '    metadata:', '      name: argocd-oidc', plain, '',
    ].join('\n');
    assert.deepEqual(scanText(sealed('SealedSecret'), 'platform/argocd/sealed-argocd-oidc.yaml', detector, new Set()).findings, []);
    const plain = "    stringData:\n      api_token: 'Hq7Wm2Zx9Rt4Kd8Vn3Yc6Lp1'";
    assert.deepEqual(scanText(sealed('SealedSecret', plain), 'sealed.yaml', detector, new Set()).findings.map((f) => f.region.startLine), [12], 'the template is plain text');
    assert.equal(scanText(sealed('Secret'), 'secret.yaml', detector, new Set()).findings.length, 1, 'not sealed: the same value is reported');
  });

  it('reports nothing in biological sequence data, where a key id\'s shape turns up among a protein\'s letters', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const line = 'aws_access_key_id = AKIAKX6ARBR7KFUIHIGC\n';
    assert.deepEqual(scanText(`>cytb\n${line}`, 'data/sequences/Mouse_Mus_cytb.fasta', detector, new Set()).findings, []);
    assert.deepEqual(scanText(`>cytb\n${line}`, 'Biopython/alignment_two.mfa', detector, new Set()).findings, []);
    assert.equal(scanText(line, 'data/creds.txt', detector, new Set()).findings[0]?.ruleId, 'aws-access-key-id');
  });

  it('reads a shell script\'s or shell profile\'s assignments as settings: short unquoted passwords are found there, references are not', () => {
    const { detector } = activeRules(loadBuiltinRules(), { disable: [], enable: [], severity: {}, customRules: [] });
    const script = 'HOST=10.25.131.1\nUSER=BILLUS\nPASSWORD=CHARGE#7X\n';
    assert.equal(scanText(script, 'bin/nokia_pull.sh', detector, new Set()).findings[0]?.ruleId, 'config-file-password');
    assert.equal(scanText('export DB_PASS=Rq7vX2mK\n', 'home/.zshrc', detector, new Set()).findings[0]?.ruleId, 'config-file-password');
    assert.deepEqual(scanText(script, 'src/pull.py', detector, new Set()).findings, [], 'in code the unquoted form asks for more');
    for (const line of ['PASSWORD=$1', 'PASSWORD=${DB_PASSWORD:?}', 'PASSWORD=$(cat /run/secrets/db)', 'PASSWORD=changeme'])
      assert.deepEqual(scanText(`${line}\n`, 'bin/run.sh', detector, new Set()).findings, [], line);
  });
});
