/**
 * Accuracy benchmark of Palisade's rules.
 *
 *   npm run bench:accuracy            (or: npx tsc -p . && node out/test/bench/accuracy.js)
 *
 * Sections (each an exported function, so that other sections can be added beside them):
 *  - secret detection on the shared labelled corpus `../shared/benchmarks/secrets/gitleaks-rule-samples.jsonl`
 *    (recall on expected:true rows, share of expected:false look-alikes reported, per token family);
 *  - every rule's own positive/negative samples run against the full rule set;
 *  - OWASP Benchmark (Java, and Python when given) and, with `--annotated DIR`, a held-out folder
 *    of annotated test files (annotatedSuite.ts).
 *
 * Further labelled sets in the same jsonl form (`rule`, `text`, `expected`, optional `source`,
 * `path`) are scored the same way, side by side, with `--corpus FILE` (repeatable); `--no-shared`
 * skips the shared set and `--secrets-only` the rule-sample and code sections. Two such sets are
 * built from checkouts of kingfisher and TruffleHog, each split into dev and test halves, by
 * peerSecretSets.ts:
 *
 *   node out/test/bench/peerSecretSets.js --kingfisher DIR --trufflehog DIR --out /tmp/peersets
 *   node out/test/bench/accuracy.js --secrets-only --no-shared --corpus /tmp/peersets/th-dev.jsonl --corpus /tmp/peersets/kf-dev.jsonl
 *
 * Results are printed as tables and written to bench-output/accuracy.json (git-ignored).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { EMPTY_CONFIG } from '../../tasks/engine/config/palisadeConfig';
import type { LoadedRule } from '../../tasks/engine/rules/ruleSpec';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../tasks/engine/run/ruleSet';
import type { SecretDetector } from '../../tasks/engine/secrets/detector';
import { REPO_ROOT, sharedPath } from '../support/paths';
import { formatAnnotated, runAnnotatedSuite } from './annotatedSuite';
import { codeAccuracySection } from './codeAccuracy';
import { owaspSection } from './owaspBenchmark';
import { formatNoise, formatPeerCorpus, runNoise, runPeerCorpus, TOOLS, type ToolId } from './secretPeersAccuracy';

export const SECRET_CORPUS = ['benchmarks', 'secrets', 'gitleaks-rule-samples.jsonl'] as const;

export interface BenchRow {
  rule: string;
  text: string;
  expected: boolean;
  source?: string;
  regex_only_match?: boolean;
  /** File path the text came from; metadata only (the detector sees text). */
  path?: string;
}

export interface FamilyStats {
  family: string;
  positives: number;
  found: number;
  recall: number;
  negatives: number;
  /** Look-alikes (expected:false) that some rule reported. */
  reported: number;
  /** expected:false rows whose identical text is expected:true in another row (label conflicts). */
  conflicting: number;
  /** Reported look-alikes, conflicting rows excluded. */
  reportedClean: number;
  falseRate: number;
}

export interface SecretBenchResult {
  corpus: string;
  rows: number;
  overall: FamilyStats;
  families: FamilyStats[];
  /** Which rule ids reported the look-alikes (for tuning). */
  falsePositiveRules: Record<string, number>;
  missedByRule: Record<string, number>;
  millis: number;
}

export interface SampleBenchResult {
  rules: number;
  positives: number;
  positivesOk: number;
  negatives: number;
  negativesOk: number;
  failures: string[];
}

/** Benchmark vendors whose names are two words joined by '-'. */
const TWO_WORD_FAMILIES = new Set(['new-relic', 'private-key', 'cisco-meraki', 'microsoft-teams']);

/** Token family of a benchmark rule name: its vendor prefix (`gitlab-pat` -> `gitlab`). */
export function familyOf(rule: string): string {
  const parts = rule.toLowerCase().split('-');
  const two = parts.slice(0, 2).join('-');
  if (TWO_WORD_FAMILIES.has(two)) return two;
  return parts[0];
}

/** Reads a labelled jsonl set; a malformed row is an error naming the file, line and field. */
export function loadCorpus(file: string): BenchRow[] {
  const rows: BenchRow[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      if (l.trim() === '') return;
      let row: unknown;
      try {
        row = JSON.parse(l);
      } catch (e) {
        throw new Error(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      }
      const r = row as Record<string, unknown>;
      for (const [field, type] of [['rule', 'string'], ['text', 'string'], ['expected', 'boolean']] as const) {
        if (typeof r?.[field] !== type) throw new Error(`${file}:${i + 1}: field "${field}" must be a ${type}, got ${JSON.stringify(r?.[field])}`);
      }
      if (r.path !== undefined && typeof r.path !== 'string') throw new Error(`${file}:${i + 1}: field "path" must be a string, got ${JSON.stringify(r.path)}`);
      rows.push(r as unknown as BenchRow);
    });
  return rows;
}

