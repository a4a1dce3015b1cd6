import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { EMPTY_CONFIG } from '../../../../tasks/engine/config/palisadeConfig';
import { loadBuiltinRules } from '../../../../tasks/engine/ruleset/ruleLoader';
import { activeRules } from '../../../../tasks/engine/run/ruleSet';
import { scan } from '../../../../tasks/engine/index';
import type { SecretRuleSpec } from '../../../../tasks/engine/rules/ruleSpec';
import { CODE_THREAD_YOUNG_MB, defaultWorkerCount, SECRET_SCAN_BYTES_PER_THREAD, fewProgramFiles, helperThreadLimits, hasProgramFile, QUICK_START_MAX_FILES, RULE_STRIKES, ScanAbortedError, scanWithPool } from '../../../../tasks/engine/run/scanPool';
import { walk } from '../../../../tasks/engine/run/walker';
import { cpuCount } from '../../../../tasks/engine/nodeCompat';
import { FAKE, makeTree, removeTree } from '../../../support/tmpTree';

describe('scan pool', () => {
  const builtins = loadBuiltinRules();
  const rules = activeRules(builtins, EMPTY_CONFIG);
  const known = new Set(builtins.map((r) => r.spec.id));
  let root = '';
  afterEach(() => removeTree(root));

  const tree = (n: number): string => {
    const files: Record<string, string> = {};
    // 300 files of ~5 KB: two batches of at most 256 files.
    for (let i = 0; i < n; i++) files[`d${i % 5}/f${i}.ts`] = `${'export const filler = 1;\n'.repeat(200)}const t = "${i % 50 === 0 ? FAKE.githubPat : 'none'}";\n`;
    return makeTree(files);
  };
  const listed = () => walk({ root, excludes: [], maxFileSize: 1 << 20 }).files;
  const key = (fs: { ruleId: string; path: string; fingerprint: string }[]) => fs.map((f) => `${f.ruleId} ${f.path} ${f.fingerprint}`).sort();

  it('gives the same result when only other threads scan as when this one does it all', async () => {
    root = tree(300);
    const files = listed();
    const here = await scanWithPool(files, rules, { workers: 1, collectSecrets: true, knownRuleIds: known });
    let progress = 0;
    const threads = await scanWithPool(files, rules, { workers: 3, collectSecrets: true, knownRuleIds: known, mainThreadScans: false, onProgress: (d) => (progress = d) });
    assert.equal(here.filesScanned, 300);
    assert.equal(threads.filesScanned, 300);
    assert.equal(progress, 300);
    assert.equal(here.findings.length, 6);
    assert.deepEqual(key(threads.findings), key(here.findings));
    assert.deepEqual([...threads.secrets].sort(), [...here.secrets].sort());
  });

  it('shares the work between this thread and the others without losing or repeating a file', async () => {
    root = tree(300);
    const r = await scanWithPool(listed(), rules, { workers: 2, collectSecrets: false, knownRuleIds: known });
    assert.equal(r.filesScanned, 300);
    assert.equal(r.findings.length, 6);
  });

  it('shares files the walk did not stat (no sizes) the same way, and counts their bytes for the thread decision', async () => {
    root = tree(300);
    const fast = walk({ root, excludes: [], maxFileSize: 1 << 20, statFiles: false }).files;
    assert.ok(fast.every((f) => f.size === undefined));
    const r = await scanWithPool(fast, rules, { workers: 2, collectSecrets: false, knownRuleIds: known });
    assert.equal(r.filesScanned, 300);
    assert.equal(r.findings.length, 6);
    assert.deepEqual(key(r.findings), key((await scanWithPool(listed(), rules, { workers: 1, collectSecrets: false, knownRuleIds: known })).findings));
    // Batches of files without a size: 64 at first, then as many as the average size so far
    // fits in 1 MB (about 200 of these ~5 KB files), as batches of files with sizes are.
    const seen: number[] = [];
    await scanWithPool(fast, rules, { workers: 1, collectSecrets: false, knownRuleIds: known, onProgress: (d) => seen.push(d) });
    assert.equal(seen[0], 64);
    assert.ok(seen[1] - seen[0] > 150, `second batch: ${seen[1] - seen[0]} files`);
    assert.equal(seen[seen.length - 1], 300);
    // 300 files of ~5 KB (1.5 MB): one thread, whether sizes come from the walk or are stat'ed here.
    assert.equal(defaultWorkerCount(fast, 1 << 20), 1);
    assert.equal(defaultWorkerCount(listed(), 1 << 20), 1);
    // The same files counted as 64 KB each (above 16 MB in all) take threads where there are cores.
    const big = fast.map((f) => ({ ...f, size: 64 * 1024 }));
    assert.equal(defaultWorkerCount(big, 1 << 20), Math.max(1, Math.min(cpuCount(), 8)));
    // Files over the size cap count for nothing, as when the walk skipped them.
    assert.equal(defaultWorkerCount(big, 1000), 1);
    // A secrets-only scan takes a thread per SECRET_SCAN_BYTES_PER_THREAD: one for these 19 MB,
    // and for any tree under twice that, then one more per share up to the cores.
    const most = Math.max(1, Math.min(cpuCount(), 8));
    assert.equal(defaultWorkerCount(big, 1 << 20, true), 1);
    const sized = (total: number): typeof fast => fast.map((f) => ({ ...f, size: Math.ceil(total / fast.length) }));
    assert.equal(defaultWorkerCount(sized(2 * SECRET_SCAN_BYTES_PER_THREAD - 300), 64 << 20, true), 1);
    assert.equal(defaultWorkerCount(sized(2 * SECRET_SCAN_BYTES_PER_THREAD), 64 << 20, true), Math.min(most, 2));
    assert.equal(defaultWorkerCount(sized(3 * SECRET_SCAN_BYTES_PER_THREAD), 64 << 20, true), Math.min(most, 3));
    assert.equal(defaultWorkerCount(sized(20 * SECRET_SCAN_BYTES_PER_THREAD), 64 << 20, true), most);
    assert.equal(defaultWorkerCount(sized(20 * SECRET_SCAN_BYTES_PER_THREAD), 64 << 20), most, 'with code rules, every core');
    // Without sizes from the walk, a sample of the files' sizes (here every 2nd of 130) estimates the tree.
    removeTree(root);
    const files: Record<string, string> = {};
    for (let i = 0; i < 130; i++) files[`f${i}.txt`] = 'x'.repeat(i % 2 ? 10 : 260 * 1024);
    root = makeTree(files);
    const sampled = walk({ root, excludes: [], maxFileSize: 1 << 20, statFiles: false }).files;
    assert.equal(defaultWorkerCount(sampled, 1 << 20), Math.max(1, Math.min(cpuCount(), 8)), '65 files of 260 KB: about 17 MB');
    assert.equal(defaultWorkerCount(sampled, 100 * 1024), 1, 'the large ones over the cap count for nothing');
  });

  it('stops with ScanAbortedError when aborted, on any thread', async () => {
    root = tree(300);
    for (const mainThreadScans of [true, false]) {
      const ac = new AbortController();
      ac.abort(new Error('the scan timed out after 1 minute'));
      await assert.rejects(
        scanWithPool(listed(), rules, { workers: 2, collectSecrets: false, knownRuleIds: known, signal: ac.signal, mainThreadScans }),
        (e: Error) => e instanceof ScanAbortedError && /timed out after 1 minute/.test(e.message),
      );
    }
  });

  it('fails the scan, never returns part of it, when another thread fails', async () => {
    root = tree(300);
    // A rule the other threads cannot compile: they fail as they start.
    const broken = { ...rules, specs: [...rules.specs, { ...rules.detector.rules[0].spec, id: 'broken', pattern: '(' }] };
    await assert.rejects(
      scanWithPool(listed(), broken, { workers: 2, collectSecrets: false, knownRuleIds: known, mainThreadScans: false }),
      /scanner thread (failed|exited early)/,
    );
  });

  it("keeps a large secrets-only scan's V8 flags in force after its other threads have started", () => {
    // A fresh process: V8 flags are process-wide. A thread's start sets the young generation's
    // growth back (see keepSecretScanFlags), so the pool sets the flags again as each reports ready.
    root = tree(300);
    const engine = (m: string) => JSON.stringify(require.resolve(`../../../../tasks/engine/${m}`));
    const run = (script: string) => Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }).trim());
    const print = "process.stdout.write(String(require('node:v8').cachedDataVersionTag()))";
    const scanned = run(`
      const { scan } = require(${engine('index')});
      const { EMPTY_CONFIG } = require(${engine('config/palisadeConfig')});
      scan({ root: ${JSON.stringify(root)}, config: EMPTY_CONFIG, workers: 2, scanners: ['secrets'] }).then((r) => {
        if (r.stats.workers !== 2 || r.stats.filesScanned !== 300) throw new Error(JSON.stringify(r.stats));
        ${print};
      });`);
    const flagged = run(`require(${engine('code/grammars')}).keepSecretScanFlags(false); ${print}`);
    assert.equal(scanned, flagged);
    assert.notEqual(flagged, run(print), 'the flags change what V8 does, so they change its hash');
  });

  it("limits a code-scanning helper thread's young generation, and leaves a secrets-only scan's to V8", () => {
    const builtins = loadBuiltinRules();
    assert.deepEqual(helperThreadLimits(activeRules(builtins, EMPTY_CONFIG)), { maxYoungGenerationSizeMb: CODE_THREAD_YOUNG_MB });
    const secretsOnly = activeRules(builtins, { ...EMPTY_CONFIG, disable: builtins.filter((r) => r.spec.kind === 'code').map((r) => r.spec.id) });
    assert.equal(secretsOnly.code.size, 0);
    assert.equal(helperThreadLimits(secretsOnly), undefined);
  });

  it("reports a custom rule's query that tree-sitter refuses when only other threads scan", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 80; i++) files[`s${i}.js`] = `f(${i});\n`;
    root = makeTree(files);
    // Plain syntax (the matcher's own steps could run it) but a structure the grammar cannot hold.
    const spec = { id: 'custom-impossible-query', kind: 'code', title: 't', description: 'd', severity: 'high', cwe: ['CWE-20'], languages: ['javascript'], match: [{ query: '(call_expression (statement_block) @match)' }], help: 'h' };
    const custom = activeRules(builtins, { ...EMPTY_CONFIG, disable: builtins.map((r) => r.spec.id), customRules: [{ spec, source: 'test' }] as never });
    const r = await scanWithPool(listed(), custom, { workers: 2, collectSecrets: false, knownRuleIds: new Set([...known, spec.id]), mainThreadScans: false });
    assert.equal(r.filesScanned, 80);
    assert.ok(r.diagnostics.some((d) => /statement_block/.test(d.message)), JSON.stringify(r.diagnostics.slice(0, 3)));
  });
});

