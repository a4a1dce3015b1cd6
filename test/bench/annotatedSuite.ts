/**
 * Held-out accuracy on annotated test files: public test suites (kept outside this repository,
 * e.g. in /tmp) whose files mark, in a comment, the next code line as one a rule must report
 * (`ruleid: <id>`, `todoruleid: <id>`) or must not report (`ok: <id>`, `todook: <id>`); each rule's
 * YAML beside them gives its CWE (`metadata.cwe`). Palisade's built-in code rules scan every file
 * of a program language, and the figures are, per language and per CWE class:
 *  - expected found: share of must-report lines where a finding of a matching CWE class starts
 *    on the line or one line before or after it (for CodeQL's format: not on another must-report
 *    line), spans it, or has a step of its flow on it (a suite's tool may report a flow where the
 *    input enters, Palisade where it arrives);
 *  - clean flagged: share of must-not-report lines where a finding of a matching class starts.
 * Only labels whose CWE is a class Palisade scans in that language count; the others are listed
 * as excluded, so the figure measures detection within what is scanned, not coverage of classes.
 *
 * A second format, that of CodeQL's query tests, is read from files with no semgrep label whose
 * path has a `CWE-NNN` folder (the folder gives the class of every label in the file): inline
 * expectations after a comment's `$` (`$ Alert`, `$ Alert[id]`, `$ Alert=tag`, older query-named
 * tags such as `$xss` or `$ hasTaintFlow`, and `result=BAD` / `result=OK`), and the older
 * `NOT OK` / `OK` comments (`BAD` / `GOOD` only after code on the same line). See
 * parseExpectations for what each marker means here.
 *
 *   node out/test/bench/annotatedSuite.js DIR [--list LANGUAGE[:CWE]] [--json FILE]
 *   npm run bench:accuracy -- --annotated DIR
 *
 * `--list` prints the missed and wrongly flagged lines, for analysis only: no rule may key on a
 * suite's file or function names.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { EMPTY_CONFIG } from '../../tasks/engine/config/palisadeConfig';
import { languageOfPath } from '../../tasks/engine/code/languages';
import type { LoadedRule } from '../../tasks/engine/rules/ruleSpec';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../tasks/engine/run/ruleSet';

/** The languages scored, as the issue lists them (Razor views count as C#). */
export const SCORED_LANGUAGES = ['javascript', 'typescript', 'python', 'java', 'csharp', 'go'] as const;
export type ScoredLanguage = (typeof SCORED_LANGUAGES)[number];

export interface Annotation {
  /** 1-based line the label is about. */
  line: number;
  expected: boolean;
  /** Rule ids named by the label. */
  rules: string[];
  /** `todoruleid` / `todook`: the suite's own tool gets it wrong, the label is still the truth. */
  todo: boolean;
  /** CWEs of the label when the file gives them (CodeQL's format: the folder), not a rule's YAML. */
  cwes?: string[];
}

