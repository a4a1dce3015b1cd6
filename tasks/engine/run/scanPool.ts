import { statSync } from 'node:fs';
import { cpuCount } from '../nodeCompat';
import { effectiveLimit, MAX_TEXT_BYTES } from '../text/fileRead';
import type { Worker } from 'node:worker_threads';
import type * as WorkerThreads from 'node:worker_threads';
import { defaultRuleBudgetMs, scanWorkerScript } from '../scanThread';
import { detachedBatch, emptyBatch, mergeBatch, packSummaries, scanFileBatchAsync, type BatchFile, type BatchResult } from './fileBatch';
import { TreeNameSet } from '../code/treeNameSet';
import { anchorEntries } from '../secrets/anchors';
import type { ActiveRules } from './ruleSet';
import { plainFile, type WalkedFile } from './walker';
import type { RuleSpec } from '../rules/ruleSpec';
import { isProgramLanguage } from '../rules/codeRuleSpec';
import { languageOfPath } from '../code/languages';
import { keepSecretScanFlags } from '../code/grammars';

/**
 * A spec as a scan thread needs it: without help and samples, which no thread reads. Built-in
 * rules read those from their own files on first use (see ruleset/ruleBundle.ts), so copying
 * them to every thread would also read them here; the keys are listed without touching them.
 */
function forThreads(spec: RuleSpec): RuleSpec {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(spec)) if (k !== 'help' && k !== 'samples') out[k] = (spec as unknown as Record<string, unknown>)[k];
  return out as unknown as RuleSpec;
}


/** A tree's names as other threads receive them (see TreeNameSet). */
function compactNames(names: ReadonlySet<string>): TreeNameSet {
  return names instanceof TreeNameSet ? names : TreeNameSet.of(names);
}

/**
 * A code-scanning helper thread's young generation: 4 MB semi-spaces (V8's own limit is 16 MB). A
 * thread's heap holds ~40 MB that lives through the scan (rules, compiled code, the tree's
 * names) and much that lives for one file (a file's text, tree and tables); each semi-space
 * V8 grows to is memory the process keeps: with this and a heap that grows by a fifth (see
 * CODE_SCAN_JS_FLAGS), 1 GB of real code with every scanner on two threads peaks at about 400 MB (504 without),
 * for twice the scavenges (figures in test/bench/README.md, twenty-fourth session). Not for
 * secrets-only scans, whose young generation is set by SECRET_SCAN_JS_FLAGS. The main thread's
 * cannot be set once the process runs.
 */
export const CODE_THREAD_YOUNG_MB = 12;

/** What a helper thread's heap is limited to (see CODE_THREAD_YOUNG_MB): V8's own limits for a secrets-only scan. */
export function helperThreadLimits(rules: ActiveRules): { maxYoungGenerationSizeMb: number } | undefined {
  return rules.code.size > 0 ? { maxYoungGenerationSizeMb: CODE_THREAD_YOUNG_MB } : undefined;
}

/** Below these, starting threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const PARALLEL_MIN_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
const BATCH_FILES = 256;

/**
 * Up to this many source files, a scan ends before V8's optimising WebAssembly tier pays for
 * its compilation (measured: 5 to 400 files of an application cost 20-40% less CPU and wall
 * time without it; a 30,000-file node_modules costs 10% more).
 */
export const QUICK_START_MAX_FILES = 500;

/** Whether a scan is small enough for the grammars' quick start (see preferQuickStart). */
export function fewProgramFiles(files: readonly { path: string }[]): boolean {
  let n = 0;
  for (const f of files) {
    const l = languageOfPath(f.path);
    if (l && isProgramLanguage(l) && ++n > QUICK_START_MAX_FILES) return false;
  }
  return true;
}

/** Whether some file is in a programming language (one the code scanner parses). */
export function hasProgramFile(files: readonly { path: string }[]): boolean {
  return files.some((f) => {
    const l = languageOfPath(f.path);
    return !!l && isProgramLanguage(l);
  });
}

