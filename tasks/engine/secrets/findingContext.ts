import { pathContextOf, SEVERITIES, type Finding, type PathContext, type Severity } from '../../contract/findings';
import { lineAt, linesAbove } from '../text/lineWalk';
import { isDeviseTemplateKey, isExampleArgument, isExampleLine, isInAnsibleDocString, isInDocExample, isInElixirDoc, isInHelpExample, isInMarkupCode, isInResultRun, isInRustTestModule, isInStringExample, isIntroducedAsSample, isUnderReplaceNote } from './textContext';

/**
 * Where a secret finding sits says how much it is likely to matter: most secrets in test and
 * fixture trees are fakes made for the test, and those in examples and samples are values made
 * up to show an API (awscli's examples, `.env.example`). Such findings are kept (a real key in
 * a test or an example is still a leak) but marked, and by default one severity lower, so gates
 * and triage can tell them apart. Pure: works on paths relative to the scan root, `/`-separated.
 */

/** Folder names (any depth, case-insensitive) that hold tests or their data. */
const TEST_DIRS = new Set([
  'test', 'tests', '__tests__', 'testing', 'spec', 'specs', '__specs__', 'e2e', 'testdata', 'test-data', 'test_data',
  'fixture', 'fixtures', '__fixtures__', 'testfixtures', 'mocks', '__mocks__', 'mock', 'stubs', '__snapshots__',
  'testcases', 'test-cases', 'unittests', 'unit-tests', 'integrationtests', 'integration-tests', 'testresources',
  // Go's fakes and ignored test data (`_testdata/`, echo's `_fixture/`), cupaloy's snapshots, helpers made for tests.
  '_testdata', '_fixture', '_fixtures', '.snapshots', 'stub', 'fake', 'fakes', 'testhelper', 'testhelpers', 'testutil', 'testutils', 'testsupport',
  // A package of helpers for HTTP tests, named after Go's net/http/httptest (iris' `httptest/netutils.go` holds a localhost key).
  'httptest',
  'test-support', 'test_support', '__test-support__', '__test_support__',
  // What a Ruby gem ships for its users' tests (Spree's and Solidus' `lib/…/testing_support/factories`).
  'testing_support', 'testing-support', 'testingsupport',
  // A suite is a set of tests (authelia's `internal/suites/OIDC/users.yml`, one per end-to-end run).
  'suites', 'testsuites', 'test-suites', 'test_suites',
  // Seed data: the users and rows a development or test database starts with (Knex's and Node apps'
  // `seeds/`, Sequelize's `seeders/`, Laravel's `database/seeders/`).
  'seeds', 'seeders', 'seed', 'seed-data', 'seed_data', 'seeding',
  // Tests kept apart by a leading underscore (a Rust crate's `src/_tests/`).
  '_test', '_tests',
  // Cucumber's steps in Ruby, Java or JavaScript (`features/step_definitions/`): the scenarios' code.
  'step_definitions',
  // Ansible Molecule's test scenarios of a role (`roles/x/molecule/default/converge.yml`).
  'molecule',
]);

/**
 * File names of tests: `x.test.ts`, `x.spec.js`, `x_test.go`, `test_x.py`, `XTests.cs`, `XTest.java`, `conftest.py`,
 * a `test` part inside the name (`identityserver.test.rsa.p12`, `janitor_test_helper.go`, `appsettings.test.json`),
 * mocks and fixtures, the data a test runs against (`api.mock.ts`, `mock_data.py`, `mockUsers.json`, `TemplateMock.php`,
 * `auth_session_fixtures.go`),
 * Gherkin scenarios (`x.feature`: Cucumber, Behat, SpecFlow), which are test specifications by their format,
 * seed scripts (`seed.ts`, Rails' `db/seeds.rb`, `seedUsers.js`, Laravel's `UserSeeder.php`),
 * HTTP request files (`api.http`, `x.rest`: Visual Studio's, JetBrains' and REST Client's requests that try an API by hand,
 * mostly against a local server), JUnit's other naming (`TestCrudUser.java`, which Maven's Surefire runs as a test too),
 * the environment a test run loads (`.env.test`: dotenv, Hanami, Next.js), and
 * test runners' configuration and setup (`phpunit.xml.dist`, `jest.config.js`, `jest.setup.js`, `setupTests.ts`, `tox.ini`, `pytest.ini`, `.mocharc.yml`...).
 */