const LABEL = /(?:\/\/|#|\/\*|<!--|\{\/\*|@\*)\s*(todoruleid|ruleid|todook|ok)\s*:\s*([A-Za-z0-9_.\-]+(?:\s*,\s*[A-Za-z0-9_.\-]+)*)/;

/**
 * The labels of one file. A label after code is about its own line; a label alone on its line
 * is about the next line that is neither blank nor another label.
 */
export function parseAnnotations(text: string): Annotation[] {
  const lines = text.split(/\r?\n/);
  const out: Annotation[] = [];
  const labelOnly = (i: number): boolean => {
    const m = LABEL.exec(lines[i]);
    return !!m && lines[i].slice(0, m.index).trim() === '';
  };
  for (let i = 0; i < lines.length; i++) {
    const m = LABEL.exec(lines[i]);
    if (!m) continue;
    const kind = m[1];
    const rules = m[2].split(',').map((s) => s.trim()).filter(Boolean);
    let target = i;
    if (lines[i].slice(0, m.index).trim() === '') {
      target = i + 1;
      while (target < lines.length && (lines[target].trim() === '' || labelOnly(target))) target++;
      if (target >= lines.length) continue;
    }
    out.push({ line: target + 1, expected: kind === 'ruleid' || kind === 'todoruleid', rules, todo: kind.startsWith('todo') });
  }
  return out;
}

/**
 * The CWE of a CodeQL test file: its deepest folder named after one (`CWE-078`,
 * `CWE-089-SqlInjection`), with the number's leading zeros dropped so it matches the class table.
 */
export function cweOfPath(path: string): string | undefined {
  const dirs = path.split('/').slice(0, -1).reverse();
  for (const d of dirs) {
    const m = /^CWE[-_]?0*(\d+)(?![\d])/i.exec(d);
    if (m) return `CWE-${m[1]}`;
  }
  return undefined;
}

/** A tag of an inline expectation: `Alert`, `Alert[js/x]`, `Alert=r1`, `xss`, `result=BAD`. */
const TAG = /^([A-Za-z][\w-]*)(\[[^\]]*\])?(?:=("[^"]*"?|\S+))?$/;
/**
 * Tags that say nothing of a finding on their line: where a path starts or passes, a location
 * related to an alert elsewhere, and what a library model recognises (a cryptographic call, a
 * route set up, a regex that fails to parse) rather than what a query reports.
 */
const SILENT_TAGS = new Set(['Source', 'Sink', 'RelatedLocation', 'CryptographicOperation', 'routeSetup', 'hasParseFailure']);

/**
 * What an inline expectation (the text after `$`) says of its line: true = must be reported,
 * false = must not, undefined = nothing. In CodeQL's tests `MISSING:` before a tag marks a result
 * the query fails to report (still a true finding: must report) and `SPURIOUS:` one it reports
 * wrongly (must not report); both win over a plain tag on the same line (`$ Alert SPURIOUS:
 * result=BAD`: the query reports it, the dataflow test says it is not a flaw). `TODO-` prefixes
 * (undecided) and `Source`/`Sink` tags (and the others of SILENT_TAGS) say nothing. Prose after the tags (`$ Alert - why`) ends them.
 */
export function expectationVerdict(text: string): boolean | undefined {
  let prefix = '';
  let positive = false;
  let negative = false;
  // A quoted value is one token (`CryptographicOperation="DES. init from 2 lines above."`):
  // its words are not tags.
  for (const raw of text.trim().match(/(?:"[^"]*"?|\S)+/g) ?? []) {
    if (!raw) continue;
    // `$ Alert=r1 $ Alert=r2`: a repeated `$` starts the tags afresh.
    if (raw === '$') {
      prefix = '';
      continue;
    }
    if (/^(?:TODO-)?(?:MISSING|SPURIOUS):$/.test(raw)) {
      prefix = raw;
      continue;
    }
    const m = TAG.exec(raw);
    if (!m) break;
    const [, name, , value] = m;
    if (SILENT_TAGS.has(name) || prefix.startsWith('TODO-')) continue;
    // `result=OK` / `result=BAD` (Python's dataflow tests) carry their own verdict.
    const says = name === 'result' ? (value === 'BAD' ? true : value === 'OK' ? false : undefined) : true;
    if (says === undefined) continue;
    if (prefix === 'SPURIOUS:') {
      if (says) negative = true;
    } else if (prefix === 'MISSING:') {
      if (says) positive = true;
    } else if (says) positive = true;
    else negative = true;
  }
  return negative ? false : positive ? true : undefined;
}

/** Comment openers of a language for the CodeQL format (Python's `//` is division, C's `#` a directive). */
const commentOpeners = (language: string): string => (language === 'python' ? '#' : '\\/\\/|\\/\\*');

/**
 * The labels of a CodeQL query-test file (see the module comment), each with the CWE its folder
 * gives. A marker after code is about its own line. A marker alone on its line is about the next
 * code line, except old-style comments in a file that also uses `$` expectations: there they are
 * prose before a block (`# NOT OK -- user has full control` above an unrelated line) and the `$`
 * tags alone decide. An old-style comment that says both (`OK if on UNIX, NOT OK on Windows`) is
 * no label; `BAD`/`GOOD` count only after code, as alone they head whole blocks.
 */
export function parseExpectations(text: string, language: string, cwe: string): Annotation[] {
  const lines = text.split(/\r?\n/);
  const open = commentOpeners(language);
  const inline = new RegExp(`(?:${open})\\s*\\$\\s*(.*)$`);
  const old = new RegExp(`(?:${open})\\s*(NOT OK|OK|BAD|GOOD)\\b(.*)$`);
  const hasInline = lines.some((l) => inline.test(l));
  const codeBefore = (line: string, index: number): boolean => line.slice(0, index).trim() !== '';
  const commentOnly = new RegExp(`^(?:${open}|\\*)`);
  const isCode = (line: string): boolean => line.trim() !== '' && !commentOnly.test(line.trim());
  // null: the line is labelled both ways by different markers, so it is no label.
  const verdicts = new Map<number, boolean | null>();
  const put = (line: number, verdict: boolean): void => {
    const had = verdicts.get(line);
    verdicts.set(line, had === undefined || had === verdict ? verdict : null);
  };
  const nextCode = (i: number): number | undefined => {
    for (let j = i + 1; j < lines.length; j++) if (isCode(lines[j])) return j;
    return undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = inline.exec(line);
    if (m) {
      const verdict = expectationVerdict(m[1].replace(/\*\/.*$/, ''));
      if (verdict !== undefined) {
        const target = codeBefore(line, m.index) ? i : nextCode(i);
        if (target !== undefined) put(target, verdict);
      }
    }
    const o = old.exec(line);
    if (!o) continue;
    const [, word, rest] = o;
    const verdict = word === 'NOT OK' || word === 'BAD';
    // `OK if ..., NOT OK if ...`: the comment itself is undecided.
    if (!verdict && /\b(?:NOT OK|BAD)\b/.test(rest)) continue;
    if (codeBefore(line, o.index)) put(i, verdict);
    else if (!hasInline && (word === 'NOT OK' || word === 'OK')) {
      const target = nextCode(i);
      if (target !== undefined) put(target, verdict);
    }
  }
  return [...verdicts]
    .filter((e): e is [number, boolean] => e[1] !== null)
    .sort((a, b) => a[0] - b[0])
    .map(([i, v]) => ({ line: i + 1, expected: v, rules: [], todo: false, cwes: [cwe] }));
}

/** `CWE-89: Improper ...` -> `CWE-89`. */
export function normaliseCwe(text: string): string | undefined {
  const m = /CWE[-_ ]?(\d+)/i.exec(text);
  return m ? `CWE-${m[1]}` : undefined;
}

/**
 * CWEs that name one class of finding under different numbers (a suite may label an `eval` of
 * input CWE-95 where Palisade says CWE-94). A CWE outside these groups is its own class.
 */
export const CWE_CLASSES: Readonly<Record<string, readonly string[]>> = {
  'code injection': ['CWE-94', 'CWE-95', 'CWE-96', 'CWE-917', 'CWE-1336'],
  'command injection': ['CWE-78', 'CWE-77', 'CWE-88'],
  'XSS': ['CWE-79', 'CWE-80'],
  'path traversal': ['CWE-22', 'CWE-23', 'CWE-36', 'CWE-73'],
  'weak crypto': ['CWE-327', 'CWE-328', 'CWE-916'],
  'weak randomness': ['CWE-330', 'CWE-338'],
  'TLS verification': ['CWE-295', 'CWE-297'],
  'XXE': ['CWE-611', 'CWE-776'],
  'CORS': ['CWE-942', 'CWE-346'],
  'JWT': ['CWE-347', 'CWE-345'],
  'debug mode': ['CWE-489', 'CWE-215'],
  // CWE-943 (data query logic) is the parent of CWE-89; CodeQL's JavaScript SQL-injection tests
  // hold the MongoDB, DynamoDB and other query-object sinks under CWE-089.
  'SQL/NoSQL injection': ['CWE-89', 'CWE-943'],
};

const CLASS_OF = new Map<string, string>(Object.entries(CWE_CLASSES).flatMap(([name, cwes]) => cwes.map((c) => [c, name] as [string, string])));

/** The class a CWE belongs to (its own number when it is in no group). */
export function cweClass(cwe: string): string {
  return CLASS_OF.get(cwe) ?? cwe;
}

/** Rule ids to CWEs, from every YAML rule file of the suite (a rule id may recur in several folders). */
export function loadSuiteRules(files: readonly { path: string; text: string }[]): Map<string, { dir: string; cwes: string[] }[]> {
  const out = new Map<string, { dir: string; cwes: string[] }[]>();
  for (const f of files) {
    let doc: unknown;
    try {
      doc = parseYaml(f.text);
    } catch {
      continue;
    }
    const rules = (doc as { rules?: unknown } | null)?.rules;
    if (!Array.isArray(rules)) continue;
    for (const r of rules as { id?: unknown; metadata?: { cwe?: unknown } }[]) {
      if (typeof r?.id !== 'string') continue;
      const raw = r.metadata?.cwe;
      const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
      const cwes = [...new Set(list.map((c) => normaliseCwe(String(c))).filter((c): c is string => !!c))];
      const at = out.get(r.id) ?? [];
      at.push({ dir: dirname(f.path), cwes });
      out.set(r.id, at);
    }
  }
  return out;
}

/** CWEs of a label's rules: the rule file in the test file's folder, else the nearest folder up, else any. */
function cwesOf(ids: readonly string[], file: string, rules: ReadonlyMap<string, { dir: string; cwes: string[] }[]>): string[] {
  const out = new Set<string>();
  for (const id of ids) {
    const at = rules.get(id.slice(id.lastIndexOf('.') + 1)) ?? rules.get(id) ?? [];
    if (!at.length) continue;
    let dir = dirname(file);
    let picked: { dir: string; cwes: string[] }[] = [];
    for (;;) {
      picked = at.filter((r) => r.dir === dir);
      if (picked.length || dir === '.' || dir === '' || dir === dirname(dir)) break;
      dir = dirname(dir);
    }
    for (const r of picked.length ? picked : at) for (const c of r.cwes) out.add(c);
  }
  return [...out];
}

/** CWE classes each language's built-in code rules report. */
export function scannedClasses(rules: readonly LoadedRule[]): Map<ScoredLanguage, Set<string>> {
  const out = new Map<ScoredLanguage, Set<string>>(SCORED_LANGUAGES.map((l) => [l, new Set<string>()]));
  for (const r of rules) {
    if (r.spec.kind !== 'code') continue;
    for (const l of r.spec.languages) {
      const lang = l === 'razor' ? 'csharp' : l;
      const set = out.get(lang as ScoredLanguage);
      if (set) for (const c of r.spec.cwe) set.add(cweClass(c));
    }
  }
  return out;
}

export interface Finding {
  /** 1-based first and last line. */
  startLine: number;
  endLine: number;
  cwes: readonly string[];
  /** Lines of the finding's flow before the sink (where the input comes from, the steps). */
  flowLines?: readonly number[];
}

/** A label scored against a file's findings. */
export interface LabelledLine {
  file: string;
  line: number;
  language: ScoredLanguage;
  expected: boolean;
  todo: boolean;
  rules: string[];
  /** The label's classes that the language's rules scan (empty: excluded). */
  classes: string[];
  /** CWEs of the label outside what Palisade scans there. */
  excluded: string[];
  /** Expected: a matching finding was reported; clean: the line was flagged. */
  reported: boolean;
  /** The line's code (trimmed), to find labels that contradict each other. */
  code?: string;
  /** A must-not-report line whose code is a must-report line of the same class elsewhere in the suite. */
  conflict?: boolean;
}

/** A multi-line finding covers at most this many lines for the "spans the line" test. */
const SPAN_LIMIT = 6;

/**
 * Whether the findings answer a label (see the module comment for the tolerance). `claimed`, for
 * CodeQL's format, holds the file's must-report lines: its tests put one sink per line, so a
 * finding that starts on another must-report line answers that line only, not its neighbour
 * (a finding on an unlabelled line next to the label, such as the parser's construction one line
 * above the parse, still does).
 */
export function judge(expected: boolean, line: number, classes: readonly string[], findings: readonly Finding[], claimed?: ReadonlySet<number>): boolean {
  const want = new Set(classes);
  return findings.some((f) => {
    if (!f.cwes.some((c) => want.has(cweClass(c)))) return false;
    if (!expected) return f.startLine === line;
    const end = Math.min(f.endLine, f.startLine + SPAN_LIMIT);
    const near = f.startLine >= line - 1 && f.startLine <= line + 1 && (f.startLine === line || !claimed?.has(f.startLine));
    if (near || (f.startLine <= line && end >= line)) return true;
    return (f.flowLines ?? []).some((l) => l === line);
  });
}

export interface Tally {
  expected: number;
  found: number;
  clean: number;
  flagged: number;
}

export interface AnnotatedResult {
  dir: string;
  files: number;
  lines: number;
  labels: number;
  scored: number;
  byLanguage: Record<string, Tally>;
  byClass: Record<string, Record<string, Tally>>;
  total: Tally;
  /** Labels left out, by language and CWE (no rule of that class in that language, or no CWE). */
  excluded: Record<string, Record<string, number>>;
  /** Labels whose rule id has no YAML in the suite. */
  unknownRules: number;
  /** Must-not-report labels left out because the same code is a must-report label of the same class elsewhere. */
  conflicts: number;
  millis: number;
  labelled: LabelledLine[];
}

const empty = (): Tally => ({ expected: 0, found: 0, clean: 0, flagged: 0 });

function add(t: Tally, l: LabelledLine): void {
  if (l.expected) {
    t.expected++;
    if (l.reported) t.found++;
  } else {
    t.clean++;
    if (l.reported) t.flagged++;
  }
}

/** Scores labels given each file's findings. */
export function tally(labelled: readonly LabelledLine[]): Pick<AnnotatedResult, 'byLanguage' | 'byClass' | 'total' | 'excluded' | 'scored'> {
  const byLanguage: Record<string, Tally> = {};
  const byClass: Record<string, Record<string, Tally>> = {};
  const excluded: Record<string, Record<string, number>> = {};
  const total = empty();
  let scored = 0;
  for (const l of labelled) {
    if (l.conflict) continue;
    if (!l.classes.length) {
      const ex = (excluded[l.language] ??= {});
      for (const c of l.excluded.length ? l.excluded : ['(no CWE)']) ex[c] = (ex[c] ?? 0) + 1;
      continue;
    }
    scored++;
    add((byLanguage[l.language] ??= empty()), l);
    add(total, l);
    const per = (byClass[l.language] ??= {});
    for (const c of l.classes) add((per[c] ??= empty()), l);
  }
  return { byLanguage, byClass, total, excluded, scored };
}

/**
 * semgrep's test runner keeps a rule's expected autofix output beside its test as
 * `name.fixed.ext`: the code there is already fixed while its labels are the original's, so it
 * is no test file (semgrep does not run rules over it either).
 */
export function isAutofixOutput(path: string): boolean {
  return /\.fixed\.[^./]+$/.test(path);
}

function walk(root: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const p = join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.isFile()) out.push(p);
    }
  };
  visit(root);
  return out.sort();
}

