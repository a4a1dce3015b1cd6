import { accessSync, constants, fstatSync, lstatSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isFailOn, type FailOn } from '../contract/findings';
import { SCANNERS, type Scanner } from '../contract/projectSettings';
import type { EngineScanResult, PalisadeConfig } from '../engine';
import type * as EngineModule from '../engine';
import { ENGINE_VERSION, FileProblemError, listedRuleSummaries } from '../engine/listing';
import type { Ecosystem, SbomFormat } from '../engine/deps';
import type * as DepsModule from '../engine/deps';
import type { ClosableAdvisorySource } from '../osv';
import type * as OsvModule from '../osv';
import type * as OsvExportsModule from '../osv/exportDownload';

// The dependency scanner and the OSV client are ~200 modules: loaded by the commands and
// options that use them, so that `palisade rules` and a secrets or code scan start at once.
// The engine is loaded by `scan` (and the help): `palisade rules` reads the rules' listing
// only (engine/listing.ts). It is in the CLI bundle all the same (see cliBundle.ts).
const engine = (): typeof EngineModule => require('../engine') as typeof EngineModule;
const deps = (): typeof DepsModule => require('../engine/deps') as typeof DepsModule;
const osv = (): typeof OsvModule => require('../osv') as typeof OsvModule;
const osvExports = (): typeof OsvExportsModule => require('../osv/exportDownload') as typeof OsvExportsModule;
import { gateFindings, printable, progressPrinter, renderRulesTable, renderTable, summaryLine, terminalWidth } from './output';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

const usage = (): string => `Usage: palisade scan [PATH | FILE...] [options]
       palisade rules [--kind secret|code|dependency] [--format table|json]
       palisade osv-download [PATH] --out DIR [--ecosystems LIST] [--url URL] [--exclude GLOB]... [--quiet]

Scans PATH (default: the current directory), or the FILEs given (paths shown from the current
directory, whose .palisade.yml applies; as a pre-commit hook passes them), for leaked secrets, insecure code and
known-vulnerable dependencies. Dependencies are checked against the OSV API, so without
network access a default scan ends incomplete (exit 3): pass --osv-offline DIR (an export
made by osv-download) or leave them out with --scanners secrets,code.

Options:
  --format table|json|sarif  output on stdout (default: table on a terminal, json otherwise)
  --sarif FILE               also write a SARIF 2.1.0 log to FILE
  --fail-on LEVEL            critical|high|medium|low|none (default: high, or failOn from the config)
  --config FILE              configuration file (default: PATH/${engine().DEFAULT_CONFIG_FILE} when present)
  --baseline FILE            findings whose fingerprint is in FILE are reported as suppressed
  --write-baseline FILE      write the fingerprints of the current findings to FILE
  --exclude GLOB             skip paths matching GLOB (gitignore syntax, relative to PATH); repeatable
  --max-file-size SIZE       skip larger files (default 1MB; e.g. 512KB, 5MB)
  --workers N                scanner threads (default: by tree size and cores)
  --timeout DURATION         stop the scan after DURATION (e.g. 90s, 10m; seconds if no unit; default none)
  --scanners LIST            comma-separated: secrets, code, dependencies (default: all)
  --osv-url URL              OSV API for dependency advisories (default https://api.osv.dev)
  --osv-offline DIR          read advisories from an OSV database export instead of the network
  --exclude-dev, --no-dev    leave development-only dependencies out (default: checked, marked dev)
  --sbom cyclonedx|spdx FILE write a bill of materials of every package found (CycloneDX 1.5
                             or SPDX 2.3 JSON, with purls) to FILE
  --quiet                    no progress or summary on stderr
  -h, --help                 this help
  -v, --version              the version

osv-download writes <DIR>/<Ecosystem>/all.zip from OSV's exports
(${osvExports().OSV_EXPORT_URL}/<Ecosystem>/all.zip) for the ecosystems
of the dependency manifests under PATH (default: the current directory), or those of
--ecosystems (${deps().ECOSYSTEMS.join(', ')}), through HTTPS_PROXY / NO_PROXY when set.
Scan later with --osv-offline DIR (task input osvOfflineDir).

rules lists the built-in rules with their kind, severity, CWE and title; --kind secret,
code or dependency shows one kind (dependency rules are made per OSV advisory at scan time).

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it,
            2 usage or configuration error, 3 the scan is incomplete: a scanner could not
            finish (e.g. the advisory database was unreachable, a lockfile could not be
            parsed) or an internal error.`;

class UsageError extends Error {}
/** An output file (--sarif, --sbom, --write-baseline) that could not be written after the scan: exit 3, naming it. */
class OutputError extends Error {}

interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  cwd: string;
  /** How long a scan runs before its progress line shows (default 1 s; tests use 0). */
  progressDelayMs?: number;
}

const defaultIo = (): Io => {
  let stdout: Io['stdout'] | undefined;
  let stderr: Io['stderr'] | undefined;
  return {
    // Made when first written: a command that writes nothing to stderr never makes it.
    get stdout() {
      return (stdout ??= outputTo(1) ?? process.stdout);
    },
    get stderr() {
      return (stderr ??= outputTo(2) ?? process.stderr);
    },
    cwd: process.cwd(),
  };
};

/**
 * Whether `st` is the null device: output thrown away (`>/dev/null`, as a hook or a timing
 * harness may ask) is written like a file's. Node's stream for it is a SyncWriteStream, whose
 * first use loads the stream modules (~240 page faults on a one-file secrets scan). A terminal
 * is a character device too, and keeps Node's stream; so does anything on Windows.
 */
function isNullDevice(st: Stats): boolean {
  if (!st.isCharacterDevice() || process.platform === 'win32') return false;
  try {
    const nul = statSync('/dev/null');
    return nul.isCharacterDevice() && nul.rdev === st.rdev;
  } catch {
    return false;
  }
}

/**
 * A writer straight to descriptor `fd` when it is a pipe, a file or the null device, else undefined (a terminal
 * keeps Node's stream, which knows its width). Node's process.stdout on a pipe is a socket: its
 * first use loads the net and stream modules, which this Node compiles without a code cache on
 * every run (~15 M instructions, as much as the rest of `palisade rules --format json`). Writes
 * are synchronous, as Node's own are to pipes and files on Linux, so nothing is lost at exit.
 * Errors are those of quietOnClosedPipe: a closed pipe drops the rest quietly, others end the
 * process with EXIT_INTERNAL after one line on stderr.
 */