const TEST_FILE = /(?:^|[._-])(?:test|tests|spec|specs|mock|mocks|fixture|fixtures)\.[A-Za-z0-9]+$|(?:^|[._-])(?:tests?|mocks?|fixtures?)[._-]|^mocks?[A-Z]|^test_[^/]+\.py$|_(?:test|TEST|Test)\.[A-Za-z0-9]+$|[a-z0-9](?:Test|Tests|Spec|Specs|Mock|Mocks)\.[A-Za-z0-9]+$|^conftest\.py$|^Test[A-Z][A-Za-z0-9]*\.(?:java|kt|groovy|scala)$|^\.env\.test(?:\.local)?$|\.feature$|\.(?:http|rest)$|^seed(?:s|er|ers|ing)?(?:[-_.A-Z][\w.-]*)?\.[A-Za-z0-9]+$|[a-z0-9]Seeder\.[A-Za-z0-9]+$|^(?:phpunit\.xml(?:\.dist)?|(?:jest|vitest|karma|playwright|cypress|wdio|nightwatch)\.(?:conf(?:ig)?|setup)\.[a-z]+|setupTests\.[jt]sx?|cypress\.json|tox\.ini|pytest\.ini|\.mocharc(?:\.[a-z]+)?)$/;

/** A folder name ending in Test(s)/Spec(s) with a capital, as .NET and Java projects name them (`Foo.Tests`, `FooTests`). */
const TEST_PROJECT_DIR = /(?:^|[.\-_])(?:Tests?|UnitTests?|IntegrationTests?|Specs?)$|[a-z](?:Tests?|Specs?)$/;

/** A folder name that starts or ends with the word test(s) after a dash or underscore: `Tests-Legacy`, `test_helpers`, `integration-test`, `smoke-test`. */
const TEST_WORD_DIR = /^tests?[-_][A-Za-z0-9]|[A-Za-z0-9][-_]tests?$/i;

export function isTestPath(path: string): boolean {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  for (const d of parts) if (TEST_DIRS.has(d.toLowerCase()) || TEST_PROJECT_DIR.test(d) || TEST_WORD_DIR.test(d)) return true;
  return TEST_FILE.test(file);
}

/**
 * Folder names (any depth, case-insensitive) of examples and samples, and of documentation: code
 * and data made to show how to use something (a tutorial's SECRET_KEY, a middleware's sample
 * private key in traefik's reference pages, an Authorization header in a log format's example).
 */
const EXAMPLE_DIRS = new Set(['example', 'examples', '_examples', 'sample', 'samples', '_samples', 'docs', 'doc', '_docs', 'documentation']);
/**
 * Documentation trees named docs-… or docs_… (`docs_src`, `docs-src`, and `docs-ref-autogen`,
 * `docs-ref-conceptual` in Microsoft's reference repositories), or …-docs (`api-docs`, the pages
 * of an application's own API reference).
 */
const DOCS_WORD_DIR = /^docs?[-_][a-z]|[a-z][-_]docs?$/;

/** A folder named as an example of something (`ctools_plugin_example`, `react-example`). */
const NAMED_EXAMPLE_DIR = /^[a-z0-9]+(?:[_-][a-z0-9]+)*[_-]examples?$/;

/** Extensions of configuration, data, documents and key files: what a template or an example file is (`elk-example.p8`). */
const EXAMPLE_EXT = '(?:json|jsonc|ya?ml|toml|ini|cfg|conf|config|env|properties|xml|txt|md|rst|pem|key|p8|crt|cer|der)';
/**
 * File names of examples and templates, lower-cased: `.env.example`, `config.sample.yml`,
 * `examples-1.json` (botocore's API examples), `example.env`, `sample_settings.json`. The word
 * stands alone between separators (`resample.py` and `exampleService.ts` are not examples), and
 * a program file must be one by name (`settings.py.example`): `sample.py` or `audio_sample.c`
 * is more often code about samples than an example. A program whose name starts with the word
 * example (`example_basic.php`, `example-client.go`) is one: a library's demo, copied beside it;
 * so is one whose name has it before the extension (`config.sample.php`).
 */