const lineStarts = (text: string): number[] => {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
};

const lineAt = (starts: readonly number[], offset: number): number => {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
};

function codeLine(text: string, starts: readonly number[], line: number): string {
  const from = starts[line - 1] ?? text.length;
  const to = starts[line] ?? text.length;
  return text.slice(from, to).trim();
}

/**
 * Suites label rules one by one: a line one rule must not report (it checks something else) may
 * be what another rule of the same class must report (`DigestUtils.getMd5Digest()` is `ok` for
 * a rule about `MessageDigest` and `ruleid` for one about `DigestUtils`). Such must-not-report
 * labels contradict the suite itself and are left out of the clean-line figures (counted). The
 * same rule labelling the same code both ways is no contradiction: the lines before differ.
 */
export function markConflicts(labelled: LabelledLine[]): number {
  // Code -> the rules that must report it (a rule's own ok and ruleid lines with the same code
  // differ by their context, so only another rule's label contradicts).
  const expected = new Map<string, Set<string>>();
  for (const l of labelled) {
    if (!l.expected || !l.code) continue;
    for (const c of l.classes) {
      const k = `${l.language}\u0000${c}\u0000${l.code}`;
      const rules = expected.get(k) ?? new Set<string>();
      for (const r of l.rules) rules.add(r);
      expected.set(k, rules);
    }
  }
  let n = 0;
  for (const l of labelled) {
    if (l.expected || !l.code || !l.classes.length) continue;
    if (l.classes.some((c) => [...(expected.get(`${l.language}\u0000${c}\u0000${l.code}`) ?? [])].some((r) => !l.rules.includes(r)))) {
      l.conflict = true;
      n++;
    }
  }
  return n;
}

