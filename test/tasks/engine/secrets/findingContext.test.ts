import assert from 'node:assert/strict';
import type { Finding } from '../../../../tasks/contract/findings';
import { isCiServiceLine, isUnderExampleKey, isExamplePath, isFakeHolder, isInFakeStructure, isLocalisationPath, isProse, isTestPath, lineContext, lowerSeverity, markPathContext, pathContext } from '../../../../tasks/engine/secrets/findingContext';

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
      // Apex test classes by Salesforce's naming (`Foo_TEST.cls`).
      'force-app/main/default/classes/CMP_SimpleConEmailController_TEST.cls', 'classes/Account_Test.cls',
      // HTTP request files that try an API by hand.
      'APIServer/apitests.http', 'src/Api/requests.rest',
      // Seed data for development and test databases.
      'backend/seeds/seedConversations.js', 'db/seeds.rb', 'prisma/seed.ts', 'database/seeders/UserSeeder.php', 'server/seedUsers.js', 'src/seed-data.json',
      'runtime/template/v2/_testdata/foo.key', 'client/.snapshots/TestHandler-create.json', 'cmd/stub/rsa.key', 'providers/chef/fake/fake.go',
      'internal/testhelpers/session.go', 'pkg/testutil/keys.go', 'lib/__test-support__/files/.yo-rc.json', 'host/Keys/identityserver.test.rsa.p12',
      'internal/x/janitor_test_helper.go', 'src/appsettings.test.json', 'phpunit.xml.dist', 'jest.config.js', 'tox.ini', 'pytest.ini', '.mocharc.yml',
      'internal/suites/OIDC/users.yml', 'src/TestSuites/Login/keys.json',
      'providers/stripe/lib/spree_stripe/testing_support/factories/gateway_factory.rb',
      'app/Services/Template/TemplateMock.php', 'src/api.mock.ts', 'scripts/mock_data.py', 'data/mockUsers.json', 'server/mock-server.js',
      'internal/entity/auth_session_fixtures.go', 'app/fixtures.py',
      '_fixture/certs/key.pem', 'httptest/netutils.go',
      // Tests kept apart by a leading underscore (a Rust crate's).
      'src/_tests/web_social.rs', 'lib/_test/helpers.js',
      // Cucumber's step definitions, JUnit's `Test*` classes, a test run's environment.
      'features/step_definitions/projects_steps.rb', 'ansible/roles/seaweedfs_bucket/molecule/wrong_credentials/converge.yml', 'src/main/java/org/app/main/TestCrudUser.java', 'app/TestApi.kt', '.env.test', 'web/.env.test.local',
      // What a test runner loads before the tests (mocks of a wallet library, a fake key).
      'jest.setup.js', 'web/vitest.setup.ts', 'src/setupTests.ts',
    ];
    const notTests = ['src/app/login.ts', 'config/appsettings.json', 'contest/entry.py', 'latest/settings.yml', 'src/Testing.md/../x', 'docs/attestation.md', 'manifest.json', 'src/Protester.cs', 'testimony/notes.yml', 'src/testable/keys.ts', 'src/latest-contest/x.yml', 'src/features/auth/authSlice.ts', 'features/flags.json', 'src/attest-keys.json', 'lib/latest_keys.py', 'api/spec-v1.yaml', 'src/fakeit.ts', 'config/jest.json', 'lib/mockito.xml', 'src/hammock.ts', 'src/Mockingbird.cs', 'src/httpclient.ts', 'docs/rest.md', 'src/seedling.js', 'garden/seedbank/plants.yml', 'lib/reseed.py', 'src/main/java/Testimonial.java', 'src/Tester.java', 'Test.java', '.env.testing-tools.md', '.env.development', 'features/support/flags.json'];
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
      // A document's template (helm-docs).
      'charts/argo-cd/README.md.gotmpl', 'docs/index.md.j2', 'man/gh_whoami.Rd',
      // A program named as a library's demo.
      'process/example_customize_box.php', 'cmd/client/example-client.go',
      // A key file named as an example.
      'certs/elk-example.p8', 'tls/server.example.pem',
      // A sample of a program's configuration, and a folder named as an example of something.
      'cloud/config/config.sample.php', 'modules/ctools/ctools_plugin_example/plugins/x.inc',
      // A browser's saved copy of a page: its resources folder and `.download` files.
      'spiders/11_files/analytics.js.download', 'spiders/TaiLieu.VN_files/f.txt', 'Survey/feedback_files/ads.html', 'saved/gtm.js.download',
      // PowerShell modules' help pages, shown by Get-Help with their examples.
      'Toolkit/Modules/Az.Storage/5.0.0/Microsoft.Azure.PowerShell.Cmdlets.Storage.dll-Help.xml', 'Modules/Tools/en-US/Tools-help.xml', 'en-US/about_Tools.help.txt',
      // Storybook's stories, and a dotenv file's template.
      'web/src/shared/components/EmailTemplates.stories.jsx', 'src/Button.stories.mdx', '.env.template', 'backend/.env.tmpl', 'api.env.template',
    ];
    const notExamples = ['templates/secret.yaml.gotmpl', 'src/resample.py', 'src/exampleService.ts', 'lib/sampler/x.js', 'counterexamples/x.py', 'src/upsamples.c', 'README.txt', 'src/readme.ts', 'stats/sample.py', 'lib/audio_sample.c', 'src/example.ts', 'src/Examples.cs/../x', 'src/exampleService_v2.ts', 'src/examplesort.c', 'src/counterexamples/x.py', 'lib/resample.c', 'src/doctor/keys.py', 'docker/compose.yml', 'dockerfiles/12.2/install.sh', 'docsify/config.js',
      // A folder whose name ends in _files holds a saved page's resources only: its configuration is the project's.
      'deploy/config_files/app.env', 'env_files/prod.yml',
      // A Java or Kotlin application in the default package (com.example.myapp) is the application.
      'src/main/java/com/example/payments/StripeConfig.java', 'app/src/main/kotlin/org/sample/app/Keys.kt',
      // A file merely named for help.
      'config/help.xml', 'src/about_page.txt',
      // Templates rendered as they stand (nginx's envsubst templates, consul-template) and a story's helpers.
      'nginx/templates/default.conf.template', 'deploy/config.yml.tmpl', 'src/stories/api.ts', '.env',
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

  it('marks a Rust test module as test data in .rs files only, and a value under a note to replace it as an example for generic rules only', () => {
    const file = ['#[cfg(test)]', 'mod tests {', '    fn parses() {', '        let url = "https://user:Hq7Wm2Zx9Rt4@github.com/x.git";', '    }', '}', ''].join('\n');
    const line = file.lastIndexOf('\n', file.indexOf('Hq7Wm2')) + 1;
    assert.equal(lineContext(file, 'crates/deps/src/utils.rs', line, file.indexOf('Hq7Wm2'), true, false), 'test');
    assert.equal(lineContext(file, 'crates/deps/src/utils.py', line, file.indexOf('Hq7Wm2'), true, false), undefined, 'Rust files only');
    const ini = ['# Replace with your values', 'dns_cloudflare_api_key = Hq7Wm2Zx9Rt4Zq9Wm2Xr7Tk4', ''].join('\n');
    const at = ini.lastIndexOf('\n', ini.indexOf('Hq7Wm2')) + 1;
    assert.equal(lineContext(ini, 'dns-conf/cloudflare.ini', at, ini.indexOf('Hq7Wm2'), true, false), 'example');
    assert.equal(lineContext(ini, 'dns-conf/cloudflare.ini', at, ini.indexOf('Hq7Wm2'), false, false), undefined, "a vendor rule's key stays that vendor's key");
  });

  it("marks the development and test sections of an environment-keyed YAML file as test data, beside a production section only", () => {
    const secrets = [
      '# Rails generated these; production reads its key from the environment.',
      'development:',
      '  secret_key_base: 7c1e5f0b9d3a48e2a6c5d8f10b2e7a947c1e5f0b9d3a48e2a6c5d8f10b2e7a94',
      '',
      'test:',
      '  secret_key_base: 9a3f0d2c6b1e47f8a5c4d7e20f3b8c169a3f0d2c6b1e47f8a5c4d7e20f3b8c16',
      '',
      'production: &prod',
      '  secret_key_base: 4e8b2a6d0c9f13e7b5a8d2c60f1e9b374e8b2a6d0c9f13e7b5a8d2c60f1e9b37',
      '',
    ].join('\n');
    const at = (text: string, needle: string) => [text.lastIndexOf('\n', text.indexOf(needle)) + 1, text.indexOf(needle)] as const;
    assert.equal(lineContext(secrets, 'config/secrets.yml', ...at(secrets, '7c1e5f'), true, false), 'test', 'development');
    assert.equal(lineContext(secrets, 'config/secrets.yml', ...at(secrets, '9a3f0d'), false, false), 'test', 'test, a vendor rule too');
    assert.equal(lineContext(secrets, 'config/secrets.yml', ...at(secrets, '4e8b2a'), true, false), undefined, 'production');
    assert.equal(lineContext(secrets, 'config/secrets.yml', ...at(secrets, '7c1e5f'), true, true), undefined, 'a key its checksum proves');
    assert.equal(lineContext(secrets, 'config/secrets.rb', ...at(secrets, '7c1e5f'), true, false), undefined, 'YAML only');
    const noProduction = secrets.slice(0, secrets.indexOf('production:'));
    assert.equal(lineContext(noProduction, 'config/secrets.yml', ...at(noProduction, '7c1e5f'), true, false), undefined, 'no production section beside it');
    const topLevel = ['development: 7c1e5f0b9d3a48e2a6c5d8f10b2e7a94', 'production: &prod', ''].join('\n');
    assert.equal(lineContext(topLevel, 'keys.yml', ...at(topLevel, '7c1e5f'), true, false), undefined, 'a top-level value is no section of one');
    const nested = ['servers:', '  development:', '    password: Hq7Wm2Zx9Rt4', 'production:', '  password: Zq9Wm2Xr7Tk4', ''].join('\n');
    assert.equal(lineContext(nested, 'inventory.yml', ...at(nested, 'Hq7Wm2'), true, false), undefined, 'a section of another key');
  });

  it('marks a value inside a list, map or call named as made-up data as test data, up to three levels up', () => {
    const at = (t: string, needle: string) => [t.lastIndexOf('\n', t.indexOf(needle)) + 1, t.indexOf(needle)] as const;
    const ts = ['const dummyUsers = [', '  {', "    username: 'admin1',", "    password: 'Hq7Wm2Zx9Rt4'", '  },', '];', ''].join('\n');
    assert.equal(lineContext(ts, 'src/renderer/login.tsx', ...at(ts, 'Hq7Wm2'), true, false), 'test', 'a TypeScript list of objects');
    assert.equal(isInFakeStructure(ts, at(ts, 'Hq7Wm2')[0]), true);
    const typed = ts.replace('const dummyUsers = [', 'export const dummyUsers: LoginUser[] = [');
    assert.equal(lineContext(typed, 'src/login.tsx', ...at(typed, 'Hq7Wm2'), true, false), 'test', 'with its type');
    const py = ['MOCK_ACCOUNTS = dict(', "    admin='Hq7Wm2Zx9Rt4',", ')', ''].join('\n');
    assert.equal(lineContext(py, 'app/accounts.py', ...at(py, 'Hq7Wm2'), true, false), 'test', 'a call that makes the map');
    const json = ['{', '  "testAccounts": [', '    { "user": "qa", "password": "Hq7Wm2Zx9Rt4" }', '  ]', '}', ''].join('\n');
    assert.equal(lineContext(json, 'config/app.json', ...at(json, 'Hq7Wm2'), true, false), 'test', 'a JSON key');
    const plain = ts.replace('dummyUsers', 'users');
    assert.equal(lineContext(plain, 'src/login.tsx', ...at(plain, 'Hq7Wm2'), true, false), undefined, 'a list of users');
    const fn = ['function createDummyUsers() {', "  return login('admin', 'Hq7Wm2Zx9Rt4');", '}', ''].join('\n');
    assert.equal(lineContext(fn, 'src/seed.ts', ...at(fn, 'Hq7Wm2'), true, false), undefined, 'a function is no structure of data');
    const deep = ['const mockData = {', '  a: {', '    b: {', '      c: {', "        password: 'Hq7Wm2Zx9Rt4',", '      },', '    },', '  },', '};', ''].join('\n');
    assert.equal(lineContext(deep, 'src/x.ts', ...at(deep, 'Hq7Wm2'), true, false), undefined, 'four levels up is too far');
  });

  it("marks the endpoint key Phoenix's generator writes for development as test data, in its shared and development configuration only", () => {
    const key = 'Kz7vmP1gPYv/sogke6P3RP9uipMjOLhneQdbokZVx5gpLsNaN44TD20vtOWkMFIT';
    const text = ['config :shop, ShopWeb.Endpoint,', '  url: [host: "localhost"],', `  secret_key_base: "${key}",`, `  guardian_key: "${key}",`, ''].join('\n');
    // Where the line of `name` starts and where its value does.
    const at = (t: string, name: string) => [t.indexOf(`  ${name}: "`), t.indexOf(`  ${name}: "`) + `  ${name}: "`.length] as const;
    const secretLine = at(text, 'secret_key_base');
    assert.equal(lineContext(text, 'config/config.exs', ...secretLine, true, false), 'test', 'Phoenix up to 1.5');
    assert.equal(lineContext(text, 'apps/shop_web/config/dev.exs', ...secretLine, true, false), 'test', 'Phoenix 1.6 on, in an umbrella');
    assert.equal(lineContext(text, 'config/prod.exs', ...secretLine, true, false), undefined, "production's own file");
    assert.equal(lineContext(text, 'config/runtime.exs', ...secretLine, true, false), undefined, 'read at run time in production');
    assert.equal(lineContext(text, 'config/config.exs', ...secretLine, false, false), undefined, "a vendor rule's key stays that vendor's");
    assert.equal(lineContext(text, 'config/config.exs', ...at(text, 'guardian_key'), true, false), undefined, 'another setting');
    const short = text.replace(`secret_key_base: "${key}"`, `secret_key_base: "${key.slice(0, 48)}"`);
    assert.equal(lineContext(short, 'config/config.exs', ...at(short, 'secret_key_base'), true, false), undefined, "not the generator's shape");
  });

  it("takes the secret key Devise's generator comments out in every app's initializer for a line of its template", () => {
    const text = ['Devise.setup do |config|', "  # config.secret_key = 'a42b150b56c158d6e064aa257c8434390c921811007f42c5aa16c7455b78e3777'", "  config.secret_key = 'b53c261c67d269e7f175bb368d9545401d032922118f53d6bb27d8566c89f4888'", ''].join('\n');
    const at = (needle: string) => [text.lastIndexOf('\n', text.indexOf(needle)) + 1, text.indexOf(needle)] as const;
    assert.equal(lineContext(text, 'config/initializers/devise.rb', ...at('a42b15'), true, false), 'example');
    assert.equal(lineContext(text, 'config/initializers/devise.rb', ...at('b53c26'), true, false), undefined, 'a key set in use');
    assert.equal(lineContext(text, 'config/initializers/other.rb', ...at('a42b15'), true, false), undefined, "Devise's initializer only");
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
      for (const p of ['app/i18n/de/sub.php', 'lang/de/texts.php', 'resources/lang/so-SO/mail.php', 'application/language/spanish/site_lang.php']) assert.equal(isLocalisationPath(p), true, p);
      // A backup copy of a catalogue.
      assert.equal(isLocalisationPath('frontend/src/locales/pt.json.backup'), true);
      for (const p of ['config/appsettings.json', 'src/settings.py', '.env', 'deploy/values.yaml', 'config/database.php']) assert.equal(isLocalisationPath(p), false, p);
    });

    it('tells prose from credentials', () => {
      for (const v of ['HTTP-Passwort', 'Passwort-Wiederherstellung', 'Password_for_the_user', 'Mot_de_passe', 'Password.not.set.for.%s', 'Kennwort', 'Contraseña_incorrecta', 'Adding_password_{0}', 'Contrase&#241;a']) assert.equal(isProse(v), true, v);
      for (const v of ['OAuth-2-Applikatiounen', 'Web3-Onboard-Autorisierung fehlgeschlagen', 'Web3-Onboard-Autorisierung', 'OAuth2 Anmeldung fehlgeschlagen']) assert.equal(isProse(v), true, v);
      for (const v of ['hT7qW2xLz9', 'Summer2024!', 'R4nd0m!Passw0rd%2024', 'k8#Lm2$q', 'Summer2024-Winter', 'Pass12-Word', 'ab1-cd2-ef3']) assert.equal(isProse(v), false, v);
    });
  });
});
