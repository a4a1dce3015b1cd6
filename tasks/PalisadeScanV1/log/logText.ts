/**
 * Text from a repository, a pull request, a SARIF file or a server made safe to print on an
 * Azure Pipelines agent. The agent reads every output line (split at LF, CR or CRLF) and runs
 * the first `##vso[` it finds anywhere in it as a logging command; the web log formats lines
 * starting with `##[` (`##[error]`, `##[section]`...) and renders ANSI escapes. So, in one
 * printed line:
 * - line breaks (CR, LF, NEL, U+2028, U+2029) and every other control character except TAB are
 *   shown as `<U+000A>`: untrusted text can never start a new agent line;
 * - `##vso[` and `##[` (in any case) become `# #vso[` / `# #[`: never a command, never a format;
 * - bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and other
 *   invisible, default-ignorable characters (zero-width space and joiners, soft hyphen, BOM,
 *   variation selectors, tags...) are shown as `<U+202E>`: a name cannot display as something
 *   else, and a culture-sensitive search for `##vso[` (which skips ignorable characters) cannot
 *   find one hidden inside `#\u00AD#vso[`.
 * Logging-command escaping (`%`, `;`, `]`) is task-lib's job, not this module's: the output of
 * `neutralise` goes into task-lib unchanged and is escaped there once.
 */

const UNSAFE =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\u{e0000}-\u{e0fff}\u{d800}-\u{dfff}]/gu;
const MARKER = /#(?=#(?:vso)?\[)/gi;
const HAS_MARKER = /##(?:vso)?\[/i;

const codePoint = (c: string) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`;

/** One safe line: see the module comment. Idempotent on its own output. */
export function neutralise(text: string): string {
  let out = text.replace(UNSAFE, codePoint);
  // A marker rebuilt by an earlier replacement (`###vso[`): repeat until none is left.
  while (HAS_MARKER.test(out)) out = out.replace(MARKER, '# ');
  return out;
}
