import { join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, Finding, FindingKind, RuleSummary, ScanResult, SkippedPath } from '../contract/findings';
import type { Scanner } from '../contract/projectSettings';
import type { AdvisorySource, InventoryPackage } from './deps';
import { isDependencyManifest } from './deps/manifestNames';
import { compareFindings } from '../contract/findings';
import { DEFAULT_MAX_FILE_SIZE, EMPTY_CONFIG, type PalisadeConfig } from './config/palisadeConfig';
import { builtinRuleIds, loadBuiltinRules } from './ruleset/ruleLoader';
import { BUILTIN_KINDS } from './ruleset/ruleBundle';
import { activeRules, ruleSummaries } from './run/ruleSet';
import { ruleLanguagesOf } from './code/codeRules';
import { defaultWorkerCount, fewProgramFiles, hasProgramFile, scanWithPool } from './run/scanPool';
import { crossFileFindings, spansFiles, treeNames } from './run/crossFile';
import { dropTreeAnswered } from './run/treeConditions';
import { batchSummaries } from './run/fileBatch';
import { preferQuickStart, setCodeScanFlags, warmRuntime } from './code/grammars';
import { selectFiles, walk } from './run/walker';
import { markPathContext } from './secrets/findingContext';
import { ENGINE_VERSION } from './version';

export interface ScanOptions {
  /** Directory to scan. */
  root: string;
  /** Scan only these files (relative to root); used by diff-aware scans. */
  paths?: readonly string[];
  /** Validated `.palisade.yml` (see loadConfig). */
  config?: PalisadeConfig;
  /** Extra exclude patterns (gitignore syntax) on top of the config's. */
  excludes?: readonly string[];
  /** Overrides the config's maxFileSize. */
  maxFileSize?: number;
  /** Fingerprints accepted earlier: matching findings are kept, marked suppressed. */
  baseline?: ReadonlySet<string>;
  /** Threads to use; default: by tree size and cores. */
  workers?: number;
  /** Return raw secret values (for `##vso[task.setsecret]` only). */
  collectSecrets?: boolean;
  /**
   * Called as files are done. `total` is every path the result will account for: the files to
   * read plus the paths the walk already skipped (which count as done from the start), so it
   * ends at `stats.filesScanned + skipped.length`.
   */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops the scan with a ScanAbortedError (used for timeouts), even when a thread is stuck in a rule. */
  signal?: AbortSignal;
  /**
   * How long one rule may run on one file before it is stopped there and reported (default
   * DEFAULT_RULE_BUDGET_MS). Enforced on worker threads, where custom rules always run.
   */
  ruleBudgetMs?: number;
  /** Which scanners run (default: all). `dependencies` also needs `advisorySource`. */
  scanners?: readonly Scanner[];
  /** Where dependency advisories come from (OSV API or an offline export); injected, the engine has no network. */
  advisorySource?: AdvisorySource;
  /** Check packages needed only for development too (default true; they are marked `dev`). */
  includeDevDependencies?: boolean;
}

const SCANNER_OF_KIND: Partial<Record<FindingKind, Scanner>> = { secret: 'secrets', code: 'code' };

export interface EngineScanResult extends ScanResult {
  /** Present only with `collectSecrets`; never serialise it. */
  secretValues?: string[];
  /** Every package the dependency scanner found (for a bill of materials); absent when it did not run. */
  packages?: InventoryPackage[];
  /**
   * A rule's title as `rules` gives it, without making that list (every rule's summary, which
   * reads every rule's help): a table of findings names only their rules. Not enumerable.
   */
  ruleTitle?: (id: string) => string | undefined;
  /**
   * Of the exclude patterns (the config's, then ScanOptions.excludes, as given), those that
   * excluded no path: see WalkResult.unmatchedExcludes. Only for a scan of the tree (not of
   * `paths`). Not enumerable: a warning for the caller to give, not part of the result's data.
   */
  unmatchedExcludes?: string[];
}

