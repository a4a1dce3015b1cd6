/**
 * OWASP Benchmark sections of the accuracy benchmark: every test case of
 * `../shared/benchmarks/owasp-benchmark-java/` (and, when given, of a checkout of OWASP Benchmark
 * for Python: `--owasp-python <dir>`, or `../shared/benchmarks/owasp-benchmark-python/`) scanned by
 * the built-in code rules, scored as the benchmark's own scorecard does (per category TPR - FPR;
 * a case counts as flagged when a finding in its file carries the category's CWE; the overall
 * score is the plain average over the categories), printed beside the published averages of
 * FindSecBugs and SonarQube (Java).
 *
 *   node out/test/bench/owaspBenchmark.js [--python <dir>] [--list category]   (after npx tsc -p .)
 *
 * `--list` prints the missed real and flagged fake cases of a category, for analysis only: no
 * rule may key on the benchmark's file or method names.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { EMPTY_CONFIG } from '../../tasks/engine/config/palisadeConfig';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../tasks/engine/run/ruleSet';
import { sharedPath } from '../support/paths';

export const OWASP_DIR = ['benchmarks', 'owasp-benchmark-java'] as const;
export const OWASP_PYTHON_DIR = ['benchmarks', 'owasp-benchmark-python'] as const;

/** Where a benchmark's files are and how its cases are named. */
export interface OwaspSuite {
  title: string;
  dir: string;
  expected: string;
  testcode: string[];
  language: 'java' | 'python';
  ext: string;
  /** The path the scanner sees for a test case file (rules may look at paths). */
  scanPath: (file: string) => string;
  published: readonly { tool: string; tpr: number; fpr: number; score: number }[];
}

export function javaSuite(dir: string): OwaspSuite {
  return {
    title: 'OWASP Benchmark for Java 1.2',
    dir,
    expected: 'expectedresults-1.2.csv',
    testcode: ['java', 'org', 'owasp', 'benchmark', 'testcode'],
    language: 'java',
    ext: '.java',
    scanPath: (file) => `src/main/java/org/owasp/benchmark/testcode/${file}`,
    published: PUBLISHED,
  };
}

/** OWASP Benchmark for Python (GPL, not kept here: give a checkout's folder). */
export function pythonSuite(dir: string): OwaspSuite {
  return { title: 'OWASP Benchmark for Python 0.1', dir, expected: 'expectedresults-0.1.csv', testcode: ['testcode'], language: 'python', ext: '.py', scanPath: (file) => `testcode/${file}`, published: [] };
}

/** Published averages over the eleven categories (benchmark README in ../shared). */
export const PUBLISHED = [
  { tool: 'FindSecBugs 1.4.6', tpr: 0.968, fpr: 0.577, score: 39.1 },
  { tool: 'SonarQube Java 3.14', tpr: 0.504, fpr: 0.17, score: 33.3 },
] as const;

export interface ExpectedCase {
  name: string;
  category: string;
  real: boolean;
  cwe: string;
}

export interface CategoryScore {
  category: string;
  cwe: string;
  real: number;
  fake: number;
  truePositives: number;
  falsePositives: number;
  /** TPR - FPR in percentage points. */
  score: number;
}

export interface OwaspResult {
  categories: CategoryScore[];
  tpr: number;
  fpr: number;
  score: number;
  files: number;
  millis: number;
}

export function parseExpected(csv: string): ExpectedCase[] {
  const out: ExpectedCase[] = [];
  for (const line of csv.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const [name, category, real, cwe] = line.split(',').map((s) => s.trim());
    if (!name || !category || !cwe) continue;
    out.push({ name, category, real: real === 'true', cwe: `CWE-${cwe}` });
  }
  return out;
}

/** Scores cases given the CWEs reported per case name, as the benchmark's scorecard does. */
export function scoreCases(cases: readonly ExpectedCase[], reported: ReadonlyMap<string, ReadonlySet<string>>): Omit<OwaspResult, 'files' | 'millis'> {
  const by = new Map<string, CategoryScore>();
  for (const c of cases) {
    let s = by.get(c.category);
    if (!s) by.set(c.category, (s = { category: c.category, cwe: c.cwe, real: 0, fake: 0, truePositives: 0, falsePositives: 0, score: 0 }));
    const flagged = reported.get(c.name)?.has(c.cwe) ?? false;
    if (c.real) {
      s.real++;
      if (flagged) s.truePositives++;
    } else {
      s.fake++;
      if (flagged) s.falsePositives++;
    }
  }
  const categories = [...by.values()].sort((a, b) => a.category.localeCompare(b.category));
  let tpr = 0;
  let fpr = 0;
  for (const s of categories) {
    const t = s.real ? s.truePositives / s.real : 0;
    const f = s.fake ? s.falsePositives / s.fake : 0;
    s.score = 100 * (t - f);
    tpr += t;
    fpr += f;
  }
  const n = categories.length || 1;
  return { categories, tpr: tpr / n, fpr: fpr / n, score: (100 * (tpr - fpr)) / n };
}

