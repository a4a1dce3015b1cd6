import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { emptyBatch, mergeBatch, scanFileBatchAsync, type BatchResult } from './fileBatch';
import type { ActiveRules } from './ruleSet';
import type { WalkedFile } from './walker';

/** Below these, starting threads costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
const PARALLEL_MIN_FILES = 64;
const BATCH_BYTES = 1024 * 1024;
const BATCH_FILES = 256;

export function defaultWorkerCount(files: readonly WalkedFile[]): number {
  const bytes = files.reduce((n, f) => n + f.size, 0);
  if (bytes < PARALLEL_MIN_BYTES || files.length < PARALLEL_MIN_FILES) return 1;
  return Math.max(1, Math.min(availableParallelism(), 8));
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
}

export class ScanAbortedError extends Error {
  override name = 'ScanAbortedError';
}

function abortReason(signal: AbortSignal): ScanAbortedError {
  const r = signal.reason as unknown;
  return new ScanAbortedError(r instanceof Error ? r.message : typeof r === 'string' ? r : 'the scan was stopped');
}

/**
 * Scans files on `workers` threads (1 = this thread). Batches are handed out on demand so a
 * thread that drew large files does not hold the others up.
 */
export async function scanWithPool(files: readonly WalkedFile[], rules: ActiveRules, opts: PoolOptions): Promise<BatchResult> {
  const work = batches(files);
  if (opts.workers <= 1 || work.length <= 1) {
    const total = emptyBatch();
    let done = 0;
    for (const b of work) {
      if (opts.signal?.aborted) throw abortReason(opts.signal);
      mergeBatch(total, await scanFileBatchAsync(b, rules.detector, opts.knownRuleIds, opts.collectSecrets, rules.code));
      done += b.length;
      opts.onProgress?.(done, files.length);
    }
    return total;
  }

  const severities: Record<string, string> = {};
  for (const r of rules.detector.rules) severities[r.spec.id] = r.severity;
  const workerData = { specs: rules.specs, severities, knownRuleIds: [...opts.knownRuleIds], collectSecrets: opts.collectSecrets };
  const total = emptyBatch();
  let next = 0;
  let done = 0;
  const count = Math.min(opts.workers, work.length);
  const threads: Worker[] = [];

  const aborted = new Promise<never>((_, reject) => {
    if (!opts.signal) return;
    if (opts.signal.aborted) reject(abortReason(opts.signal));
    opts.signal.addEventListener('abort', () => reject(abortReason(opts.signal!)), { once: true });
  });
  aborted.catch(() => undefined);
  try {
    await Promise.race([aborted, Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        const w = new Worker(join(__dirname, 'scanWorker.js'), { workerData });
        threads.push(w);
        let finished = false;
        const feed = (): void => {
          if (next < work.length) {
            w.postMessage(work[next++]);
          } else {
            finished = true;
            w.postMessage(null);
          }
        };
        w.on('message', (r: BatchResult) => {
          mergeBatch(total, r);
          done += r.filesScanned + r.skipped.length;
          opts.onProgress?.(Math.min(done, files.length), files.length);
          feed();
        });
        w.on('error', (e) => reject(new Error(`scanner thread failed: ${e.message}`)));
        w.on('exit', (code) => {
          if (finished && code === 0) resolve();
          else reject(new Error(`scanner thread exited early with code ${code}`));
        });
        feed();
      }),
    ),
    )]);
  } catch (e) {
    // One failed thread fails the scan: never report a partial result as complete.
    await Promise.all(threads.map((t) => t.terminate()));
    throw e;
  }
  return total;
}
