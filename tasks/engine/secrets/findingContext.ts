import { pathContextOf, SEVERITIES, type Finding, type PathContext, type Severity } from '../../contract/findings';
import { lineAt, linesAbove, linesBelow } from '../text/lineWalk';

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
  // Go's fakes and ignored test data (`_testdata/`), cupaloy's snapshots, helpers made for tests.
  '_testdata', '.snapshots', 'stub', 'fake', 'fakes', 'testhelper', 'testhelpers', 'testutil', 'testutils', 'testsupport',
  'test-support', 'test_support', '__test-support__', '__test_support__',
  // What a Ruby gem ships for its users' tests (Spree's and Solidus' `lib/…/testing_support/factories`).
  'testing_support', 'testing-support', 'testingsupport',
  // A suite is a set of tests (authelia's `internal/suites/OIDC/users.yml`, one per end-to-end run).
  'suites', 'testsuites', 'test-suites', 'test_suites',
]);

/**
 * File names of tests: `x.test.ts`, `x.spec.js`, `x_test.go`, `test_x.py`, `XTests.cs`, `XTest.java`, `conftest.py`,
 * a `test` part inside the name (`identityserver.test.rsa.p12`, `janitor_test_helper.go`, `appsettings.test.json`),
 * mocks and fixtures, the data a test runs against (`api.mock.ts`, `mock_data.py`, `mockUsers.json`, `TemplateMock.php`,
 * `auth_session_fixtures.go`),
 * Gherkin scenarios (`x.feature`: Cucumber, Behat, SpecFlow), which are test specifications by their format, and
 * test runners' configuration (`phpunit.xml.dist`, `jest.config.js`, `tox.ini`, `pytest.ini`, `.mocharc.yml`...).
 */
const TEST_FILE = /(?:^|[._-])(?:test|tests|spec|specs|mock|mocks|fixture|fixtures)\.[A-Za-z0-9]+$|(?:^|[._-])(?:tests?|mocks?|fixtures?)[._-]|^mocks?[A-Z]|^test_[^/]+\.py$|_test\.[A-Za-z0-9]+$|[a-z0-9](?:Test|Tests|Spec|Specs|Mock|Mocks)\.[A-Za-z0-9]+$|^conftest\.py$|\.feature$|^(?:phpunit\.xml(?:\.dist)?|(?:jest|vitest|karma|playwright|cypress|wdio|nightwatch)\.conf(?:ig)?\.[a-z]+|cypress\.json|tox\.ini|pytest\.ini|\.mocharc(?:\.[a-z]+)?)$/;

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

/** Extensions of configuration, data and documents: what a template or an example file is. */
const EXAMPLE_EXT = '(?:json|jsonc|ya?ml|toml|ini|cfg|conf|config|env|properties|xml|txt|md|rst)';
/**
 * File names of examples and templates, lower-cased: `.env.example`, `config.sample.yml`,
 * `examples-1.json` (botocore's API examples), `example.env`, `sample_settings.json`. The word
 * stands alone between separators (`resample.py` and `exampleService.ts` are not examples), and
 * a program file must be one by name (`settings.py.example`): `sample.py` or `audio_sample.c`
 * is more often code about samples than an example.
 */
const EXAMPLE_FILE = new RegExp(`(?:^|[._-])(?:examples?|samples?)(?:[._-]\\d+)?(?:\\.${EXAMPLE_EXT})?$|^(?:examples?|samples?)[._-](?:[^/]*\\.)?${EXAMPLE_EXT}$`);

/**
 * The first segments of a reverse-domain package name: `com/example/` is the package a Java or
 * Kotlin project gets by default (Spring Initializr, Android Studio: com.example.myapp) and often
 * keeps, so there the folder names the application's own code, not an example of it.
 */
const PACKAGE_ROOTS = new Set(['com', 'org', 'net', 'io', 'edu']);

/**
 * Documents: Markdown, reStructuredText, AsciiDoc. What they hold is shown to readers (a
 * README's `createTokenAuth("ghp_PersonalAccessToken0124…")`, a release note's config), like an
 * example's; a real key pasted into one is still reported, one step lower.
 */