/**
 * From this many files on, a scan's secret detector builds its keyword automaton at once (see
 * SecretDetector.expectManyFiles): their text is well past what it searches keyword by keyword.
 */
const MANY_FILES = 256;

/** Files stat'ed at most to estimate a tree's bytes when the walk did not stat them. */
const SIZE_SAMPLES = 64;

/**
 * Text a secrets-only scan gives each thread. A helper thread costs about 0.5 CPU-s before it
 * scans at full speed (Node's start of a thread, the modules, the rules' compiles, V8 optimising
 * the detector again in a heap of its own), about what this thread spends scanning 80 MB. Over
 * the text of node_modules on 2 cores, a second thread gave no shorter scan at 97 MB and 200 MB
 * (0.79-1.08 against 0.84-1.02 s; 1.3-1.7 against 1.2-1.5 s) for 0.5-0.9 CPU-s more, and a
 * fifth shorter one at 400 MB (2.3-2.5 against 1.9 s) for 0.5 CPU-s more (test/bench/README.md,
 * thirtieth session). Code scans cost 20 to 100 times as much per byte: PARALLEL_MIN_BYTES.
 */
export const SECRET_SCAN_BYTES_PER_THREAD = 128 * 1024 * 1024;

/**
 * Threads for a tree: one below PARALLEL_MIN_FILES files. A scan with code rules takes every
 * core (up to 8) from PARALLEL_MIN_BYTES on; a secrets-only one a thread per
 * SECRET_SCAN_BYTES_PER_THREAD. When the walk did not stat the files, their bytes are estimated
 * from up to SIZE_SAMPLES of them spread over the list (each counts for the files around it);
 * files over the size cap count for nothing, as when the walk skipped them.
 */
export function defaultWorkerCount(files: readonly WalkedFile[], maxFileSize = MAX_TEXT_BYTES, secretsOnly = false): number {
  if (files.length < PARALLEL_MIN_FILES) return 1;
  const most = Math.max(1, Math.min(cpuCount(), 8));
  const perThread = secretsOnly ? SECRET_SCAN_BYTES_PER_THREAD : PARALLEL_MIN_BYTES;
  const enough = secretsOnly ? most * perThread : perThread;
  const limit = effectiveLimit(maxFileSize);
  const step = files.some((f) => f.size === undefined) ? Math.max(1, Math.floor(files.length / SIZE_SAMPLES)) : 1;
  let bytes = 0;
  for (let i = 0; i < files.length && bytes < enough; i += step) {
    const size = files[i].size ?? sizeOf(files[i].abs);
    if (size <= limit) bytes += size * step;
  }
  if (!secretsOnly) return bytes >= perThread ? most : 1;
  return Math.max(1, Math.min(most, Math.floor(bytes / perThread)));
}

function sizeOf(abs: string): number {
  try {
    return statSync(abs).size;
  } catch {
    return 0;
  }
}

/**
 * What a file the walk did not stat counts for in a batch before any file is scanned
 * (BATCH_BYTES / 64, so 64 such files a batch); later batches count such files at the average
 * size of the files scanned so far (see nextBatch), so a batch holds about BATCH_BYTES whether
 * the tree's files are small or large.
 */
const UNKNOWN_SIZE = BATCH_BYTES / 64;

/** The next batch from `files[from]` on: up to BATCH_BYTES (files without a size count `unknownSize`) or BATCH_FILES. */
function nextBatch(files: readonly WalkedFile[], from: number, unknownSize: number): WalkedFile[] {
  return files.slice(from, from + batchLength(files, from, unknownSize));
}

/** How many files nextBatch takes from `files[from]` on. */
function batchLength(files: readonly WalkedFile[], from: number, unknownSize: number): number {
  let bytes = 0;
  let i = from;
  while (i < files.length) {
    bytes += files[i++].size ?? unknownSize;
    if (bytes >= BATCH_BYTES || i - from >= BATCH_FILES) break;
  }
  return i - from;
}

