/**
 * The scan itself: the engine over the scan root (or the PR's changed files), bounded by the
 * timeout, with the dependency scanner's advisory source, other tools' SARIF merged in, and
 * every secret value registered for masking before anything else is printed.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Diagnostic, Finding, RuleSummary } from '../../contract/findings';
import type { Scanner } from '../../contract/projectSettings';
import { activeRules, type EngineScanResult, importSarif, type loadBuiltinRules, type PalisadeConfig, scan, type ScanOptions } from '../../engine';
import { AdvisorySourceError } from '../../engine/deps';
import { createAdvisorySource, DEFAULT_OSV_URL, type ClosableAdvisorySource } from '../../osv';
import { describe } from '../azure/session';
import type { ConnectionOptions } from '../azure/connection';
import type { TaskInputs } from '../context/inputs';
import type { TaskLog } from '../log/taskLog';

export interface ScanStepHost {
  log: TaskLog;
  variable(name: string): string | undefined;
  proxy(url: string): ConnectionOptions['proxy'];
  findFiles(root: string, patterns: string[]): string[];
}

export interface ScanStepInput {
  root: string;
  inputs: TaskInputs;
  scanners: Scanner[];
  excludes: string[];
  config: PalisadeConfig;
  builtins: ReturnType<typeof loadBuiltinRules>;
  /** Only these files (a PR's changes); undefined scans everything. */
  paths?: string[];
  /** Closers of what the scan opened (the advisory source's sockets). */
  cleanups: (() => void)[];
}

export interface ScanData {
  /** Undefined when the scan failed outright. */
  result?: EngineScanResult;
  findings: Finding[];
  rules: RuleSummary[];
  diagnostics: Diagnostic[];
  /** Why the scan failed or is incomplete. */
  scannerError?: string;
  /** Lines for the build summary (e.g. a PR's new palisade-ignore comments). */
  notes: string[];
  /** The options the scan ran with, for scanning the PR's merge-base versions the same way. */
  options: Omit<ScanOptions, 'root' | 'paths'>;
}

export async function runScan(host: ScanStepHost, s: ScanStepInput): Promise<ScanData> {
  const { log, inputs } = { log: host.log, inputs: s.inputs };
  let scannerError: string | undefined;
  let advisorySource: ClosableAdvisorySource | undefined;
  if (s.scanners.includes('dependencies')) {
    const osvUrl = inputs.osvUrl ?? DEFAULT_OSV_URL;
    const proxy = inputs.osvOfflineDir ? null : host.proxy(osvUrl);
    try {
      advisorySource = createAdvisorySource({
        baseUrl: osvUrl,
        offlineDir: inputs.osvOfflineDir ? resolve(inputs.osvOfflineDir) : undefined,
        env: process.env,
        proxy: proxy ? { url: proxy.proxyUrl, username: proxy.proxyUsername, password: proxy.proxyPassword, bypass: proxy.proxyBypassHosts } : undefined,
        offlineHint: 'Without network access, set the osvOfflineDir input to an OSV database export.',
      });
      s.cleanups.push(() => advisorySource?.close());
    } catch (e) {
      if (!(e instanceof AdvisorySourceError)) throw e;
      scannerError = `The dependency scanner cannot start: ${e.message}`;
    }
  }
  const options = {
    config: s.config,
    excludes: s.excludes,
    scanners: advisorySource ? s.scanners : s.scanners.filter((x) => x !== 'dependencies'),
    advisorySource,
    includeDevDependencies: inputs.includeDevDependencies,
  };

  let result: EngineScanResult | undefined;
  const timeout = new AbortController();
  // PALISADE_SCAN_TIMEOUT_MS (milliseconds) stands in for timeoutMinutes in tests.
  const overrideMs = Number(process.env.PALISADE_SCAN_TIMEOUT_MS);
  const timeoutMs = Number.isFinite(overrideMs) && overrideMs > 0 ? overrideMs : inputs.timeoutMinutes * 60_000;
  const limit = timeoutMs === inputs.timeoutMinutes * 60_000 ? `${inputs.timeoutMinutes} minute${inputs.timeoutMinutes === 1 ? '' : 's'}` : `${timeoutMs} ms`;
  const timer = setTimeout(() => timeout.abort(new Error(`the scan did not finish within ${limit} (timeoutMinutes) and was stopped`)), timeoutMs);
  try {
    result = await scan({ ...options, root: s.root, paths: s.paths, collectSecrets: true, signal: timeout.signal });
  } catch (e) {
    scannerError = `The scan failed: ${log.mask(describe(e))}`;
  } finally {
    clearTimeout(timer);
  }
  // A pattern of the excludes input that excluded nothing in the tree (the walk counts them; not
  // known for a pull request's changed files, which a pattern need not match): most often one
  // written from the repository's root while the path input is a folder below it.
  const unmatched = result?.unmatchedExcludes?.filter((p) => inputs.excludes.includes(p)) ?? [];
  if (unmatched.length) log.warning(`excludes: ${unmatched.map((p) => `"${p}"`).join(', ')} excluded nothing: no path the scan reached in the folder scanned matches ${unmatched.length === 1 ? 'it' : 'them'} (patterns are relative to the path input, ${inputs.path}).`);
  const incomplete = result?.diagnostics.filter((d) => d.scannerFailure) ?? [];
  if (!scannerError && incomplete.length) scannerError = `The scan is incomplete: ${incomplete.map((d) => d.message).join('; ')}`;
  if (result?.secretValues?.length) {
    // Registered (line by line, through task-lib) before anything else is printed, so the agent
    // masks them in every later line.
    log.registerSecrets(result.secretValues);
    result.secretValues = undefined;
  }
  const data: ScanData = {
    result,
    findings: result ? [...result.findings] : [],
    rules: result ? [...result.rules] : activeRules(s.builtins, s.config).summaries,
    diagnostics: result ? [...result.diagnostics] : [],
    scannerError,
    notes: [],
    options,
  };
  mergeOtherSarif(host, s, data);
  return data;
}