/** What the command line asks for (see USAGE). */
export interface AccuracyOptions {
  corpora: string[];
  shared: boolean;
  peers: boolean;
  noise: boolean;
  /** Trees the noise figure is taken on (default: this repository's node_modules). */
  noiseDirs: string[];
  secretsOnly: boolean;
  tools: ToolId[];
  owaspPython?: string;
  annotated?: string;
  help: boolean;
}

export const USAGE = `usage: node out/test/bench/accuracy.js [options]   (npm run bench:accuracy)
  --corpus FILE        also score this labelled jsonl set (repeatable)
  --no-shared          skip ../shared/${SECRET_CORPUS.join('/')}
  --no-peers           Palisade only: no secretlint or gitleaks beside it
  --no-noise           skip the noise figure on node_modules
  --noise-dir DIR      take the noise figure on DIR instead (repeatable): any real code
                       without planted secrets, e.g. Python's lib folder or /usr/include
  --tools LIST         the tools side by side, of ${TOOLS.join(', ')} (default: all)
  --secrets-only       skip the rule-sample and code sections
  --owasp-python DIR   add OWASP Benchmark for Python from DIR
  --annotated DIR      score a folder of annotated test files
  --help               this text`;

/**
 * Reads the command line. An option it does not know, a missing value or an unknown tool is an
 * error naming it: a misspelt flag (`--secret-only`) would otherwise run every section and
 * every peer for minutes and print figures for something that was not asked.
 */
export function parseAccuracyArgs(argv: readonly string[]): AccuracyOptions {
  const o: AccuracyOptions = { corpora: [], shared: true, peers: true, noise: true, noiseDirs: [], secretsOnly: false, tools: [...TOOLS], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (what: string): string => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) throw new Error(`${a} needs ${what}`);
      i++;
      return v;
    };
    switch (a) {
      case '--corpus': o.corpora.push(value('a file (a labelled jsonl set)')); break;
      case '--no-shared': o.shared = false; break;
      case '--no-peers': o.peers = false; break;
      case '--no-noise': o.noise = false; break;
      case '--noise-dir': o.noiseDirs.push(value('a folder of real code')); break;
      case '--secrets-only': o.secretsOnly = true; break;
      case '--owasp-python': o.owaspPython = value('a folder (OWASP Benchmark for Python)'); break;
      case '--annotated': o.annotated = value('a folder of annotated test files'); break;
      case '--tools': {
        const names = value(`a comma-separated list of ${TOOLS.join(', ')}`).split(',').map((t) => t.trim()).filter(Boolean);
        const unknown = names.filter((t) => !(TOOLS as readonly string[]).includes(t));
        if (unknown.length || !names.length) throw new Error(`--tools: unknown tool ${unknown.length ? `"${unknown.join('", "')}"` : '(none given)'}; use ${TOOLS.join(', ')}`);
        o.tools = names as ToolId[];
        break;
      }
      case '--help':
      case '-h': o.help = true; break;
      default: throw new Error(`unknown option "${a}" (--help lists them)`);
    }
  }
  return o;
}

/** The values of every `--corpus FILE` option, in order. */
export function corpusArgs(argv: readonly string[]): string[] {
  return parseAccuracyArgs(argv).corpora;
}

export function buildDetector(rules: readonly LoadedRule[] = loadBuiltinRules()): SecretDetector {
  return activeRules(rules, EMPTY_CONFIG).detector;
}

function emptyStats(family: string): FamilyStats {
  return { family, positives: 0, found: 0, recall: 1, negatives: 0, reported: 0, conflicting: 0, reportedClean: 0, falseRate: 0 };
}

function finish(s: FamilyStats): FamilyStats {
  s.recall = s.positives ? s.found / s.positives : 1;
  const clean = s.negatives - s.conflicting;
  s.falseRate = clean ? s.reportedClean / clean : 0;
  return s;
}

