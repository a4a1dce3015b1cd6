import { lineAt, linesAbove, linesBelow } from '../text/lineWalk';

/**
 * What the text around a secret says it is, whatever the file's path: a line of a REPL session
 * or a doc comment's example, a docstring's or an Ansible module's documentation, PowerShell
 * help's `.EXAMPLE`, code shown on a page, a sample introduced by prose, a template's note to
 * replace its values, a Rust test module. Pure: works on the decoded text and offsets into it,
 * reading a few hundred lines around a finding at most, once per finding.
 */

/**
 * A line of a REPL session or of an example in documentation comments: Python's doctest prompts
 * (`>>> `, `... `), Ruby's irb and pry prompts (`irb(main):001:0> `, `irb> `), Elixir's (`iex> `,
 * `iex(1)> `: its doctests) and the result
 * marker of Ruby's API docs (`user.authenticate("vr00m")  # => user`), and a comment line that
 * says it shows one (`// example: DOTENV_KEY="dotenv://:key_1234@…"`, `# e.g. …`, `// the API responds
 * with "Session Token-> …"`, `# a URL that looks like …`). What such a line holds was
 * typed to show a call, not to configure one, like the code of an examples folder.
 */
const EXAMPLE_LINE = /^\s*(?:(?:#|\/\/|\*|--)\s*)?(?:>>>|\.\.\.|(?:irb|pry)(?:\([^)]*\))?(?::\d+)*[>*]|iex(?:\([^)]*\))?>)[ \t]|#\s?=>\s|^\s*(?:#{1,3}|\/\/|\*|--)\s*(?:for\s+)?(?:examples?|e\.g\.)\s*[:,]?\s|^\s*(?:#{1,3}|\/\/|\*|--).*?\b(?:e\.g\.|for (?:example|instance)|examples?:|looks? (?:something )?like|(?:should|will|would|must) be like|responds? with)/i;

export function isExampleLine(line: string): boolean {
  return EXAMPLE_LINE.test(line);
}

/**
 * The comment styles whose blocks hold documentation: a block comment's `*` lines (JSDoc, Javadoc,
 * PHPDoc), `///` lines (C#'s XML documentation, Rust's docs), `//` lines and `#` lines (Ruby's RDoc,
 * Python, shell and YAML comments; `#define`, `#!` and `#{` are no comments), and R's roxygen
 * `#'` lines.
 */
const DOC_LINES = { star: /^\s*\*(?!\/)/, slash: /^\s*\/\/\//, line: /^\s*\/\/(?!\/)/, hash: /^\s*#{1,3}(?:[ \t]|$)/, roxygen: /^\s*#'/ } as const;
type DocStyle = keyof typeof DOC_LINES;

/** A code fence inside a comment (Markdown in doc comments: ``` or ~~~). */
const DOC_FENCE = /^\s*(?:\*|\/\/\/?|#{1,3})\s*(?:```|~~~)/;
/**
 * A comment line that introduces what follows as a sample: `# recieve a URL that looks something like this:`, `// For example:`,
 * `* The response looks like:`, and an endpoint's request shown in its doc comment (`* BODY:`, `* Request payload:`).
 */
const SAMPLE_INTRO = /\b(?:examples?|e\.g\.|for instance|looks? (?:something )?like|(?:should|will|would|must) be like|like this|such as|sample|responds? with|response|body|request|payload)\b[^:]*:\s*$/i;
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
  } else if (style === 'roxygen') {
    // `@examples` and `@examplesIf` open the example; any other tag closes it.
    if (/^\s*#'\s*@examples(?:If)?\b/.test(prev)) return true;
    if (/^\s*#'\s*@[a-zA-Z]/.test(prev)) return false;
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
  if (style === undefined) return /^\s*#\S/.test(line) && isUnderFollowingExamples(text, lineStart);
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

/** A comment that announces the lines after it as examples (`#The following examples change the user's password to "user23pwd".`). */
const FOLLOWING_EXAMPLES = /^\s*#.*\bthe following (?:examples?|lines? (?:are|is) (?:an )?examples?)\b/i;

/**
 * Whether a setting commented out without a blank after `#` (a vendor's sample configuration:
 * Yealink's provisioning templates, shipped with every PBX that provisions its phones) sits at most
 * three comment lines under a comment that announces what follows as examples.
 */
function isUnderFollowingExamples(text: string, lineStart: number): boolean {
  for (const prev of linesAbove(text, lineStart, 3)) {
    if (!/^\s*#/.test(prev)) return false;
    if (FOLLOWING_EXAMPLES.test(prev)) return true;
  }
  return false;
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

/** The attributes that open an Elixir module's or function's documentation (`@doc """`, `@moduledoc ~S"""`). */
const ELIXIR_DOC_OPEN = /^\s*@(?:module|type)?doc\s+(?:~[sS])?"""\s*$/;

/**
 * Whether the line starting at `lineStart` of an Elixir file sits in a documentation heredoc
 * (`@doc """`, `@moduledoc """`): Markdown for ExDoc, whose examples and doctests (a library's
 * `secret = "kjoy3o1…"` beside `Phoenix.Token.sign`, a sample RSA key under `## Configuration`)
 * show how to call the code. A heredoc closes on a line of its quotes alone, so the nearest
 * quotes above say whether the line is inside one.
 */
export function isInElixirDoc(text: string, lineStart: number): boolean {
  if (TRIPLE_QUOTE.test(lineAt(text, lineStart))) return false;
  for (const prev of linesAbove(text, lineStart, 1000)) if (prev.includes('"""')) return ELIXIR_DOC_OPEN.test(prev);
  return false;
}

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

/**
 * Whether the line starting at `lineStart` sits in the example of a triple-quoted string: inside
 * a Markdown code fence of it (a Python docstring in Markdown, FastAPI's `Authorization: Bearer
 * deadbeef12346` shown as the header a client sends: an odd count of fence lines between it and
 * the string's quotes above), or under its examples heading (localstack's `Example:` over the
 * key ids a function maps). Code between strings holds neither, so a closing quote above finds none.
 */
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

/** The file a template's note says to make of it (`# Copy this to .env.vpn and fill in …`). */
const COPY_TO = /\b(?:copy|rename|save|move)\s+(?:this(?:\s+file)?|it)\s+(?:to|as)\s+[`'"]?([\w.-]+)/i;

/**
 * Whether a comment at most 12 lines above says to replace the values with one's own (certbot
 * DNS plugins' credential templates, each from the plugin's documentation): a template's
 * made-up values. A real key left under such a comment is still reported, one step lower. Not
 * when the note names this very file as the copy to make (`# Copy this to .env.vpn and fill in
 * your credentials` in `.env.vpn`): the template was copied and filled in, its values are real.
 */
export function isUnderReplaceNote(text: string, lineStart: number, path = ''): boolean {
  const file = path.slice(path.lastIndexOf('/') + 1);
  for (const prev of linesAbove(text, lineStart, 12)) {
    if (!REPLACE_INTRO.test(prev)) continue;
    const copy = COPY_TO.exec(prev);
    return !(copy && file !== '' && copy[1] === file);
  }
  return false;
}

/**
 * Devise's generator writes a random `secret_key` into every new app's initializer, commented out
 * (Devise uses the app's `secret_key_base` unless it is set): a line of the template, in no use.
 */
export function isDeviseTemplateKey(path: string, line: string): boolean {
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

/** A setting or argument named `example` just before the value (`example: "`, `example="`, `"example": "`, `x-example: `). */
const EXAMPLE_ARGUMENT = /(?:^|[^\w-])(?:x-)?examples?["'`]?[ \t]*(?::|=>?)[ \t]*(?:\[[ \t]*)?["'`]?(?:(?:Bearer|Basic|Token)[ \t]+)?$/i;
/** Nothing before the value on its line but an opening quote and an authorization scheme. */
const VALUE_ALONE = /^[ \t]*["'`]?(?:(?:Bearer|Basic|Token)[ \t]+)?$/i;

/**
 * Whether the value is given to an `example` setting or argument, on its line or at the end of
 * the line above (`example:` and the value below it): an API schema's sample value (OpenAPI's
 * `example`, OpenApiSpex's and pydantic's `example=`), written to show the format in the docs.
 */
export function isExampleArgument(text: string, lineStart: number, valueAt: number): boolean {
  const before = text.slice(Math.max(lineStart, valueAt - 200), valueAt);
  if (EXAMPLE_ARGUMENT.test(before)) return true;
  if (valueAt - lineStart > before.length || !VALUE_ALONE.test(before)) return false;
  const above = linesAbove(text, lineStart, 1).next().value;
  return above !== undefined && EXAMPLE_ARGUMENT.test(above.trimEnd());
}
