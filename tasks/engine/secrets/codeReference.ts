/**
 * In a program, a value written without quotes is a name: a constant, a variable or a type
 * (`submitNewPassword: RESET_PASSWORD_V2_SUBMIT,`, `requestedPasswordAttribute: SignUpAttributeV2;`,
 * `exports.CLOUDFLARE_R2_REQUEST_KEY=CLOUDFLARE_R2_REQUEST_KEY`). A credential in code is a string
 * literal. In a script, a string that ends with a variable is built when it runs
 * (isExpandedAtRunTime). Pure: works on the file's text and the hit's offsets.
 */

/** Languages where a bare word is an identifier (not shells, configuration or documents, where it is text), and their source maps, which hold their code. */
const BARE_WORD_IS_NAME = /\.(?:[cm]?js|jsx|[cm]?ts|tsx|java|kts?|scala|groovy|cs|fs|vb|go|rs|swift|c|h|cc|cpp|cxx|hh|hpp|m|mm|py|rb|php|dart|lua|exs?|erl|clj)(?:\.map)?$/i;

/** An identifier, maybe dotted (`Config.DEFAULT_KEY`). */
const IDENTIFIER = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;

/** What may follow a name in an expression: an end of statement, a list, a call, an operator, a union. */
const AFTER_NAME = /^[ \t]*(?:[;,)\]}|&+?:(]|\r?$|\n|$)/;

/** A comment line: there a bare word is text again (`// password: Hq7Wm2Zx`). */
const COMMENT_LINE = /^\s*(?:\/\/|\/\*|\*|#|--|<!--)/;

const isNameChar = (c: string | undefined): boolean => c !== undefined && /[\w$]/.test(c);

/** How many other places of the name are looked at, at most. */
const MAX_USES = 200;

/**
 * Whether the hit `text.slice(start, end)` is a name in code: the file is a program, the value is
 * an identifier with no quote around it, on a line of code, followed by what follows a name, and
 * the same name is declared, imported, assigned or called elsewhere in the file, which a made-up
 * token never is.
 */
export function isCodeReference(text: string, start: number, end: number, path: string): boolean {
  if (!BARE_WORD_IS_NAME.test(path)) return false;
  const value = text.slice(start, end);
  if (!IDENTIFIER.test(value)) return false;
  const before = text[start - 1];
  if (before === '"' || before === "'" || before === '`' || isNameChar(before)) return false;
  if (!AFTER_NAME.test(text.slice(end, end + 8))) return false;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (COMMENT_LINE.test(text.slice(lineStart, start))) return false;
  // A bounded look: a name used thousands of times in a bundle is declared or imported early.
  let looked = 0;
  for (let at = text.indexOf(value); at >= 0 && looked < MAX_USES; at = text.indexOf(value, at + 1)) {
    if (at === start || isNameChar(text[at - 1]) || isNameChar(text[at + value.length])) continue;
    looked++;
    if (isCodeUse(text, at, at + value.length)) return true;
  }
  return false;
}

/** A declaration's keyword in front of a name (`export const X`, `interface X`, `def x`), maybe after modifiers. */
const DECLARED = /(?:^|[\s(;{])(?:const|let|var|function|class|interface|type|enum|struct|def|val|fun|func|static|final|readonly|public|private|protected|internal|export|module|namespace|typedef|define)\s+(?:[\w$<>[\],.?*&]+\s+)*$/;
/** A line that brings names in from elsewhere. */
const IMPORTS = /\bimport\b|\brequire\s*\(|^\s*from\s|^\s*using\s|#include|\buse\s/;

/**
 * Whether the name at `text.slice(at, end)` is used as code there: declared (after a keyword),
 * assigned or called (`= `, `(`), or on an import line. Two places where the same word stands as a
 * YAML value in a test's embedded document (`password: U0VDUkVUVkFM`) are not such uses.
 */
function isCodeUse(text: string, at: number, end: number): boolean {
  if (/^[ \t]*(?:=(?![=>])|\()/.test(text.slice(end, end + 8))) return true;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(Math.max(lineStart, at - 120), at);
  if (DECLARED.test(before)) return true;
  const lineEnd = text.indexOf('\n', end);
  // An import's list may be long (a bundle's one line of forty names) or span lines.
  if (IMPORTS.test(text.slice(Math.max(lineStart, at - 4000), lineEnd < 0 ? Math.min(text.length, end + 200) : Math.min(lineEnd, end + 200)))) return true;
  const brace = text.lastIndexOf('{', at);
  return brace >= 0 && at - brace < 4000 && !text.slice(brace, at).includes('}') && /\b(?:import|export)(?:\s+type)?\s*$/.test(text.slice(Math.max(0, brace - 20), brace));
}

/** Scripts whose double-quoted and bare strings expand variables: shells, PowerShell, Azure CLI scripts, Dockerfiles. */
const EXPANDING_SCRIPT = /(?:\.(?:sh|bash|zsh|ksh|ps1|psm1|azcli)|(?:^|\/)Dockerfile[^/]*)$/i;
/**
 * A value that ends with a variable's expansion (`Pa$$w0rD-$randomIdentifier`, `…${SUFFIX}`): a
 * name that starts with three letters, not a random password's `$` before `m2Zx9`.
 */
const ENDS_WITH_EXPANSION = /\$(?:[A-Za-z_]{3}[A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*\})$/;

/**
 * Whether a script builds the value when it runs: it ends with a variable's expansion
 * (`password="Pa$$w0rD-$randomIdentifier"`, Azure CLI samples' pattern for every resource), so
 * what is written is a prefix, never the credential a reader could use. Not in single quotes,
 * which expand nothing.
 */
export function isExpandedAtRunTime(text: string, start: number, end: number, path: string): boolean {
  if (!EXPANDING_SCRIPT.test(path) || text[start - 1] === "'") return false;
  return ENDS_WITH_EXPANSION.test(text.slice(start, end));
}