/** How many batches the files make at the first estimate (how many threads are worth starting). */
function batchCount(files: readonly WalkedFile[]): number {
  let n = 0;
  for (let i = 0; i < files.length; n++) i += batchLength(files, i, UNKNOWN_SIZE);
  return n;
}

export interface PoolOptions {
  workers: number;
  collectSecrets: boolean;
  knownRuleIds: ReadonlySet<string>;
  onProgress?: (filesDone: number, filesTotal: number) => void;
  /** Stops the scan between batches (and terminates worker threads). */
  signal?: AbortSignal;
  /** false: only the other threads scan (so a test knows they did). Default true. */
  mainThreadScans?: boolean;
  /** The size cap: at most this many bytes are read of any file. */
  maxFileSize?: number;
  /**
   * Ids of rules the user wrote (`customRules`). When any is active, this thread scans
   * nothing: a regular expression cannot be interrupted, and this thread must stay free to
   * stop the others (rule budget) and the whole scan (timeout).
   */
  customRuleIds?: ReadonlySet<string>;
  /** How long one rule may run on one file in a worker thread before it is stopped there. */
  ruleBudgetMs?: number;
}

/** A rule stopped on this many files is switched off for the rest of the scan. */
export const RULE_STRIKES = 3;

/** Slots of a worker's progress array (shared memory, read by the watchdog). */
export const PROGRESS = { step: 0, rule: 1, file: 2 } as const;

export class ScanAbortedError extends Error {
  override name = 'ScanAbortedError';
}

function abortReason(signal: AbortSignal): ScanAbortedError {
  const r = signal.reason as unknown;
  return new ScanAbortedError(r instanceof Error ? r.message : typeof r === 'string' ? r : 'the scan was stopped');
}

/** A message to a worker: a batch and the rules switched off for the rest of the scan. */
export interface BatchMessage {
  files: BatchFile[];
  skipRules: string[];
}

interface Helper {
  worker: Worker;
  progress: Int32Array;
  batch?: BatchFile[];
  /** The watchdog's last reading of the progress step, and when it changed. */
  step: number;
  since: number;
}

/**
 * Scans files on `workers` threads in all, this one included. This thread starts at once;
 * the others join as soon as they have loaded and compiled the rules (~0.1 s), so a small tree
 * is not held up by thread start-up and a large one keeps every core busy. Batches are handed
 * out on demand, so a thread that drew large files does not hold the others up.
 *
 * Each worker says in shared memory which rule it is running on which file; a watchdog on this
 * thread terminates a worker whose rule has run longer than the budget, and the batch goes
 * back in the queue with that rule switched off for that file (reported), so a pathological
 * pattern costs one budget per file, never the scan.
 */