function outputTo(fd: number): (Io['stdout'] & Io['stderr']) | undefined {
  let st;
  try {
    st = fstatSync(fd);
  } catch {
    return undefined;
  }
  if (!st.isFIFO() && !st.isFile() && !isNullDevice(st)) return undefined;
  let closed = false;
  const writer = {
    isTTY: false,
    write(chunk: string | Uint8Array): boolean {
      if (closed) return true;
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      let done = 0;
      while (done < bytes.length) {
        try {
          done += writeSync(fd, bytes, done, bytes.length - done);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          // A pipe another process made non-blocking: wait for its reader.
          if (code === 'EAGAIN') {
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2);
            continue;
          }
          closed = true;
          if (code === 'EPIPE') return true;
          if (fd !== 2) process.stderr.write(`palisade: cannot write the output: ${oneLine((e as Error).message)}\n`);
          process.exit(EXIT_INTERNAL);
        }
      }
      return true;
    },
  };
  return writer as unknown as Io['stdout'] & Io['stderr'];
}

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      // Asked for, the help is the output; without a command it is the error's message (exit 2).
      (command === undefined ? io.stderr : io.stdout).write(usage() + '\n');
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (command === '-v' || command === '--version') {
      io.stdout.write(`palisade ${ENGINE_VERSION}\n`);
      return EXIT_OK;
    }
    if (command === 'scan') return await runScan(rest, io);
    if (command === 'rules') return runRules(rest, io);
    if (command === 'osv-download') return await runOsvDownload(rest, io);
    const near = closest(command, ['scan', 'rules', 'osv-download', '--help', '--version']);
    throw new UsageError(`unknown command "${command}"${near ? ` (did you mean "palisade ${near}"?)` : ''}; use "palisade scan [PATH]" or "palisade --help"`);
  } catch (e) {
    if (e instanceof OutputError) {
      io.stderr.write(`palisade: ${oneLine(e.message)}\n`);
      return EXIT_INTERNAL;
    }
    if (e instanceof UsageError || e instanceof FileProblemError || (e instanceof Error && e.name === 'AdvisorySourceError' && e instanceof deps().AdvisorySourceError)) {
      io.stderr.write(`palisade: ${oneLine(e.message)}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`palisade: internal error: ${oneLine((e as Error).message)}\n`);
    return EXIT_INTERNAL;
  }
}

/**
 * Makes a closed pipe (EPIPE: the reader, e.g. `head`, has had enough) end output quietly
 * instead of with an unhandled-error stack; the exit code stays what the command decided.
 * Other write errors are reported in one line and end the process with EXIT_INTERNAL.
 */
export function quietOnClosedPipe(stream: NodeJS.WritableStream, exit: (code: number) => void = (c) => process.exit(c)): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') return;
    try {
      process.stderr.write(`palisade: cannot write the output: ${oneLine(e.message)}\n`);
    } finally {
      exit(EXIT_INTERNAL);
    }
  });
}

function oneLine(s: string): string {
  return s.split('\n').filter(Boolean).join('; ');
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>, command: string): ReturnType<typeof parseArgs> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    const unknown = /^Unknown option '(-[^']*)'/.exec((e as Error).message)?.[1];
    if (unknown !== undefined) {
      // The options the user can type: --sbom's two halves are one option to them.
      const names = Object.keys(options).filter((o) => !o.startsWith('sbom-')).map((o) => `--${o}`);
      if (command === 'scan') names.push('--sbom');
      const near = closest(unknown.replace(/=.*$/, ''), names);
      throw new UsageError(`${command}: unknown option "${unknown}"${near ? ` (did you mean ${near}?)` : ''}; see "palisade --help"`);
    }
    throw new UsageError(`${(e as Error).message.replace(/\. To specify a positional.*$/, '')} (see "palisade --help")`);
  }
}

/** The name in `names` a typo most likely meant (at most two edits away, or a prefix of it), or undefined. */
export function closest(typed: string, names: readonly string[]): string | undefined {
  const t = typed.toLowerCase();
  let best: string | undefined;
  let bestDistance = 3;
  for (const name of names) {
    const d = name.startsWith(t) && t.length >= 4 ? 1 : editDistance(t, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}

const RULE_KINDS = ['secret', 'code', 'dependency'] as const;
type RuleKind = (typeof RULE_KINDS)[number];

function runRules(args: string[], io: Io): number {
  const { values, positionals } = parse(args, { format: { type: 'string' }, kind: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, 'rules');
  if (values.help) {
    io.stdout.write(usage() + '\n');
    return EXIT_OK;
  }
  if (positionals.length) throw new UsageError(`rules takes no PATH, got "${positionals[0]}" (filter with --kind ${RULE_KINDS.join('|')})`);
  const format = (values.format as string | undefined) ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json for "rules", not "${format}"`);
  const kind = values.kind as string | undefined;
  if (kind !== undefined && !(RULE_KINDS as readonly string[]).includes(kind)) throw new UsageError(`--kind must be ${RULE_KINDS.join(', ')}, not "${kind}"`);
  // Listed without compiling or even reading the rules: `palisade rules` should start at once.
  const rules = (listedRuleSummaries() ?? engine().builtinRuleSummaries()).filter((r) => kind === undefined || r.kind === (kind as RuleKind));
  if (format === 'json') {
    io.stdout.write(JSON.stringify(rules, null, 2) + '\n');
    return EXIT_OK;
  }
  io.stdout.write(renderRulesTable(rules, { width: terminalWidth(io.stdout), advisoryRules: kind === undefined || kind === 'dependency' }));
  return EXIT_OK;
}

/** `--sbom FORMAT FILE` takes two values, which parseArgs cannot: rewrite it to two options. */
function splitSbomArgs(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--sbom') {
      const format = args[i + 1];
      const file = args[i + 2];
      if (format === undefined || file === undefined || format.startsWith('-') || file.startsWith('-')) {
        throw new UsageError(`--sbom needs a format (${deps().SBOM_FORMATS.join(' or ')}) and a file, e.g. --sbom cyclonedx bom.json`);
      }
      out.push('--sbom-format', format, '--sbom-file', file);
      i += 2;
    } else if (a.startsWith('--sbom=')) {
      throw new UsageError(`--sbom takes two values: --sbom ${deps().SBOM_FORMATS.join('|')} FILE`);
    } else out.push(a);
  }
  return out;
}

/**
 * What `scan` reads: one folder (default: the current one), or files, as a pre-commit hook
 * passes them (`palisade scan $(git diff --cached --name-only)`). Files are scanned as part of
 * the current folder, whose .palisade.yml applies and against which their paths are shown.
 */
export function scanTarget(positionals: readonly string[], cwd: string): { root: string; paths?: string[] } {
  const kinds = positionals.map((p) => {
    try {
      const st = statSync(resolve(cwd, p));
      return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'other';
    } catch (e) {
      throw new UsageError(`path "${p}" ${unusablePath((e as NodeJS.ErrnoException).code, resolve(cwd, p))}`);
    }
  });
  if (positionals.length === 0) return { root: resolve(cwd) };
  if (positionals.length === 1 && kinds[0] === 'folder') return { root: resolve(cwd, positionals[0]) };
  const folder = positionals.find((_, i) => kinds[i] === 'folder');
  if (folder !== undefined) throw new UsageError(`scan takes one folder or any number of files, not both: "${folder}" is a folder`);
  const other = positionals.find((_, i) => kinds[i] === 'other');
  if (other !== undefined) throw new UsageError(`path "${other}" is neither a file nor a folder`);
  const root = resolve(cwd);
  const paths = positionals.map((p) => {
    const rel = relative(root, resolve(cwd, p));
    if (rel.startsWith('..') || isAbsolute(rel)) throw new UsageError(`file "${p}" is outside the current folder; run palisade from a folder that holds every file to scan (e.g. the repository's root)`);
    return rel.split(sep).join('/');
  });
  return { root, paths: [...new Set(paths)] };
}

