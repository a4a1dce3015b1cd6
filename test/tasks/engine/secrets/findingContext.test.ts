import assert from 'node:assert/strict';
import type { Finding } from '../../../../tasks/contract/findings';
import { isCiServiceLine, isUnderExampleKey, isExampleLine, isExamplePath, isFakeHolder, isInAnsibleDocString, isInDocExample, isInHelpExample, isInMarkupCode, isInResultRun, isInRustTestModule, isInStringExample, isIntroducedAsSample, isLocalisationPath, isProse, isTestPath, isUnderReplaceNote, lineContext, lowerSeverity, markPathContext, pathContext } from '../../../../tasks/engine/secrets/findingContext';

function finding(path: string, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'r',
    kind: 'secret',
    severity: 'critical',
    message: 'm',
    path,
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
    preview: 'p',
    fingerprint: 'f',
    ...over,
  };
}

describe('findingContext', () => {
  describe('isTestPath', () => {
    const tests = [
      'test/fixtures/app.env', 'src/__tests__/login.ts', 'pkg/testdata/creds.json', 'Tests/Api.Tests/appsettings.json',
      'src/Contoso.UnitTests/Settings.cs', 'src/app/login.test.ts', 'src/app/login.spec.js', 'cmd/server_test.go',
      'tests/test_login.py', 'app/src/test/java/LoginTest.java', 'lib/__fixtures__/x.yml', 'conftest.py', 'e2e/login.cy.ts',
      'src/__mocks__/client.js', 'web/spec/models/user_spec.rb', 'Tests-Legacy/L0/Copy/endpoint.json', 'test_helpers/keys.py', 'integration-test/app/src/main/resources/server.key', 'smoke-test/saml/privatekey.txt',
      'features/config-create.feature', 'Specs/Login.feature',
      'runtime/template/v2/_testdata/foo.key', 'client/.snapshots/TestHandler-create.json', 'cmd/stub/rsa.key', 'providers/chef/fake/fake.go',
      'internal/testhelpers/session.go', 'pkg/testutil/keys.go', 'lib/__test-support__/files/.yo-rc.json', 'host/Keys/identityserver.test.rsa.p12',
      'internal/x/janitor_test_helper.go', 'src/appsettings.test.json', 'phpunit.xml.dist', 'jest.config.js', 'tox.ini', 'pytest.ini', '.mocharc.yml',
      'internal/suites/OIDC/users.yml', 'src/TestSuites/Login/keys.json',
      'providers/stripe/lib/spree_stripe/testing_support/factories/gateway_factory.rb',
      'app/Services/Template/TemplateMock.php', 'src/api.mock.ts', 'scripts/mock_data.py', 'data/mockUsers.json', 'server/mock-server.js',
      'internal/entity/auth_session_fixtures.go', 'app/fixtures.py',
    ];
    const notTests = ['src/app/login.ts', 'config/appsettings.json', 'contest/entry.py', 'latest/settings.yml', 'src/Testing.md/../x', 'docs/attestation.md', 'manifest.json', 'src/Protester.cs', 'testimony/notes.yml', 'src/testable/keys.ts', 'src/latest-contest/x.yml', 'src/features/auth/authSlice.ts', 'features/flags.json', 'src/attest-keys.json', 'lib/latest_keys.py', 'api/spec-v1.yaml', 'src/fakeit.ts', 'config/jest.json', 'lib/mockito.xml', 'src/hammock.ts', 'src/Mockingbird.cs'];
    for (const p of tests) it(`${p} is a test path`, () => assert.equal(isTestPath(p), true));
    for (const p of notTests) it(`${p} is not`, () => assert.equal(isTestPath(p), false));
  });

  describe('isExamplePath', () => {
    const examples = [
      'awscli/examples/iam/create-login-profile.rst', 'botocore/data/kms/2014-11-01/examples-1.json', '.env.example', 'app/.env.sample',
      'config/settings.example.yml', 'deploy/example.env', 'sample_config.json', 'docs/Samples/Api/Program.cs', 'src/config.example',
      'examples.md', 'ci/secrets.sample', 'app/settings.py.example', 'example-settings.yml',
      'examples/java/src/main/java/com/example/Demo.java', 'docs/content/reference/middlewares/jwt.md', 'docs_src/security/tutorial004.py',
      'documentation/spring-boot-docs/src/docs/antora/pages/spring-security.adoc',
      'docs-ref-autogen/latest/vm/repair.yml', 'Docs-Ref-Conceptual/authenticate.md',
      'README.md', '@octokit/auth-token/README.md', 'guides/source/command_line.md', 'docs.rst', 'manual/setup.adoc', 'site/pages/auth.mdx',
      'resources/views/api-docs/parts/getting-started.blade.php', 'site/user_docs/setup.html',
    ];
    const notExamples = ['src/resample.py', 'src/exampleService.ts', 'lib/sampler/x.js', 'counterexamples/x.py', 'src/upsamples.c', 'README.txt', 'src/readme.ts', 'stats/sample.py', 'lib/audio_sample.c', 'src/example.ts', 'src/Examples.cs/../x', 'src/doctor/keys.py', 'docker/compose.yml', 'dockerfiles/12.2/install.sh', 'docsify/config.js',
      // A Java or Kotlin application in the default package (com.example.myapp) is the application.
      'src/main/java/com/example/payments/StripeConfig.java', 'app/src/main/kotlin/org/sample/app/Keys.kt',
    ];
    for (const p of examples) it(`${p} is an example path`, () => assert.equal(isExamplePath(p), true));
    for (const p of notExamples) it(`${p} is not`, () => assert.equal(isExamplePath(p), false));
    it('a test inside an example tree is a test', () => {
      assert.equal(pathContext('examples/app/tests/login_test.py'), 'test');
      assert.equal(pathContext('examples/app/settings.py'), 'example');
      assert.equal(pathContext('src/app/settings.py'), undefined);
    });
  });

  it('lowers severity one step, note stays note', () => {
    assert.equal(lowerSeverity('critical'), 'high');
    assert.equal(lowerSeverity('low'), 'note');
    assert.equal(lowerSeverity('note'), 'note');
  });

  it('marks secret findings in test paths and lowers them by default; leaves others alone', () => {
    const fs = [finding('test/a.env'), finding('src/a.env'), finding('test/b.ts', { kind: 'code' })];
    markPathContext(fs);
    assert.equal(fs[0].severity, 'high');
    assert.deepEqual(fs[0].properties, { context: 'test', ruleSeverity: 'critical' });
    assert.equal(fs[1].severity, 'critical');
    assert.equal(fs[1].properties, undefined);
    assert.equal(fs[2].severity, 'critical');
    const marked = [finding('test/a.env')];
    markPathContext(marked, 'mark');
    assert.equal(marked[0].severity, 'critical');
    assert.deepEqual(marked[0].properties, { context: 'test' });
  });

  it('marks secret findings in example paths and lowers them under the same policy', () => {
    const fs = [finding('examples/iam/login.rst'), finding('.env.example')];
    markPathContext(fs);
    assert.deepEqual(fs.map((f) => [f.severity, f.properties]), [
      ['high', { context: 'example', ruleSeverity: 'critical' }],
      ['high', { context: 'example', ruleSeverity: 'critical' }],
    ]);
    const marked = [finding('samples/app.env')];
    markPathContext(marked, 'mark');
    assert.deepEqual([marked[0].severity, marked[0].properties], ['critical', { context: 'example' }]);
  });

  it('lowers a secret its line marked as an example (a REPL or doc-example line) wherever its file is, once', () => {
    const fs = [finding('lib/user.rb', { properties: { context: 'example' } }), finding('test/user_test.rb', { properties: { context: 'example' } })];
    markPathContext(fs);
    markPathContext(fs);
    assert.deepEqual(fs.map((f) => [f.severity, f.properties]), [
      ['high', { context: 'example', ruleSeverity: 'critical' }],
      ['high', { context: 'test', ruleSeverity: 'critical' }],
    ]);
  });

  it('tells REPL and doc-example lines from code', () => {
    for (const l of ['// Upon success, API responds with "Session Token-> BAMAuthToken: x <-"', '# e.g. https://u:p@host', '  // for instance token=abc', '  // example: DOTENV_KEY="dotenv://:key_1234@dotenvx.com/vault"', '# e.g. password: hunter2', ' * Example, token=abc', '-- for example: x', '>>> Client(api_key="x")', '    ... token="x")', '#   user.authenticate("vr00m")  # => user', 'irb(main):001:0> User.new(password: "x")', 'irb> p.password = "x"', '  # >>> login("x")', 'pry(main)> x', '     * Use `authorization` to send authenticated request. Example: `token 1234abcd`'])
      assert.equal(isExampleLine(l), true, l);
    for (const l of ['// examples_dir = "x"', 'example: password=x', '# exampleToken: abc', 'password = "x"', 'x => y', 'if (a >>> 2) {', '// see #=>', 'total... x', 'my_irb> x', '// counterexample:token=abc'])
      assert.equal(isExampleLine(l), false, l);
  });

  it('reads a fake\'s name in front of a value: the assigned name, not any word on the line', () => {
    for (const [before, previous] of [
      ['const TEST_FAKE_RSA_KEY_0: &str = "', undefined],
      ['fakeToken = \'', undefined],
      ['  "dummy_password": "', undefined],
      ['mock_secret: ', undefined],
      ['$testPassword = "', undefined],
      ["cfg['bogus_key'] = ", undefined],
      ['  stubApiKey := `', undefined],
      ['  "testing.secret" => \'', undefined],
      ['    ', 'static TEST_PRIVATE_KEY: &str = "-----BEGIN PRIVATE KEY-----'],
      ['{"fake_key": "-----BEGIN PRIVATE KEY-----\\n', undefined],
    ] as [string, string | undefined][])
      assert.equal(isFakeHolder(before, previous), true, `${before} | ${previous}`);
    for (const [before, previous] of [
      ['password = "', undefined],
      ['if (isTest) password = "', undefined],
      ['latest_token = "', undefined],
      ['contestSecret: ', undefined],
      ['const attestationKey = "', undefined],
      ['// the fake one is gone: ', undefined],
      ['    ', 'const DEPLOY_KEY = "-----BEGIN PRIVATE KEY-----'],
      ['fake_key = load(); real = "', undefined],
      ['x'.repeat(100_000), undefined],
    ] as [string, string | undefined][])
      assert.equal(isFakeHolder(before, previous), false, `${before.slice(0, 60)} | ${previous}`);
  });

  it('tells the example section of a documentation comment from the rest of it and from code', () => {
    const at = (text: string, needle: string) => isInDocExample(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const jsdoc = ['/**', ' * Obtains a token.', ' *', ' * @param request', ' * @example', ' *     await client.obtainToken({', ' *         clientSecret: "sq0csp-x",', ' *     })', ' */', 'obtainToken(r);', ''].join('\n');
    assert.equal(at(jsdoc, 'clientSecret'), true);
    const tagAfter = ['/**', ' * @example', ' *   run()', ' * @param secret defaults to', ' *   clientSecret: "sq0csp-x"', ' */', ''].join('\n');
    assert.equal(at(tagAfter, 'clientSecret'), false, 'a later tag ends the example');
    const noExample = ['/**', ' * The key, e.g.', ' *   clientSecret: "sq0csp-x"', ' */', ''].join('\n');
    assert.equal(at(noExample, 'clientSecret'), false);
    const csharp = ['/// <summary>Connects.</summary>', '/// <example>', '/// <code>', '/// var c = new Client(password: "x7Kq");', '/// </code>', '/// </example>', ''].join('\n');
    assert.equal(at(csharp, 'password'), true);
    const closed = ['/// <example>a</example>', '/// password: "x7Kq"', ''].join('\n');
    assert.equal(at(closed, 'password'), false);
    const code = [' * @example', 'const x = 1;', 'clientSecret: "sq0csp-x"', ''].join('\n');
    assert.equal(at(code, 'clientSecret'), false, 'code after a comment is code');
    const javadoc = ['/**', ' * Parses VCAP_SERVICES, e.g.:', ' * <pre class="code">', ' *   "credentials":{"username":"urpRuqTf8Cpe6","password":"pxLsGVpsC9A5S"}', ' * </pre>', ' */', ''].join('\n');
    assert.equal(at(javadoc, 'pxLs'), true, 'inside a Javadoc <pre> block');
    const onePre = ['/**', ' * e.g.', ' * <pre>pop3://PLAIN:admin:pass123@example.org:12345</pre>', ' */', ''].join('\n');
    assert.equal(at(onePre, 'pass123'), true, 'a <pre> element on the line itself');
    const afterPre = ['/**', ' * <pre>x</pre>', ' * password: "pxLsGVpsC9A5S"', ' */', ''].join('\n');
    assert.equal(at(afterPre, 'pxLs'), false, 'after the block closed');
    const rdoc = ['      # ==== Examples', '      #', '      #   class User < ActiveRecord::Base', '      #   end', '      #', '      #   User.create(name: "John Doe", password: "abc123")', '      def self.x', ''].join('\n');
    assert.equal(at(rdoc, 'abc123'), true, 'under an RDoc Examples heading');
    const fenced = ['/**', ' * @param client the client', ' * ```js', ' * new Client({ apiKey: "k7Qx" })', ' * ```', ' */', ''].join('\n');
    assert.equal(at(fenced, 'k7Qx'), true, 'inside a code fence after a tag');
    const rust = ['/// Connects.', '/// ```', '/// let c = Client::new("tok_9Xq");', '/// ```', ''].join('\n');
    assert.equal(at(rust, 'tok_9Xq'), true, 'inside a fence of Rust docs');
    const yaml = ['# Database settings', '# password: Hq7Wm2Zx9Rt4', 'host: db', ''].join('\n');
    assert.equal(at(yaml, 'Hq7Wm2'), false, 'a commented-out setting without an example heading');
    const yamlExample = ['# Example:', '#   password: Hq7Wm2Zx9Rt4', 'host: db', ''].join('\n');
    assert.equal(at(yamlExample, 'Hq7Wm2'), true, 'under an Example: comment');
    const intro = ['#   recieve a URL that looks something like this:', '#   https://hooks.slack.com/services/T1/B1/Hq7Wm2Zx9Rt4', ''].join('\n');
    assert.equal(at(intro, 'Hq7Wm2'), true, 'under a line that introduces a sample');
    const shouldBe = '# authentication token answer should be like: {"token":"dbf58423f1632b5b679a13b0929f1d0751d9250c"}';
    assert.equal(isExampleLine(shouldBe), true, 'a comment that says what the answer should be like');
    const goResponse = ['\t// The API responds with:', '\t// {"tenant_access_token": "t-Hq7Wm2Zx9Rt4"}', '\tfunc x() {}', ''].join('\n');
    assert.equal(at(goResponse, 'Hq7Wm2'), true, 'a quoted response in // comments');
    const goCode = ['\t// Load the key from the vault.', '\t// token := "Hq7Wm2Zx9Rt4"', ''].join('\n');
    assert.equal(at(goCode, 'Hq7Wm2'), false, 'commented-out code without a cue');
    const cpp = ['#define ONE 1', '#define KEY "Hq7Wm2Zx9Rt4"', ''].join('\n');
    assert.equal(at(cpp, 'Hq7Wm2'), false, 'a preprocessor line is no comment');
    const psHash = ['# .EXAMPLE', '#   Connect-Db -Password "Hq7Wm2Zx9Rt4"', 'function Connect-Db {}', ''].join('\n');
    assert.equal(at(psHash, 'Hq7Wm2'), true, "PowerShell help's .EXAMPLE in # lines");
    const psNotes = ['# .EXAMPLE', '#   Connect-Db', '# .NOTES', '#   password: Hq7Wm2Zx9Rt4', ''].join('\n');
    assert.equal(at(psNotes, 'Hq7Wm2'), false, 'a later section ends the example');
    const helm = ['## @param gossipKey Gossip key for all members.', '## Example:', '## gossipKey: "DVoLa/k99hfBEdIfCLkzSpWg4obElLYVIFDsutKCL/w="', '##', 'gossipKey: ""', ''].join('\n');
    assert.equal(at(helm, 'DVoLa'), true, "under a Helm chart's ## Example: comment");
    const helmPlain = ['## @param gossipKey Gossip key for all members.', '## gossipKey: "DVoLa/k99hfBEdIfCLkzSpWg4obElLYVIFDsutKCL/w="', ''].join('\n');
    assert.equal(at(helmPlain, 'DVoLa'), false, '## comments without an example heading');
  });

  it("tells an Ansible module's EXAMPLES and RETURN strings from its code", () => {
    const at = (text: string, needle: string) => isInAnsibleDocString(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const module = ["DOCUMENTATION = '''", 'module: azure_rm_vm', "'''", '', "EXAMPLES = r'''", '- name: Create a VM', '  azure_rm_vm:', '    admin_password: ZSuppas$$21!', "'''", '', "RETURN = '''", 'state:', '  sample: {"authorization_key": "d83e18b5-0200-4e0b-9cdb-6fdf95b00267"}', "'''", '', 'def main():', '    password = "Kd8Vn3Qx7Lp2"', ''].join('\n');
    assert.equal(at(module, 'ZSuppas'), true);
    assert.equal(at(module, 'd83e18b5'), true);
    assert.equal(at(module, 'Kd8Vn3'), false, 'code after the strings');
    assert.equal(at(['def f():', '    """Connects."""', '    password = "Kd8Vn3Qx7Lp2"', ''].join('\n'), 'Kd8Vn3'), false);
  });

  it("takes the secret key Devise's generator comments out in every app's initializer for a line of its template", () => {
    const text = ['Devise.setup do |config|', "  # config.secret_key = 'a42b150b56c158d6e064aa257c8434390c921811007f42c5aa16c7455b78e3777'", "  config.secret_key = 'b53c261c67d269e7f175bb368d9545401d032922118f53d6bb27d8566c89f4888'", ''].join('\n');
    const at = (needle: string) => [text.lastIndexOf('\n', text.indexOf(needle)) + 1, text.indexOf(needle)] as const;
    assert.equal(lineContext(text, 'config/initializers/devise.rb', ...at('a42b15'), true, false), 'example');
    assert.equal(lineContext(text, 'config/initializers/devise.rb', ...at('b53c26'), true, false), undefined, 'a key set in use');
    assert.equal(lineContext(text, 'config/initializers/other.rb', ...at('a42b15'), true, false), undefined, "Devise's initializer only");
  });

  it("tells a Rust file's test module from the code before and after it", () => {
    const at = (text: string, needle: string) => isInRustTestModule(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const file = ['pub fn clone_url() -> String { "https://u:Kd8Vn3Yp6Ls1@github.com/x".into() }', '', '#[cfg(test)]', '#[allow(unused)]', 'mod tests {', '    use super::*;', '', '    #[test]', '    fn parses() {', '        let url = "https://user:Hq7Wm2Zx9Rt4@github.com/x.git";', '    }', '}', '', 'pub fn after() { let t = "Zq9Wm2Xr7Tk4"; }', ''].join('\n');
    assert.equal(at(file, 'Hq7Wm2'), true);
    assert.equal(at(file, 'Kd8Vn3'), false, 'code above the module');
    assert.equal(at(file, 'Zq9Wm2'), false, 'code after the module closed');
    const fnOnly = ['#[cfg(test)]', 'fn helper() {}', 'pub fn run() { let t = "Hq7Wm2Zx9Rt4"; }', ''].join('\n');
    assert.equal(at(fnOnly, 'Hq7Wm2'), false, 'a test-only function is no module');
    const comment = ['// #[cfg(test)]', '// mod tests {', 'let t = "Hq7Wm2Zx9Rt4";', ''].join('\n');
    assert.equal(at(comment, 'Hq7Wm2'), false, 'a commented-out attribute');
    const line = file.lastIndexOf('\n', file.indexOf('Hq7Wm2')) + 1;
    assert.equal(lineContext(file, 'crates/deps/src/utils.rs', line, file.indexOf('Hq7Wm2'), true, false), 'test');
    assert.equal(lineContext(file, 'crates/deps/src/utils.py', line, file.indexOf('Hq7Wm2'), true, false), undefined, 'Rust files only');
  });

  it('tells code shown in a page (<pre>, <code>) from the rest of a template', () => {
    const page = ['<h2>Authentication</h2>', '<pre><code class="language-shell">curl --request GET \\', "  --header 'Authorization: Token Hq7Wm2Zx9Rt4:Zq9Wm2Xr7Tk4'</code></pre>", "<script>const key = 'Kd8Vn3Yp6Ls1';</script>", ''].join('\n');
    assert.equal(isInMarkupCode('resources/views/api/docs.blade.php', page, page.indexOf('Hq7Wm2')), true);
    assert.equal(isInMarkupCode('resources/views/api/docs.blade.php', page, page.indexOf('Kd8Vn3')), false, 'after the element closed');
    assert.equal(isInMarkupCode('src/app.js', page, page.indexOf('Hq7Wm2')), false, 'markup files only');
    const preload = ['<link rel="preload" href="x">', '<p>token: Hq7Wm2Zx9Rt4</p>', ''].join('\n');
    assert.equal(isInMarkupCode('index.html', preload, preload.indexOf('Hq7Wm2')), false, '<pre is not <preload');
  });

  it('takes a comment that says to replace the values for a template', () => {
    const at = (text: string, needle: string) => isUnderReplaceNote(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const ini = ['# Instructions: https://github.com/certbot/certbot/blob/master/certbot-dns-cloudflare/README', '# Replace with your values', '', 'dns_cloudflare_email = cloudflare@example.com', 'dns_cloudflare_api_key = Hq7Wm2Zx9Rt4Zq9Wm2Xr7Tk4', ''].join('\n');
    assert.equal(at(ini, 'Hq7Wm2'), true);
    assert.equal(at(['// fill in your own keys below', 'const key = "Hq7Wm2Zx9Rt4";', ''].join('\n'), 'Hq7Wm2'), true);
    assert.equal(at(['# Bunny API token used by Certbot', 'dns_bunny_api_key = Hq7Wm2Zx9Rt4', ''].join('\n'), 'Hq7Wm2'), false);
    assert.equal(at(['# We replace the token with a new one every week', 'token = Hq7Wm2Zx9Rt4', ''].join('\n'), 'Hq7Wm2'), false, 'replacing, but not with yours');
    const line = ini.lastIndexOf('\n', ini.indexOf('Hq7Wm2')) + 1;
    assert.equal(lineContext(ini, 'dns-conf/cloudflare.ini', line, ini.indexOf('Hq7Wm2'), true, false), 'example');
    assert.equal(lineContext(ini, 'dns-conf/cloudflare.ini', line, ini.indexOf('Hq7Wm2'), false, false), undefined, "a vendor rule's key stays that vendor's key");
  });

  it('tells a token that prose introduces as a sample from a value', () => {
    const at = (line: string, value: string) => isIntroducedAsSample(line, 0, line.indexOf(value));
    assert.equal(at("throw new Error('INVALID_DOTENV_KEY: Must be in valid uri format like dotenv://:key_1234@dotenvx.com/vault')", 'key_1234'), true);
    assert.equal(at('msg = "use a URL such as https://user:Hq7Wm2Zx9@db.contoso.net"', 'Hq7Wm2'), true);
    assert.equal(at('DATABASE_URL=postgres://orders:Hq7Wm2Zx9@pg.internal/orders', 'Hq7Wm2'), false);
    assert.equal(at('likely = "postgres://orders:Hq7Wm2Zx9@pg.internal/orders"', 'Hq7Wm2'), false, 'a name that starts with the word');
  });

  it("tells a run of code in a # comment that shows a result (RDoc's examples) from other comments", () => {
    const at = (text: string, needle: string) => isInResultRun(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const rdoc = ['# Returns self if the password is correct.', '#', "#   user = User.new(name: 'david', password: 'Hq7Wm2Zx9Rt4')", '#   user.save', "#   user.authenticate_password('x') # => false", '#', "#   other = 'Zq9Wm2Xr7Tk4'", 'def x; end', ''].join('\n');
    assert.equal(at(rdoc, 'Hq7Wm2'), true);
    assert.equal(at(rdoc, 'Zq9Wm2'), false, 'a run of its own, with no result shown');
    const yaml = ['# Old settings:', '#   password: Hq7Wm2Zx9Rt4', '#   host: db', 'host: db', ''].join('\n');
    assert.equal(at(yaml, 'Hq7Wm2'), false, 'commented-out settings');
  });

  it('tells a code fence or an examples section inside a triple-quoted string from the rest of the string and from code', () => {
    const at = (text: string, needle: string) => isInStringExample(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const doc = ['class Creds:', '    """', '    A client sends a header like:', '', '    ```', '    Authorization: Bearer Hq7Wm2Zx9Rt4', '    ```', '', '    token: Zq9Wm2Xr7Tk4', '    """', '    token = "Kd8Vn3Yp6Ls1"', ''].join('\n');
    assert.equal(at(doc, 'Hq7Wm2'), true);
    assert.equal(at(doc, 'Zq9Wm2'), false, 'after the fence closed');
    assert.equal(at(doc, 'Kd8Vn3'), false, 'code after the string');
    const md = ['```', 'password: Hq7Wm2Zx9Rt4', '```', ''].join('\n');
    assert.equal(at(md, 'Hq7Wm2'), false, 'no string opened above');
    const google = ['def f(key):', '    """', '    Maps a key id.', '', '    Example:', '        "AKIAHQ7WM2ZX9RT4KD8V" => "123456789012"', '    Args:', '        key: e.g. Zq9Wm2Xr7Tk4', '    """', ''].join('\n');
    assert.equal(at(google, 'AKIAHQ7'), true, 'under a Google-style Example: heading');
    assert.equal(at(google, 'Zq9Wm2'), false, 'under Args:');
    const numpy = ['    """', '    Examples', '    --------', '    >>> f(token="Hq7Wm2Zx9Rt4")', '    """', ''].join('\n');
    assert.equal(at(numpy, 'Hq7Wm2'), true, 'under a NumPy-style Examples heading');
    const prose = ['    """', '    Usage of the key is metered', '    token = "Hq7Wm2Zx9Rt4"', '    """', ''].join('\n');
    assert.equal(at(prose, 'Hq7Wm2'), false, 'a sentence that starts with a heading word is no heading');
  });

  it("tells the .EXAMPLE section of PowerShell's comment-based help from its other sections and from code", () => {
    const at = (text: string, needle: string) => isInHelpExample(text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const help = [
      'function Backup-Key {', '    <#', '    .SYNOPSIS', '        Backs up a key.', '    .PARAMETER Password', '        The password, e.g. $p = ConvertTo-SecureString -String "Zq9Wm2Xr7Tk4" -AsPlainText -Force',
      '    .EXAMPLE', "        $password = ConvertTo-SecureString -String 'Hq7Wm2Zx9Rt4' -AsPlainText -Force", '', '        Backs up the key.', '    #>',
      "    $real = ConvertTo-SecureString -String 'Kd8Vn3Yp6Ls1' -AsPlainText -Force", '}', '',
    ].join('\n');
    assert.equal(at(help, 'Hq7Wm2'), true);
    assert.equal(at(help, 'Zq9Wm2'), false, 'under .PARAMETER');
    assert.equal(at(help, 'Kd8Vn3'), false, 'code after the block');
    const noBlock = ['    .EXAMPLE', "        $password = 'Hq7Wm2Zx9Rt4'", ''].join('\n');
    assert.equal(at(noBlock, 'Hq7Wm2'), false, 'no help block opened above');
  });

  it('tells a CI job\'s service containers from the rest of a pipeline', () => {
    const at = (path: string, text: string, needle: string) => isCiServiceLine(path, text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const gh = ['jobs:', '  test:', '    runs-on: ubuntu-latest', '    services:', '      postgres:', '        image: postgres:14.7', '        env:', '          POSTGRES_PASSWORD: "Password12!"', '        ports:', '          - 5432:5432', '    steps:', '      - name: deploy', '        env:', '          DEPLOY_PASSWORD: "Hq7Wm2Zx9Rt4"', ''].join('\n');
    assert.equal(at('.github/workflows/build.yml', gh, 'POSTGRES_PASSWORD'), true);
    assert.equal(at('.github/workflows/build.yml', gh, 'DEPLOY_PASSWORD'), false, "a step's setting");
    assert.equal(at('deploy/build.yml', gh, 'POSTGRES_PASSWORD'), false, 'not a pipeline definition');
    const ado = ['variables:', '  adminPassword: "Hq7Wm2Zx9Rt4"', 'resources:', '  containers:', '  - container: db', '    image: mcr.microsoft.com/mssql/server', '    env:', '      SA_PASSWORD: "Forge123!x"', ''].join('\n');
    assert.equal(at('azure-pipelines.yml', ado, 'SA_PASSWORD'), true);
    assert.equal(at('azure-pipelines.yml', ado, 'adminPassword'), false, 'a pipeline variable');
    const compose = ['services:', '  postgres:', '    environment:', '      - POSTGRES_PASSWORD=FmTKs5vX', ''].join('\n');
    assert.equal(at('.ci/compose.ci.yaml', compose, 'POSTGRES_PASSWORD'), true);
    assert.equal(at('docker-compose.yml', compose, 'POSTGRES_PASSWORD'), false, "an application's compose file");
  });

  it('takes values under an example key of YAML, JSON and TOML for samples', () => {
    const at = (path: string, text: string, needle: string) => isUnderExampleKey(path, text, text.lastIndexOf('\n', text.indexOf(needle)) + 1);
    const openapi = ['      properties:', '        token:', '          type: string', '          examples:', '            - eyJhbGciOiJIUzI1NiJ9.e30.Hq7Wm2', '        password:', '          type: string', '          default: Kq8mZ2xLp7Wv', ''].join('\n');
    assert.equal(at('api/openapi.yml', openapi, 'eyJhbG'), true);
    assert.equal(at('api/openapi.yml', openapi, 'Kq8mZ2'), false, 'a sibling of the examples is not one');
    const own = ['token:', '  example: eyJhbGciOiJIUzI1NiJ9.e30.Hq7Wm2', ''].join('\n');
    assert.equal(at('spec.yaml', own, 'eyJhbG'), true, 'the key on the line itself');
    const json = ['{', '  "schema": {', '    "examples": {', '      "token": "Hq7Wm2Zx9Rt4"', '    }', '  }', '}', ''].join('\n');
    assert.equal(at('schema.json', json, 'Hq7Wm2'), true);
    const toml = ['Name = "Cloudflare"', "Example = \'\'\'", 'CLOUDFLARE_API_KEY=Hq7Wm2Zx9Rt4 \\', "lego run --dns cloudflare\'\'\'", '', '[Configuration]', '  key = "Kq8mZ2xLp7Wv"', ''].join('\n');
    assert.equal(at('providers/cloudflare.toml', toml, 'Hq7Wm2'), true);
    assert.equal(at('providers/cloudflare.toml', toml, 'Kq8mZ2'), false, 'after the string closed');
    const app = ['database:', '  password: Kq8mZ2xLp7Wv', ''].join('\n');
    assert.equal(at('config/app.yml', app, 'Kq8mZ2'), false);
    assert.equal(at('src/app.go', own, 'eyJhbG'), false, 'not a data file');
  });

  it('leaves code findings in examples as they are: examples are written to be copied', () => {
    const fs = [finding('examples/client.js', { kind: 'code', ruleId: 'tls' })];
    markPathContext(fs, 'lower', new Set(['tls']));
    assert.equal(fs[0].severity, 'critical');
    assert.equal(fs[0].properties, undefined);
  });

  it('lowers code findings in test paths only for the rules that ask (testPaths: lower), whatever the secrets policy', () => {
    const fs = [finding('test/a.js', { kind: 'code', ruleId: 'tls' }), finding('src/a.js', { kind: 'code', ruleId: 'tls' }), finding('test/b.js', { kind: 'code', ruleId: 'sql' })];
    markPathContext(fs, 'mark', new Set(['tls']));
    assert.equal(fs[0].severity, 'high');
    assert.deepEqual(fs[0].properties, { context: 'test', ruleSeverity: 'critical' });
    assert.equal(fs[1].severity, 'critical');
    assert.equal(fs[2].severity, 'critical');
    assert.equal(fs[2].properties, undefined);
  });

  describe('localisation', () => {
    it('knows message catalogues by name and folder', () => {
      for (const p of ['Tasks/X/Strings/resources.resjson/en-US/resources.resjson', 'Tasks/X/task.loc.json', 'src/Resources.resx', 'locales/de.json', 'po/fr.po', 'src/i18n/messages_de.properties', 'app/src/main/res/values-de/strings.xml/../strings.json'])
        assert.equal(isLocalisationPath(p), true, p);
      for (const p of ['app/i18n/de/sub.php', 'lang/de/texts.php', 'resources/lang/so-SO/mail.php']) assert.equal(isLocalisationPath(p), true, p);
      for (const p of ['config/appsettings.json', 'src/settings.py', '.env', 'deploy/values.yaml', 'config/database.php']) assert.equal(isLocalisationPath(p), false, p);
    });

    it('tells prose from credentials', () => {
      for (const v of ['HTTP-Passwort', 'Passwort-Wiederherstellung', 'Password_for_the_user', 'Mot_de_passe', 'Password.not.set.for.%s', 'Kennwort', 'Contraseña_incorrecta', 'Adding_password_{0}']) assert.equal(isProse(v), true, v);
      for (const v of ['OAuth-2-Applikatiounen', 'Web3-Onboard-Autorisierung fehlgeschlagen', 'Web3-Onboard-Autorisierung', 'OAuth2 Anmeldung fehlgeschlagen']) assert.equal(isProse(v), true, v);
      for (const v of ['hT7qW2xLz9', 'Summer2024!', 'R4nd0m!Passw0rd%2024', 'k8#Lm2$q', 'Summer2024-Winter', 'Pass12-Word', 'ab1-cd2-ef3']) assert.equal(isProse(v), false, v);
    });
  });
});