/** Section 1: the labelled secret corpus. */
export function runSecretBenchmark(rows: readonly BenchRow[], detector: SecretDetector, corpus = 'corpus'): SecretBenchResult {
  const positiveTexts = new Set(rows.filter((r) => r.expected).map((r) => r.text));
  const byFamily = new Map<string, FamilyStats>();
  const overall = emptyStats('overall');
  const falsePositiveRules: Record<string, number> = {};
  const missedByRule: Record<string, number> = {};
  const t0 = process.hrtime.bigint();
  for (const row of rows) {
    const fam = familyOf(row.rule);
    let s = byFamily.get(fam);
    if (!s) byFamily.set(fam, (s = emptyStats(fam)));
    // Rows about files that are secrets in themselves (key stores) carry the file's path.
    // A row without a path is scanned as the side-by-side run writes it: a file named snippet.txt.
    const hits = row.path ? [...detector.detect(row.text, undefined, basename(row.path)), ...detector.detectPath(row.path)] : detector.detect(row.text, undefined, 'snippet.txt');
    const reported = hits.length > 0;
    for (const t of [s, overall]) {
      if (row.expected) {
        t.positives++;
        if (reported) t.found++;
      } else {
        t.negatives++;
        const conflict = positiveTexts.has(row.text);
        if (conflict) t.conflicting++;
        if (reported) {
          t.reported++;
          if (!conflict) t.reportedClean++;
        }
      }
    }
    if (row.expected && !reported) missedByRule[row.rule] = (missedByRule[row.rule] ?? 0) + 1;
    if (!row.expected && reported && !positiveTexts.has(row.text)) {
      for (const id of new Set(hits.map((h) => h.rule.spec.id))) falsePositiveRules[id] = (falsePositiveRules[id] ?? 0) + 1;
    }
  }
  const millis = Number(process.hrtime.bigint() - t0) / 1e6;
  const families = [...byFamily.values()].map(finish).sort((a, b) => a.family.localeCompare(b.family));
  return { corpus, rows: rows.length, overall: finish(overall), families, falsePositiveRules, missedByRule, millis };
}

/**
 * Section 2: every secret rule's own samples against the whole secret rule set (as the rule test
 * does). Code rules have their own section.
 */