/** Why a path given cannot be scanned, from its stat's error code. */
function unusablePath(code: string | undefined, abs: string): string {
  if (code === 'ELOOP') return 'is a symbolic link that loops (it leads back to itself)';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'ENOTDIR') return 'does not exist (a part of it is a file, not a folder)';
  if (code === 'ENAMETOOLONG') return 'is too long a name for the file system';
  // Node reads a name that is not UTF-8 with U+FFFD in place of its bytes: a name no file has.
  if (code === 'ENOENT' && abs.includes('\uFFFD')) return 'does not exist as written: its name is not valid UTF-8, which palisade cannot open by name; rename it to scan it';
  if (code === 'ENOENT') {
    try {
      if (lstatSync(abs).isSymbolicLink()) return 'is a symbolic link to something that does not exist';
    } catch {
      // Not there at all.
    }
  }
  return 'does not exist';
}

/**
 * An --exclude pattern as gitignore reads it, relative to the folder scanned. A path as a shell
 * completes it (`./dist`) or the folder's own absolute path before it matches nothing in
 * gitignore syntax, and excluded nothing without a word: those prefixes are taken off (a path
 * under the folder is anchored to it, as `/dist` is).
 */
export function excludePattern(pattern: string, root: string, platform: NodeJS.Platform = process.platform): string {
  const bang = pattern.startsWith('!') ? '!' : '';
  let body = pattern.slice(bang.length);
  // On Windows a path is written with backslashes (`.\dist`, `C:\repo\dist`, as PowerShell
  // completes it), which gitignore syntax reads as escapes, and drive letters in either case.
  const win = platform === 'win32';
  if (win) body = body.replace(/\\/g, '/');
  const rootPosix = (win ? root.replace(/\\/g, '/') : root.split(sep).join('/')).replace(/\/+$/, '');
  const same = (a: string, b: string): boolean => (win ? a.toLowerCase() === b.toLowerCase() : a === b);
  if (same(body, rootPosix) || same(body.slice(0, rootPosix.length + 1), `${rootPosix}/`)) body = `/${body.slice(rootPosix.length + 1)}`;
  while (body.startsWith('./')) body = body.slice(2).replace(/^\/+/, '');
  if (body === '' || body === '/' || body === '.') throw new UsageError(`--exclude "${pattern}" would leave out the whole folder scanned`);
  return bang + body;
}

/**
 * What an exclude pattern that matched nothing was probably meant to be, when it starts with
 * the scanned folder's own path (`src/gen`, `./src/gen`, `src\gen` on Windows, scanning `src`):
 * the rest, anchored to the folder as the pattern was (`/gen`; `a/b` is anchored already).
 * `folders`: the folder as given on the command line and as seen from the current folder.
 */
export function meantExclude(pattern: string, folders: readonly string[], platform: NodeJS.Platform = process.platform): string | undefined {
  const win = platform === 'win32';
  const posix = (p: string): string => (win ? p.replace(/\\/g, '/') : p);
  const body = posix(pattern).replace(/^\/+/, '');
  for (const given of folders) {
    let folder = posix(given);
    while (folder.startsWith('./')) folder = folder.slice(2).replace(/^\/+/, '');
    folder = folder.replace(/\/+$/, '');
    if (folder === '' || folder === '.') continue;
    const head = body.slice(0, folder.length + 1);
    if (win ? head.toLowerCase() !== `${folder.toLowerCase()}/` : head !== `${folder}/`) continue;
    const rest = body.slice(folder.length + 1);
    if (rest.replace(/\/+$/, '') === '') continue;
    return rest.replace(/\/+$/, '').includes('/') ? rest : `/${rest}`;
  }
  return undefined;
}

/**
 * Warnings for the exclude patterns that excluded nothing (the scan's unmatchedExcludes), each
 * named as it was given: on the command line (`cli`: as typed and as passed to the scan) or in
 * the configuration file. A configuration's pattern is named only when it starts with the
 * folder's own path: a shared configuration lists folders some checkouts lack (`dist/`,
 * `node_modules/**` before a build), and a warning on every scan of those would be noise.
 */
