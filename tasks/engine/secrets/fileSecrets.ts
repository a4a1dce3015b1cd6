import type { Diagnostic, Finding } from '../../contract/findings';
import { fingerprint } from '../findings/fingerprint';
import { LineIndex } from '../text/lineIndex';
import { standInBytes } from '../text/standInText';
import { maskSecret } from '../findings/mask';
import type { SecretDetector, SecretHit } from './detector';
import { isCodeReference, isExpandedAtRunTime } from './codeReference';
import { isUnusedClientSecret } from './publicClient';
import { isInsideEncodedData } from './encodedData';
import { isLocalisationPath, isLockfilePath, isProse, isSealedSecretData, isSealedSecretFile, isSequenceDataPath, lineContext, lowerSeverity } from './findingContext';
import { InlineSuppressions, SUPPRESSION_MARKER } from '../findings/suppressions';

export interface TextScanResult {
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** Raw secret values, only for the task's `setsecret`; never written anywhere. */
  secrets: string[];
}

/** Scans one decoded text. `path` is relative to the scan root, `/`-separated. */
export function scanText(text: string, path: string, detector: SecretDetector, knownRuleIds: ReadonlySet<string>, skipRules?: ReadonlySet<string>): TextScanResult {
  if (isSequenceDataPath(path)) return noFindings();
  return findingsOf(detector.detect(text, skipRules, path), () => text, path, detector, knownRuleIds);
}

/**
 * scanText on the bytes a text is decoded from (see SecretDetector.detectBytes): `text` is
 * called only when a rule's regular expression runs or the suppression marker may be there.
 */
export function scanTextBytes(bytes: Uint8Array, utf8: boolean, text: () => string, path: string, detector: SecretDetector, knownRuleIds: ReadonlySet<string>, skipRules?: ReadonlySet<string>): TextScanResult {
  // Sequence data is letters by the thousand (a FASTA file runs to megabytes): a key's shape in it
  // is chance, so the rules do not run on it at all.
  if (isSequenceDataPath(path)) return noFindings();
  let decoded: string | undefined;
  const once = () => (decoded ??= text());
  // Multi-byte UTF-8 decodes to a two-byte string: the rules try a one-byte stand-in first.
  return findingsOf(detector.detectBytes(bytes, utf8, once, skipRules, utf8 ? () => standInBytes(bytes) : undefined, path), once, path, detector, knownRuleIds);
}

function noFindings(): TextScanResult {
  return { findings: [], diagnostics: [], secrets: [] };
}

