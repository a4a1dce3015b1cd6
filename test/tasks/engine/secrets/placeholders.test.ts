import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { encodedPlaceholder, genericVerdict, isCamelIdentifier, isComposedName, isDocumentedExample, isPlaceholder, isUnspeakableRun, isWordyIdentifier, placeholderVerdict } from '../../../../tasks/engine/secrets/placeholders';

/** An HMAC-signed JWT of `header` and `claims` under `key`. */
function jwt(header: object, claims: object, key: string): string {
  const signed = `${Buffer.from(JSON.stringify({ typ: 'JWT', ...header })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signed}.${createHmac('sha256', key).update(signed).digest('base64url')}`;
}

/** A generic rule drops the value or shows it at low confidence (see genericVerdict). */
const isGenericNonSecret = (value: string): boolean => genericVerdict(value) !== undefined;

describe('placeholders', () => {
  it('judges base64 of printable text as the text it encodes', () => {
    const b64 = (t: string) => Buffer.from(t, 'latin1').toString('base64');
    // Stand-ins, encoded: the setting's own name, camel-case words, placeholder words, user:password.
    for (const t of ['password', 'MyVerifierString', 'your-secret-key-here', 'admin:password', 'deploy:changeme']) assert.equal(encodedPlaceholder(b64(t)), true, t);
    // Real-looking passwords stay, as do the user's part of user:password and random key bytes.
    for (const t of ['Th4t-Was-R4ndom!_qZ8x', 'samplecorp:Th4t-Was-R4ndom!_qZ8x', 'F6YAUQrg8YbyhnSDKH', 'browser-agent:']) assert.equal(encodedPlaceholder(b64(t)), false, t);
    assert.equal(encodedPlaceholder(Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 73 + 41) & 0xff)).toString('base64')), false, 'bytes that are no text');
    // Too short to say, or not base64 at all.
    assert.equal(encodedPlaceholder(b64('pass')), false);
    assert.equal(encodedPlaceholder('cGFzc3dvcmQ*'), false);
  });

  describe('isPlaceholder', () => {
    const placeholders: [string, string][] = [
      ['Azure Pipelines macro', '$(System.AccessToken)'],
      ['GitHub expression', '${{ secrets.DEPLOY_TOKEN }}'],
      ['shell variable', '$DB_PASSWORD'],
      ['shell expansion', '${DB_PASSWORD}'],
      ['Windows variable', '%NUGET_PASSWORD%'],
      ['runtime expression', '$[variables.token]'],
      ['helm template', '{{ .Values.password }}'],
      ['Octopus / replace tokens', '#{DbPassword}'],
      ['replace-tokens underscores', '__DbPassword__'],
      ['format placeholder', '{password}'],
      ['angle placeholder', '<your-token>'],
      ['angle words', 'Bearer <access token>'],
      ['Key Vault reference', '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db)'],
      ['environment lookup', 'process.env.API_KEY'],
      ['python environment', 'os.environ["API_KEY"]'],
      ['x run', 'ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'],
      ['stars', '********'],
      ['REPLACE_ME', 'REPLACE_ME_WITH_TOKEN'],
      ['your-', 'your-api-key-here'],
      ['changeme', 'changeme'],
      ['redacted', '[REDACTED]'],
      ['one character repeated', 'aaaaaaaaaaaaaaaa'],
      ['two characters', 'ababababab'],
      ['dominant character', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAb3c9'],
      ['repeating unit', 'abc123abc123abc123'],
      ['ascending digits', '1234567890'],
      ['ascending letters inside a value', 'AIzaSyabcdefghijklmnopqrstuvwxyz1234567'],
      ['descending', '9876543210'],
      ['AWS documentation key id', 'AKIAIOSFODNN7EXAMPLE'],
      ['AWS documentation secret', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
      ['Azurite account key', 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='],
      ['Azure DevOps client README token', 'cbdeb34vzyuk5l4gxc4qfczn3lko3avfkfqyb47etahq6axpcqha'],
      ['Cosmos DB emulator key', 'C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=='],
      ['example word', 'sk_live_EXAMPLE0000'],
      ['fake word', 'sk-ant-api03-fake-key'],
    ];
    for (const [what, value] of placeholders) {
      it(`treats ${what} as a placeholder`, () => assert.equal(isPlaceholder(value), true, value));
    }

    const secrets = [
      'ghp_N2b7kQ9xLm4Rt8Vw1Yz3Ac5Df7Gh9Jk2Lm4N',
      'Vx9#mK2$pL7q',
      'P@ssw0rd$1',
      '9f3c1a7e5b2d8046c4e1a9b7d3f05c62',
      'wq7Zr2Lk9Vd4Hs8Tn3Bx6Mc1Pf5Gj0Ya',
      'AAAAAAAAAAAAAAAAAAAAAKz9Qm3Tn7Vb2Xc5Lp8Rw4Yd1Hf6Gj0SeUa3Ic7Ok2Ny9Mq4Bv1Zt5Wx8Lr6Pf0Dg3Hk7Js',
    ];
    for (const value of secrets) {
      it(`keeps a random-looking value: ${value.slice(0, 12)}…`, () => assert.equal(isPlaceholder(value), false, value));
    }
  });

  describe('isGenericNonSecret', () => {
    const nonSecrets = [
      'this.config.password',
      'getPassword()',
      'options[key]',
      'user_password_field',
      'PasswordHash',
      'passwordField',
      'DB_PASSWORD',
      '1700000000',
      '1.2.3-beta.4',
      'https://login.contoso.net/token',
      './secrets/key.pem',
      'server.pfx',
      'ops@contoso.com',
      'xoxb-12345-abcd234',
      'eyJhbGciOiJIUzI1NiJ9',
      // JWTs are the JWT rule's to judge, however long.
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhYmMiLCJpYXQiOjE3MDAwMDAwMDB9',
      'config.database.password',
      '#add-password',
      // CSS colours under a password field's name.
      '#dc3545',
      '#F00',
      'arn:aws:iam::aws:policy/IAMUserChangePassword',
      'cms/sites/passwords#update',
      ',rememberMeLabel:',
      '&lt;YOURPASSWORD&gt;',
    ];
    for (const value of nonSecrets) {
      it(`rejects ${value}`, () => assert.equal(isGenericNonSecret(value), true, value));
    }
    const secrets = [
      'Vx9#mK2$pL7q',
      'dYNqb0NDHaMme7RmiDF1rLRSCFaUiD',
      '6da89121079f83b2eb6acccf8219ea98',
      'hT7qW2xLz9',
      '#gets0m3Pw',
      // Dotted, but its parts are random: a token, not a code reference.
      'qW8eRt5yUi2oP.Lk4jH7.gF3dSa9ZxCv6BnM1qW2eR5tY',
      // A vendor prefix on a value of a shape the vendor rule does not know (long enough to be a whole token).
      'SG.Xy7-Kp2mQw9Lr4Tz8Vb3n.Hc6jD1fG5sA0eR7uY2iO9pL3kM8nB4vC6xZ1qW5e',
    ];
    for (const value of secrets) {
      it(`keeps ${value}`, () => assert.equal(isGenericNonSecret(value), false, value));
    }
  });

  describe('placeholderVerdict', () => {
    const cases: [string, 'placeholder' | 'filler' | undefined][] = [
      ['${{ secrets.SNYK_TOKEN }}', 'placeholder'],
      ['AIzaSyxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'placeholder'],
      ['AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ', 'placeholder'],
      ['abcabcabcabcabcabc', 'placeholder'],
      ['AKIAIOSFODNN7EXAMPLE', 'placeholder'],
      // jwt.io's sample claims, whatever the algorithm and signature.
      ['eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiYWRtaW4iOnRydWUsImlhdCI6MTUxNjIzOTAyMn0.h_wbQAEw6VnHnlo863lC1KT1y8IUKA4Kg__wU7EZc_-aEfY5Oq3loZT_Zq6-NJiK', 'placeholder'],
      ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUgUm9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.w32Dj89oGDKdISJ2hw9GkwykMtreU3N9yrGe-jxutDE', undefined],
      ['eyJhbGciOiJIUzI1NiJ9.bm90LWpzb24.abc', undefined],
      // Signed with a key jwt.io fills in (here its old HS256 default and its current one): anyone
      // can mint such a token. The same claims under another key are a token like any other.
      ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJidWlsZC1hZ2VudCIsInJvbGUiOiJkZXBsb3llciIsImlhdCI6MTczNTY4OTYwMH0.zTy_5NLEMDXfaoJzLRwsJEyf51wRo1SRYyw51bL5vg8', 'placeholder'],
      ['eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJzY29wZSI6Im9yZGVyczp3cml0ZSIsImF1ZCI6ImFwaS5mYWJyaWthbS5uZXQifQ.Y9ETqcWew22-EXw86aWxf4iXld7VhPnSydfwhOmMmrzowr9_ROFQp6B_yQU_CDr7pRhtaYhEP1oVbgXXmduOQw', 'placeholder'],
      ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJidWlsZC1hZ2VudCIsInJvbGUiOiJkZXBsb3llciIsImlhdCI6MTczNTY4OTYwMH0.4xZYMYXrqa19iZoRRv4ofrx96BvDnYrpI9JHhz7ncoA', undefined],
      // Claims of its own (iss): built on the example, not the example.
      ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaXNzIjoiaHR0cHM6Ly9sb2dpbi5jb250b3NvLm5ldCJ9.w32Dj89oGDKdISJ2hw9GkwykMtreU3N9yrGe-jxutDE', undefined],
      // Built from sequences: a filler, which vendor rules still show at low confidence.
      ['12345678-ABCD-ABCD-ABCD-1234567890AB', 'filler'],
      ['sqa_12345678ABCDEFH1234567890ABCDEFH12345678', 'filler'],
      ['sk_live_00000000000000000000ab12', 'filler'],
      // A run of separators inside a base64url body (0xff bytes) is not proof of a placeholder.
      ['HRKU-AAlQ1aVoHDujJ9QsDHdHlHO0hbzhoERRSO45ZQusSYHg_____w4_hLrAym_u', 'filler'],
      ['92bb643b-e050-6254-8767-0665ddcb80a5', undefined],
    ];
    for (const [value, verdict] of cases) {
      it(`${value.slice(0, 24)}… is ${verdict ?? 'taken at face value'}`, () => assert.equal(placeholderVerdict(value), verdict));
    }
    // After a vendor's fixed prefix only the body is judged: masks and runs are fillers.
    const prefixed: [string, number, 'placeholder' | 'filler' | undefined][] = [
      ['glpat-xxxxxxxxxxxxxxxxxxxx', 6, 'placeholder'],
      ['xoxb-xxxxxxxxxxxx-xxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx', 5, 'placeholder'],
      ['flb_live_xxxxxxxxxxxxxxxxxxxx', 4, 'placeholder'],
      ['sk-ant-api03-your_key_here_1234567890abcdef', 13, 'placeholder'],
      ['AKIA1234567890EXAMPLE', 4, 'placeholder'],
      ['da2-abcdefghijklmnopqrstuvwxyz', 4, 'placeholder'],
      ['glpat-1234567890abcdefghij', 6, 'filler'],
      ['ghp_abcd1234xxxxxxxxxxxxxxxxXy12Zw34Qr56', 4, 'filler'],
      ['xoxb-1234-5678-abcdefabcdef', 5, 'filler'],
      ['glpat-R7vQ2mX9pL4tK8wZ3nB6', 6, undefined],
      // A walk with digits dropped in is a filler under a name alone (genericVerdict), not after a
      // vendor's prefix, which says a token of that vendor was pasted.
      ['ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5', 4, undefined],
    ];
    for (const [value, n, verdict] of prefixed) {
      it(`${value.slice(0, 24)}… after a ${n}-character prefix is ${verdict ?? 'taken at face value'}`, () => assert.equal(placeholderVerdict(value, n), verdict));
    }
    it('in a long value, a short word turns up by chance: it counts only beside a separator (xxxx only as a run of eight)', () => {
      const body = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCjSleJdxHute+/BCxXEW0kFYkVOQVKjxDMAobi';
      for (const w of ['xxxx', 'Fake', 'DUMMY', 'setme']) assert.equal(placeholderVerdict(body.slice(0, 40) + w + body.slice(40)), undefined, w);
      assert.equal(placeholderVerdict(body.slice(0, 40) + 'xxxxxxxx' + body.slice(40)), 'placeholder');
      assert.equal(placeholderVerdict(body.slice(0, 40) + '-fake-' + body.slice(40)), 'placeholder');
      assert.equal(placeholderVerdict(body.slice(0, 40) + 'example' + body.slice(40)), 'placeholder');
      // At an end: a long stand-in.
      assert.equal(placeholderVerdict('dummyTokenValueForLocalRunsOnly0123456789qwertzuiopasdfghjklyxcvbnm'), 'placeholder');
      assert.equal(placeholderVerdict('q7Zx9kLm3vTb4Nc6Hs1Jd5Fg0YeR2pW8uA3sD6fG9hJ2kL5zX8cV1bN4mQ7wE0rT3yU6iO9myFake'), 'placeholder');
      // Written twice is on purpose (TruffleHog's FakeeP35…fakeU7… Cosmos DB key).
      assert.equal(placeholderVerdict(body.slice(0, 20) + 'Fake' + body.slice(20, 50) + 'fake' + body.slice(50)), 'placeholder');
      // Short values keep the plain test.
      assert.equal(placeholderVerdict('Qm7Tz2VkfakeX9pRb4Lc8WsD'), 'placeholder');
    });

    it('isPlaceholder holds for fillers too', () => {
      assert.equal(isPlaceholder('12345678-ABCD-ABCD-ABCD-1234567890AB'), true);
      assert.equal(isGenericNonSecret('12345678-ABCD-ABCD-ABCD-1234567890AB'), true);
    });
  });

  describe('genericVerdict', () => {
    // Under a credential's name a run-built or partly masked value is shown at low confidence;
    // what holds nothing pasted stays unreported.
    const cases: [string, 'placeholder' | 'filler' | undefined][] = [
      ['1234567890abcdef1234567890abcdef', 'filler'],
      ['abcd1234abcd1234abcd1234', 'filler'],
      ['a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6', 'filler'],
      // The same walk with capitals here and there.
      ['a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8s9T0', 'filler'],
      ['1a2b3C4d-5E6f-7g8H-9i0J-k1l2M3n4o5p6', 'filler'],
      ['12345678-ABCD-ABCD-ABCD-1234567890AB', 'filler'],
      ['q7Zx9kLm3vTbxxxxxxxxxxxxxxxx', 'filler'],
      // An alphabet walk with capitals and a digit here and there.
      ['AB1C2defGHijkLMNo3PqQRstUvwxyzaBCDEfghh4ijklMN5opqrStuVWxyzAbCDEfghIJ', 'filler'],
      ['Qm7Tz2VkX9pRb4Lc8WsD', undefined],
      // Laravel's validation rules, one with arguments or the first of a list joined in code.
      ['required_unless:mail_driver,log', 'placeholder'],
      ['min:12', 'placeholder'],
      ['confirmed|', 'placeholder'],
      ['required|string|min:8|confirmed', 'placeholder'],
      // A YAML alias; Doctrine's generated index and key names; Crowdin's pseudo-language; a hashing method.
      ['*db-password', 'placeholder'],
      ['FK_368A4209A76ED395', 'placeholder'],
      ['IDX_8D93D649E7927C74', 'placeholder'],
      ['crwdns1893:0crwdne1893:0', 'placeholder'],
      ['pbkdf2:sha256', 'placeholder'],
      ['scrypt:32768:8:1', 'placeholder'],
      // A slug with a numeronym: etcd's cluster token, which names the cluster and guards nothing.
      ['etcd-cluster-k8s', 'placeholder'],
      // A value that says what it should be.
      ['SomeRandomStringOf32CharsExactly', 'placeholder'],
      ['RANDOMCHARS-----lGyjPcRtvP', 'placeholder'],
      // The bcrypt of `secret` in Laravel 5's UserFactory; a template's token; Dovecot's scheme; a B2C policy.
      ['$2y$10$TKh8H1.PfQx37YgCzwiKb.KjNyWgaHb9cbcoQgdIVFlYg7B77UdFm', 'placeholder'],
      ['_admin_password_', 'placeholder'],
      ['__PASSWORD__', 'placeholder'],
      ['SHA512-CRYPT', 'placeholder'],
      ['B2C_1_reset_v3', 'placeholder'],
      ['phc_9CipPajQC22mSkk2wxe2TXsUA0Ysyupe8dt5KQQELqx', 'placeholder'],
      ['setting.storage.s3-description', 'placeholder'],
      ['overrides/laravel/framework/src/Illuminate/Auth/', 'placeholder'],
      // Azure SKU names; an Android resource reference.
      ['Standard_D2ds_v4', 'placeholder'],
      ['Premium_LRS', 'placeholder'],
      ['standardDSv3Family', 'placeholder'],
      ['@color/login_text_color', 'placeholder'],
      ['?attr/colorPrimary', 'placeholder'],
      // ...but a random value between underscores, a personal PostHog key, a random path stay.
      ['_Qm7Tz2VkX9pRb4Lc8WsD_', undefined],
      ['phx_9CipPajQC22mSkk2wxe2TXsUA0Ysyupe8dt5KQQELqx', undefined],
      ['Qm7Tz2/VkX9pRb4/Lc8WsD/', undefined],
      // A documented example percent-encoded in a URL (the Cosmos DB emulator's key).
      ['C2y6yDjf5%2FR%2Bob0N8A7Cgv30VRDJIWEHLM%2B4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw%2FJw%3D%3D', 'placeholder'],
      // ...but a random value in the same shapes stays.
      ['*Qm7Tz2VkX9pRb4Lc8WsD', undefined],
      ['FK_Qm7Tz2VkX9pRb4Lc8WsD', undefined],
      ['Qm7Tz2V%2FkX9pRb4Lc8WsD', undefined],
      ['max:Qm7Tz2VkX9pRb4Lc8WsD', undefined],
      // Random hex whose letters, digits taken out, zigzag (edcdcbcdedc): a key, not a walk.
      ['042ed09c8d8cb021c5775d484e0d8cc8f96a5b6fe66c649', undefined],
      ['31CF13FABABC4DE77FEF28B2D8C494332175D68E2187943AF89DEAA', undefined],
      ['xxxxxxxxxxxxxxxxxxxxxxxx', 'placeholder'],
      ['************************', 'placeholder'],
      ['0000000000000000000001ab', 'placeholder'],
      ['abababababababababab', 'placeholder'],
      ['changeme1234567890', 'placeholder'],
      ['your-api-key-1234567', 'placeholder'],
      ['${API_TOKEN}', 'placeholder'],
      ['{{ secret }}', 'placeholder'],
      ['AKIAIOSFODNN7EXAMPLE', 'placeholder'],
      ['this.config.token', 'placeholder'],
      // The character set a token generator draws from.
      ['abcdefghijklmnopqrstuvwxyz0123456789', 'placeholder'],
      ['0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'placeholder'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 'placeholder'],
      // Only the start of one, or one repeated: a filler.
      ['abcdefghijklmnopqrstuvwxyz123456', 'filler'],
      ['abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz', 'filler'],
      ['ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 'placeholder'],
      ['123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz', 'placeholder'],
      ['Vb8Kq3Zt7Wm2Xr9Lp4Nc6Hs1Jd5Fg0Ye', undefined],
      // Hex of one case but for a single letter outside it: edited by hand.
      ['5488620aa9073q09f1a16e2b1dc357b6', 'placeholder'],
      ['acdeFf05b1a6d4c890237bf08c5e6e8d2b4d0f2e', 'placeholder'],
      // The same in a signing key of 64 characters or more: typed or edited, and still a key.
      ['c71a2e9d04b58f3a6e1d927c40b8a5e3f6d2c9a17e0b4d8f23a6c5e1b9d7F00412ab', undefined],
      ['9B4E71C0D2A8F35G6E1B07C4D9A2E58F', 'placeholder'],
      // ...but not l, i or o (1 and 0 misread), two strays, a short value, or an 0x key.
      ['22cb987851bc5659l29114c62e60c79abd0d2c08', undefined],
      ['5488620aa9073q09f1a16e2b1dc357bz', undefined],
      // ...or a value built from runs: a filler whatever its last letter.
      ['abcde12345abcde67890abcde12345fg', 'filler'],
      ['7d2c90e4b1q8fa3c', undefined],
      ['0x9e1b7c40d25a38f6c1e04b7a2d95f3c86e4a0b17d2c5938fa6e07b4d1c3a9f52', undefined],
      // Small letters and digits with one capital: real generated keys look like this.
      ['4q5fbhf90noexp56sxr86mhf3gAf31en', undefined],
    ];
    for (const [value, verdict] of cases) {
      it(`${value.slice(0, 24)} is ${verdict ?? 'taken at face value'}`, () => assert.equal(genericVerdict(value), verdict));
    }
  });

  // Speed is measured in `npm run bench:rules`; here only that long values (minified lines,
  // base64 blobs) are answered at all, i.e. no pattern backtracks catastrophically on them.
  it('takes names, flags, dates and header names in code and API docs for no credential (real Python and C trees)', () => {
    for (const v of ['false,', 'null;', 'True,', 'nettle_aes128_set_encrypt_key', '__NL80211_AUTHTYPE_NUM', 's3_disable_express_session_auth', 'Proxy-Authorization', 'Access-Control-Allow-Credentials', '2016-09-08T21:47:36Z', '2024-01-31'])
      assert.equal(genericVerdict(v), 'placeholder', v);
    // Random runs split by underscores are no identifier; a password of words and a number is a password.
    for (const v of ['k8s_3x9f_q2p1xq', 'aB3_xYz9_Qw12Lm', 'Vb8Kq3Zt7Wm2Xr9Lp4Nc6Hs1Jd5Fg0Ye']) assert.equal(genericVerdict(v), undefined, v);
    assert.equal(genericVerdict('my_secret_password1', true), undefined);
    assert.equal(genericVerdict('my_secret_password1'), 'placeholder');
    // Anonymous FTP's conventional password, not a stranger's address that merely starts so.
    for (const v of ['-anonymous@', 'anonymous@', 'anonymous@example.org']) assert.equal(genericVerdict(v, true), 'placeholder', v);
    assert.equal(genericVerdict('anonymous-Xk93LmQ2', true), undefined);
    // Capitalised words joined by hyphens: a header name elsewhere, a passphrase under a password's name.
    assert.equal(genericVerdict('Correct-Horse-Battery-Staple', true), undefined);
    // Half an alphabet in a row whatever the case is typed, not drawn.
    assert.equal(genericVerdict('AB1C2defGHijkLMNo3PqQRstUvwxyzaBCDeFghh4ijklMN5opqrStuVWxyzAbCDEfghIJ'), 'filler');
  });

  it('takes the OAuth specifications\' example tokens, encoded stand-ins, algorithm names and dotted names of words for no credential', () => {
    for (const v of ['2YotnFZFEjr1zCsicMWpAA', 'mF_9.B5f-4.1JqM', 'czZCaGRSa3F0MzpnWDFmQmF0M2JW', 'bm90IG15IHJlYWwgcGFzc3dvcmQ=', 'sun.security.pkcs11.P11SecretKeyFactory'])
      assert.equal(genericVerdict(v), 'placeholder', v);
    // Base64 of random bytes, dotted values whose parts are random, a real password beside a user
    // named sample, a real weak password and a random token that happens to read as humps stay.
    for (const v of ['k1zPZM6uVxMQ3oxqgoYlNuJPyRTZ1vREs76zTQE3eJk=', 'oHILWmk3qakMYbqAikD9R0nJ.Vhu0LY.FK1UxyzAbc', 'c2FtcGxlY29ycDpYazlwUTJ3Ujd2VDRtWjNuQjhjRjFkTDY=', 'ZKgaz8QloCuee1rhT2']) assert.equal(genericVerdict(v), undefined, v);
    // A template field closed by the quote of the string it is written in.
    assert.equal(placeholderVerdict("{self.password}'"), 'placeholder');
    // The word password: a stand-in beside generated/test/default, a real weak password alone.
    assert.equal(genericVerdict('generatedwebdavpassword1', true), 'placeholder');
    for (const v of ['Password2024', 'companypassword2024', 'supersecretpassword2024']) assert.equal(genericVerdict(v, true), undefined, v);
  });

  it('takes documented examples (RFC 7009, RFC 5849, oauthlib, 1Password, PyJWT) for placeholders', () => {
    for (const v of ['45ghiukldjahdnhzdauz', 'kd94hf93k423kf44', 'nnch734d00sl2jdk', 'lsdkfol23w54jlksdef', 'qwe089234lkjsdf']) assert.equal(genericVerdict(v), 'placeholder', v);
    assert.equal(placeholderVerdict('A3-C4ZJMN-PQTZTL-HGL84-G64M7-KVZRN-4ZVP6'), 'placeholder');
    // PyJWT's README token ({"some": "payload"} signed with "secret"), and the same payload under another key.
    assert.equal(isDocumentedExample('eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzb21lIjoicGF5bG9hZCJ9.4twFt5NiznN84AWoo1d7KO1T_yoc0Z6XOpOVswacPZg'), true);
    assert.equal(isDocumentedExample(jwt({ alg: 'HS256' }, { some: 'payload' }, 'Vb8Kq3Zt7Wm2Xr9Lp4Nc6Hs1Jd5Fg0Ye')), true);
    // Claims of its own beside it, or signed with "secret" (real tokens are): judged like any token.
    assert.equal(isDocumentedExample(jwt({ alg: 'HS256' }, { some: 'payload', role: 'admin' }, 'Vb8Kq3Zt7Wm2Xr9Lp4Nc6Hs1Jd5Fg0Ye')), false);
    assert.equal(isDocumentedExample(jwt({ alg: 'HS256' }, { sub: 'svc-reporting', role: 'admin' }, 'secret')), false);
  });

  it('takes JWTs that grant nothing a reader lacks for placeholders: unsigned, Supabase anon and local-stack keys', () => {
    const sig = 'Xq3vT9kLm2PzR8wN4cJ7hB1yF6dG0sA5eU3iO9pK2lM';
    assert.equal(isDocumentedExample(jwt({ alg: 'none', typ: 'JWT' }, { sub: 'admin', role: 'admin' }, '')), true, 'alg none: anyone can mint it');
    assert.equal(isDocumentedExample(jwt({ alg: 'HS256' }, { iss: 'supabase', ref: 'abcdefghijklmnopqrst', role: 'anon' }, sig)), true, 'a project anon key is made for browsers');
    assert.equal(isDocumentedExample(jwt({ alg: 'HS256' }, { iss: 'supabase-demo', role: 'service_role' }, sig)), true, 'the local stack is the same everywhere');
    // A project's service-role key bypasses row-level security: a secret.
    assert.equal(isDocumentedExample(jwt({ alg: 'HS256' }, { iss: 'supabase', ref: 'abcdefghijklmnopqrst', role: 'service_role' }, sig)), false);
    // `anon` from another issuer is that issuer's business.
    assert.equal(isDocumentedExample(jwt({ alg: 'HS256' }, { iss: 'https://auth.contoso.net', role: 'anon' }, sig)), false);
  });

  it('takes route targets, escaped translations and ACF field keys for no credential', () => {
    for (const v of ['admin/User@change_password', 'admin/Profile@password', 'AuthController@login']) assert.equal(genericVerdict(v, true), 'placeholder', v);
    // A password holding @ is still one.
    for (const v of ['Admin@2024x', 'Secret@home', 'mk7Q@vR2zL']) assert.equal(genericVerdict(v, true), undefined, v);
    assert.equal(genericVerdict('\\u7528\\u6237\\u5BC6\\u7801', true), 'placeholder');
    for (const v of ['field_563917432ed2e', 'group_551f0494e2163']) assert.equal(genericVerdict(v), 'placeholder', v);
    // Transmission's salted hash of its RPC password, a list of permission names, a description left as the value,
    // a PowerShell default inside a hashtable.
    assert.equal(genericVerdict('{8b95495591d31b53fa6ad6c9162fa6d4755d3126z533bLiK', true), 'placeholder');
    for (const v of ['List,Get', 'git token', 'your api key', '[string]$null}']) assert.equal(genericVerdict(v, true), 'placeholder', v);
    for (const v of ['correct horse battery', 'Get,Kq7vX2', 'tokenize mk8']) assert.equal(genericVerdict(v, true), undefined, v);
    // The next option after a password flag that prompts, and a CSS attribute selector cut at its quote.
    for (const v of ['--authenticationDatabase', "input[name="]) assert.equal(genericVerdict(v, true), 'placeholder', v);
    // A reference into TeamCity's secure store; a value that only starts like one is judged as any other.
    for (const p of [false, true]) assert.equal(genericVerdict('credentialsJSON:a43b4956-2b9e-457c-bf3c-6e04db2adc38', p), 'placeholder');
    assert.equal(genericVerdict('credentialsJSON:Kq7vX2mZp9Rt4Lw8', true), undefined);
    // Numbers joined by separators under a key's name are ids; under a password's, a number someone chose.
    for (const v of ['13_2024690545789132800', '1.2024690545789132800']) assert.equal(genericVerdict(v), 'placeholder', v);
    assert.equal(genericVerdict('7301_9982_4417', true), undefined);
    // A member path quoted with a stray leading dot is still a path; a password starting with a dot is not one.
    assert.equal(genericVerdict('.secrets.password_condo', true), 'placeholder');
    assert.equal(genericVerdict('.Kq7vX2mZp9', true), undefined);
  });

  it('takes values every copy of a product ships for documented examples (WordPress, Unity, .NET, FastAPI, Twitter, OpenThread)', () => {
    for (const v of [
      ' Xakm<o xQy rw4EMsLKM-?!T+,PFF})H4lzcW57AF0U@N@< >M%G4Yt>f`z]MON',
      'frAQBc8Wsa1xVPfvJcrgRYwTiizs2trQ',
      'b77a5c561934e089',
      '09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7',
      // Twitter's OAuth signature walkthrough, OpenThread's default network key.
      'kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw',
      '00112233445566778899aabbccddeeff',
      // FastAPI's tutorial hash of `secret`.
      '$2b$12$EixZaYVK1fsbw1ZfbX3OXePaWxn96p36WQoeG6Lruj3vjPGga31lW',
    ]) assert.equal(isDocumentedExample(v), true, v);
  });

  it('takes names in code that hold a credential\'s word among other words for no credential (real .NET trees)', () => {
    for (const v of ['IRfc3161TimestampToken', 'SessionTokenProviderV2']) assert.equal(genericVerdict(v), 'placeholder', v);
    for (const v of ['setInitialMasterPasswordCommandV1', 'ISetInitialMasterPasswordCommandV1', 'pm-23246-unlock-with-master-password-unlock-data', 'password_hash_b64', 'password_hash_b64_invalid'])
      assert.equal(genericVerdict(v, true), 'placeholder', v);
    // A configuration key's path and a 1DS telemetry ingestion key (VS Code's aiKey).
    assert.equal(genericVerdict('Database:SelfHostPassword', true), 'placeholder');
    assert.equal(genericVerdict('0c6ae279ed8443289764825290e4f9e2-1a736e7c-1324-4338-be46-fc2a58ae4d14-7255'), 'placeholder');
    // Passwords people choose of words, and a random secret that holds the word secret between
    // random runs (a Stripe client secret): still taken at face value.
    for (const v of ['MyPassword2024', 'my_secret_password1']) assert.equal(genericVerdict(v, true), undefined, v);
    assert.equal(genericVerdict('pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhf123456'), undefined);
    // A template's bracketed field, a PowerShell cmdlet in an alias table, a versioned method name.
    for (const v of ['[PASSWORD]', '[your password]']) assert.equal(placeholderVerdict(v), 'placeholder', v);
    for (const v of ['Get-Location', 'defaultsForSpringSecurity_v5_8', 'credentials/', '**password-removed**', '--password=', '$ResourceGroupName/$KeyVaultName/$CertSecretName', '$sourceRegistryPassword\\n'])
      assert.equal(genericVerdict(v, true), 'placeholder', v);
    for (const v of ['urn:k8s:secret:redis:password', '^.{8,32}$', 'master.boulder.invalid.']) assert.equal(genericVerdict(v, true), 'placeholder', v);
    assert.equal(genericVerdict('x-api-key=tvly-abc123'), 'placeholder');
    assert.equal(genericVerdict('0002_alter_permission_name_max_length'), 'placeholder');
    assert.equal(genericVerdict('PARSE_SERVER_PASSWORD_POLICY_', true), 'placeholder');
    assert.equal(genericVerdict('USER_AUTH_LOGIN_'), 'placeholder', "a Redis key's prefix");
    assert.equal(genericVerdict('AUTHENTIK_REDIS__HOST'), 'placeholder', "a nested setting's environment variable");
    for (const v of ['auth:password-recovery:status', 'alpaca_bot.web.password_cli:main', 'password:32']) assert.equal(genericVerdict(v, true), 'placeholder', v);
    // A word and digits joined by `=` is a password people make, not a name and its value.
    for (const v of ['Kqzt=817', 'Brs=4817']) assert.equal(genericVerdict(v, true), undefined, v);
    assert.equal(genericVerdict('x-api-key=abc'), 'placeholder');
    assert.equal(genericVerdict('documents=10', true), 'placeholder', "a check's output");
    assert.equal(genericVerdict('2024_summer_holiday_pass', true), undefined);
    assert.equal(genericVerdict('x-api-key=Xk9pQ2wR7vT4mZ3nB8cF1dL6'), undefined);
    for (const v of ['oAuth2ProviderList', 'consoleOAuth2ProviderParameter']) assert.equal(genericVerdict(v), 'placeholder', v);
    for (const v of ['X-TFS-FedAuthRealm', 'X-VSS-E2EID']) assert.equal(genericVerdict(v), 'placeholder', v);
    for (const v of ['**hunter2**', '--Xk9pQ2wR7', '$Xk9pQ2wR7/vT4mZ3']) assert.equal(genericVerdict(v, true), undefined, v);
    for (const v of ['Xk9pQ2wR7vT4_v2', 'Get-Xk9pQ2wR7vT4']) assert.equal(genericVerdict(v, true), undefined, v);
    // Published examples: the NuGet CLI reference's API key, the Azure Functions binding docs' host keys.
    for (const v of ['4003d786-cc37-4004-bfdf-c4f3e8ef9b3a', 'OBmXvc2K6P2VxK6P2VxK6P2VxVvCdB89gChyHbzwTS/YYGWWndAbmA==']) assert.equal(isDocumentedExample(v), true, v);
  });

  it('takes a value naming its encoding, camel-case words with I or A, and a type name led by an acronym for no credential', () => {
    assert.equal(genericVerdict('base64_encoded_64_byte_salt', true), 'placeholder');
    assert.equal(genericVerdict('BASE64-ENCODED-KEY'), 'placeholder');
    for (const v of ['IAmSensitive', 'IAmSensitiveBytes', 'ThisIsATest']) assert.equal(genericVerdict(v, true), 'placeholder', v);
    for (const v of ['OAuth2AuthorizationCodeGrant', 'OAuth2SessionTokenManager', 'OAuth2HttpClientFactory']) assert.equal(genericVerdict(v), 'placeholder', v);
    // Random tokens that read as an acronym and three capitalised runs, not words: keys.
    for (const v of ['CItxzw76SAPQozDbf', 'ZGvk7gl39WkubfGixu']) assert.equal(genericVerdict(v), undefined, v);
    // Random letters led by capitals, and an acronym before fewer than three words, stay.
    for (const v of ['AIqwErtZx7mLp2Vb', 'ZKgaz8QloCuee1rhT2', 'OAuth2Xq7vLm9Wz']) assert.equal(genericVerdict(v), undefined, v);
  });

  it('takes two runs interleaved and split into a UUID\'s groups for a filler', () => {
    assert.equal(genericVerdict('1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d'), 'filler');
    assert.equal(placeholderVerdict('1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d'), 'filler');
    // A random UUID is not.
    assert.equal(genericVerdict('a8ca07e4-61ec-4399-99f4-19853801bcd5'), undefined);
  });

  it('answers for very long values', () => {
    for (const v of ['a'.repeat(200_000), 'Vx9#mK2$pL7q'.repeat(20_000), '$('.repeat(100_000)]) {
      assert.equal(typeof isGenericNonSecret(v), 'boolean');
    }
  });
  it('judges a value of capitals and digit runs that is no identifier in linear time (no backtracking blow-up)', () => {
    const t0 = Date.now();
    assert.equal(isGenericNonSecret('7392016485qwertyZXCVBNMASDFGHJKLPOIUYT739201648573='), false);
    assert.ok(Date.now() - t0 < 200, `took ${Date.now() - t0} ms`);
    assert.equal(isGenericNonSecret('Uint8ArrayBuffer'), true, 'identifiers made of words and short numbers are still words');
    assert.equal(isGenericNonSecret('XMLHttpRequest'), true);
  });
  it('takes $$VAR (an escaped reference in Docker Compose and Makefiles) for a reference', () => {
    assert.equal(placeholderVerdict('$$DB_PASSWORD'), 'placeholder');
    assert.equal(isGenericNonSecret('$$password'), true);
  });
  it('takes a value with a positional format field ({} or {0}) for a template', () => {
    assert.equal(placeholderVerdict('prefix_{}'), 'placeholder');
    assert.equal(placeholderVerdict('Server=db;Password={0};'), 'placeholder');
    assert.equal(placeholderVerdict('Rk7{mQ2}vWz9'), undefined, 'braces around letters are no format field');
    assert.equal(placeholderVerdict('{password}'), 'placeholder');
    assert.equal(placeholderVerdict('{API_KEY}'), 'placeholder');
    assert.equal(placeholderVerdict('{ZqL5kVrX1n8tA2}'), undefined, 'a random value pasted into a template field is a value');
  });
  it('takes setup tokens (###ORACLE_PWD###), bind variables (:app_password) and a field inside a value (no-reply@{DOMAIN}) for references', () => {
    assert.equal(placeholderVerdict('###ORACLE_PWD###'), 'placeholder');
    assert.equal(placeholderVerdict(':P9_PASSWORD'), 'placeholder');
    assert.equal(placeholderVerdict('no-reply@{DOMAIN}'), 'placeholder');
    assert.equal(placeholderVerdict('#Rk7mQ2vWz9#'), undefined, 'one # on each side is no token');
    assert.equal(placeholderVerdict(':Rk7!mQ2vWz9'), undefined, 'a colon before a value that is no name');
    assert.equal(placeholderVerdict('postgresql-$v-chkpass'), 'placeholder', 'a variable joined into a package name');
    assert.equal(placeholderVerdict('chkpass_$v*'), 'placeholder', 'a glob of package names with a variable');
    assert.equal(placeholderVerdict('Kq8_$m*Z2xLp7W'), undefined, 'a $ and a * inside a password');
    assert.equal(placeholderVerdict('Kq8$mZ2xLp7W'), undefined, 'a $ inside a password');
  });
  it('takes a command\'s slug with a part that leads with a number (disable-2fa-for-user) for no credential', () => {
    assert.equal(isGenericNonSecret('disable-2fa-for-user'), true);
    assert.equal(isGenericNonSecret('x8f2kq9m-zx2lp7wv'), false, 'random parts are no slug');
    assert.equal(isGenericNonSecret('x-amz-server-side-encryption-customer-key-MD5'), true, "a custom header's name");
    assert.equal(isGenericNonSecret('X-Goog-Api-Key'), true);
    assert.equal(isGenericNonSecret('x-Hq7Wm2Zx9Rt4Lp8Vb3'), false, 'a random run after x- is no header name');
  });
  it('takes a dotted property name with its equals sign (an Ant replace token) for no credential', () => {
    assert.equal(isGenericNonSecret('oracle.wcsites.hostname='), true);
    assert.equal(isGenericNonSecret('oracle.wcsites.cas.hostnameActual='), true);
    assert.equal(isGenericNonSecret('oHILWmk3qakMYbqAikD9R0nJ.Vhu0LY='), false, 'a random part is still a value');
  });
  it('takes a JSON pointer, PowerShell\'s escaped reference, a lower-case field in braces, an expression joined with + and a name\'s prefix for no credential', () => {
    assert.equal(genericVerdict('#/components/schemas/updateLoginFlowWithPasswordMethod', true), 'placeholder');
    assert.equal(genericVerdict('#/definitions/api_key', true), 'placeholder');
    assert.equal(genericVerdict('#Xk9/Lp2Qr7Zt', true), undefined, 'a password with # and / in it is no pointer');
    assert.equal(genericVerdict('`$AzureDevOpsAccessToken', true), 'placeholder');
    assert.equal(genericVerdict('`Xk9$Lp2Qr7Zt', true), undefined);
    assert.equal(genericVerdict('{from_email}?bcc=bcc', true), 'placeholder');
    assert.equal(genericVerdict('{cipher}AQA7Kq2Xr9Wm4Zt8Lp3Vb6Nd1Hs5Jf0Gy', true), 'placeholder', "Spring Cloud Config's ciphertext");
    assert.equal(genericVerdict('{noop}Hq7Wm2Zx9', true), undefined, "Spring Security's plain-text password");
    assert.equal(genericVerdict('%3Cpassword%3E', true), 'placeholder', 'a URL-encoded <password>');
    assert.equal(genericVerdict('%24%7BDB_PASSWORD%7D', true), 'placeholder', 'a URL-encoded ${DB_PASSWORD}');
    assert.equal(genericVerdict('AN%NQSdfDbrp1DcMKs', true), undefined, 'a stray % is no escape');
    assert.equal(genericVerdict('Hq7%40Wm2Zx9Rt4', true), undefined, 'a real password with an encoded @');
    assert.equal(genericVerdict('%E0%A4%A', true), undefined, 'a broken escape is judged as it is');
    assert.equal(genericVerdict('Xk9%28Lp2Qr7Zt4', true), undefined, 'a random password with %28 in it is no code');
    assert.equal(genericVerdict('{ZqL5kVrX1n8tA2}', true), undefined, 'a random value in braces is a value pasted into a template');
    assert.equal(isGenericNonSecret('+exchange.AccessToken+'), true);
    assert.equal(isGenericNonSecret('+oHILWmk3qakMYbqAikD9R0nJ.Vhu0LY+'), false, 'a random part is still a value');
    assert.equal(isGenericNonSecret('cattle.io.oidc-client-secret-used-'), true);
    assert.equal(isGenericNonSecret('xk9lp2qr7zt4vb8m-'), false, 'letters and digits mixed are no words');
    assert.equal(genericVerdict('required|string|min:8|confirmed', true), 'placeholder', "Laravel's validation rules");
    assert.equal(genericVerdict('Xk9|Lp2Qr|7Zt4', true), undefined);
    assert.equal(isGenericNonSecret('identitytoolkit#ResetPasswordResponse'), true, "a Google API's kind");
    assert.equal(isGenericNonSecret('identitytoolkit#Xk9Lp2Qr7Zt4Vb8'), false);
    assert.equal(genericVerdict('?PasswordPolicies', true), 'placeholder');
    assert.equal(genericVerdict('?Xk9Lp2Qr7Zt4', true), undefined);
    assert.equal(isGenericNonSecret('cardExtension/token'), true);
    assert.equal(isGenericNonSecret('roles/iam.serviceAccountTokenCreator'), true);
    assert.equal(isGenericNonSecret('providers/firebase.auth/eventTypes/user.create'), true);
    assert.equal(isGenericNonSecret('next-auth.session-token'), true);
    assert.equal(isGenericNonSecret('4dabf18193072939515e22adb298388d'), true, "Pulumi's signature key");
    assert.equal(isWordyIdentifier('SandboxesSandboxAwsMountStaticAuthConfig'), true);
    assert.equal(isWordyIdentifier('Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1'), false);
  });

  it('takes camelCase names of words, acronyms and versions for names, not random values, and never a password', () => {
    for (const v of ['hasCompletedRealmToGRDBMigrationV2', 'realmToGRDBMigrationAttemptsV2', 'carPlayAssistAllowBluetoothA2DP', 'kAudioFormatMPEG4AAC', 'k8sEntityLogsExpression']) {
      assert.equal(isCamelIdentifier(v), true, v);
      assert.equal(genericVerdict(v), 'placeholder', v);
    }
    assert.equal(genericVerdict('hasCompletedRealmToGRDBMigrationV2', true), undefined, 'a password of words is chosen, still a password');
    // Random values: no speakable words over most of them.
    for (const v of ['Hq7Wm2Zx9Rt4Kd8Vn3Yp6Ls1', 'tqppcKobozTKKAkdzQlz', 'a7f3e9c1b5d2f8e4a6c0b9d1e3f5a7c9']) assert.equal(isCamelIdentifier(v), false, v);
  });

  it('takes an editor grammar\'s scope and a dotfile\'s name for names under a key, not under a password', () => {
    assert.equal(genericVerdict('punctuation.definition.string.begin.actionscript.2'), 'placeholder');
    assert.equal(genericVerdict('constant.begin..filter.slim'), 'placeholder');
    assert.equal(genericVerdict('.dockerconfigjson'), 'placeholder');
    assert.equal(genericVerdict('--epic-auth-password', true), 'placeholder', "a command-line option's name");
    assert.equal(genericVerdict('@ViewBag.ClientToken'), 'placeholder', "a Razor view's member");
    assert.equal(genericVerdict('passcode;', true), 'placeholder', "a connection string's separator taken with a placeholder");
    assert.equal(genericVerdict('Hq7Wm2Zx9Rt4;', true), undefined, 'with a value, the separator changes nothing');
    assert.equal(genericVerdict('PrivateSettingsRef:registrationKeyPrivate', true), 'placeholder');
    assert.equal(genericVerdict('secretref:bot-password', true), 'placeholder');
    assert.equal(genericVerdict('Get-MgOauth2PermissionGrant', true), 'placeholder', "a cmdlet's name");
    assert.equal(genericVerdict('Hq7Wm-Zx9Rt4Kd8Vn', true), undefined, 'not a verb before the dash');
    assert.equal(genericVerdict('ModelId_Display_Key'), 'placeholder', "a resource string's key");
    assert.equal(genericVerdict('Layout/MainLayout.razor'), 'placeholder', 'a path to a source file');
    assert.equal(genericVerdict('EndOfYearShowBadge2025Key'), 'placeholder', "a stored setting's name");
    assert.equal(genericVerdict('windowsPE', true), 'placeholder', "Windows Setup's configuration pass");
    assert.equal(genericVerdict('argument.block.withToken.0'), 'placeholder', "Monaco's token type");
    assert.equal(genericVerdict('1password/OP_SERVICE_ACCOUNT_TOKEN'), 'placeholder', 'where a secret is kept');
    assert.equal(genericVerdict('wJalrXUtnFEMI/K7MDENG/QR7W2ZZKD8V', true), undefined, 'base64 whose last part is in capitals');
    assert.equal(genericVerdict('\\$AZURE_CLIENT_SECRET', true), 'placeholder', 'an escaped reference');
    assert.equal(genericVerdict('RESTIC_PASSWORD2', true), 'placeholder', "an environment variable's name");
    assert.equal(genericVerdict('0x514910771af9ca656af840dff83e8264ecf986ca'), 'placeholder', 'an Ethereum address');
    assert.equal(genericVerdict('0x9e1b7c40d25a38f6c1e04b7a2d95f3c86e4a0b17d2c5938fa6e07b4d1c3a9f52'), undefined, 'a private key is 64 digits');
    assert.equal(genericVerdict('support.class.actionscript.2', true), undefined, 'a password may be words joined by dots');
  });
  it('takes names composed of parts of one kind each for names under a key, and random small letters for a password', () => {
    assert.equal(genericVerdict('NTRNUSDT_Buy_main'), 'placeholder', "a trading bot's position key");
    assert.equal(genericVerdict('5634_ETHUSDT_error'), 'placeholder');
    assert.equal(genericVerdict('NTRNUSDT_Buy_main', true), undefined, 'a password of words stays one');
    assert.equal(genericVerdict('nacos_identity_20240704'), undefined, 'small words and a date: a value someone chose');
    // A generator's underscores split runs that mix cases and digits: 20,000 random base64url
    // values with two or more underscores, none taken for a composed name.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let taken = 0;
    for (let n = 0; n < 20000; ) {
      let v = '';
      for (let i = 0, len = 20 + Math.floor(next() * 21); i < len; i++) v += alphabet[Math.floor(next() * 64)];
      if ((v.match(/_/g)?.length ?? 0) < 2 || !/^[A-Za-z0-9]/.test(v) || /[-_]$/.test(v)) continue;
      n++;
      if (isComposedName(v)) taken++;
    }
    assert.equal(taken, 0);
    // Small letters no word is made of, under a password's name: a Gmail app password, one typed at random.
    assert.equal(genericVerdict('plzmqwhtkbvrftqa', true), undefined);
    // Six consonants in a row, or two runs of four: most random letters, few words.
    let random = 0;
    for (let n = 0; n < 2000; n++) {
      let v = '';
      for (let i = 0; i < 16; i++) v += String.fromCharCode(97 + Math.floor(next() * 26));
      if (isUnspeakableRun(v)) random++;
    }
    assert.ok(random > 1300, `${random} of 2000 random 16-letter values`);
    assert.equal(genericVerdict('adminqwpzn', true), undefined);
    // Words stay words: a validation rule, a type, the word password.
    for (const w of ['required', 'confirmation', 'password', 'changeit', 'letmein', 'hidden', 'passphrase', 'somepassphrase', 'strengths', 'nightshift']) assert.equal(genericVerdict(w, true), 'placeholder', w);
    assert.equal(genericVerdict('plzmqwhtkbvrftqa'), 'placeholder', "under a key's name small letters are a name");
  });

  it('takes a password that holds $, a bracket or <% for a password, and code, references and templates that hold them for none (real PHP and CMS sites)', () => {
    // $ inside or before random parts: a password; names joined by $ and variables: code.
    for (const v of ['Kq9z$Lm2xw', 'sc7$Kq9z112$', '$sc7Kq9z12']) assert.equal(genericVerdict(v, true), undefined, v);
    for (const v of ['_auth$split2', 'Outer$Inner', 'lambda$main$0', '$DB_PASSWORD', '$dbPassword1', '$x1']) assert.equal(genericVerdict(v, true), 'placeholder', v);
    // A stray bracket in a password; a call or an index, whole or cut by the string's quote, in code.
    for (const v of ['(7aJkQ2m86E', '7aJkQ2m86E(', 'w14YE*6u+kx~0b[eQikOKwEjyt1%']) assert.equal(genericVerdict(v, true), undefined, v);
    for (const v of ['getPassword()', 'config[db_pass]', '%{hiera(', '{CONFLUENT_CLOUD_CONFIG[', 'password]', '(7aJkQ2m86E']) assert.equal(genericVerdict(v), 'placeholder', `${v} under a key's name`);
    for (const v of ['getPassword()', 'config[db_pass]', '%{hiera(', '{CONFLUENT_CLOUD_CONFIG[', 'password]']) assert.equal(genericVerdict(v, true), 'placeholder', v);
    // Templates: ERB's <%= and <% %>, a field in angle brackets; not <% or a two-letter tag met by
    // chance in a random 64-character salt.
    for (const v of ['<%=', '<%= ENV["DB_PASSWORD"] %>', 'https://<host>/api', 'user:<pw>@db']) assert.equal(genericVerdict(v, true), 'placeholder', v);
    assert.equal(genericVerdict('-=Ce7<%kQ2m9vL#xR4tW8yB1nC5eF0gH3jK6lM9pN2qT5uX8zA1cD4fG7hJ0-taQ', true), undefined);
    assert.equal(genericVerdict('`Q~/9x<jp>S[kd2P!vL#7mQ@zR4tW8yB1nC5eF0gH3jK6lM9pN2qT5uX8zA1cD4fG7h>S[', true), undefined);
    // An option given a variable, a variable joined in classic ASP, a character class, an encoding.
    for (const v of ['-p$PASSWD', '--password=${DB_PASS}', '&TrueValue&', '&EA_M_DBO.TrueValue&', '^a-zA-Z0-9', 'ISO-8859-1', 'UTF-8']) assert.equal(genericVerdict(v, true), 'placeholder', v);
  });

  it('judges a number as a secret only under a rule whose values may be numbers: a repeated digit or a run is a stand-in', () => {
    assert.equal(genericVerdict('739251', true), 'placeholder', 'under a password name a number is an id, a port or a limit');
    for (const v of ['739251', '739205184', '19980514', '13245236']) assert.equal(genericVerdict(v, true, true), undefined, v);
    // The stand-ins of local stacks and tutorials (`password: "123456"`), as `changeme` is.
    for (const v of ['0000', '000000', '123456', '12345678', '7890', '543210', '8901234']) assert.equal(genericVerdict(v, true, true), 'placeholder', v);
    assert.equal(genericVerdict('Pa55word', true, true), genericVerdict('Pa55word', true), 'other values are judged as before');
  });
});