export function unmatchedExcludeWarnings(
  unmatched: readonly string[],
  opts: { cli: readonly (readonly [given: string, pattern: string])[]; configFile: string; folderShown: string; folders: readonly string[]; platform?: NodeJS.Platform },
): string[] {
  const lines: string[] = [];
  for (const pattern of unmatched) {
    const given = opts.cli.filter(([, p]) => p === pattern).map(([g]) => g);
    const meant = meantExclude(pattern, opts.folders, opts.platform);
    if (!given.length && !meant) continue;
    const names = given.length ? [...new Set(given)].map((g) => `--exclude "${g}"`) : [`${opts.configFile}: excludes: "${pattern}"`];
    for (const name of names) {
      const why = meant
        ? `patterns are relative to the folder scanned, ${opts.folderShown}; did you mean "${meant}"?`
        : `no path the scan reached in the folder scanned, ${opts.folderShown}, matches it`;
      lines.push(printable(`palisade: warning: ${name} excluded nothing: ${why}`));
    }
  }
  return lines;
}

/**
 * The default configuration file is optional, and one that is missing is no configuration; one
 * that is a link to nothing (a shared config not checked out) is a configuration lost, and an error.
 */
function refuseBrokenLink(abs: string, shown: string): void {
  let link = false;
  try {
    link = lstatSync(abs).isSymbolicLink();
  } catch {
    return;
  }
  if (!link) return;
  try {
    statSync(abs);
  } catch (e) {
    throw new UsageError(`${shown} ${unusablePath((e as NodeJS.ErrnoException).code, abs)}, so its settings cannot be read; fix the link, or remove it to scan without a configuration`);
  }
}

/** An advisory source that `make` makes when one of its members is first used (see runScan). */
export function madeWhenAsked(make: () => ClosableAdvisorySource): ClosableAdvisorySource {
  let made: ClosableAdvisorySource | undefined;
  const source = (): ClosableAdvisorySource => (made ??= make());
  return {
    get label() {
      return source().label;
    },
    queryBatch: (queries) => source().queryBatch(queries),
    getVuln: (id) => source().getVuln(id),
    drainWarnings: () => source().drainWarnings?.() ?? [],
    close: () => made?.close(),
  };
}