const EXAMPLE_FILE = new RegExp(`(?:^|[._-])(?:examples?|samples?)(?:[._-]\\d+)?(?:\\.${EXAMPLE_EXT})?$|^(?:examples?|samples?)[._-](?:[^/]*\\.)?${EXAMPLE_EXT}$|^examples?[_-][a-z0-9]|\\.(?:examples?|samples?)\\.[a-z0-9]+$`);

/**
 * The first segments of a reverse-domain package name: `com/example/` is the package a Java or
 * Kotlin project gets by default (Spring Initializr, Android Studio: com.example.myapp) and often
 * keeps, so there the folder names the application's own code, not an example of it.
 */
const PACKAGE_ROOTS = new Set(['com', 'org', 'net', 'io', 'edu']);

/**
 * Documents: Markdown, reStructuredText, AsciiDoc, R's manual pages. What they hold is shown to readers (a
 * README's `createTokenAuth("ghp_PersonalAccessToken0124…")`, a release note's config), like an
 * example's; a real key pasted into one is still reported, one step lower. So are their
 * templates (helm-docs' `README.md.gotmpl`).
 */
const DOCUMENT_FILE = /\.(?:md|markdown|mdx|rst|adoc|asciidoc|Rd)(?:\.(?:gotmpl|tmpl|tpl|j2|jinja2?|hbs|mustache|erb))?$/i;

/**
 * PowerShell's help: a module's MAML pages (`Az.Storage.dll-Help.xml`, `MyModule-help.xml`),
 * which `Get-Help` shows with their examples' keys, connection strings and signed links, and its
 * `about_*.help.txt` topics. Documents, shipped inside every copy of the module.
 */
const POWERSHELL_HELP_FILE = /-help\.xml$|^about_[\w.-]+\.help\.txt$/i;

/**
 * What a browser's "Save page as… complete" writes beside the page: `Name_files/` holding the
 * page's scripts, frames and styles (`analytics.js.download`, `f.txt`, `ads.html`). A copy of a
 * site's own page kept as data (a scraper's reference, a write-up's evidence): the keys in it are
 * that site's, sent to every visitor, shown as the page showed them.
 */
const SAVED_PAGE_DIR = /^[^/]+_files$/;
const SAVED_PAGE_FILE = /\.(?:download|js|css|html?|txt)$/i;

/**
 * Storybook's stories (`EmailTemplates.stories.jsx`, `Button.stories.mdx`): a component shown with
 * made-up props, an example by its format. And a dotenv file's template (`.env.template`,
 * `backend.env.tmpl`), which people copy to `.env` and fill in. Only dotenv's: other `.template`
 * and `.tmpl` files are rendered as they stand (nginx's envsubst templates, consul-template).
 */
const STORY_OR_ENV_TEMPLATE_FILE = /\.stories\.(?:[jt]sx?|mdx|vue|svelte)$|^(?:[\w-]+)?\.env\.(?:template|tmpl)$/i;

export function isExamplePath(path: string): boolean {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  if (DOCUMENT_FILE.test(file) || POWERSHELL_HELP_FILE.test(file) || STORY_OR_ENV_TEMPLATE_FILE.test(file)) return true;
  if (/\.download$/i.test(file) || (parts.length > 0 && SAVED_PAGE_DIR.test(parts[parts.length - 1]) && SAVED_PAGE_FILE.test(file))) return true;
  for (let i = 0; i < parts.length; i++) {
    const d = parts[i].toLowerCase();
    if (!EXAMPLE_DIRS.has(d) && !DOCS_WORD_DIR.test(d) && !NAMED_EXAMPLE_DIR.test(d)) continue;
    if ((d === 'example' || d === 'sample') && i > 0 && PACKAGE_ROOTS.has(parts[i - 1].toLowerCase())) continue;
    return true;
  }
  return EXAMPLE_FILE.test(file.toLowerCase());
}

