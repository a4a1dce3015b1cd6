import { writeFileSync, renameSync, statSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isFailOn, type FailOn } from '../contract/findings';
import { SCANNERS, type Scanner } from '../contract/projectSettings';
import { AdvisorySourceError } from '../engine/deps';
import { createAdvisorySource, type ClosableAdvisorySource } from '../osv';
import { DEFAULT_CONFIG_FILE, loadConfig, parseSize, type PalisadeConfig } from '../engine/config';
import { readBaseline, writeBaseline } from '../engine/baseline';
import { scan, ScanAbortedError, type EngineScanResult } from '../engine/index';
import { loadBuiltinRules } from '../engine/ruleLoader';
import { activeRules } from '../engine/ruleSet';
import { toSarif } from '../engine/sarif';
import { ENGINE_VERSION } from '../engine/version';
import { FileProblemError } from '../engine/yamlValidation';
import { gateFindings, renderRulesTable, renderTable, summaryLine } from './output';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

const USAGE = `Usage: palisade scan [PATH] [options]
       palisade rules [--format table|json]

Scans PATH (default: the current directory) for leaked secrets, insecure code and
known-vulnerable dependencies.

Options:
  --format table|json|sarif  output on stdout (default: table on a terminal, json otherwise)
  --sarif FILE               also write a SARIF 2.1.0 log to FILE
  --fail-on LEVEL            critical|high|medium|low|none (default: high, or failOn from the config)
  --config FILE              configuration file (default: PATH/${DEFAULT_CONFIG_FILE} when present)
  --baseline FILE            findings whose fingerprint is in FILE are reported as suppressed
  --write-baseline FILE      write the fingerprints of the current findings to FILE
  --exclude GLOB             skip paths matching GLOB (gitignore syntax); repeatable
  --max-file-size SIZE       skip larger files (default 1MB; e.g. 512KB, 5MB)
  --workers N                scanner threads (default: by tree size and cores)
  --timeout DURATION         stop the scan after DURATION (e.g. 90s, 10m; seconds if no unit; default none)
  --scanners LIST            comma-separated: secrets, code, dependencies (default: all)
  --osv-url URL              OSV API for dependency advisories (default https://api.osv.dev)
  --osv-offline DIR          read advisories from an OSV database export instead of the network
  --quiet                    no progress or summary on stderr
  -h, --help                 this help
  -v, --version              the version

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
            2 usage or configuration error, 3 a scanner could not finish (e.g. the
            advisory database was unreachable) or an internal error.`;

class UsageError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
}

const defaultIo = (): Io => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout.write(USAGE + '\n');
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (command === '-v' || command === '--version') {
      io.stdout.write(`palisade ${ENGINE_VERSION}\n`);
      return EXIT_OK;
    }
    if (command === 'scan') return await runScan(rest, io);
    if (command === 'rules') return runRules(rest, io);
    throw new UsageError(`unknown command "${command}" (use "palisade scan [PATH]" or "palisade --help")`);
  } catch (e) {
    if (e instanceof UsageError || e instanceof FileProblemError || e instanceof AdvisorySourceError) {
      io.stderr.write(`palisade: ${oneLine(e.message)}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`palisade: internal error: ${oneLine((e as Error).message)}\n`);
    return EXIT_INTERNAL;
  }
}

function oneLine(s: string): string {
  return s.split('\n').filter(Boolean).join('; ');
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional.*$/, '')} (see "palisade --help")`);
  }
}

