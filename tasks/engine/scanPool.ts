import { cpuCount } from './nodeCompat';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { emptyBatch, mergeBatch, scanFileBatchAsync, type BatchResult } from './fileBatch';
import { anchorEntries } from './patternAnchors';
import type { ActiveRules } from './ruleSet';
import type { WalkedFile } from './walker';

/** Below these, starting threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;
const PARALLEL_MIN_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
const BATCH_FILES = 256;

export function defaultWorkerCount(files: readonly WalkedFile[]): number {
  const bytes = files.reduce((n, f) => n + f.size, 0);
  if (bytes < PARALLEL_MIN_BYTES || files.length < PARALLEL_MIN_FILES) return 1;
  return Math.max(1, Math.min(cpuCount(), 8));
}

function batches(files: readonly WalkedFile[]): WalkedFile[][] {
  const out: WalkedFile[][] = [];
  let cur: WalkedFile[] = [];
  let bytes = 0;
  for (const f of files) {
    cur.push(f);
    bytes += f.size;
    if (bytes >= BATCH_BYTES || cur.length >= BATCH_FILES) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
  }
  if (cur.length) out.push(cur);
  return out;
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
}

export class ScanAbortedError extends Error {
  override name = 'ScanAbortedError';
}

function abortReason(signal: AbortSignal): ScanAbortedError {
  const r = signal.reason as unknown;
  return new ScanAbortedError(r instanceof Error ? r.message : typeof r === 'string' ? r : 'the scan was stopped');
}

/**
 * Scans files on `workers` threads in all, this one included. This thread starts at once;
 * the others join as soon as they have loaded and compiled the rules (~0.1 s), so a small tree
 * is not held up by thread start-up and a large one keeps every core busy. Batches are handed
 * out on demand, so a thread that drew large files does not hold the others up.
 */
export async function scanWithPool(files: readonly WalkedFile[], rules: ActiveRules, opts: PoolOptions): Promise<BatchResult> {
  const work = batches(files);
  const total = emptyBatch();
  let next = 0;
  let done = 0;
  const take = (): WalkedFile[] | undefined => (next < work.length ? work[next++] : undefined);
  const merge = (r: BatchResult): void => {
    mergeBatch(total, r);
    done += r.filesScanned + r.skipped.length;
    opts.onProgress?.(Math.min(done, files.length), files.length);
  };

  const mainScans = opts.mainThreadScans !== false;
  const helpers = mainScans ? Math.min(opts.workers, work.length) - 1 : Math.max(1, opts.workers - 1);
  const threads: Worker[] = [];
  /** Threads holding a batch: the scan is complete only when they have answered. */
  const busy = new Set<Worker>();
  /** Threads told to stop: any other that exits has failed. */
  const released = new Set<Worker>();
  let failed: Error | undefined;
  let wake: (() => void) | undefined;
  const settle = (): void => wake?.();

  if (helpers > 0) {
    const severities: Record<string, string> = {};
    for (const r of rules.detector.rules) severities[r.spec.id] = r.severity;
    const workerData = {
      specs: rules.specs,
      severities,
      knownRuleIds: [...opts.knownRuleIds],
      collectSecrets: opts.collectSecrets,
      // Worked out once here (or at build time), not again in every thread.
      anchors: anchorEntries(rules.detector.rules.map((r) => r.spec)),
    };
    for (let i = 0; i < helpers; i++) {
      const w = new Worker(join(__dirname, 'scanWorker.js'), { workerData });
      threads.push(w);
      const feed = (): void => {
        const b = take();
        if (b) {
          busy.add(w);
          w.postMessage(b);
        } else {
          busy.delete(w);
          released.add(w);
          w.postMessage(null);
        }
        settle();
      };
      // The first message says the thread is ready; each later one answers a batch.
      w.on('message', (r: BatchResult | 'ready') => {
        if (r !== 'ready') merge(r);
        feed();
      });
      w.on('error', (e) => {
        failed ??= new Error(`scanner thread failed: ${e.message}`);
        settle();
      });
      w.on('exit', (code) => {
        if (!released.has(w)) failed ??= new Error(`scanner thread exited early with code ${code}`);
        busy.delete(w);
        settle();
      });
    }
  }

  const stop = async (e: Error): Promise<never> => {
    await Promise.all(threads.map((t) => t.terminate()));
    throw e;
  };
  const onAbort = (): void => settle();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (let b = mainScans ? take() : undefined; b; b = take()) {
      if (opts.signal?.aborted) return await stop(abortReason(opts.signal));
      if (failed) return await stop(failed);
      merge(await scanFileBatchAsync(b, rules.detector, opts.knownRuleIds, opts.collectSecrets, rules.code));
      // Let ready threads take their next batch.
      if (threads.length) await new Promise<void>((r) => setImmediate(r));
    }
    // Wait for the batches other threads still hold (or, without this thread, for all of
    // them); a thread still starting when the work runs out gets none.
    while ((busy.size > 0 || (!mainScans && next < work.length)) && !failed && !opts.signal?.aborted) await new Promise<void>((r) => (wake = r));
    if (opts.signal?.aborted) return await stop(abortReason(opts.signal));
    // One failed thread fails the scan: never report a partial result as complete.
    if (failed) return await stop(failed);
    await Promise.all(threads.map((t) => t.terminate()));
    return total;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