async function runScan(rawArgs: string[], io: Io): Promise<number> {
  const { builtinRuleIds, DEFAULT_CONFIG_FILE, loadConfig, parseSize, readBaseline, scan, ScanAbortedError, toSarif, writeBaseline } = engine();
  const args = splitSbomArgs(rawArgs);
  const { values, positionals } = parse(args, {
    'exclude-dev': { type: 'boolean' },
    'no-dev': { type: 'boolean' },
    'sbom-format': { type: 'string' },
    'sbom-file': { type: 'string' },
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
  }, 'scan');
  if (values.help) {
    io.stdout.write(usage() + '\n');
    return EXIT_OK;
  }
  const { root, paths } = scanTarget(positionals, io.cwd);

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
    // 0 skips every file that is not empty: a scan that then passes has checked nothing.
    if (maxFileSize === 0) throw new UsageError(`--max-file-size must be more than 0, not "${values['max-file-size'] as string}" (files larger are skipped; e.g. 512KB, 5MB)`);
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

  const sbomFormat = values['sbom-format'] as string | undefined;
  if (sbomFormat !== undefined && !deps().isSbomFormat(sbomFormat)) throw new UsageError(`--sbom format must be ${deps().SBOM_FORMATS.join(' or ')}, not "${sbomFormat}"`);
  if (sbomFormat !== undefined && !scanners.includes('dependencies')) throw new UsageError('--sbom lists the packages the dependency scanner finds: add "dependencies" to --scanners');
  const excludeDev = !!values['exclude-dev'] || !!values['no-dev'];

  // Output files are checked before the scan: a mistyped folder is the user's to fix (exit 2), and
  // found after a long scan it cost the scan.
  const sarifFile = values.sarif as string | undefined;
  const sbomFile = values['sbom-file'] as string | undefined;
  const writeBaselineFile = values['write-baseline'] as string | undefined;
  if (sarifFile) checkOutputFile('--sarif', sarifFile, io.cwd);
  if (sbomFile) checkOutputFile('--sbom', sbomFile, io.cwd);
  if (writeBaselineFile) checkOutputFile('--write-baseline', writeBaselineFile, io.cwd);

  const builtinIds = new Set(builtinRuleIds());
  const configArg = values.config as string | undefined;
  const cliExcludes = ((values.exclude as string[] | undefined) ?? []).map((p) => [p, excludePattern(p, root)] as const);
  const excludes = cliExcludes.map(([, p]) => p);
  if (!configArg) refuseBrokenLink(join(root, DEFAULT_CONFIG_FILE), DEFAULT_CONFIG_FILE);
  const config: PalisadeConfig = configArg
    ? loadConfig(resolve(io.cwd, configArg), builtinIds, true, configArg)
    : loadConfig(join(root, DEFAULT_CONFIG_FILE), builtinIds, false, DEFAULT_CONFIG_FILE);
  const failOn: FailOn = (failOnArg as FailOn | undefined) ?? config.failOn ?? 'high';
  const baseline = values.baseline ? readBaseline(resolve(io.cwd, values.baseline as string)) : undefined;

  const quiet = !!values.quiet;
  const progress = !quiet && io.stderr.isTTY ? progressPrinter(io.stderr, io.progressDelayMs) : undefined;
  let advisorySource: ClosableAdvisorySource | undefined;
  if (scanners.includes('dependencies')) {
    const offline = values['osv-offline'] as string | undefined;
    const make = (): ClosableAdvisorySource =>
      osv().createAdvisorySource({
        baseUrl: values['osv-url'] as string | undefined,
        offlineDir: offline ? resolve(io.cwd, offline) : undefined,
        env: process.env,
      });
    // The default source is made when the engine first asks it (a manifest to check): nothing in
    // its making can fail, and the OSV client's modules (HTTP, TLS, proxy agents) cost a scan of a
    // few files without a manifest more than its secrets and code scans together. A folder or URL
    // given is checked at once, as before.
    advisorySource = offline === undefined && values['osv-url'] === undefined ? madeWhenAsked(make) : make();
  }
  let result: EngineScanResult;
  // No SIGINT listener: Ctrl-C ends the process at once by the signal. A listener runs only when
  // the main thread is free, which a walk of a large tree is not for seconds (measured: 0.3-1 s
  // on 22,000 paths against 0.01-0.04 s); the shell starts a new line after a progress line.
  const timeout = new AbortController();
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => timeout.abort(new Error(`the scan did not finish within ${timeoutArg} (--timeout) and was stopped`)), timeoutMs);
  try {
    result = await scan({
      signal: timeout.signal,
      scanners,
      advisorySource,
      root,
      paths,
      config,
      excludes,
      maxFileSize,
      baseline,
      workers,
      onProgress: progress?.update,
      includeDevDependencies: !excludeDev,
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

  if (sarifFile) writeAtomically('--sarif', sarifFile, io.cwd, JSON.stringify(toSarif(result, { baselineApplied: !!baseline }), null, 2) + '\n');
  if (sbomFormat && sbomFile) {
    const bom = deps().buildSbom(sbomFormat as SbomFormat, result.packages ?? [], { subject: basename(root), toolVersion: result.toolVersion });
    writeAtomically('--sbom', sbomFile, io.cwd, JSON.stringify(bom, null, 2) + '\n');
    if (!quiet) io.stderr.write(`palisade: wrote a ${sbomFormat === 'cyclonedx' ? 'CycloneDX 1.5' : 'SPDX 2.3'} bill of materials of ${(result.packages ?? []).length} package(s) to ${sbomFile}\n`);
  }
  if (writeBaselineFile) {
    let n: number;
    try {
      n = writeBaseline(resolve(io.cwd, writeBaselineFile), result.findings);
    } catch (e) {
      throw new OutputError(`--write-baseline: cannot write "${writeBaselineFile}": ${(e as Error).message}`);
    }
    if (!quiet) io.stderr.write(`palisade: wrote ${n} fingerprint${n === 1 ? '' : 's'} to ${writeBaselineFile}\n`);
  }

  const gate = gateFindings(result.findings, failOn);
  if (format === 'sarif') io.stdout.write(JSON.stringify(toSarif(result, { baselineApplied: !!baseline }), null, 2) + '\n');
  else if (format === 'json') io.stdout.write(JSON.stringify(jsonReport(result, failOn, gate.failing.length), null, 2) + '\n');
  else io.stdout.write(renderTable(result, { color: !!io.stdout.isTTY, width: terminalWidth(io.stdout) }));

  if (!quiet) {
    // Paths and messages from the tree, printable: nothing in a file name may drive the terminal.
    for (const d of result.diagnostics) {
      const where = d.path ? `${printable(d.path)}${d.line ? `:${d.line}` : ''}: ` : '';
      io.stderr.write(`palisade: ${d.level}: ${where}${printable(oneLine(d.message))}\n`);
    }
    // A baseline none of whose fingerprints matched, while there are findings: most likely made by
    // a scan of another folder (a fingerprint holds the path from the folder scanned) or before
    // the rules changed. Every finding then reads as new; say why it may be so.
    if (baseline && baseline.size > 0 && result.findings.length > 0 && !result.findings.some((f) => f.suppression?.kind === 'baseline')) {
      const given = values.baseline as string;
      io.stderr.write(
        `palisade: warning: no finding matched the baseline ${given} (${plural(baseline.size, 'fingerprint')}): a baseline matches scans of the folder it was written from (paths are part of a fingerprint; this scan's folder is ${printable(root)}); write it again if the rules or paths changed\n`,
      );
    }
    // A file that could not be read was not checked, and is named; skips by policy (binary, too
    // large, excluded, a link to nothing) are counted in the summary and listed in JSON and SARIF.
    const unread = result.skipped.filter((s) => s.reason === 'unreadable' && s.detail !== 'broken symbolic link');
    for (const s of unread.slice(0, MAX_UNREAD_LISTED)) io.stderr.write(`palisade: warning: ${printable(s.path)}: not scanned: ${printable(s.detail ?? 'it could not be read')}\n`);
    if (unread.length > MAX_UNREAD_LISTED) io.stderr.write(`palisade: warning: ${unread.length - MAX_UNREAD_LISTED} more file(s) could not be read and were not scanned (--format json lists them)\n`);
    // An exclude pattern that matched nothing in the tree (counted by the walk): most often a path
    // written from the current folder instead of the folder scanned (`src/gen` scanning `src`).
    // Not for files named one by one, which a pattern need not match.
    if (!paths && result.unmatchedExcludes?.length) {
      const folder = positionals[0];
      const fromHere = relative(io.cwd, root).split(sep).join('/');
      const lines = unmatchedExcludeWarnings(result.unmatchedExcludes, {
        cli: cliExcludes,
        configFile: configArg ?? DEFAULT_CONFIG_FILE,
        folderShown: folder ?? '.',
        folders: [...(folder === undefined ? [] : [folder]), fromHere],
      });
      for (const line of lines) io.stderr.write(line + '\n');
    }
    // A pass that checked nothing reads like any other: say so (a file named and excluded, an
    // empty folder, a folder whose every path was skipped; dependencies asked for and none found).
    const nothing = nothingScannedWarning(result, { files: paths?.length, folder: positionals[0] ?? '.' });
    if (nothing) io.stderr.write(nothing + '\n');
    else if (!paths && values.scanners !== undefined && result.packages?.length === 0 && !result.diagnostics.some((d) => d.scannerFailure)) {
      const none = excludeDev ? 'no package to check (development-only ones are left out by --exclude-dev)' : 'no lockfile or manifest listing a package';
      io.stderr.write(printable(`palisade: warning: no dependency was checked: the dependency scanner (--scanners ${values.scanners as string}) found ${none} in ${positionals[0] ?? '.'}`) + '\n');
    }
    io.stderr.write(summaryLine(result, failOn, gate) + '\n');
  }
  if (gate.failing.length > 0) return EXIT_FINDINGS;
  return result.diagnostics.some((d) => d.scannerFailure) ? EXIT_INTERNAL : EXIT_OK;
}

/**
 * The warning for a scan that read no file at all, whose "passed" would check nothing: `files`,
 * how many files were named (a scan of files); else `folder`, the folder as given.
 */
export function nothingScannedWarning(result: Pick<EngineScanResult, 'stats' | 'skipped'>, given: { files?: number; folder: string }): string | undefined {
  if (result.stats.filesScanned > 0) return undefined;
  const by = new Map<string, number>();
  for (const s of result.skipped) by.set(s.reason, (by.get(s.reason) ?? 0) + 1);
  const reasons = [...by].map(([r, n]) => `${n} ${r}`).join(', ');
  let line: string;
  if (given.files !== undefined) {
    const named = given.files === 1 ? 'the file given was' : `the ${given.files} files given were`;
    line = `palisade: warning: nothing was scanned: ${named} skipped (${reasons})${by.has('excluded') ? '; a file named is still left out by --exclude and the excludes of the configuration' : ''}`;
  } else if (result.skipped.length === 0) line = `palisade: warning: nothing was scanned: ${given.folder} holds no file`;
  else line = `palisade: warning: nothing was scanned: every path in ${given.folder} was skipped (${reasons})`;
  return printable(line);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How many unreadable paths a scan names on stderr. */
const MAX_UNREAD_LISTED = 10;

async function runOsvDownload(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(args, {
    out: { type: 'string' },
    ecosystems: { type: 'string' },
    url: { type: 'string' },
    exclude: { type: 'string', multiple: true },
    quiet: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, 'osv-download');
  if (values.help) {
    io.stdout.write(usage() + '\n');
    return EXIT_OK;
  }
  const outArg = values.out as string | undefined;
  if (!outArg) throw new UsageError('osv-download needs --out DIR (the folder to give --osv-offline or osvOfflineDir later)');
  if (positionals.length > 1) throw new UsageError(`osv-download takes one PATH, got ${positionals.length}: ${positionals.join(' ')}`);
  let ecosystems: Ecosystem[];
  if (values.ecosystems !== undefined) {
    const list = (values.ecosystems as string).split(/[\s,]+/).filter(Boolean);
    const bad = list.find((e) => !deps().isEcosystem(e));
    if (bad || !list.length) throw new UsageError(`--ecosystems takes a comma-separated list of ${deps().ECOSYSTEMS.join(', ')}${bad ? `, not "${bad}"` : ''} (spelled as OSV spells them)`);
    ecosystems = [...new Set(list as Ecosystem[])];
  } else {
    const root = resolve(io.cwd, positionals[0] ?? '.');
    let st: Stats;
    try {
      st = statSync(root);
    } catch (e) {
      throw new UsageError(`path "${positionals[0] ?? '.'}" ${unusablePath((e as NodeJS.ErrnoException).code, root)}`);
    }
    if (!st.isDirectory()) throw new UsageError(`path "${positionals[0] ?? '.'}" is not a folder (osv-download reads the dependency manifests under a folder; or name --ecosystems)`);
    ecosystems = osvExports().ecosystemsInTree(root, (values.exclude as string[] | undefined) ?? []);
    if (!ecosystems.length) {
      io.stderr.write(`palisade: no dependency manifests under ${positionals[0] ?? '.'}; nothing to download (name them with --ecosystems)\n`);
      return EXIT_OK;
    }
  }
  const outDir = resolve(io.cwd, outArg);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'it or a folder above it is a file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code;
    throw new UsageError(`--out "${outArg}": cannot make this folder (${why})`);
  }
  // Long stall timeout, few attempts: the exports are large files on a CDN, not API calls.
  const http = new (osv().HttpJsonClient)({ env: process.env, timeoutMs: 120_000, attempts: 3 });
  try {
    const done = await osvExports().downloadExports(http, ecosystems, outDir, {
      baseUrl: values.url as string | undefined,
      onStart: (eco, url) => !values.quiet && io.stderr.write(`palisade: downloading ${eco} advisories from ${url}\n`),
    });
    for (const d of done) io.stdout.write(`${d.file}\t${d.bytes}\n`);
    if (!values.quiet) io.stderr.write(`palisade: ${done.length} export(s) in ${outArg}; scan with --osv-offline ${outArg}\n`);
    return EXIT_OK;
  } catch (e) {
    if (e instanceof deps().AdvisorySourceError) {
      io.stderr.write(`palisade: ${oneLine(e.message)}\n`);
      return EXIT_INTERNAL;
    }
    throw e;
  } finally {
    http.close();
  }
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

/**
 * Refuses an output file that cannot be written (its folder missing or not writable, or a folder
 * in its place) with a usage error naming the option and the path.
 */
export function checkOutputFile(option: string, arg: string, cwd: string): void {
  const file = resolve(cwd, arg);
  const folder = dirname(arg) === '.' ? 'the current folder' : `folder "${dirname(arg)}"`;
  let st: Stats | undefined;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new UsageError(`${option} "${arg}": ${folder} is not a folder`);
    if (code !== 'ENOENT') throw new UsageError(`${option} "${arg}": cannot use this path (${code})`);
  }
  if (st?.isDirectory()) throw new UsageError(`${option} "${arg}" is a folder: give the name of a file to write`);
  let dir: Stats;
  try {
    dir = statSync(dirname(file));
  } catch {
    throw new UsageError(`${option} "${arg}": ${folder} does not exist; create it first`);
  }
  if (!dir.isDirectory()) throw new UsageError(`${option} "${arg}": ${folder} is not a folder`);
  try {
    accessSync(dirname(file), constants.W_OK);
  } catch {
    throw new UsageError(`${option} "${arg}": ${folder} is not writable`);
  }
}

/** `body` to `arg` whole or not at all: written beside it and renamed over it; nothing is left behind on failure. */
function writeAtomically(option: string, arg: string, cwd: string, body: string): void {
  const file = resolve(cwd, arg);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, body);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new OutputError(`${option}: cannot write "${arg}": ${(e as Error).message}`);
  }
}