/** Where a path sits: tests first (a test inside an example tree is a test), then examples. */
export function pathContext(path: string): PathContext | undefined {
  if (isTestPath(path)) return 'test';
  return isExamplePath(path) ? 'example' : undefined;
}

/**
 * Pipeline definitions of the usual CI services: GitHub Actions, Azure Pipelines, GitLab CI,
 * CircleCI, Travis, Bitbucket, Drone, AppVeyor, and YAML under a `.ci/` folder (Redash's compose files for CI).
 */
const CI_DEFINITION = /(?:^|\/)(?:\.github\/workflows\/.+|azure-pipelines[^/]*|\.azure-pipelines\/.+|\.gitlab-ci|\.gitlab\/ci\/.+|\.circleci\/.+|\.travis|bitbucket-pipelines|\.drone|appveyor|\.ci\/.+)\.ya?ml$/i;

/** The keys under which a pipeline defines the containers a job runs beside it or in. */
const SERVICE_KEYS = new Set(['services', 'container', 'containers']);

/**
 * Whether the line starting at `lineStart` of a CI definition sits under a job's service or
 * container definition (`services: postgres: env: POSTGRES_PASSWORD: …`, Azure Pipelines'
 * `resources: containers:`): the password of a database made for the job and gone after it.
 * A variable or a step's setting elsewhere in the file (a deployment's password) is not.
 */
export function isCiServiceLine(path: string, text: string, lineStart: number): boolean {
  if (!CI_DEFINITION.test(path)) return false;
  // A service's settings are a few lines below its key.
  for (const key of keysAbove(text, lineStart, 300)) if (SERVICE_KEYS.has(key.toLowerCase())) return true;
  return false;
}

