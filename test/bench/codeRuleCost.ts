/**
 * Where the code scan's time goes, rule by rule: every program file of a tree is parsed and run
 * through the code rules its keywords let through, one file at a time, in process, as a
 * single-file scan does (files that read no input skip the rules that need it; cross-file
 * summaries are not made). A rule's time includes the value
 * analysis it is the first to ask for; `parse` is parsing and indexing, outside every rule.
 *
 *   node out/test/bench/codeRuleCost.js [--dir PATH] [--top N] [--json FILE] [--without id,id]
 *   (default dir: the project's node_modules)
 */
import { checkOptions } from './cliOptions';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MAX_FILE_SIZE } from '../../tasks/engine/config/palisadeConfig';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import { CodeRuleSet, compileCodeRule } from '../../tasks/engine/code/codeRules';
import { isCodeRule } from '../../tasks/engine/rules/ruleSpec';
import { decodeText } from '../../tasks/engine/text/decode';
import { walk } from '../../tasks/engine/run/walker';
import { textTable } from './report';

export interface CodeRuleCost {
  id: string;
  /** Files whose keywords sent them to this rule. */
  files: number;
  ms: number;
  /** Share of all time inside rules. */
  pct: number;
  hits: number;
}

export interface CodeRuleCostReport {
  dir: string;
  /** Program and config files the code rules were asked about. */
  files: number;
  /** Files some rule was run on. */
  scanned: number;
  bytes: number;
  totalMs: number;
  /** CPU seconds of the whole walk (user + system). */
  cpuS: number;
  /** Time outside every rule: keyword search, parsing, indexing. */
  outsideMs: number;
  rules: CodeRuleCost[];
}

export async function codeRuleCost(dir: string, without: ReadonlySet<string> = new Set()): Promise<CodeRuleCostReport> {
  const specs = loadBuiltinRules().map((r) => r.spec).filter(isCodeRule).filter((s) => !without.has(s.id));
  const set = new CodeRuleSet(specs.map((s) => compileCodeRule(s)));
  await set.prepareAll();
  const stats = new Map(specs.map((s) => [s.id, { id: s.id, files: 0, ms: 0, hits: 0 }]));
  let current: { id: string; files: number; ms: number } | undefined;
  let started = 0;
  set.watch = (id) => {
    const now = performance.now();
    if (current) current.ms += now - started;
    current = id === undefined ? undefined : stats.get(id);
    if (current) current.files++;
    started = now;
  };
  let files = 0;
  let scanned = 0;
  let bytes = 0;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const f of walk({ root: dir, maxFileSize: DEFAULT_MAX_FILE_SIZE }).files) {
    const d = decodeText(readFileSync(f.abs));
    if (!d) continue;
    files++;
    const before = [...stats.values()].reduce((n, s) => n + s.files, 0);
    const hits = await set.scan(d.text, f.path);
    if ([...stats.values()].reduce((n, s) => n + s.files, 0) > before) {
      scanned++;
      bytes += d.text.length;
    }
    for (const h of hits) stats.get(h.rule.spec.id)!.hits++;
  }
  const totalMs = performance.now() - t0;
  const c1 = process.cpuUsage(c0);
  const inRules = [...stats.values()].reduce((n, s) => n + s.ms, 0);
  return {
    dir,
    files,
    scanned,
    bytes,
    totalMs,
    cpuS: (c1.user + c1.system) / 1e6,
    outsideMs: totalMs - inRules,
    rules: [...stats.values()]
      .filter((s) => s.files)
      .map((s) => ({ ...s, pct: inRules ? (100 * s.ms) / inRules : 0 }))
      .sort((a, b) => b.ms - a.ms),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  checkOptions('codeRuleCost', args, ['--dir', '--top', '--json', '--without']);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dir = opt('--dir') ?? join(__dirname, '..', '..', '..', 'node_modules');
  const top = Number(opt('--top') ?? 30);
  const r = await codeRuleCost(dir, new Set((opt('--without') ?? '').split(',').filter(Boolean)));
  const json = opt('--json');
  if (json) writeFileSync(json, JSON.stringify(r, null, 2));
  console.log(`Code rules over ${r.dir}: ${r.files} files asked, ${r.scanned} run through rules (${(r.bytes / 1048576).toFixed(1)} MB); ${(r.totalMs / 1000).toFixed(1)} s (${r.cpuS.toFixed(1)} CPU s), of which ${(r.outsideMs / 1000).toFixed(1)} s outside rules (keywords, parsing, indexing)`);
  console.log(
    textTable([['rule', 'files', 'ms', 'share', 'hits'], ...r.rules.slice(0, top).map((s) => [s.id, String(s.files), s.ms.toFixed(0), `${s.pct.toFixed(1)}%`, String(s.hits)])]),
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error((e as Error).message);
    process.exit(2);
  });
}