function runRules(args: string[], io: Io): number {
  const { values } = parse(args, { format: { type: 'string' } });
  const format = (values.format as string | undefined) ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json for "rules", not "${format}"`);
  const builtins = loadBuiltinRules();
  const rules = activeRules(builtins, { disable: [], enable: builtins.map((r) => r.spec.id), severity: {}, customRules: [] }).summaries;
  io.stdout.write(format === 'json' ? JSON.stringify(rules, null, 2) + '\n' : renderRulesTable(rules));
  return EXIT_OK;
}

async function runScan(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    format: { type: 'string' },
    sarif: { type: 'string' },
    'fail-on': { type: 'string' },
    config: { type: 'string' },
    baseline: { type: 'string' },
    'write-baseline': { type: 'string' },
    exclude: { type: 'string', multiple: true },
    'max-file-size': { type: 'string' },
    workers: { type: 'string' },
    timeout: { type: 'string' },
    scanners: { type: 'string' },
    'osv-url': { type: 'string' },
    'osv-offline': { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.stdout.write(USAGE + '\n');
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError(`scan takes one PATH, got ${positionals.length}: ${positionals.join(' ')}`);
  const root = resolve(io.cwd, positionals[0] ?? '.');
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new UsageError(`path "${positionals[0] ?? '.'}" does not exist`);
  }
  if (!isDir) throw new UsageError(`path "${positionals[0]}" is not a directory (scan a folder; use --exclude to leave files out)`);

  const format = (values.format as string | undefined) ?? (io.stdout.isTTY ? 'table' : 'json');
  if (!['table', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be table, json or sarif, not "${format}"`);
  const failOnArg = values['fail-on'] as string | undefined;
  if (failOnArg !== undefined && !isFailOn(failOnArg)) throw new UsageError(`--fail-on must be critical, high, medium, low or none, not "${failOnArg}"`);
  let maxFileSize: number | undefined;
  if (values['max-file-size'] !== undefined) {
    try {
      maxFileSize = parseSize(values['max-file-size'] as string);
    } catch (e) {
      throw new UsageError(`--max-file-size: ${(e as Error).message}`);
    }
  }
  let workers: number | undefined;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new UsageError(`--workers must be a whole number from 1 to 64, not "${values.workers}"`);
  }

  const timeoutArg = values.timeout as string | undefined;
  const timeoutMs = timeoutArg === undefined ? undefined : parseDuration(timeoutArg);

  let scanners: Scanner[] = [...SCANNERS];
  if (values.scanners !== undefined) {
    const list = (values.scanners as string).split(/[\s,]+/).filter(Boolean);
    const bad = list.find((x) => !(SCANNERS as readonly string[]).includes(x));
    if (bad || list.length === 0) throw new UsageError(`--scanners takes a comma-separated list of ${SCANNERS.join(', ')}${bad ? `, not "${bad}"` : ''}`);
    scanners = list as Scanner[];
  }

  const builtinIds = new Set(loadBuiltinRules().map((r) => r.spec.id));
  const configArg = values.config as string | undefined;
  const config: PalisadeConfig = configArg
    ? loadConfig(resolve(io.cwd, configArg), builtinIds, true, configArg)
    : loadConfig(join(root, DEFAULT_CONFIG_FILE), builtinIds, false, DEFAULT_CONFIG_FILE);
  const failOn: FailOn = (failOnArg as FailOn | undefined) ?? config.failOn ?? 'high';
  const baseline = values.baseline ? readBaseline(resolve(io.cwd, values.baseline as string)) : undefined;

  const quiet = !!values.quiet;
  const progress = !quiet && io.stderr.isTTY ? progressPrinter(io.stderr) : undefined;
  let advisorySource: ClosableAdvisorySource | undefined;
  if (scanners.includes('dependencies')) {
    const offline = values['osv-offline'] as string | undefined;
    advisorySource = createAdvisorySource({
      baseUrl: values['osv-url'] as string | undefined,
      offlineDir: offline ? resolve(io.cwd, offline) : undefined,
      env: process.env,
    });
  }
  let result: EngineScanResult;
  const timeout = new AbortController();
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => timeout.abort(new Error(`the scan did not finish within ${timeoutArg} (--timeout) and was stopped`)), timeoutMs);
  try {
    result = await scan({
      signal: timeout.signal,
      scanners,
      advisorySource,
      root,
      config,
      excludes: (values.exclude as string[] | undefined) ?? [],
      maxFileSize,
      baseline,
      workers,
      onProgress: progress?.update,
    });
  } catch (e) {
    if (!(e instanceof ScanAbortedError)) throw e;
    progress?.done();
    io.stderr.write(`palisade: ${oneLine(e.message)}\n`);
    return EXIT_INTERNAL;
  } finally {
    if (timer) clearTimeout(timer);
    progress?.done();
    advisorySource?.close();
  }

  const sarifFile = values.sarif as string | undefined;
  if (sarifFile) writeAtomically(resolve(io.cwd, sarifFile), JSON.stringify(toSarif(result, { baselineApplied: !!baseline }), null, 2) + '\n');
  const writeBaselineFile = values['write-baseline'] as string | undefined;
  if (writeBaselineFile) {
    const n = writeBaseline(resolve(io.cwd, writeBaselineFile), result.findings);
    if (!quiet) io.stderr.write(`palisade: wrote ${n} fingerprint${n === 1 ? '' : 's'} to ${writeBaselineFile}\n`);
  }

  const gate = gateFindings(result.findings, failOn);
  if (format === 'sarif') io.stdout.write(JSON.stringify(toSarif(result, { baselineApplied: !!baseline }), null, 2) + '\n');
  else if (format === 'json') io.stdout.write(JSON.stringify(jsonReport(result, failOn, gate.failing.length), null, 2) + '\n');
  else io.stdout.write(renderTable(result, { color: !!io.stdout.isTTY }));

  if (!quiet) {
    for (const d of result.diagnostics) io.stderr.write(`palisade: ${d.level}: ${d.path ? `${d.path}${d.line ? `:${d.line}` : ''}: ` : ''}${d.message}\n`);
    io.stderr.write(summaryLine(result, failOn, gate) + '\n');
  }
  if (gate.failing.length > 0) return EXIT_FINDINGS;
  return result.diagnostics.some((d) => d.scannerFailure) ? EXIT_INTERNAL : EXIT_OK;
}

/** `90`, `90s`, `1500ms`, `10m` -> milliseconds. */
function parseDuration(v: string): number {
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*(ms|s|m|h)?\s*$/.exec(v);
  const ms = m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h'] : NaN;
  if (!(ms > 0) || ms > 2 ** 31 - 1) throw new UsageError(`--timeout must be a duration such as 90s or 10m, not "${v}"`);
  return ms;
}

function jsonReport(result: EngineScanResult, failOn: FailOn, failing: number): object {
  return {
    tool: 'palisade',
    version: result.toolVersion,
    root: result.root,
    failOn,
    failing,
    stats: result.stats,
    findings: result.findings,
    skipped: result.skipped,
    diagnostics: result.diagnostics,
  };
}

function writeAtomically(file: string, body: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, body);
  renameSync(tmp, file);
}

/** A single self-rewriting stderr line, shown only when a scan takes more than a moment. */
function progressPrinter(stream: NodeJS.WritableStream): { update: (done: number, total: number) => void; done: () => void } {
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (now - started < 1000 || now - last < 100) return;
      last = now;
      shown = true;
      stream.write(`\rscanning: ${done}/${total} files`);
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
