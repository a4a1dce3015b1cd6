/**
 * Runs one Palisade scan in this (child) process and prints one JSON line: timings, stats,
 * peak RSS and where findings are (rule, path, line; never secret values). The benchmark
 * spawns it so that each measurement has a fresh process, as a pipeline run has.
 *
 *   node out/test/bench/engineDriver.js --root DIR [--rules-x N] [--rules-mode copies|vendors]
 *                                       [--anchors-file F] [--workers N] [--paths a,b,c] [--paths-file F]
 *                                       [--all-kinds | --kinds secrets|code|all] [--enable id,id]
 *   node out/test/bench/engineDriver.js --write-anchors F --rules-x N --rules-mode M
 *
 * Built-in rules come with their pattern anchors worked out at build time (in the rule
 * bundle). `--write-anchors` does the same for the added rules, before the timed runs, which
 * read them with `--anchors-file`: the figure is then that of a rule set grown N times, not
 * of N times as many custom rules (those are analysed at load, ~0.5 ms each).
 */
import { checkOptions } from './cliOptions';
import { performance } from 'node:perf_hooks';
import { EMPTY_CONFIG, type PalisadeConfig } from '../../tasks/engine/config/palisadeConfig';
import { scan } from '../../tasks/engine/index';
import { readFileSync, writeFileSync } from 'node:fs';
import { anchorEntries, seedAnchors, type AnchorEntry } from '../../tasks/engine/secrets/anchors';
import type { LoadedRule } from '../../tasks/engine/rules/ruleSpec';
import { loadBuiltinRules } from '../../tasks/engine/ruleset/ruleLoader';
import type { SecretRuleSpec } from '../../tasks/engine/rules/ruleSpec';

export interface DriverOutput {
  /** ms from process start to the end of the scan (node start-up and module loading included). */
  processMs: number;
  /** ms inside scan(): rule compilation, walk, read, match. */
  scanMs: number;
  /** ms to load the rule files before the scan. */
  loadRulesMs: number;
  /** CPU seconds (user + system, every thread) spent inside scan(): the figure after start-up. */
  scanCpuS: number;
  rulesActive: number;
  rulesMultiplier: number;
  workers: number;
  filesScanned: number;
  bytesScanned: number;
  filesSkipped: number;
  /** process.resourceUsage().maxRSS, KiB (worker threads included). */
  maxRssKiB: number;
  /** `low`: shown at low confidence (a filler value, or a key whose checksum failed). */
  findings: { ruleId: string; path: string; line: number; suppressed: boolean; low?: boolean }[];
}

/**
 * How the rule set grows to `n` times its size:
 * - `vendors`: rules for new vendors, as a growing rule set gets them. Each new rule has a
 *   keyword of its own and requires it in front of an existing rule's pattern, so it costs what
 *   that rule costs wherever its keyword occurs. Like most vendors' names in any one
 *   repository, the new keywords do not occur in the corpus.
 * - `copies`: every rule again under a new id (`<id>.x2`, ...), the worst case: each new rule
 *   fires on every file its original fires on, so all of the matching work doubles.
 * Either way they go in as custom rules, the way a user's `.palisade.yml` adds rules, so the
 * measured path is the real one.
 */
export type RulesMode = 'copies' | 'vendors';

export function multiplyRules(builtins: readonly LoadedRule[], n: number, mode: RulesMode = 'copies'): LoadedRule[] {
  const out: LoadedRule[] = [];
  for (let k = 2; k <= n; k++) {
    builtins.forEach((r, i) => {
      if (r.spec.kind !== 'secret') return;
      if (mode === 'copies') {
        out.push({ spec: { ...r.spec, id: `${r.spec.id}.x${k}`.slice(0, 64) }, source: `${r.source} (copy ${k})` });
        return;
      }
      const vendor = `zv${k}q${i.toString(36)}`;
      out.push({
        spec: { ...r.spec, id: `${vendor}-${r.spec.id}`.slice(0, 64), keywords: [vendor], pattern: `${vendor}[_.-]?(?:${r.spec.pattern})` },
        source: `${r.source} (vendor variant ${k})`,
      });
    });
  }
  return out;
}

