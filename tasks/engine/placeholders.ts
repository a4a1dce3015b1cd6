/**
 * Values that look like credentials but are references or placeholders: pipeline and template
 * variables, environment look-ups, `<your-token>`, `xxxx`, documented example keys.
 */

const REFERENCE = [
  /\$\(/, // Azure Pipelines macro $(var)
  /\$\{/, // ${VAR}, ${{ secrets.X }}
  /\{\{/, // mustache / helm / GitHub expressions
  /\$\[/, // runtime expressions $[variables.x]
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $VAR
  /^%[A-Za-z_][A-Za-z0-9_]*%$/, // %VAR%
  /process\.env/i,
  /os\.environ/i,
  /getenv/i,
  /GetEnvironmentVariable/i,
  /secretKeyRef|valueFrom/,
  /^<[^<>]*>$|<[A-Za-z][A-Za-z0-9 _.-]*>/, // <your-token>
];

const PLACEHOLDER_WORDS = [
  'xxxx', '****', '....', '____', '----',
  'example', 'placeholder', 'changeme', 'change_me', 'change-me', 'redacted', 'dummy',
  'your_', 'your-', 'yourtoken', 'yourkey', 'yourpassword', 'insert_', 'replace_', 'replaceme',
  'sample', 'notreal', 'not_real', 'not-a-real', 'mysecret', 'secret123', 'password123',
];

/** Keys published in vendor documentation as examples; reporting them only adds noise. */
const DOCUMENTED_EXAMPLES = new Set([
  // Azurite / Azure Storage Emulator well-known account key.
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
  // AWS documentation keys.
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
]);

export function isPlaceholder(secret: string): boolean {
  if (DOCUMENTED_EXAMPLES.has(secret)) return true;
  for (const re of REFERENCE) if (re.test(secret)) return true;
  const lower = secret.toLowerCase();
  for (const w of PLACEHOLDER_WORDS) if (lower.includes(w)) return true;
  return isRepetitive(secret);
}

/** Stricter checks for generic rules, whose values are not constrained by a vendor format. */
export function isGenericNonSecret(value: string): boolean {
  if (isPlaceholder(value)) return true;
  // Code references: a.b.c, this.token, config["x"], getToken()
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return true;
  if (/[()[\]]/.test(value)) return true;
  // Identifiers and words: my_password_field, PasswordHash, true/false/null.
  if (/^[a-z]+(?:[_-][a-z]+)*$/.test(value)) return true;
  if (/^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/.test(value)) return true;
  if (/^[A-Z]+(?:_[A-Z]+)*$/.test(value)) return true;
  // File paths and URLs without credentials are not passwords.
  if (/^(?:\.{0,2}\/|[A-Za-z]:\\|https?:\/\/)/.test(value)) return true;
  return false;
}

/** A value made of one or two characters repeated, or a run like 1234567890 / abcdef. */
function isRepetitive(s: string): boolean {
  if (s.length < 6) return false;
  const distinct = new Set(s).size;
  if (distinct <= 2) return true;
  let ascending = 0;
  for (let i = 1; i < s.length; i++) if (s.charCodeAt(i) === s.charCodeAt(i - 1) + 1) ascending++;
  return ascending >= s.length - 2;
}
