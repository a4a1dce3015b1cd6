/**
 * Runs one Palisade scan in this (child) process and prints one JSON line: timings, stats,
 * peak RSS and where findings are (rule, path, line; never secret values). The benchmark
 * spawns it so that each measurement has a fresh process, as a pipeline run has.
 *
 *   node out/test/bench/engineDriver.js --root DIR [--rules-x N] [--workers N] [--paths a,b,c] [--all-kinds]
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { EMPTY_CONFIG, type PalisadeConfig } from '../../tasks/engine/config';
import { scan } from '../../tasks/engine/index';
import { loadBuiltinRules, type LoadedRule } from '../../tasks/engine/ruleLoader';

export interface DriverOutput {
  /** ms from process start to the end of the scan (node start-up and module loading included). */
  processMs: number;
  /** ms inside scan(): rule compilation, walk, read, match. */
  scanMs: number;
  /** ms to load the rule files before the scan. */
  loadRulesMs: number;
  rulesActive: number;
  rulesMultiplier: number;
  workers: number;
  filesScanned: number;
  bytesScanned: number;
  filesSkipped: number;
  /** process.resourceUsage().maxRSS, KiB (worker threads included). */
  maxRssKiB: number;
  findings: { ruleId: string; path: string; line: number; suppressed: boolean }[];
}

/**
 * `n` copies of every rule, the copies under new ids (`<id>.x2`, ...). They go in as custom
 * rules, the way a user's `.palisade.yml` adds rules, so the measured path is the real one.
 */
export function multiplyRules(builtins: readonly LoadedRule[], n: number): LoadedRule[] {
  const out: LoadedRule[] = [];
  for (let k = 2; k <= n; k++) {
    for (const r of builtins) if (r.spec.kind === 'secret') out.push({ spec: { ...r.spec, id: `${r.spec.id}.x${k}`.slice(0, 64) }, source: `${r.source} (copy ${k})` });
  }
  return out;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  const root = arg(argv, '--root');
  if (!root) throw new Error('--root is required');
  const mult = Number(arg(argv, '--rules-x') ?? '1');
  const workers = arg(argv, '--workers');
  const pathsArg = arg(argv, '--paths');
  const pathsFile = arg(argv, '--paths-file');
  const paths = pathsArg ? pathsArg.split(',') : pathsFile ? readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean) : undefined;

  const t0 = performance.now();
  const builtins = loadBuiltinRules();
  // The secret scan is what is compared: rules of other kinds (code patterns) are switched off
  // unless --all-kinds is given.
  const disable = argv.includes('--all-kinds') ? [] : builtins.filter((r) => r.spec.kind !== 'secret').map((r) => r.spec.id);
  const config: PalisadeConfig = { ...EMPTY_CONFIG, disable, customRules: multiplyRules(builtins, mult) };
  const t1 = performance.now();
  const result = await scan({ root, config, paths, workers: workers ? Number(workers) : undefined });
  const t2 = performance.now();

  const out: DriverOutput = {
    processMs: t2,
    scanMs: t2 - t1,
    loadRulesMs: t1 - t0,
    rulesActive: result.rules.length,
    rulesMultiplier: mult,
    workers: result.stats.workers,
    filesScanned: result.stats.filesScanned,
    bytesScanned: result.stats.bytesScanned,
    filesSkipped: result.stats.filesSkipped,
    maxRssKiB: process.resourceUsage().maxRSS,
    findings: result.findings.map((f) => ({ ruleId: f.ruleId, path: f.path, line: f.region.startLine, suppressed: !!f.suppression })),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`engineDriver: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(2);
  });
}