describe('scan pool: rule budget', () => {
  let root = '';
  afterEach(() => removeTree(root));

  /** A custom rule that backtracks exponentially on `token aaa…a!` (and the static check does not catch). */
  const evil: SecretRuleSpec = {
    id: 'evil-backtracking',
    kind: 'secret',
    title: 'Backtracks forever',
    severity: 'high',
    cwe: ['CWE-798'],
    keywords: ['token'],
    pattern: 'token (a|a)*$',
    help: 'A pathological pattern for tests.',
    samples: { positive: ['token a'], negative: ['x'] },
  };
  const withEvil = () => ({ ...EMPTY_CONFIG, customRules: [{ spec: evil, source: 'test' }] });
  const stuckText = `token ${'a'.repeat(60)}!\n`;

  it('stops a custom rule that runs past its budget on a file, reports it by rule and file, and scans the file with every other rule', async function () {
    this.timeout(60_000);
    root = makeTree({ 'stuck.txt': `${stuckText}gh = "${FAKE.githubPat}"\n`, 'clean.js': `const t = "${FAKE.githubPat2}";\n` });
    const r = await scan({ root, config: withEvil(), scanners: ['secrets'], ruleBudgetMs: 300 });
    // The built-in rule still found the secret in the very file the custom rule was stopped on.
    assert.deepEqual(r.findings.map((f) => [f.path, f.ruleId]).sort(), [['clean.js', 'github-pat-classic'], ['stuck.txt', 'github-pat-classic']]);
    assert.equal(r.stats.filesScanned, 2);
    const about = r.diagnostics.filter((d) => d.message.includes('evil-backtracking'));
    assert.deepEqual(about.map((d) => [d.level, d.path, d.scannerFailure]), [['warning', 'stuck.txt', undefined]]);
    assert.ok(!r.diagnostics.some((d) => d.scannerFailure), 'the scan is complete');
    assert.match(about[0].message, /^Custom rule evil-backtracking ran longer than 300 ms on this file and was stopped; the file was scanned without it\./);
  });

  it('switches a rule off for the rest of the scan once it has been stopped on three files', async function () {
    this.timeout(60_000);
    const files: Record<string, string> = {};
    for (let i = 0; i < 5; i++) files[`s${i}.txt`] = stuckText;
    root = makeTree(files);
    const r = await scan({ root, config: withEvil(), scanners: ['secrets'], ruleBudgetMs: 300 });
    assert.equal(r.stats.filesScanned, 5);
    // (Only this rule's: on a loaded machine a thread may lose the processor long enough for any rule to look slow.)
    const stopped = r.diagnostics.filter((d) => d.path && d.message.startsWith('Custom rule evil-backtracking ran longer'));
    assert.equal(stopped.length, RULE_STRIKES, `three files cost a budget each; the others none: ${JSON.stringify(r.diagnostics)}`);
    assert.ok(r.diagnostics.some((d) => !d.path && /Custom rule evil-backtracking was stopped on 3 files .* switched off for the rest of this scan/.test(d.message)));
  });

  it('never runs a custom rule on this thread: a timeout stops a scan stuck in one', async function () {
    this.timeout(60_000);
    root = makeTree({ 'stuck.txt': stuckText });
    const ac = new AbortController();
    // The budget is out of reach: only the abort can end this scan. Were the rule running on
    // this thread, the timer below could not fire and the test would time out.
    setTimeout(() => ac.abort(new Error('the scan did not finish within 1 s')), 1000);
    await assert.rejects(
      scan({ root, config: withEvil(), scanners: ['secrets'], ruleBudgetMs: 10 * 60_000, workers: 1, signal: ac.signal }),
      (e: Error) => e instanceof ScanAbortedError && /did not finish within 1 s/.test(e.message),
    );
  });

});

describe('fewProgramFiles', () => {
  const files = (n: number, ext: string) => Array.from({ length: n }, (_, i) => ({ path: `src/f${i}.${ext}` }));
  it('hasProgramFile: whether any file is source the code scanner parses (so a small scan loads its parser early)', () => {
    assert.equal(hasProgramFile([...files(3, 'md'), ...files(2, 'json')]), false);
    assert.equal(hasProgramFile([...files(3, 'md'), { path: 'a/b.py' }]), true);
    assert.equal(hasProgramFile([]), false);
  });
  it('counts source files only, up to QUICK_START_MAX_FILES', () => {
    assert.equal(fewProgramFiles(files(QUICK_START_MAX_FILES, 'ts')), true);
    assert.equal(fewProgramFiles(files(QUICK_START_MAX_FILES + 1, 'java')), false);
    assert.equal(fewProgramFiles([...files(5, 'py'), ...files(10 * QUICK_START_MAX_FILES, 'md'), ...files(QUICK_START_MAX_FILES, 'json')]), true);
  });
});