function arg(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: string[]): Promise<void> {
  checkOptions('engineDriver', argv, ['--rules-x', '--rules-mode', '--write-anchors', '--root', '--anchors-file', '--workers', '--paths', '--paths-file', '--kinds', '--enable'], ['--all-kinds']);
  const mult = Number(arg(argv, '--rules-x') ?? '1');
  const mode = (arg(argv, '--rules-mode') ?? 'copies') as RulesMode;
  if (mode !== 'copies' && mode !== 'vendors') throw new Error(`--rules-mode must be copies or vendors, not ${mode}`);
  const writeAnchors = arg(argv, '--write-anchors');
  if (writeAnchors) {
    const added = multiplyRules(loadBuiltinRules(), mult, mode).map((r) => r.spec).filter((s): s is SecretRuleSpec => s.kind === 'secret');
    writeFileSync(writeAnchors, JSON.stringify(anchorEntries(added)));
    return;
  }
  const root = arg(argv, '--root');
  if (!root) throw new Error('engineDriver: --root DIR is required (the folder to scan)');
  const anchorsFile = arg(argv, '--anchors-file');
  const workers = arg(argv, '--workers');
  const pathsArg = arg(argv, '--paths');
  const pathsFile = arg(argv, '--paths-file');
  const paths = pathsArg ? pathsArg.split(',') : pathsFile ? readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean) : undefined;

  const t0 = performance.now();
  if (anchorsFile) seedAnchors(JSON.parse(readFileSync(anchorsFile, 'utf8')) as AnchorEntry[]);
  const builtins = loadBuiltinRules();
  // The secret scan is what is compared: rules of other kinds (code patterns) are switched off
  // unless --all-kinds is given.
  const kinds = argv.includes('--all-kinds') ? 'all' : arg(argv, '--kinds') ?? 'secrets';
  if (kinds !== 'secrets' && kinds !== 'code' && kinds !== 'all') throw new Error(`--kinds must be secrets, code or all, not ${kinds}`);
  const disable = kinds === 'all' ? [] : builtins.filter((r) => r.spec.kind !== (kinds === 'code' ? 'code' : 'secret')).map((r) => r.spec.id);
  // Rules shipped off (`enabled: false`), switched on as `.palisade.yml`'s `rules.enable` would.
  const enable = arg(argv, '--enable')?.split(',').filter(Boolean) ?? [];
  const config: PalisadeConfig = { ...EMPTY_CONFIG, disable, enable, customRules: kinds === 'code' ? [] : multiplyRules(builtins, mult, mode) };
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await scan({ root, config, paths, workers: workers ? Number(workers) : undefined, scanners: kinds === 'all' ? undefined : [kinds === 'code' ? 'code' : 'secrets'] });
  const cpu = process.cpuUsage(cpu0);
  const t2 = performance.now();

  const out: DriverOutput = {
    processMs: t2,
    scanMs: t2 - t1,
    loadRulesMs: t1 - t0,
    scanCpuS: (cpu.user + cpu.system) / 1e6,
    rulesActive: result.rules.length,
    rulesMultiplier: mult,
    workers: result.stats.workers,
    filesScanned: result.stats.filesScanned,
    bytesScanned: result.stats.bytesScanned,
    filesSkipped: result.stats.filesSkipped,
    maxRssKiB: process.resourceUsage().maxRSS,
    findings: result.findings.map((f) => {
      const low = f.properties?.confidence === 'low' || f.properties?.checksum === 'invalid';
      return { ruleId: f.ruleId, path: f.path, line: f.region.startLine, suppressed: !!f.suppression, ...(low ? { low } : {}) };
    }),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  });
}