async function compute(suite: OwaspSuite, list?: string): Promise<OwaspResult & { listing?: string[] }> {
  const cases = parseExpected(readFileSync(join(suite.dir, suite.expected), 'utf8'));
  const builtins = loadBuiltinRules();
  const all = activeRules(builtins, { ...EMPTY_CONFIG, enable: builtins.map((r) => r.spec.id) });
  await all.code.prepareAll([suite.language]);
  const codeDir = join(suite.dir, ...suite.testcode);
  const present = new Set(readdirSync(codeDir));
  const reported = new Map<string, Set<string>>();
  const t0 = Date.now();
  let files = 0;
  for (const c of cases) {
    const file = `${c.name}${suite.ext}`;
    if (!present.has(file)) continue;
    files++;
    const text = readFileSync(join(codeDir, file), 'utf8');
    const cwes = new Set<string>();
    for (const h of all.code.scanPrepared(text, suite.scanPath(file))) for (const cwe of h.rule.spec.cwe) cwes.add(cwe);
    reported.set(c.name, cwes);
  }
  const millis = Date.now() - t0;
  const listing = list
    ? cases.filter((c) => c.category === list && (reported.get(c.name)?.has(c.cwe) ?? false) !== c.real).map((c) => `${c.real ? 'missed' : 'false alarm'} ${c.name}`)
    : undefined;
  return { ...scoreCases(cases, reported), files, millis, listing };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

export function formatOwasp(r: OwaspResult, suite: Pick<OwaspSuite, 'title' | 'published'> = { title: 'OWASP Benchmark for Java 1.2', published: PUBLISHED }): string {
  const head = ['category', 'CWE', 'real', 'fake', 'TPR', 'FPR', 'score'];
  const body = r.categories.map((c) => [c.category, c.cwe, String(c.real), String(c.fake), pct(c.real ? c.truePositives / c.real : 0), pct(c.fake ? c.falsePositives / c.fake : 0), signed(c.score)]);
  body.push(['Palisade (average)', '', '', '', pct(r.tpr), pct(r.fpr), signed(r.score)]);
  for (const p of suite.published) body.push([`${p.tool} (average)`, '', '', '', pct(p.tpr), pct(p.fpr), signed(p.score)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [
    `${suite.title}: ${r.files} test cases scanned in ${r.millis} ms (score = TPR - FPR per category${suite.published.length ? ';' : ')'}`,
    ...(suite.published.length ? ['the published tools are shown by their averages over the same eleven categories, as the benchmark README gives them)'] : []),
    fmt(head),
    ...body.map(fmt),
  ].join('\n');
}

const WAIT_MS = 600_000;

/** The Java section, or the Python one for a checkout (`dir`), synchronously (parsing needs grammars that load asynchronously: a helper thread). */
export function owaspSection(language: 'java' | 'python' = 'java', dir?: string): { result?: OwaspResult; text: string } {
  const where = language === 'java' ? OWASP_DIR : OWASP_PYTHON_DIR;
  const root = dir ?? sharedPath(...where);
  if (!root) return { text: `skipped: ../shared/${where.join('/')} is not on this machine${language === 'python' ? ' (or pass --owasp-python <checkout of OWASP-Benchmark/BenchmarkPython>)' : ''}` };
  const suite = language === 'java' ? javaSuite(root) : pythonSuite(root);
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(__filename, { workerData: { mode: 'owasp', language, dir: root, flag, port: port2 }, transferList: [port2] });
  try {
    Atomics.wait(flag, 0, 0, WAIT_MS);
    const reply = receiveMessageOnPort(port1)?.message as { result?: OwaspResult; error?: string } | undefined;
    if (!reply?.result) throw new Error(`${suite.title} section failed: ${reply?.error ?? 'no answer from the helper thread'}`);
    return { result: reply.result, text: formatOwasp(reply.result, suite) };
  } finally {
    port1.close();
    void worker.terminate();
  }
}

const wd = workerData as { mode?: string; language?: 'java' | 'python'; dir?: string; flag?: Int32Array; port?: MessagePort } | null;
if (!isMainThread && wd?.mode === 'owasp' && wd.flag && wd.port && wd.dir) {
  const { flag, port, dir } = wd as { flag: Int32Array; port: MessagePort; dir: string };
  compute(wd.language === 'python' ? pythonSuite(dir) : javaSuite(dir)).then(
    (result) => port.postMessage({ result }),
    (e: unknown) => port.postMessage({ error: (e as Error).message }),
  ).finally(() => {
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
} else if (require.main === module) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const python = arg('--python');
  const root = python ?? sharedPath(...OWASP_DIR);
  if (!root) {
    process.stderr.write(`../shared/${OWASP_DIR.join('/')} is not on this machine\n`);
    process.exitCode = 1;
  } else {
    const suite = python ? pythonSuite(python) : javaSuite(root);
    compute(suite, arg('--list')).then(
      (r) => {
        process.stdout.write(`${formatOwasp(r, suite)}\n`);
        for (const l of r.listing ?? []) process.stdout.write(`${l}\n`);
      },
      (e: unknown) => {
        process.stderr.write(`${(e as Error).message}\n`);
        process.exitCode = 1;
      },
    );
  }
}