/** Scans and scores every labelled program file under `dir`. */
export async function runAnnotatedSuite(dir: string, builtins: readonly LoadedRule[] = loadBuiltinRules()): Promise<AnnotatedResult> {
  const all = walk(dir);
  const yamls = all.filter((p) => /\.ya?ml$/i.test(p)).map((p) => ({ path: relative(dir, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }));
  const suiteRules = loadSuiteRules(yamls);
  const scanned = scannedClasses(builtins);
  const set = activeRules(builtins, { ...EMPTY_CONFIG, enable: builtins.map((r) => r.spec.id) });
  await set.code.prepareAll();
  const labelled: LabelledLine[] = [];
  let files = 0;
  let lines = 0;
  let labels = 0;
  let unknownRules = 0;
  const t0 = Date.now();
  for (const abs of all) {
    const path = relative(dir, abs).split(sep).join('/');
    const lang = languageOfPath(path);
    const language = (lang === 'razor' ? 'csharp' : lang) as ScoredLanguage | undefined;
    if (!language || !(SCORED_LANGUAGES as readonly string[]).includes(language)) continue;
    if (isAutofixOutput(path)) continue;
    if (statSync(abs).size > 2_000_000) continue;
    const text = readFileSync(abs, 'utf8');
    let notes = parseAnnotations(text);
    if (!notes.length) {
      const cwe = cweOfPath(path);
      if (cwe) notes = parseExpectations(text, language, cwe);
    }
    if (!notes.length) continue;
    files++;
    const starts = lineStarts(text);
    lines += starts.length;
    const findings: Finding[] = set.code.scanPrepared(text, path).map((h) => ({
      startLine: lineAt(starts, h.start),
      endLine: lineAt(starts, Math.max(h.start, h.end - 1)),
      cwes: h.rule.spec.cwe,
      flowLines: (h.flow ?? []).map((s) => lineAt(starts, s.start)),
    }));
    const classesHere = scanned.get(language) ?? new Set<string>();
    const claimed = new Set(notes.filter((n) => n.expected).map((n) => n.line));
    for (const n of notes) {
      labels++;
      const cwes = n.cwes ?? cwesOf(n.rules, path, suiteRules);
      if (!n.cwes && !cwes.length && !n.rules.some((id) => suiteRules.has(id.slice(id.lastIndexOf('.') + 1)) || suiteRules.has(id))) unknownRules++;
      const classes = [...new Set(cwes.map(cweClass).filter((c) => classesHere.has(c)))];
      const excluded = classes.length ? [] : cwes;
      labelled.push({ file: path, line: n.line, language, expected: n.expected, todo: n.todo, rules: n.rules, classes, excluded, reported: classes.length ? judge(n.expected, n.line, classes, findings, n.cwes ? claimed : undefined) : false, code: codeLine(text, starts, n.line) });
    }
  }
  const conflicts = markConflicts(labelled);
  return { dir, files, lines, labels, unknownRules, conflicts, millis: Date.now() - t0, labelled, ...tally(labelled) };
}

const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(1)}%` : '-');

function table(head: string[], body: string[][], left = 1): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i < left ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(fmt)];
}

const row = (name: string, t: Tally): string[] => [name, pct(t.found, t.expected), `${t.found}/${t.expected}`, pct(t.flagged, t.clean), `${t.flagged}/${t.clean}`];

export function formatAnnotated(r: AnnotatedResult): string {
  const head = ['language', 'expected found', 'found/expected', 'clean flagged', 'flagged/clean'];
  const langs = SCORED_LANGUAGES.filter((l) => r.byLanguage[l]);
  const out = [
    `Annotated suite ${r.dir}: ${r.files} labelled files (${r.lines} lines), ${r.labels} labels, ${r.scored} in classes Palisade scans; ${r.millis} ms`,
    ...table(head, [...langs.map((l) => row(l, r.byLanguage[l])), row('all', r.total)]),
    '',
    'per language and CWE class:',
    ...table(['language', 'class', 'expected found', 'found/expected', 'clean flagged', 'flagged/clean'], langs.flatMap((l) =>
      Object.entries(r.byClass[l] ?? {}).sort((a, b) => b[1].expected - a[1].expected).map(([c, t]) => { const x = row(l, t); return [x[0], c, ...x.slice(1)]; })), 2),
    '',
    `excluded (CWE not among the classes Palisade scans in that language; labels): ${Object.entries(r.excluded).map(([l, m]) => `${l}: ${Object.entries(m).sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`).join(', ')}`).join('; ')}`,
    `labels whose rule has no YAML in the suite: ${r.unknownRules}; must-not-report labels left out as contradicting a must-report label of the same class and code: ${r.conflicts}`,
    `classes: ${Object.entries(CWE_CLASSES).map(([k, v]) => `${k} = ${v.join('/')}`).join('; ')}`,
  ];
  return out.join('\n');
}