const DOCUMENT_FILE = /\.(?:md|markdown|mdx|rst|adoc|asciidoc)$/i;

export function isExamplePath(path: string): boolean {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  if (DOCUMENT_FILE.test(file)) return true;
  for (let i = 0; i < parts.length; i++) {
    const d = parts[i].toLowerCase();
    if (!EXAMPLE_DIRS.has(d) && !DOCS_WORD_DIR.test(d)) continue;
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
 * A line of a REPL session or of an example in documentation comments: Python's doctest prompts
 * (`>>> `, `... `), Ruby's irb and pry prompts (`irb(main):001:0> `, `irb> `) and the result
 * marker of Ruby's API docs (`user.authenticate("vr00m")  # => user`), and a comment line that
 * says it shows one (`// example: DOTENV_KEY="dotenv://:key_1234@…"`, `# e.g. …`, `// the API responds
 * with "Session Token-> …"`, `# a URL that looks like …`). What such a line holds was
 * typed to show a call, not to configure one, like the code of an examples folder.
 */
const EXAMPLE_LINE = /^\s*(?:(?:#|\/\/|\*|--)\s*)?(?:>>>|\.\.\.|(?:irb|pry)(?:\([^)]*\))?(?::\d+)*[>*])[ \t]|#\s?=>\s|^\s*(?:#{1,3}|\/\/|\*|--)\s*(?:for\s+)?(?:examples?|e\.g\.)\s*[:,]?\s|^\s*(?:#{1,3}|\/\/|\*|--).*?\b(?:e\.g\.|for (?:example|instance)|examples?:|looks? (?:something )?like|(?:should|will|would|must) be like|responds? with)/i;

export function isExampleLine(line: string): boolean {
  return EXAMPLE_LINE.test(line);
}

/** The line that starts at `lineStart`, without its line break. */
/**
 * The comment styles whose blocks hold documentation: a block comment's `*` lines (JSDoc, Javadoc,
 * PHPDoc), `///` lines (C#'s XML documentation, Rust's docs), `//` lines and `#` lines (Ruby's RDoc,
 * Python, shell and YAML comments; `#define`, `#!` and `#{` are no comments).
 */
const DOC_LINES = { star: /^\s*\*(?!\/)/, slash: /^\s*\/\/\//, line: /^\s*\/\/(?!\/)/, hash: /^\s*#{1,3}(?:[ \t]|$)/ } as const;
type DocStyle = keyof typeof DOC_LINES;

/** A code fence inside a comment (Markdown in doc comments: ``` or ~~~). */
const DOC_FENCE = /^\s*(?:\*|\/\/\/?|#{1,3})\s*(?:```|~~~)/;
/** A comment line that introduces what follows as a sample: `# recieve a URL that looks something like this:`, `// For example:`, `* The response looks like:`. */
const SAMPLE_INTRO = /\b(?:examples?|e\.g\.|for instance|looks? (?:something )?like|(?:should|will|would|must) be like|like this|such as|sample|responds? with|response)\b[^:]*:\s*$/i;
/** A `#` comment's heading over examples: `==== Examples` (RDoc), `Example:`, `Usage:`, PowerShell help's `.EXAMPLE`. */
const HASH_EXAMPLE_HEADING = /^\s*#{1,3}\s*(?:=+\s*)?\.?(?:examples?|usage|for example)\s*:?\s*$/i;
/**
 * The keywords of PowerShell's comment-based help that start its other sections (about_Comment_Based_Help):
 * a line under one of them is no longer in the example above it.
 */
const HELP_SECTION = /^\s*(?:<#\s*|#\s*)?\.(?:SYNOPSIS|DESCRIPTION|PARAMETER|INPUTS|OUTPUTS|NOTES|LINK|COMPONENT|ROLE|FUNCTIONALITY|FORWARDHELPTARGETNAME|FORWARDHELPCATEGORY|REMOTEHELPRUNSPACE|EXTERNALHELP)\b/i;
const HELP_EXAMPLE = /^\s*(?:<#\s*)?\.EXAMPLE\s*$/i;

/** What a comment line above says of the lines below it: they are an example, they are not, or nothing. */
function docLineVerdict(style: DocStyle, prev: string): boolean | undefined {
  if (SAMPLE_INTRO.test(prev)) return true;
  if (style === 'star') {
    if (prev.includes('@example')) return true;
    const open = Math.max(prev.lastIndexOf('<pre'), prev.lastIndexOf('{@code'));
    if (open >= 0 && prev.lastIndexOf('</pre>') < open) return true;
    if (prev.includes('</pre>') || /^\s*\*\s*@[a-z]/.test(prev)) return false;
  } else if (style === 'slash') {
    const open = Math.max(prev.lastIndexOf('<example>'), prev.lastIndexOf('<code>'));
    const close = Math.max(prev.lastIndexOf('</example>'), prev.lastIndexOf('</code>'));
    if (open > close) return true;
    if (close >= 0) return false;
  } else if (HASH_EXAMPLE_HEADING.test(prev)) return true;
  else if (HELP_SECTION.test(prev)) return false;
  return undefined;
}

/**
 * Whether the line starting at `lineStart` sits in an `.EXAMPLE` section of PowerShell's
 * comment-based help, a `<# … #>` block whose lines carry no comment mark (SqlServerDsc's
 * `$password = ConvertTo-SecureString -String 'MyP@ssw0rd' …` under `.EXAMPLE`): a call shown
 * to the reader of `Get-Help`.
 */
export function isInHelpExample(text: string, lineStart: number): boolean {
  if (lineAt(text, lineStart).includes('#>')) return false;
  let example: boolean | undefined;
  // A help block's example is short; its block opens within a few hundred lines.
  for (const prev of linesAbove(text, lineStart, 300)) {
    // A block closed above: the line is outside it.
    if (prev.includes('#>')) return false;
    if (example === undefined) {
      if (HELP_EXAMPLE.test(prev)) example = true;
      else if (HELP_SECTION.test(prev)) example = false;
    }
    if (prev.includes('<#')) return example === true;
  }
  return false;
}

/**
 * Whether the line starting at `lineStart` sits in a documentation comment's example: after the
 * `@example` tag of a JSDoc, Javadoc or PHPDoc block (before its next tag) or inside its `<pre>` /
 * `{@code` block (square's and the AWS SDK's generated clients, Spring's Javadoc show calls with
 * made-up credentials there), inside a C# `<example>` or `<code>` element, under an RDoc
 * `==== Examples` heading, an `Example:` comment line or a line that introduces a sample (`a URL
 * that looks like this:`, `The response:`), or inside a code fence in any of them.
 * Code there was written to show a call, as on a REPL line.
 */
export function isInDocExample(text: string, lineStart: number): boolean {
  const line = lineAt(text, lineStart);
  const style = (Object.keys(DOC_LINES) as DocStyle[]).find((k) => DOC_LINES[k].test(line));
  if (style === undefined) return false;
  // A sample in its own element on the line (`* <pre>pop3://PLAIN:admin:pass123@example.org</pre>`).
  if (style === 'star' ? /<pre[\s>]|\{@code\s/.test(line) : style === 'slash' && /<(?:code|example)>/.test(line)) return true;
  let fences = 0;
  // At most this many lines up: a doc comment's example is short (the AWS SDK's generated
  // examples, a request and its response, run to 150 lines).
  for (const prev of linesAbove(text, lineStart, 200)) {
    if (!DOC_LINES[style].test(prev)) break;
    if (DOC_FENCE.test(prev)) fences++;
    const verdict = docLineVerdict(style, prev);
    if (verdict !== undefined) return verdict || fences % 2 === 1;
  }
  // Inside a fence opened above (an odd count of fence lines between it and the comment's start).
  return fences % 2 === 1;
}

/** A `#` comment line indented as code inside it (RDoc's verbatim text: `#   user.save`). */
const HASH_CODE_LINE = /^\s*#[ \t]{2,}\S/;
const RESULT_MARK = /#\s?=>\s/;

/**
 * Whether the line starting at `lineStart` is in a run of code lines of a `#` comment (RDoc's
 * verbatim text) of which one shows a result (`# => user`): a REPL-style example, as Rails'
 * API docs write them (`user = User.new(name: 'david', password: 'mUc3m00RsqyRe')` two lines
 * above `user.authenticate_password('mUc3m00RsqyRe') # => user`). The run ends at a comment's
 * blank or prose line.
 */
export function isInResultRun(text: string, lineStart: number): boolean {
  if (!HASH_CODE_LINE.test(lineAt(text, lineStart))) return false;
  for (const prev of linesAbove(text, lineStart, 20)) {
    if (!HASH_CODE_LINE.test(prev)) break;
    if (RESULT_MARK.test(prev)) return true;
  }
  for (const next of linesBelow(text, lineStart, 20)) {
    if (!HASH_CODE_LINE.test(next)) break;
    if (RESULT_MARK.test(next)) return true;
  }
  return false;
}

const STRING_FENCE = /^\s*(?:```|~~~)/;
const TRIPLE_QUOTE = /"""|'''/;
/** A docstring's examples section: Google style (`Example:`), reST (`Examples::`), NumPy style (`Examples` over dashes). */
const STRING_EXAMPLE_HEADING = /^\s*(?:examples?|usage|for example)\s*(?::{1,2})?\s*$/i;
/** Its other sections, which end an example above them. */
const STRING_SECTION = /^\s*(?:args|arguments|parameters|params|returns?|yields?|raises|attributes|notes?|see also|todo|warnings?)\s*:?\s*$/i;
const UNDERLINE = /^\s*-{3,}\s*$/;

/**
 * Whether the line starting at `lineStart` sits in the example of a triple-quoted string: inside
 * a Markdown code fence of it (a Python docstring in Markdown, FastAPI's `Authorization: Bearer
 * deadbeef12346` shown as the header a client sends: an odd count of fence lines between it and
 * the string's quotes above), or under its examples heading (localstack's `Example:` over the
 * key ids a function maps). Code between strings holds neither, so a closing quote above finds none.
 */
/** The module-level strings an Ansible module documents itself in (`EXAMPLES = r'''`), rendered by ansible-doc. */
const ANSIBLE_DOC_STRING = /^(?:EXAMPLES|RETURN|DOCUMENTATION)\s*=\s*[rRuUbB]{0,2}(?:'''|""")/;

/**
 * Whether the line starting at `lineStart` of a Python file sits in an Ansible module's
 * `EXAMPLES`, `RETURN` or `DOCUMENTATION` string: tasks written to show the module
 * (`password: ZSuppas$$21!`) and the output it returns, as its documentation shows them.
 * Such a string runs to a few hundred lines.
 */
export function isInAnsibleDocString(text: string, lineStart: number): boolean {
  if (TRIPLE_QUOTE.test(lineAt(text, lineStart))) return false;
  for (const prev of linesAbove(text, lineStart, 800)) if (TRIPLE_QUOTE.test(prev)) return ANSIBLE_DOC_STRING.test(prev);
  return false;
}

export function isInStringExample(text: string, lineStart: number): boolean {
  if (TRIPLE_QUOTE.test(lineAt(text, lineStart))) return false;
  let fences = 0;
  let heading: boolean | undefined;
  let below = '';
  // A docstring's sample is short.
  for (const prev of linesAbove(text, lineStart, 80)) {
    if (TRIPLE_QUOTE.test(prev)) return fences % 2 === 1 || heading === true;
    if (STRING_FENCE.test(prev)) fences++;
    if (heading === undefined) {
      const underlined = UNDERLINE.test(below);
      if (STRING_EXAMPLE_HEADING.test(prev) && (underlined || /:\s*$/.test(prev))) heading = true;
      else if (STRING_SECTION.test(prev) && (underlined || /:\s*$/.test(prev))) heading = false;
    }
    below = prev;
  }
  return false;
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
  const line = lineAt(text, lineStart);
  let limit = line.length - line.replace(/^[ \t-]+/, '').length;
  for (const prev of linesAbove(text, lineStart, max)) {
    if (limit === 0) return;
    if (/^\s*(?:#.*)?$/.test(prev)) continue;
    const leading = prev.length - prev.replace(/^[ \t]+/, '').length;
    if (leading >= limit) continue;
    const key = KEY_OF_LINE.exec(prev)?.[1];
    if (key !== undefined) yield key;
    limit = leading;
  }
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

/**
 * Words of prose that introduce the token after them as a sample (`Must be in valid uri format
 * like dotenv://:key_1234@dotenvx.com/vault`, an error message's text; `e.g. https://u:p@host`).
 */
const INTRODUCED = /(?:^|[\s"'`(])(?:like|e\.g\.?|for (?:example|instance)|such as|examples?:)[ \t]*[:,]?[ \t]*["'`(]?$/i;

/**
 * Whether the token that holds the value at `valueAt` (back to the white space, quote or bracket
 * before it) is introduced by words that make it a sample.
 */
export function isIntroducedAsSample(text: string, lineStart: number, valueAt: number): boolean {
  let start = valueAt;
  while (start > lineStart && !/[\s"'`(<]/.test(text[start - 1])) start--;
  return INTRODUCED.test(text.slice(Math.max(lineStart, start - 120), start));
}

/** Markup files and templates, where `<pre>` and `<code>` show text to a reader. */
const MARKUP_FILE = /\.(?:html?|xhtml|twig|blade\.php|phtml|erb|haml|cshtml|razor|vue|svelte|hbs|handlebars|mustache|ejs|njk|jinja2?|j2|liquid)$/i;

/**
 * Whether `valueAt` of a markup file or template sits inside a `<pre>` or `<code>` element that
 * opens at most 50 lines above: code shown on a page (an application's own API guide, BookStack's
 * `curl --header 'Authorization: Token …'`), written for its readers.
 */
export function isInMarkupCode(path: string, text: string, valueAt: number): boolean {
  if (!MARKUP_FILE.test(path)) return false;
  let from = valueAt;
  for (let n = 0; n < 50 && from > 0; n++) from = text.lastIndexOf('\n', from - 1);
  const before = text.slice(Math.max(0, from), valueAt).toLowerCase();
  const open = Math.max(lastTag(before, '<pre'), lastTag(before, '<code'));
  return open >= 0 && open > Math.max(before.lastIndexOf('</pre'), before.lastIndexOf('</code'));
}

/** Where the last tag `<name` starts (not `<name…` of a longer name), or -1. */
function lastTag(text: string, open: string): number {
  for (let at = text.lastIndexOf(open); at >= 0; at = at > 0 ? text.lastIndexOf(open, at - 1) : -1) {
    const next = text.charCodeAt(at + open.length);
    if (Number.isNaN(next) || next === 62 || next === 32 || next === 9 || next === 10 || next === 13 || next === 47) return at;
  }
  return -1;
}

/** A comment that says the values of a template are to be replaced: `# Replace with your values`, `// fill in your own keys`. */
const REPLACE_INTRO = /^\s*(?:#|\/\/|;|--|\*|<!--)[^\n]*?\b(?:replace\b[^\n]{0,40}?\b(?:with|by) (?:your|yours)\b|fill in your\b)/i;

/**
 * Whether a comment at most 12 lines above says to replace the values with one's own (certbot
 * DNS plugins' credential templates, each from the plugin's documentation): a template's
 * made-up values. A real key left under such a comment is still reported, one step lower.
 */
export function isUnderReplaceNote(text: string, lineStart: number): boolean {
  for (const prev of linesAbove(text, lineStart, 12)) if (REPLACE_INTRO.test(prev)) return true;
  return false;
}

/**
 * Devise's generator writes a random `secret_key` into every new app's initializer, commented out
 * (Devise uses the app's `secret_key_base` unless it is set): a line of the template, in no use.
 */
function isDeviseTemplateKey(path: string, line: string): boolean {
  return path.endsWith('config/initializers/devise.rb') && /^\s*#\s*config\.secret_key\s*=/.test(line);
}

/** Rust's test module: `#[cfg(test)]` over `mod name {` (other attributes may sit between), its indentation first. */
const RUST_TEST_MODULE = /^([ \t]*)#\[cfg\(test\)\][ \t]*\r?\n(?:[ \t]*#\[[^\n]*\r?\n)*[ \t]*(?:pub(?:\([\w:]+\))?[ \t]+)?mod[ \t]+\w+[ \t]*\{/my;

/**
 * Whether the line starting at `lineStart` of a Rust file sits inside a test module: the
 * language's own place for unit tests, at the end of the source file they test
 * (`#[cfg(test)] mod tests { … }`), compiled only for `cargo test`. The module ends at the first
 * line that closes a block at its own indentation, as rustfmt writes it.
 */
export function isInRustTestModule(text: string, lineStart: number): boolean {
  let at = text.lastIndexOf('#[cfg(test)]', lineStart);
  while (at >= 0) {
    const start = text.lastIndexOf('\n', at) + 1;
    RUST_TEST_MODULE.lastIndex = start;
    const m = RUST_TEST_MODULE.exec(text);
    if (m && start + m[0].length <= lineStart) {
      const close = new RegExp(`\\n${m[1]}\\}[ \\t]*(?:\\r?\\n|$)`, 'g');
      close.lastIndex = start + m[0].length - 1;
      const end = close.exec(text);
      return end === null || end.index + 1 > lineStart;
    }
    at = at > 0 ? text.lastIndexOf('#[cfg(test)]', at - 1) : -1;
  }
  return false;
}

/**
 * What the line of a secret says of it, wherever its file sits: `example` on a REPL or doc
 * example line, in a doc comment's example or an Ansible module's documentation, under an example key, in code shown on a page or
 * (a generic rule's value) under a note to replace the values; `test` for a generic rule's value in a CI job's service
 * container, in a Rust test module, or one assigned to a fake's name unless a checksum proves it
 * real (`proven`). `valueAt`: where the value starts on the line at `lineStart`.
 */
export function lineContext(text: string, path: string, lineStart: number, valueAt: number, generic: boolean, proven: boolean): PathContext | undefined {
  if (isExampleLine(lineAt(text, lineStart)) || isInDocExample(text, lineStart) || isInHelpExample(text, lineStart) || isInStringExample(text, lineStart) || isInResultRun(text, lineStart) || isIntroducedAsSample(text, lineStart, valueAt) || isUnderExampleKey(path, text, lineStart)) return 'example';
  // A note to replace the values speaks of a generic rule's made-up value; a vendor's key under
  // one is that vendor's key (a project's demo Google Maps key, `replace with your own key`).
  if (isInMarkupCode(path, text, valueAt) || (generic && isUnderReplaceNote(text, lineStart))) return 'example';
  if (isDeviseTemplateKey(path, lineAt(text, lineStart)) || (path.endsWith('.py') && isInAnsibleDocString(text, lineStart))) return 'example';
  // A password a pipeline gives the database it starts for a job (a generic rule's: a vendor's token there is a leak).
  if (generic && isCiServiceLine(path, text, lineStart)) return 'test';
  if (path.endsWith('.rs') && isInRustTestModule(text, lineStart)) return 'test';
  if (!proven && isFakeHolder(text.slice(lineStart, valueAt), linesAbove(text, lineStart, 1).next().value ?? undefined)) return 'test';
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
const LOCALISATION_DIR = /(?:^|\/)(?:locales?|i18n|l10n|lang|langs|languages|translations?|Strings|Resources\/[a-z]{2}(?:-[A-Za-z]{2,4})?\.lproj)\//i;

/** PHP too: Laravel's `lang/de/texts.php` and FreshRSS' `app/i18n/de/sub.php` return arrays of translations. */
export function isLocalisationPath(path: string): boolean {
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
  const text = value.replace(FORMAT_TOKEN, ' ');
  const words = text.split(/[\s_.\-:,;!?'’]+/).filter((w) => w !== '');
  if (words.length === 0) return false;
  if (!/\d/.test(text)) return words.every((w) => /^\p{L}+$/u.test(w));
  // Words naming a product with a number (Web3, OAuth2): words of letters, some ending in a digit
  // or two, and two real words at least.
  // A number of its own between words too (`OAuth-2-Applikatiounen`).
  return words.every((w) => /^\p{L}+\d{0,2}$|^\d{1,2}$/u.test(w)) && words.filter((w) => /^\p{L}{4,}$/u.test(w)).length >= 2;
}