function findingsOf(hits: SecretHit[], textOf: () => string, path: string, detector: SecretDetector, knownRuleIds: ReadonlySet<string>): TextScanResult {
  // The detector's pass tells when the marker cannot be there (most files): no second search.
  const hasMarker = detector.markerSeen && textOf().includes(SUPPRESSION_MARKER);
  if (hits.length === 0 && !hasMarker) return noFindings();
  const text = textOf();
  const lines = new LineIndex(text);
  const suppressions = hasMarker ? new InlineSuppressions(text, lines, knownRuleIds, path) : undefined;
  const findings: Finding[] = [];
  const secrets: string[] = [];
  const localisation = isLocalisationPath(path);
  const lockfile = isLockfilePath(path);
  const sql = /\.sql$/i.test(path);
  let sealed: boolean | undefined;
  let records: boolean | undefined;
  // One finding per rule, line and value: a value repeated along one line (a minified bundle, a
  // diagram's one-line export holding the same signed URL 42 times) is one place to fix, and its
  // copies would share one fingerprint.
  let seen: Set<string> | undefined;
  for (const h of hits) {
    // In message catalogues a "password" key holds the word's translation, not a password.
    if (localisation && h.rule.spec.generic && isProse(h.secret)) continue;
    // In a lockfile a generic hit outside a URL is the tool's own data (a checksum beside a name).
    if (lockfile && h.rule.spec.generic && !text.slice(text.lastIndexOf('\n', h.start - 1) + 1, h.start).includes('://')) continue;
    // A password hash in SQL is a row of a users table: seed data (an app's demo users) or a dump.
    // Of 32 such rows read on real repositories (five sets), 25 were no credential; the other 7 were
    // one product's default user (Nacos' nacos/nacos, in 7 copies of its schema): a default to
    // change, which a hash does not tell. The hash of a system's login (`/etc/shadow`, `.htpasswd`,
    // a config's value) is still reported.
    // So is one in an INSERT statement elsewhere (a dump saved as `.db` or `.txt`, a seed in code).
    // So is one in a JSON file of a database's records (Django's `dumpdata`, `mongoexport
    // --jsonArray`, a seed's users), also under a generic rule's name (Django's `pbkdf2_sha256$…`).
    const hash = h.rule.spec.tags?.includes('password-hash') === true || (h.rule.spec.generic === true && STORED_HASH.test(h.secret));
    if (hash && (sql || isInsertedRow(text, h.start) || (records ??= isJsonRecords(path, text)))) continue;
    // A bare name in code (a constant, a variable, a type) is where a value is kept, not the value.
    if (h.checksum !== 'valid' && isCodeReference(text, h.start, h.end, path)) continue;
    // A script's value that ends with a variable is made when the script runs.
    if (h.rule.spec.generic && isExpandedAtRunTime(text, h.start, h.end, path)) continue;
    // The secret of an OAuth client that uses none (public or bearer-only): never a way in.
    if (h.rule.spec.generic && isUnusedClientSecret(text, h.start)) continue;
    // A SealedSecret's ciphertext (`encryptedData`): only the cluster can open it.
    if (h.checksum !== 'valid' && (sealed ??= isSealedSecretFile(path, text)) && isSealedSecretData(text, text.lastIndexOf('\n', h.start - 1) + 1)) continue;
    // A token's shape met by chance inside base64 data (an embedded image) is part of that data.
    if (h.checksum !== 'valid' && isInsideEncodedData(text, h.start, h.end)) continue;
    const start = lines.position(h.start);
    const rule = h.rule;
    const key = `${rule.spec.id}\0${start.line}\0${h.secret}`;
    if (seen?.has(key)) continue;
    (seen ??= new Set()).add(key);
    const end = lines.position(h.end);
    const f: Finding = {
      ruleId: rule.spec.id,
      kind: 'secret',
      severity: rule.severity,
      message: `${rule.spec.title} found in ${path}. Revoke it, then move it to a secret store.`,
      path,
      region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
      preview: maskSecret(h.secret),
      fingerprint: fingerprint(rule.spec.id, path, h.secret),
    };
    if (h.checksum) {
      // A failed checksum lowers confidence (rules with `unvalidated: lower`); a valid one is proof.
      f.properties = { checksum: h.checksum };
      if (h.checksum === 'invalid') f.severity = lowerSeverity(f.severity);
    }
    if (h.filler) {
      // Peers report such values; a sequence-built value is more often a fake than a key, so it
      // is shown but does not weigh like one.
      f.properties = { ...f.properties, confidence: 'low' };
      f.severity = lowerSeverity(lowerSeverity(f.severity));
      f.message = `${rule.spec.title} found in ${path}; the value looks like a filler (a sequence or one character repeated). If it is a real key, revoke it, then move it to a secret store.`;
    }
    // Marked here, where the line is at hand; markPathContext lowers it as it does an example path's.
    const context = lineContext(text, path, lines.lineStart(start.line), h.start, rule.spec.generic === true, h.checksum === 'valid');
    if (context) f.properties = { ...f.properties, context };
    const sup = suppressions?.match(start.line, rule.spec.id);
    if (sup) f.suppression = sup;
    findings.push(f);
    secrets.push(h.secret);
  }
  return { findings, diagnostics: suppressions?.diagnostics ?? [], secrets };
}

/**
 * Findings of the path rules on one file: a committed key store is a secret whatever its bytes
 * (binary, so its text is never scanned). Its path is no secret: nothing goes to `setsecret`.
 */