/** The engine's single entry point: reads files under `root` and returns findings. */
export async function scan(opts: ScanOptions): Promise<EngineScanResult> {
  const started = Date.now();
  const config = opts.config ?? EMPTY_CONFIG;
  const scanners = new Set<Scanner>(opts.scanners ?? ['secrets', 'code', 'dependencies']);
  const maxFileSize = opts.maxFileSize ?? config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const walkOpts = { root: opts.root, excludes: [...config.excludes, ...(opts.excludes ?? [])], maxFileSize };
  // Without the code scanner, regular files are not stat'ed by the walk: the read takes their
  // size on the open file. Code scanning keeps what a batch holds in memory (parse results,
  // summaries) bounded by the files' sizes, so its batches are cut by size, which the walk then
  // provides (the stat is small beside the parse). Files are listed before the rules load, so
  // that a small scan's parser loads (off the main thread) while they do.
  const listed = opts.paths ? selectFiles(opts.root, opts.paths, walkOpts) : walk({ ...walkOpts, statFiles: scanners.has('code') });
  skipConfigFile(listed, opts.root, config.path);
  const workers = opts.workers ?? defaultWorkerCount(listed.files, maxFileSize, !scanners.has('code'));
  const quickCode = scanners.has('code') && fewProgramFiles(listed.files);
  if (quickCode) {
    preferQuickStart();
    if (workers === 1 && hasProgramFile(listed.files)) warmRuntime();
  } else if (scanners.has('code')) setCodeScanFlags();
  // Built-in rules of scanners that are off are not even read; custom ones are disabled like any other rule.
  const kinds = BUILTIN_KINDS.filter((k) => scanners.has(SCANNER_OF_KIND[k]!));
  const off = config.customRules.filter((r) => {
    const sc = SCANNER_OF_KIND[r.spec.kind];
    return sc !== undefined && !scanners.has(sc);
  });
  const choice = { ...config, disable: [...config.disable, ...off.map((r) => r.spec.id)] };
  // A few files scanned on this thread, each on its own (no cross-file flow): only the built-in
  // code rules of their languages are read and compiled (a JavaScript file's are a quarter of
  // them); a file's candidates come from its language's rules alone, so it gets the same
  // findings. Every active rule is still listed (SARIF; a table's titles), from every rule's
  // spec when asked for, without compiling them.
  const some = scanners.has('code') && quickCode && workers === 1 && !spansFiles(listed.files) ? ruleLanguagesOf(listed.files.map((f) => f.path)) : undefined;
  let rules = activeRules(loadBuiltinRules(kinds, some), choice, some && (() => ruleSummaries(loadBuiltinRules(kinds), choice)));
  // With no code rule for these files, as with none at all: the scan then reads them as the
  // whole set would (a rule set with rules decodes every file's text).
  if (some && rules.code.size === 0) rules = activeRules(loadBuiltinRules(kinds), choice);
  const knownRuleIds = new Set([...builtinRuleIds(), ...config.customRules.map((r) => r.spec.id)]);
  const customIds = new Set(config.customRules.map((r) => r.spec.id));
  if (quickCode && workers === 1 && rules.code.size > 0) rules.code.warm(listed.files.map((f) => f.path));
  // Files also return what they tell other files of the tree, joined after the scan.
  if (scanners.has('code') && rules.code.size > 0 && spansFiles(listed.files)) rules.code.crossFile = { names: treeNames(listed.files) };
  const batch = await scanWithPool(listed.files, rules, {
    workers,
    collectSecrets: !!opts.collectSecrets,
    knownRuleIds,
    // Paths the walk skipped count as done from the start, so the progress total is every
    // path the result accounts for (files scanned + skipped), the figure the summaries print.
    onProgress: opts.onProgress && ((done: number, total: number) => opts.onProgress!(listed.skipped.length + done, listed.skipped.length + total)),
    signal: opts.signal,
    maxFileSize,
    customRuleIds: new Set(rules.specs.filter((s) => customIds.has(s.id)).map((s) => s.id)),
    ruleBudgetMs: opts.ruleBudgetMs,
  });

  let findings: Finding[] = batch.findings;
  const diagnostics: Diagnostic[] = batch.diagnostics;
  // Without the index, a gitignored file may be one git tracks (committed, then ignored): said, not hidden.
  if (listed.gitIndexUnread) diagnostics.push({ level: 'warning', message: `gitignored files were skipped without knowing whether git tracks them (a committed file stays in the repository whatever .gitignore says): the git index could not be read (${listed.gitIndexUnread})` });
  const fileSummaries = rules.code.crossFile ? batchSummaries(batch) : [];
  if (rules.code.crossFile && fileSummaries.length) {
    const cross = await crossFileFindings(fileSummaries, {
      files: listed.files,
      code: rules.code,
      detector: rules.detector,
      knownRuleIds,
      existing: findings,
      maxFileSize,
      skipRules: customIds,
      signal: opts.signal,
    });
    findings.push(...cross.findings);
    diagnostics.push(...cross.diagnostics);
  }
  // A scan of chosen paths (a pre-commit hook's) still asks the whole tree: the file that answers
  // (Program.cs) is seldom among the changed ones. Walked only when a gated rule found something.
  const answered = dropTreeAnswered(findings, rules.code.rules.map((r) => r.spec), () => (opts.paths ? walk(walkOpts).files : listed.files), maxFileSize);
  findings = answered.findings;
  diagnostics.push(...answered.diagnostics);
  const lowerInTests = new Set(rules.code.rules.filter((r) => r.spec.testPaths === 'lower').map((r) => r.spec.id));
  markPathContext(findings, config.testPaths, lowerInTests);
  /** Rules other than the built-in and custom ones (the dependency scanner's, per advisory). */
  const moreRules: RuleSummary[] = [];
  let packages: InventoryPackage[] | undefined;
  if (scanners.has('dependencies')) {
    // Lockfiles are often larger than the secret scanner's size cap; the dependency scanner has
    // its own. Those over the cap come last, whether the walk or the read found them too large.
    const oversized = new Set(batch.oversized);
    const manifests = [
      ...listed.files.filter((f) => isDependencyManifest(f.path) && !oversized.has(f.path)),
      ...listed.skipped.filter((s) => s.reason === 'too-large' && isDependencyManifest(s.path)).map((s) => ({ path: s.path, abs: join(opts.root, s.path) })),
      ...listed.files.filter((f) => oversized.has(f.path) && isDependencyManifest(f.path)),
    ];
    if (manifests.length && !opts.advisorySource) {
      diagnostics.push({ level: 'error', scannerFailure: true, message: `${manifests.length} dependency manifest(s) were not checked: no advisory source was configured` });
    } else if (manifests.length) {
      // Loaded on demand: the parsers and their libraries cost ~100 ms of start-up.
      const { scanDependencies } = await import('./deps');
      const deps = await scanDependencies(manifests.map((m) => ({ path: m.path, abs: m.abs })), opts.advisorySource!, { includeDev: opts.includeDevDependencies ?? true });
      packages = deps.packages;
      findings.push(...deps.findings);
      diagnostics.push(...deps.diagnostics);
      moreRules.push(...deps.rules);
    }
  }
  if (opts.baseline) {
    for (const f of findings) {
      if (!f.suppression && opts.baseline.has(f.fingerprint)) f.suppression = { kind: 'baseline', justification: 'in baseline' };
    }
  }
  findings.sort(compareFindings);
  const skipped: SkippedPath[] = [...listed.skipped, ...batch.skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const result: EngineScanResult = {
    root: opts.root,
    findings,
    skipped,
    diagnostics,
    stats: {
      filesScanned: batch.filesScanned,
      bytesScanned: batch.bytesScanned,
      filesSkipped: skipped.length,
      durationMs: Date.now() - started,
      workers,
    },
    rules: [],
    toolVersion: ENGINE_VERSION,
  };
  // The summaries carry every rule's help, which only SARIF output shows: read when first used.
  let summaries: RuleSummary[] | undefined;
  Object.defineProperty(result, 'rules', {
    enumerable: true,
    configurable: true,
    get: () => (summaries ??= [...rules.summaries, ...moreRules]),
    set: (v: RuleSummary[]) => (summaries = v),
  });
  // The rules that ran, and the dependency scanner's: `rules` lists their summaries, whose
  // titles are their specs'; any other id is looked up in that list itself. Later entries of
  // the list win, as in a Map made from it.
  let ran: Map<string, string> | undefined;
  Object.defineProperty(result, 'ruleTitle', {
    enumerable: false,
    value: (id: string): string | undefined => {
      if (summaries) return new Map(summaries.map((r) => [r.id, r.title])).get(id);
      ran ??= new Map([...rules.specs.map((s) => [s.id, s.title] as const), ...moreRules.map((r) => [r.id, r.title] as const)]);
      return ran.has(id) ? ran.get(id) : new Map(result.rules.map((r) => [r.id, r.title])).get(id);
    },
  });
  if (listed.unmatchedExcludes) Object.defineProperty(result, 'unmatchedExcludes', { enumerable: false, value: listed.unmatchedExcludes });
  if (scanners.has('dependencies')) result.packages = packages ?? [];
  if (opts.collectSecrets) result.secretValues = [...new Set(batch.secrets)];
  return result;
}

/** The config file holds custom-rule samples that match by design; report it as skipped. */
function skipConfigFile(listed: { files: { path: string; abs: string }[]; skipped: SkippedPath[] }, root: string, configPath: string | undefined): void {
  if (!configPath) return;
  const rel = relative(resolve(root), configPath).split(sep).join('/');
  const i = listed.files.findIndex((f) => f.path === rel);
  if (i === -1) return;
  listed.files.splice(i, 1);
  listed.skipped.push({ path: rel, reason: 'excluded', detail: 'Palisade configuration file' });
}

// The engine's public surface: the task, the CLI and the OSV adapter import only this module and
// the dependency scanner's entry (./deps/index.ts, kept separate so its parsers load on demand).
export { loadConfig, parseConfigText, parseSize, DEFAULT_CONFIG_FILE, EMPTY_CONFIG } from './config/palisadeConfig';
export type { PalisadeConfig } from './config/palisadeConfig';
export { compareConfigs, type Weakening } from './config/configStrength';
export { FileProblemError, lineOf, type ParsedYaml } from './text/yamlValidation';
export { builtinRuleIds, builtinRuleSummaries, loadBuiltinRules } from './ruleset/ruleLoader';
export type { LoadedRule } from './rules/ruleSpec';
export { activeRules, ruleSummaries } from './run/ruleSet';
export { toSarif } from './sarif/sarifExport';
export { importSarif } from './sarif/sarifImport';
export { readBaseline, writeBaseline } from './findings/baseline';
export { fingerprint } from './findings/fingerprint';
export { addedIgnoreLines, SUPPRESSION_MARKER } from './findings/suppressions';
export { walk } from './run/walker';
export { ScanAbortedError } from './run/scanPool';
export { DEFAULT_RULE_BUDGET_MS } from './scanThread';
export { ENGINE_VERSION } from './version';