/** Larger SARIF files are refused rather than risk the agent's memory (JSON.parse holds it all). */
const MAX_SARIF_BYTES = 256 * 1024 * 1024;

/** Other tools' SARIF, merged and gated like our own findings. */
function mergeOtherSarif(host: ScanStepHost, s: ScanStepInput, data: ScanData): void {
  const patterns = s.inputs.additionalSarif;
  if (!patterns.length) return;
  const detector = activeRules(s.builtins, s.config).detector;
  const files = host.findFiles(host.variable('System.DefaultWorkingDirectory') ?? s.root, patterns);
  if (files.length === 0) host.log.warning(`additionalSarif matched no files (${patterns.join(', ')}).`);
  for (const file of files) {
    const name = relative(s.root, file) || file;
    let text: string;
    try {
      const size = statSync(file).size;
      if (size > MAX_SARIF_BYTES) {
        data.diagnostics.push({ level: 'error', path: name, message: `${(size / 1048576).toFixed(0)} MB, over the ${MAX_SARIF_BYTES / 1048576} MB limit for additionalSarif; it was not merged` });
        continue;
      }
      text = readFileSync(file, 'utf8');
    } catch (e) {
      data.diagnostics.push({ level: 'error', path: name, message: `could not be read (${describe(e)}); it was not merged` });
      continue;
    }
    // Another tool may echo a line of a secret this scan registered (our rules see no whole
    // secret in one line): every string it brings is masked before it is stored or printed.
    const imported = maskStrings(importSarif(text, name, s.root, detector), (t) => host.log.mask(t));
    data.findings.push(...imported.findings);
    data.rules.push(...imported.rules.filter((r) => !data.rules.some((x) => x.id === r.id)));
    data.diagnostics.push(...imported.diagnostics);
    host.log.info(`Merged ${imported.findings.length} findings from ${name}.`);
  }
}

/** `value` with `mask` applied to every string in it (a copy; plain JSON-like data only). */
export function maskStrings<T>(value: T, mask: (text: string) => string): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskStrings(v, mask)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v, mask)])) as T;
  return value;
}