export function scanPath(path: string, detector: SecretDetector, skipRules?: ReadonlySet<string>): Finding[] {
  return detector.detectPath(path, skipRules).map((h) => ({
    ruleId: h.rule.spec.id,
    kind: 'secret',
    severity: h.rule.severity,
    message: `${h.rule.spec.title}: ${path} is committed. Revoke what it holds, then remove it and keep it in a secure store.`,
    path,
    region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
    // The file's name stands for its content, which is never read or shown.
    preview: `(file) ${path.slice(path.lastIndexOf('/') + 1)}`,
    fingerprint: fingerprint(h.rule.spec.id, path, h.secret),
    // PR threads and annotations go on the file, not on a line of it.
    properties: { wholeFile: true },
  }));
}

/**
 * Whether the text at `at` is a value of an SQL INSERT's row: its line holds `INSERT INTO` or
 * `VALUES (`, or is one of the row tuples (lines starting with `(`) that follow such a line; or
 * of a row code inserts into a table or collection (`users.insert(User(…, "$2a$10$…"))`, Slick;
 * `db.users.insertOne({…})`, `bulkInsert`), a seed as much as a dump's row is.
 */
function isInsertedRow(text: string, at: number): boolean {
  let lineStart = text.lastIndexOf('\n', at - 1) + 1;
  if (INSERT_OR_VALUES.test(text.slice(lineStart, at))) return true;
  // Up a statement written over lines, to its first (a migration's `INSERT INTO users (…)` over
  // `VALUES (` and one value a line, or its `ON CONFLICT … DO UPDATE SET password_hash = '…'`).
  for (let from = lineStart, n = 0; n < STATEMENT_LINES && from > 0; n++) {
    const above = text.lastIndexOf('\n', from - 2) + 1;
    const line = text.slice(above, from);
    if (line.includes(';')) break;
    if (INSERT_OR_VALUES.test(line)) return true;
    from = above;
  }
  // Up the rows of a multi-row INSERT to the line that starts it (a dump's rows run to thousands).
  for (let rows = 0; rows < MAX_ROWS && ROW_START.test(text.slice(lineStart, lineStart + 64)) && lineStart > 0; rows++) {
    const above = text.lastIndexOf('\n', lineStart - 2) + 1;
    const line = text.slice(above, lineStart);
    if (INSERT_OR_VALUES.test(line)) return true;
    lineStart = above;
  }
  return false;
}

/** A password hash as frameworks store one: crypt's `$id$` forms and Django's `algorithm$…` ones. */
const STORED_HASH = /^(?:\$(?:2[abxy]|1|5|6|apr1|y|7|argon2(?:id|i|d))\$|(?:pbkdf2_sha(?:1|256|512)|argon2|bcrypt(?:_sha256)?|scrypt)\$)/;

/**
 * A JSON file of a database's records: an array at its top, whose records say they are a store's
 * (MongoDB's `_id`/`$oid`, Django's `"model": "app.model"`) or whose path says seed, dump, export or
 * backup. Not an application's own list of its logins (txAdmin's `admins.json`, a `users.json` a
 * server authenticates against), which is the system's login file, as `.htpasswd` is.
 */
function isJsonRecords(path: string, text: string): boolean {
  if (!/\.json$/i.test(path) || !/^\s*\[\s*[{\n]/.test(text.slice(0, 64))) return false;
  return /"(?:_id|\$oid)"\s*:|"model"\s*:\s*"[a-z_]+\.[a-z_]+"/.test(text.slice(0, 2000)) || RECORDS_PATH.test(path);
}
const RECORDS_PATH = /(?:^|[/._-])(?:seeds?|seeders?|seeding|dumps?|exports?|backups?|mongo(?:db)?(?:[-_]data)?)(?:[/._-]|$)/i;

const INSERT_OR_VALUES = /\binsert[ \t]+(?:ignore[ \t]+)?into\b|\bvalues[ \t]*\(|\.(?:insert(?:One|Many|All)?|bulkInsert)[ \t]*\(/i;
const ROW_START = /^[ \t]*\(/;
const MAX_ROWS = 20000;
/** How many lines up a statement's first line is looked for. */
const STATEMENT_LINES = 30;