export async function scanWithPool(files: readonly WalkedFile[], rules: ActiveRules, opts: PoolOptions): Promise<BatchResult> {
  const batchesAtStart = batchCount(files);
  if (files.length >= MANY_FILES) rules.detector.expectManyFiles();
  const retry: BatchFile[][] = [];
  const total = emptyBatch();
  const budget = opts.ruleBudgetMs ?? defaultRuleBudgetMs();
  const custom = opts.customRuleIds ?? new Set<string>();
  let next = 0;
  let done = 0;
  // Batches are cut as they are taken, so that files without a size count at the average so far.
  const take = (): BatchFile[] | undefined => {
    const again = retry.pop();
    if (again) return again;
    if (next >= files.length) return undefined;
    const b = nextBatch(files, next, total.filesScanned > 0 ? total.bytesScanned / total.filesScanned : UNKNOWN_SIZE);
    next += b.length;
    return b;
  };
  const remaining = (): boolean => retry.length > 0 || next < files.length;
  const merge = (r: BatchResult): void => {
    mergeBatch(total, r);
    done += r.filesScanned + r.skipped.length;
    opts.onProgress?.(Math.min(done, files.length), files.length);
  };

  const mainScans = opts.mainThreadScans !== false && custom.size === 0;
  const helperCount = mainScans
    ? Math.min(opts.workers, batchesAtStart) - 1
    : opts.mainThreadScans === false
      ? Math.max(1, opts.workers - 1)
      : Math.min(Math.max(1, opts.workers), batchesAtStart);
  const helpers = new Set<Helper>();
  /** Threads holding a batch: the scan is complete only when they have answered. */
  const busy = new Set<Helper>();
  /** Threads told to stop (or stopped): any other that exits has failed. */
  const released = new Set<Worker>();
  /** Rules switched off for the rest of the scan, and how often each was stopped. */
  const offEverywhere = new Set<string>();
  const strikes = new Map<string, number>();
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const settle = (): void => wake?.();

  const severities: Record<string, string> = {};
  for (const r of rules.detector.rules) severities[r.spec.id] = r.severity;
  const baseData = {
    specs: helperCount > 0 ? rules.specs.map(forThreads) : [],
    severities,
    knownRuleIds: [...opts.knownRuleIds],
    collectSecrets: opts.collectSecrets,
    maxFileSize: opts.maxFileSize,
    // Worked out once here (or at build time), not again in every thread.
    anchors: helperCount > 0 ? anchorEntries(rules.detector.rules.map((r) => r.spec)) : [],
    // The tree's names, so each thread records only calls into the tree (see crossFileNames).
    crossFileNames: rules.code.crossFile ? compactNames(rules.code.crossFile.names).data : undefined,
    manyFiles: files.length >= MANY_FILES,
    compiledQueries: rules.compiledQueries,
  };

  const limits = helperThreadLimits(rules);
  const spawn = (): void => {
    const progress = new Int32Array(new SharedArrayBuffer(4 * 3));
    // Loaded here: most scans are small and use no other thread, and the module costs ~5 ms of start-up.
    const { Worker: WorkerThread } = require('node:worker_threads') as typeof WorkerThreads;
    const worker = new WorkerThread(scanWorkerScript(), { workerData: { ...baseData, progress }, resourceLimits: limits });
    const h: Helper = { worker, progress, step: -1, since: Date.now() };
    helpers.add(h);
    const feed = (): void => {
      // Copies with their absolute paths: the list's files make them when asked, and a clone for
      // this thread would drop them (this thread's own batches use the list's files).
      const b = take()?.map(plainFile);
      if (b) {
        h.batch = b;
        busy.add(h);
        const msg: BatchMessage = { files: b, skipRules: [...offEverywhere] };
        worker.postMessage(msg);
      } else {
        h.batch = undefined;
        busy.delete(h);
        released.add(worker);
        worker.postMessage(null);
      }
      settle();
    };
    // The first message says the thread is ready; each later one answers a batch.
    worker.on('message', (r: BatchResult | 'ready') => {
      if (!helpers.has(h)) return;
      if (r !== 'ready') merge(r);
      // The new thread's heap set the young generation's growth back (see keepSecretScanFlags).
      else if (secretFlags) keepSecretScanFlags(false);
      feed();
    });
    worker.on('error', (e) => {
      failed ??= new Error(`scanner thread failed: ${e.message}`);
      settle();
    });
    worker.on('exit', (code) => {
      if (!released.has(worker)) failed ??= new Error(`scanner thread exited early with code ${code}`);
      busy.delete(h);
      helpers.delete(h);
      settle();
    });
  };

  /** The watchdog's verdict: `ruleId` ran too long on file `index` of the helper's batch. */
  const stopRule = (h: Helper, ruleId: string, index: number): void => {
    const batch = h.batch ?? [];
    const file = batch[index];
    released.add(h.worker);
    busy.delete(h);
    helpers.delete(h);
    void h.worker.terminate();
    if (file) retry.push(batch.map((f, i) => (i === index ? { ...f, skipRules: [...(f.skipRules ?? []), ruleId] } : f)));
    else if (batch.length) retry.push(batch);
    const who = custom.has(ruleId) ? `Custom rule ${ruleId}` : `Rule ${ruleId}`;
    total.diagnostics.push({
      level: 'warning',
      path: file?.path,
      message: `${who} ran longer than ${budget} ms on this file and was stopped; the file was scanned without it. Its pattern likely backtracks catastrophically (e.g. nested quantifiers such as (a+)+): simplify it.`,
    });
    const n = (strikes.get(ruleId) ?? 0) + 1;
    strikes.set(ruleId, n);
    if (n === RULE_STRIKES) {
      offEverywhere.add(ruleId);
      total.diagnostics.push({ level: 'warning', message: `${who} was stopped on ${n} files for running longer than ${budget} ms; it is switched off for the rest of this scan. Fix its pattern.` });
    }
    spawn();
    settle();
  };

  const watchdog = (): void => {
    const now = Date.now();
    for (const h of [...busy]) {
      const step = Atomics.load(h.progress, PROGRESS.step);
      if (step !== h.step) {
        h.step = step;
        h.since = now;
        continue;
      }
      const rule = Atomics.load(h.progress, PROGRESS.rule);
      if (rule !== 0 && now - h.since > budget) stopRule(h, rules.specs[rule - 1]?.id ?? `#${rule}`, Atomics.load(h.progress, PROGRESS.file));
    }
  };

  // A large secrets-only scan: V8's flags for it (see SECRET_SCAN_JS_FLAGS), set again as each
  // helper thread reports ready (see the handler above).
  const secretFlags = files.length >= MANY_FILES && rules.code.size === 0 && rules.detector.rules.length > 0;
  for (let i = 0; i < helperCount; i++) spawn();
  if (secretFlags) keepSecretScanFlags();
  const timer = helperCount > 0 ? setInterval(watchdog, Math.max(10, Math.min(250, budget / 4))) : undefined;

  const stop = async (e: Error): Promise<never> => {
    await Promise.all([...helpers].map((h) => h.worker.terminate()));
    throw e;
  };
  const onAbort = (): void => settle();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (let b = mainScans ? take() : undefined; b; b = take()) {
      if (opts.signal?.aborted) return await stop(abortReason(opts.signal));
      if (failed) return await stop(failed);
      const r = await scanFileBatchAsync(b, rules.detector, opts.knownRuleIds, opts.collectSecrets, rules.code, { maxFileSize: opts.maxFileSize });
      // Kept until the scan ends: copied, so that it does not keep the batch's texts alive, its
      // summaries as bytes (as other threads send theirs). A scan of one batch (a pre-commit
      // hook's) ends with it, and does not load node:v8 for it.
      merge(batchesAtStart > 1 ? detachedBatch(packSummaries(r)) : r);
      // Let ready threads take their next batch.
      if (helpers.size) await new Promise<void>((r) => setImmediate(r));
    }
    // Wait for the batches other threads still hold or have yet to take (a batch handed back
    // by the watchdog included); a thread still starting when the work runs out gets none.
    while ((busy.size > 0 || (remaining() && helpers.size > 0)) && !failed && !opts.signal?.aborted) await new Promise<void>((r) => (wake = r));
    if (opts.signal?.aborted) return await stop(abortReason(opts.signal));
    // One failed thread fails the scan: never report a partial result as complete.
    if (failed) return await stop(failed);
    await Promise.all([...helpers].map((h) => h.worker.terminate()));
    return total;
  } finally {
    if (timer) clearInterval(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    // A thread stopped before it reported ready may have set the growth back after the last call.
    if (secretFlags) keepSecretScanFlags(false);
  }
}