export function runRuleSamples(allRules: readonly LoadedRule[] = loadBuiltinRules()): SampleBenchResult {
  const rules = allRules.filter((r) => r.spec.kind === 'secret');
  const all = activeRules(rules, { ...EMPTY_CONFIG, enable: rules.map((r) => r.spec.id) });
  const res: SampleBenchResult = { rules: rules.length, positives: 0, positivesOk: 0, negatives: 0, negativesOk: 0, failures: [] };
  for (const r of rules) {
    if (r.spec.kind !== 'secret') continue;
    // A path rule's samples are paths; a rule limited to some files reads its samples as its sampleFile.
    const sampleFile = r.spec.sampleFile;
    const hitsOf = r.spec.scope === 'path' ? (s: string) => all.detector.detectPath(s) : (s: string) => all.detector.detect(s, undefined, sampleFile);
    r.spec.samples.positive.forEach((s, i) => {
      res.positives++;
      const ids = new Set(hitsOf(s).map((h) => h.rule.spec.id));
      if (ids.size === 1 && ids.has(r.spec.id)) res.positivesOk++;
      else res.failures.push(`${r.spec.id} positive ${i + 1}: reported by [${[...ids].join(', ')}]`);
    });
    r.spec.samples.negative.forEach((s, i) => {
      res.negatives++;
      const ids = new Set(hitsOf(s).map((h) => h.rule.spec.id));
      if (ids.size === 0) res.negativesOk++;
      else res.failures.push(`${r.spec.id} negative ${i + 1}: reported by [${[...ids].join(', ')}]`);
    });
  }
  return res;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function formatSecretTable(r: SecretBenchResult): string {
  const lines: string[] = [];
  const head = ['family', 'recall', 'found/pos', 'look-alikes reported', 'rep/neg', 'conflicts'];
  const rows = [...r.families, r.overall].map((s) => [
    s.family,
    s.positives ? pct(s.recall) : '-',
    `${s.found}/${s.positives}`,
    s.negatives - s.conflicting ? pct(s.falseRate) : '-',
    `${s.reportedClean}/${s.negatives - s.conflicting}`,
    s.conflicting ? String(s.conflicting) : '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  lines.push(fmt(head));
  lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((row, i) => {
    if (i === rows.length - 1) lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
    lines.push(fmt(row));
  });
  const o = r.overall;
  lines.push('');
  lines.push(`rows: ${r.rows}; recall ${pct(o.recall)} (${o.found}/${o.positives}); look-alikes reported ${pct(o.falseRate)} (${o.reportedClean}/${o.negatives - o.conflicting}),` +
    ` ${o.conflicting} label conflicts excluded (identical text also labelled expected:true; all reported: ${o.reported}/${o.negatives}); ${r.millis.toFixed(0)} ms`);
  return lines.join('\n');
}

export function worstFamilies(r: SecretBenchResult, n = 10): FamilyStats[] {
  return r.families.filter((f) => f.positives > 0).sort((a, b) => a.recall - b.recall || b.positives - a.positives).slice(0, n);
}

/** Options: see USAGE. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const opts = parseAccuracyArgs(argv);
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const out: Record<string, unknown> = {};
  const rules = loadBuiltinRules();
  const secretRuleCount = rules.filter((r) => r.spec.kind === 'secret').length;
  const extra = opts.corpora;
  for (const f of extra) if (!existsSync(f)) throw new Error(`--corpus ${f}: no such file`);
  for (const d of opts.noiseDirs) if (!existsSync(d) || !statSync(d).isDirectory()) throw new Error(`--noise-dir ${d}: no such folder`);
  const scoreCorpus = async (rows: BenchRow[], name: string): Promise<Record<string, unknown>> => {
    const res = runSecretBenchmark(rows, buildDetector(rules), name);
    process.stdout.write(`\n== Secret detection: ${res.corpus} (${secretRuleCount} secret rules) ==\n`);
    process.stdout.write(formatSecretTable(res) + '\n');
    const worst = worstFamilies(res);
    process.stdout.write(`\nworst families by recall: ${worst.map((f) => `${f.family} ${pct(f.recall)}`).join(', ')}\n`);
    const fp = Object.entries(res.falsePositiveRules).sort((a, b) => b[1] - a[1]);
    if (fp.length) process.stdout.write(`look-alikes reported by rule: ${fp.map(([k, v]) => `${k}=${v}`).join(', ')}\n`);
    const result: Record<string, unknown> = { secrets: res };
    if (opts.peers) {
      const peers = await runPeerCorpus(rows, opts.tools);
      process.stdout.write(`\n== Secret detection side by side: ${name} ==\n${formatPeerCorpus(peers)}\n`);
      result.peers = peers;
    }
    return result;
  };
  const file = sharedPath(...SECRET_CORPUS);
  if (!opts.shared) {
    out.secrets = { skipped: '--no-shared' };
  } else if (!file) {
    process.stdout.write(`secret corpus: skipped: ../shared not present (looked for ../shared/${SECRET_CORPUS.join('/')})\n`);
    out.secrets = { skipped: '../shared not present' };
  } else {
    const r = await scoreCorpus(loadCorpus(file), SECRET_CORPUS.join('/'));
    out.secrets = r.secrets;
    if (r.peers) out.peers = r.peers;
  }
  if (extra.length) {
    const corpora: Record<string, unknown> = {};
    for (const f of extra) corpora[basename(f)] = { file: f, ...(await scoreCorpus(loadCorpus(f), basename(f))) };
    out.corpora = corpora;
  }
  if (opts.noise) {
    const noise = [];
    for (const dir of opts.noiseDirs.length ? opts.noiseDirs.map((d) => resolve(d)) : [undefined]) {
      const n = await runNoise(opts.tools, dir);
      process.stdout.write(`\n== Noise on third-party code (findings per MB) ==\n${formatNoise(n)}\n`);
      noise.push(n);
    }
    out.noise = noise.length === 1 ? noise[0] : noise;
  }
  if (!opts.secretsOnly) {
    otherSections(rules, opts.owaspPython, out);
    if (opts.annotated) {
      const held = await runAnnotatedSuite(opts.annotated, rules);
      process.stdout.write(`\n== Code rules: annotated held-out suite ==\n${formatAnnotated(held)}\n`);
      out.annotated = { ...held, labelled: undefined };
    }
  }
  const dir = join(REPO_ROOT, 'bench-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'accuracy.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`\nwritten: bench-output/accuracy.json\n`);
  return 0;
}

/** The rule-sample and code-rule sections. */
function otherSections(rules: readonly LoadedRule[], owaspPython: string | undefined, out: Record<string, unknown>): void {
  const samples = runRuleSamples(rules);
  process.stdout.write(`\n== Secret rule samples (${samples.rules} rules) ==\n`);
  process.stdout.write(`positives reported by exactly their rule: ${samples.positivesOk}/${samples.positives}\n`);
  process.stdout.write(`negatives reported by no rule: ${samples.negativesOk}/${samples.negatives}\n`);
  for (const f of samples.failures.slice(0, 20)) process.stdout.write(`  ${f}\n`);
  out.ruleSamples = samples;
  const code = codeAccuracySection();
  process.stdout.write(`\n== Code rules: samples per language and CWE ==\n${code.text}\n`);
  out.codeRules = code.rows;
  const owasp = owaspSection();
  process.stdout.write(`\n== Code rules: OWASP Benchmark for Java ==\n${owasp.text}\n`);
  out.owaspBenchmark = owasp.result ?? { skipped: owasp.text };
  const py = owaspSection('python', owaspPython);
  process.stdout.write(`\n== Code rules: OWASP Benchmark for Python ==\n${py.text}\n`);
  out.owaspBenchmarkPython = py.result ?? { skipped: py.text };
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      process.stderr.write(`bench:accuracy: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
