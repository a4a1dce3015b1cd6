/**
 * Text from a repository, a pull request or another tool's SARIF, made safe to show: used by the
 * task (PR comments) and the hub alike, so a name looks the same everywhere.
 *
 * Bidirectional controls can make `invoice\u202Efdp.exe` display as `invoiceexe.pdf`, so they
 * are shown as code points. Markdown written for a PR comment gets untrusted text either in a
 * code span or block (never rendered as Markdown, never linked, never HTML) or escaped so that
 * no link, image, HTML, autolink or mention can come out of it.
 */

/** Right-to-left and left-to-right embeddings, overrides, isolates and marks, and the Arabic letter mark. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const codePoint = (c: string) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

/** `a\u202Eb` -> `a<U+202E>b`. */
export function escapeBidi(text: string): string {
  return text.replace(BIDI, codePoint);
}

/** True when the text holds a bidirectional control (the hub flags such names). */
export function hasBidi(text: string): boolean {
  return new RegExp(BIDI.source).test(text);
}

/**
 * One display line: bidi controls and other control characters shown as code points, line
 * breaks (CR, LF, NEL, LS, PS) folded into spaces.
 */
export function displayLine(text: string): string {
  return escapeBidi(text)
    .replace(/\s*(?:\r\n|[\r\n\u0085\u2028\u2029])+\s*/g, ' ')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, codePoint);
}

/**
 * A Markdown code span holding `text` literally: one line, delimited by one more backtick than
 * its longest backtick run, padded so a leading or trailing backtick stays inside. `inTable`
 * escapes `|`, which GFM tables split on even inside code.
 */
export function markdownCode(text: string, opts: { inTable?: boolean } = {}): string {
  let t = displayLine(text);
  if (opts.inTable) t = t.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence} ${t} ${fence}`;
}

/** A fenced code block holding `text` (folded to one line), its fence longer than any backtick run in it. */
export function markdownCodeBlock(text: string): string {
  const t = displayLine(text);
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${t}\n${fence}`;
}

const ZWSP = '\u200B';

/**
 * Untrusted text as Markdown prose: one line; HTML characters as entities; every ASCII
 * punctuation character backslash-escaped (no emphasis, link, image, heading, table or code
 * syntax); and the triggers renderers act on after unescaping (autolinks `x://`, `www.`, bare
 * domains and e-mail addresses, `@` mentions, `#123` work items, `!123` pull requests) broken
 * with a zero-width space, which linkifiers do not read as part of a link.
 */
export function markdownText(text: string): string {
  return displayLine(text)
    .replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
    .replace(/:(?=\/\/)/g, `:${ZWSP}`)
    .replace(/([.@])(?=[\p{L}\p{N}])/gu, `$1${ZWSP}`)
    .replace(/([#!])(?=\d)/g, `$1${ZWSP}`)
    .replace(/[\\`*_{}[\]()#+\-.!|~"'=:^$%]/g, (c) => `\\${c}`);
}