/** Missed expected lines and flagged clean lines of a language (and class), for analysis. */
export function listing(r: AnnotatedResult, filter: string): string[] {
  const [language, cls] = filter.split(':');
  return r.labelled
    .filter((l) => !l.conflict && l.language === language && l.classes.length && (!cls || l.classes.includes(cls) || l.classes.includes(cweClass(cls))) && l.reported !== l.expected)
    .map((l) => `${l.expected ? 'missed' : 'flagged'} ${l.file}:${l.line} [${l.classes.join(',')}] ${l.rules.join(',')}`.trimEnd());
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const arg = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const dir = argv.find((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  if (!dir) {
    process.stderr.write('usage: node out/test/bench/annotatedSuite.js DIR [--list LANGUAGE[:CLASS|CWE]] [--json FILE]\n');
    process.exitCode = 2;
  } else {
    runAnnotatedSuite(dir).then(
      (r) => {
        process.stdout.write(`${formatAnnotated(r)}\n`);
        const list = arg('--list');
        if (list) for (const l of listing(r, list)) process.stdout.write(`${l}\n`);
        const json = arg('--json');
        if (json) writeFileSync(json, JSON.stringify({ ...r, labelled: undefined }, null, 2) + '\n');
      },
      (e: unknown) => {
        process.stderr.write(`${(e as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  }
}