/** A YAML or JSON line's key (`- name:`, `"name":`). */
const KEY_OF_LINE = /^[ \t]*(?:-[ \t]+)?["']?([\w.$-]+)["']?[ \t]*:/;

/**
 * The keys of the mappings that hold the line starting at `lineStart`, by indentation, nearest
 * first (YAML, and JSON written one member a line), looking at most `max` lines up.
 */
function* keysAbove(text: string, lineStart: number, max: number): Generator<string> {
  for (const prev of enclosingLines(text, lineStart, max)) {
    const key = KEY_OF_LINE.exec(prev)?.[1];
    if (key !== undefined) yield key;
  }
}

/**
 * The lines that enclose the line at `lineStart` by indentation, nearest first: each the closest
 * line above indented less than the one before (blank and `#` comment lines skipped; a YAML
 * list item's `- ` counts as indentation), within `max` lines.
 */
function* enclosingLines(text: string, lineStart: number, max: number): Generator<string> {
  const line = lineAt(text, lineStart);
  let limit = line.length - line.replace(/^[ \t-]+/, '').length;
  for (const prev of linesAbove(text, lineStart, max)) {
    if (limit === 0) return;
    if (/^\s*(?:#.*)?$/.test(prev)) continue;
    const leading = prev.length - prev.replace(/^[ \t]+/, '').length;
    if (leading >= limit) continue;
    yield prev;
    limit = leading;
  }
}

/** Sections of an environment-keyed YAML file that no production server reads. */
const NON_PRODUCTION_SECTIONS = new Set(['development', 'test']);
/** A top-level key on a line of its own (`development:`, `production: &prod`). */
const TOP_LEVEL_SECTION = /^([A-Za-z_][\w-]*):[ \t]*(?:&[\w-]+[ \t]*)?(?:#.*)?$/;
const PRODUCTION_SECTION = /^production:[ \t]*(?:&[\w-]+[ \t]*)?(?:#.*)?$/m;

/**
 * Whether the line starting at `lineStart` of a YAML file sits in its `development:` or `test:`
 * section, in a file that keeps a `production:` section beside them: Rails' `config/secrets.yml`
 * and `database.yml`, whose generator writes a `secret_key_base` for development and for test
 * into the file and reads production's from the environment. Values for a developer's machine
 * and a test run, reported one step lower; a file with no production section says nothing of
 * what its sections are for.
 */
export function isNonProductionSection(path: string, text: string, lineStart: number): boolean {
  if (!/\.ya?ml$/i.test(path) || !/^[ \t]/.test(lineAt(text, lineStart))) return false;
  for (const prev of linesAbove(text, lineStart, 400)) {
    if (/^(?:[ \t]|#|$)/.test(prev)) continue;
    const section = TOP_LEVEL_SECTION.exec(prev)?.[1];
    return section !== undefined && NON_PRODUCTION_SECTIONS.has(section) && PRODUCTION_SECTION.test(text);
  }
  return false;
}

/** Phoenix's configuration for every environment (up to 1.5) and for a developer's machine (1.6 on). */
const PHOENIX_SHARED_OR_DEV_CONFIG = /(?:^|\/)config\/(?:config|dev)\.exs$/;
/** The endpoint's signing key as `mix phx.new` writes it: 64 characters of base64. */
const GENERATED_SECRET_KEY_BASE = /^[ \t]*secret_key_base:[ \t]*"[A-Za-z0-9+/]{64}"/;

/**
 * Whether the line is the `secret_key_base` Phoenix's generator wrote into `config/config.exs`
 * (up to 1.5) or `config/dev.exs` (1.6 on): the cookie key of a developer's server and of test
 * runs. Every version's generator also writes production's elsewhere (`prod.secret.exs`, which
 * it kept out of git until 1.3 and later made read the environment, or `runtime.exs`), so this
 * one is no production key unless someone removed that. As Rails' `secrets.yml` development
 * section, it is reported one step lower.
 */
export function isPhoenixDevSecretKeyBase(path: string, line: string): boolean {
  return PHOENIX_SHARED_OR_DEV_CONFIG.test(path) && GENERATED_SECRET_KEY_BASE.test(line);
}

const SEALED_SECRET_KIND = /^kind:[ \t]*["']?SealedSecret["']?[ \t]*$|"kind":[ \t]*"SealedSecret"/m;

/** Whether a YAML or JSON file declares a Bitnami SealedSecret (asked once per file, see isSealedSecretData). */
export function isSealedSecretFile(path: string, text: string): boolean {
  return KEYED_DATA_FILE.test(path) && SEALED_SECRET_KIND.test(text);
}

/**
 * Whether the line starting at `lineStart` of a SealedSecret's file (isSealedSecretFile) holds a
 * value of its `encryptedData`: ciphertext only the cluster's controller can open, made to be
 * committed. A value in its `template` is plain text and stays a finding.
 */
export function isSealedSecretData(text: string, lineStart: number): boolean {
  for (const key of keysAbove(text, lineStart, 300)) if (key === 'encryptedData') return true;
  return false;
}

/** Keys whose values are samples: OpenAPI's and JSON Schema's `example(s)`, `x-example`, and a TOML descriptor's `Example`. */
const EXAMPLE_KEYS = /^(?:x-)?(?:examples?|samples?)$/i;
const KEYED_DATA_FILE = /\.(?:ya?ml|json|toml)$/i;
/** A TOML multi-line string's opening under an example's key (`Example = '''`), and a closing line. */
const TOML_EXAMPLE_OPEN = /^\s*["']?(?:examples?|samples?)["']?\s*=\s*(?:'''|""")/i;
const TOML_STRING_CLOSE = /(?:'''|""")\s*$/;

/**
 * Whether the line starting at `lineStart` of a YAML, JSON or TOML file is a sample by its key:
 * under `example:` / `examples:` (OpenAPI: authelia's token examples), or the key itself on
 * that line, or inside a TOML multi-line string opened by `Example = '''` (lego's provider
 * descriptors show every DNS provider's variables with made-up keys there).
 */
export function isUnderExampleKey(path: string, text: string, lineStart: number): boolean {
  if (!KEYED_DATA_FILE.test(path)) return false;
  const own = KEY_OF_LINE.exec(lineAt(text, lineStart))?.[1];
  if (own !== undefined && EXAMPLE_KEYS.test(own)) return true;
  if (/\.toml$/i.test(path)) {
    for (const prev of linesAbove(text, lineStart, 80)) {
      if (TOML_EXAMPLE_OPEN.test(prev)) return true;
      if (TOML_STRING_CLOSE.test(prev)) return false;
    }
    return false;
  }
  for (const key of keysAbove(text, lineStart, 300)) if (EXAMPLE_KEYS.test(key)) return true;
  return false;
}

/**
 * Words that say a value is made up, in the name it is assigned to (`TEST_FAKE_RSA_KEY_0`, a
 * seeder's pool of keys; `dummyToken`, `mock_password`, `"testSecret":`): test data wherever its
 * file sits. `test` counts too: a key kept for a test environment is reported, one step lower.
 */
const FAKE_WORDS = new Set(['fake', 'dummy', 'mock', 'mocked', 'bogus', 'stub', 'test', 'testing']);

/**
 * The name at the end of the text in front of a value, with its assignment: `NAME = "`,
 * `NAME: &str = "`, `"name": "`, `name: `, `$name = '`, `cfg['name'] = `, `name := `, `name => '`.
 */
const ASSIGNED_NAME = /([A-Za-z_$][\w$.-]*)["'`]?\]?\s*(?::\s*&?(?:'static\s+)?[\w<>[\]]+\s*)?(?:=>|:=|=|:)\s*@?[rbuRBU]{0,2}["'`]?\s*$/;

/** A PEM armour line closing the text in front of its body (`"-----BEGIN PRIVATE KEY-----\n`, escaped or not). */
const ARMOUR_TAIL = /-----BEGIN [A-Z0-9 ]+-----(?:\\r)?(?:\\n)?\s*$/;

/**
 * Whether the value after `before` (the text of its line in front of it; `previous`, the line
 * before, when the value starts its line, as a PEM body under its armour line does) is assigned
 * to a name made of words that say it is fake or for tests.
 */
export function isFakeHolder(before: string, previous?: string): boolean {
  // The name sits just in front: a bounded tail keeps the search linear on a minified line.
  let text = before.slice(-200).replace(ARMOUR_TAIL, '');
  if (/^[\s"'`]*$/.test(text) && previous !== undefined) text = previous.slice(-200).replace(ARMOUR_TAIL, '');
  const name = ASSIGNED_NAME.exec(text)?.[1];
  if (!name) return false;
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/);
  return words.some((w) => FAKE_WORDS.has(w));
}

/** How far up, and through how many enclosing lines, a structure's name is looked for. */
const STRUCTURE_LINES = 60;
const STRUCTURE_LEVELS = 3;

/**
 * Whether the line at `lineStart` sits inside a list, map or call opened under a name that says
 * its data is made up (`const dummyUsers = [`, `"mockUsers": [`, `TEST_ACCOUNTS = {`,
 * `val fakeUsers = listOf(`): a seed of login buttons for a demo, a fixture inlined in code. The
 * enclosing lines are found by their smaller indentation, up to three levels up.
 */
export function isInFakeStructure(text: string, lineStart: number): boolean {
  let levels = 0;
  for (const prev of enclosingLines(text, lineStart, STRUCTURE_LINES)) {
    const open = /[[{(][ \t]*$/.exec(prev);
    // A call that makes the structure (`listOf(`, `dict(`) stands between the name and the bracket.
    if (open && isFakeHolder(prev.slice(0, open.index).replace(/[\w.]+[ \t]*$/, ''))) return true;
    if (++levels === STRUCTURE_LEVELS) return false;
  }
  return false;
}

/**
 * What the line of a secret says of it, wherever its file sits: `example` on a REPL or doc
 * example line, in a doc comment's example, an Ansible module's or an Elixir module's
 * documentation, under an example key, in code shown on a page or (a generic rule's value) under
 * a note to replace the values; `test` for a generic rule's value in a CI job's service
 * container, in a Rust test module, or one assigned to a fake's name or inside a structure named
 * so, or kept in a YAML file's development or test section, or Phoenix's generated development
 * key, unless a checksum proves it real (`proven`).
 * `valueAt`: where the value starts on the line at `lineStart`.
 */
export function lineContext(text: string, path: string, lineStart: number, valueAt: number, generic: boolean, proven: boolean): PathContext | undefined {
  if (isExampleLine(lineAt(text, lineStart)) || isInDocExample(text, lineStart) || isInHelpExample(text, lineStart) || isInStringExample(text, lineStart) || isInResultRun(text, lineStart) || isIntroducedAsSample(text, lineStart, valueAt) || isUnderExampleKey(path, text, lineStart) || isExampleArgument(text, lineStart, valueAt)) return 'example';
  // A note to replace the values speaks of a generic rule's made-up value; a vendor's key under
  // one is that vendor's key (a project's demo Google Maps key, `replace with your own key`).
  if (isInMarkupCode(path, text, valueAt) || (generic && isUnderReplaceNote(text, lineStart, path))) return 'example';
  if (isDeviseTemplateKey(path, lineAt(text, lineStart)) || (path.endsWith('.py') && isInAnsibleDocString(text, lineStart)) || (/\.exs?$/.test(path) && isInElixirDoc(text, lineStart))) return 'example';
  // A password a pipeline gives the database it starts for a job (a generic rule's: a vendor's token there is a leak).
  if (generic && isCiServiceLine(path, text, lineStart)) return 'test';
  if (path.endsWith('.rs') && isInRustTestModule(text, lineStart)) return 'test';
  if (!proven && isFakeHolder(text.slice(lineStart, valueAt), linesAbove(text, lineStart, 1).next().value ?? undefined)) return 'test';
  if (!proven && (isNonProductionSection(path, text, lineStart) || isInFakeStructure(text, lineStart))) return 'test';
  if (generic && !proven && isPhoenixDevSecretKeyBase(path, lineAt(text, lineStart))) return 'test';
  return undefined;
}

/** One step less severe (`note` stays `note`). */
export function lowerSeverity(s: Severity): Severity {
  return SEVERITIES[Math.min(SEVERITIES.indexOf(s) + 1, SEVERITIES.length - 1)];
}

/** How secret findings in test and example paths are treated (`.palisade.yml` `secrets.testPaths`). */
export type TestPathPolicy = 'lower' | 'mark';

/**
 * Marks secret findings in test and example paths with `properties.context` (`test`,
 * `example`) and, under the `lower` policy (the default), lowers their severity one step
 * (recording the rule's severity in `properties.ruleSeverity`). Code findings of the rules in
 * `lowerCodeRules` (a rule's `testPaths: lower`: a weakness that tests commit on purpose, such
 * as TLS checks off against a local server) are always marked and lowered in test paths: the
 * secrets policy does not speak for them. Not in examples: examples are written to be copied
 * into programs, weaknesses and all, while a made-up key in one is copied as a placeholder.
 */
export function markPathContext(findings: Finding[], policy: TestPathPolicy = 'lower', lowerCodeRules?: ReadonlySet<string>): void {
  for (const f of findings) {
    const code = f.kind === 'code' && lowerCodeRules?.has(f.ruleId) === true;
    if (f.kind !== 'secret' && !code) continue;
    // Marked by its line wherever its file is (see fileSecrets): a REPL or doc-comment example is
    // an example; a value under a fake's name or in a CI job's service container is test data.
    const context = code ? (isTestPath(f.path) ? 'test' : undefined) : (pathContext(f.path) ?? pathContextOf(f));
    if (context === undefined) continue;
    const props = (f.properties ??= {});
    props.context = context;
    // Once: a finding marked and lowered before keeps the rule's severity in ruleSeverity.
    if ((policy === 'lower' || code) && props.ruleSeverity === undefined) {
      props.ruleSeverity ??= f.severity;
      f.severity = lowerSeverity(f.severity);
    }
  }
}

/**
 * Localisation and resource files: their values are text shown to users, so a key such as
 * `PasswordPrompt` or `loc.messages.PasswordNotSet` names a message, not a credential.
 */
const LOCALISATION_FILE = /(?:^|\/)(?:[^/]+\.(?:resjson|resx|resw|po|pot|xlf|xliff|arb|strings|stringsdict)|task\.loc\.json|(?:messages|strings|resources|localizable|translations?)(?:[._-][A-Za-z]{2,3}(?:[_-][A-Za-z]{2,4})?)?\.(?:json|properties|ya?ml|ini))$/i;
const LOCALISATION_DIR = /(?:^|\/)(?:locales?|i18n|l10n|lang|langs|languages?|translations?|Strings|Resources\/[a-z]{2}(?:-[A-Za-z]{2,4})?\.lproj)\//i;

/** PHP too: Laravel's `lang/de/texts.php`, CodeIgniter's `language/spanish/site_lang.php` and FreshRSS' `app/i18n/de/sub.php` return arrays of translations. */
export function isLocalisationPath(path: string): boolean {
  // A backup copy is the catalogue it copies (`locales/pt.json.backup`).
  path = path.replace(/\.(?:bak|backup|orig|old|save)$/i, '');
  return LOCALISATION_FILE.test(path) || (LOCALISATION_DIR.test(path) && /\.(?:json|ya?ml|properties|ini|resjson|resx|po|js|ts|php)$/i.test(path));
}

/** Format placeholders of messages: `%s`, `%1$s`, `{0}`, `{name}`, `%(name)s`. */
const FORMAT_TOKEN = /%(?:\([A-Za-z_]\w*\))?\d*\$?[sdifuxXo@]|\{[A-Za-z0-9_]*\}/g;

/**
 * A value made of words: letters only (any script), joined by spaces, `_`, `.`, `-` or format
 * placeholders; digits only closing a product's name among other words ("Web3-Onboard-Autorisierung
 * fehlgeschlagen"). A translated message, not a credential.
 */
export function isProse(value: string): boolean {
  // Letters may be written as HTML's numeric entities (`Contrase&#241;a`).
  const text = value.replace(/&#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}));/g, (_, hex: string | undefined, dec: string | undefined) => String.fromCodePoint(hex ? parseInt(hex, 16) : Number(dec))).replace(FORMAT_TOKEN, ' ');
  const words = text.split(/[\s_.\-:,;!?'’]+/).filter((w) => w !== '');
  if (words.length === 0) return false;
  if (!/\d/.test(text)) return words.every((w) => /^\p{L}+$/u.test(w));
  // Words naming a product with a number (Web3, OAuth2): words of letters, some ending in a digit
  // or two, and two real words at least.
  // A number of its own between words too (`OAuth-2-Applikatiounen`).
  return words.every((w) => /^\p{L}+\d{0,2}$|^\d{1,2}$/u.test(w)) && words.filter((w) => /^\p{L}{4,}$/u.test(w)).length >= 2;
}

/**
 * Package managers' lockfiles: what they hold is written by the tool (names, versions, checksums,
 * integrity hashes, URLs), never typed by a person, so a name that holds a credential's word
 * (`AppAuth: 501c04eda8…`, a CocoaPods checksum) says nothing of the value beside it. Only a URL
 * there can carry a credential someone configured (a registry's `https://user:token@…`).
 */
const LOCKFILE = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lock|deno\.lock|Podfile\.lock|Package\.resolved|Cartfile\.resolved|Cargo\.lock|Gemfile\.lock|composer\.lock|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|go\.sum|packages\.lock\.json|paket\.lock|mix\.lock|pubspec\.lock|flake\.lock|gradle\.lockfile|conan\.lock|vcpkg-lock\.json)$/;

export function isLockfilePath(path: string): boolean {
  return LOCKFILE.test(path);
}

/**
 * Biological sequence data (FASTA, alignments, reads, GenBank records): letters of nucleotides and
 * amino acids by the thousand, where a key id's shape (`AKIA` and 16 capitals) turns up by chance
 * and no person writes a credential.
 */
const SEQUENCE_DATA = /\.(?:fasta|fas|fa|fna|faa|ffn|frn|mfa|aln|fastq|fq|sam|vcf|gbk|gb|embl|phy|nex|sto)$/i;

export function isSequenceDataPath(path: string): boolean {
  return SEQUENCE_DATA.test(path);
}
