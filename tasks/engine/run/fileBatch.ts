import type { Diagnostic, Finding, SkippedPath } from '../../contract/findings';
import type { CodeRuleSet } from '../code/codeRules';
import type * as CodeFindingsModule from '../code/codeFindings';
import type * as CrossFileSummaryModule from '../code/crossFileSummary';
import type { FileSummary } from '../code/crossFileSummary';
import type { FlowStep } from '../../contract/findings';
import { LineIndex } from '../text/lineIndex';
import { scanPath, scanText, scanTextBytes, type TextScanResult } from '../secrets/fileSecrets';
import { SUPPRESSION_MARKER } from '../findings/suppressions';
import type { SecretDetector } from '../secrets/detector';
import { MAX_TEXT_BYTES, newReadScratch, readBounded, type ReadScratch } from '../text/fileRead';
import { sniffText, type DecodedText } from '../text/decode';
import type { WalkedFile } from './walker';
import type * as V8 from 'node:v8';
import type * as Zlib from 'node:zlib';

export interface BatchResult {
  findings: Finding[];
  skipped: SkippedPath[];
  diagnostics: Diagnostic[];
  secrets: string[];
  filesScanned: number;
  bytesScanned: number;
  /** What each parsed file tells the others (only when the rule set's crossFile is set). */
  summaries: FileSummary<FlowStep>[];
  /** More of them, kept as bytes until the join (see packSummaries; read with batchSummaries). */
  summaryPacks: Uint8Array[];
  /** Files the walk did not stat that were over the size cap (skipped as too-large): what the walk would have skipped. */
  oversized: string[];
}

export function emptyBatch(): BatchResult {
  return { findings: [], skipped: [], diagnostics: [], secrets: [], filesScanned: 0, bytesScanned: 0, summaries: [], summaryPacks: [], oversized: [] };
}

export function mergeBatch(into: BatchResult, b: BatchResult): void {
  into.findings.push(...b.findings);
  into.skipped.push(...b.skipped);
  into.diagnostics.push(...b.diagnostics);
  into.secrets.push(...b.secrets);
  into.filesScanned += b.filesScanned;
  into.bytesScanned += b.bytesScanned;
  into.summaries.push(...b.summaries);
  into.summaryPacks.push(...b.summaryPacks);
  into.oversized.push(...b.oversized);
}

/**
 * The same result, sharing no memory with the texts it was scanned from. In V8 a string cut
 * from a larger one (a preview, a function's name in a cross-file summary) is a view that keeps
 * the whole text alive, and a scan keeps every batch's result until it ends: the thread that
 * scans batches itself kept the text of every file with a finding or a summary (88 MB of the
 * 165 MB left alive after three copies of node_modules; peak RSS grew by ~145 MB a copy). Other
 * threads' results arrive as copies already (postMessage clones them the same way).
 */
export function detachedBatch(b: BatchResult): BatchResult {
  const v8 = require('node:v8') as typeof V8;
  return v8.deserialize(v8.serialize(b)) as BatchResult;
}

/**
 * The same result with its summaries as compressed bytes (v8.serialize, then deflate at its
 * fastest level), as a scan of many batches keeps them until its cross-file join. As objects
 * they were the part of a scan's kept results that grows with the tree (three copies of
 * node_modules: 2,100 summaries, 10 MB of heap), held through the whole scan by a heap that V8
 * lets grow beyond what it holds; serialised they are 6.7 MB outside the heap, compressed 0.7 MB
 * (72 ms to compress, 23 ms to read back), and no string in them can keep a file's text alive.
 */
export function packSummaries(b: BatchResult): BatchResult {
  if (!b.summaries.length) return b;
  const v8 = require('node:v8') as typeof V8;
  const { deflateRawSync } = require('node:zlib') as typeof Zlib;
  return { ...b, summaries: [], summaryPacks: [...b.summaryPacks, deflateRawSync(v8.serialize(b.summaries), { level: 1 })] };
}

/** Every summary of a result, packed ones read back in the order they were merged. */
export function batchSummaries(b: BatchResult): FileSummary<FlowStep>[] {
  if (!b.summaryPacks.length) return b.summaries;
  const v8 = require('node:v8') as typeof V8;
  const { inflateRawSync } = require('node:zlib') as typeof Zlib;
  const out = [...b.summaries];
  for (const p of b.summaryPacks) for (const s of v8.deserialize(inflateRawSync(p)) as FileSummary<FlowStep>[]) out.push(s);
  return out;
}

/** A file to scan, with the rules stopped on it earlier for taking too long (see scanPool). */
export interface BatchFile extends WalkedFile {
  skipRules?: string[];
}

export interface BatchOptions {
  /** The size cap: at most this many bytes are read of any file (default: MAX_TEXT_BYTES). */
  maxFileSize?: number;
  /** Rules not to run on any file of this batch. */
  skipRules?: readonly string[];
  /** Called as each file starts (its index in the batch), for the pool's watchdog. */
  onFile?: (index: number) => void;
}

/**
 * The code scanner's finding and summary modules, loaded when a batch first has code rules: a
 * scan thread of a secrets-only scan does not load (and compile) them.
 */
let codeModules: { findings: typeof CodeFindingsModule; summary: typeof CrossFileSummaryModule } | undefined;
const loadCodeModules = () =>
  (codeModules ??= { findings: require('../code/codeFindings') as typeof CodeFindingsModule, summary: require('../code/crossFileSummary') as typeof CrossFileSummaryModule });

/**
 * Reads, decodes and scans files for secrets and, with `code`, insecure code; shared by the
 * in-process path and the worker threads. Asynchronous because a file's grammar loads on
 * first use in each thread.
 */
/** This thread's read buffer (the bytes are decoded into a string before the next read). */
let scratch: ReadScratch | undefined;

export async function scanFileBatchAsync(
  files: readonly BatchFile[],
  detector: SecretDetector,
  knownRuleIds: ReadonlySet<string>,
  collectSecrets: boolean,
  code?: CodeRuleSet,
  opts: BatchOptions = {},
): Promise<BatchResult> {
  const out = emptyBatch();
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    opts.onFile?.(i);
    const skip = f.skipRules?.length || opts.skipRules?.length ? new Set([...(opts.skipRules ?? []), ...(f.skipRules ?? [])]) : undefined;
    // Key stores and the like: found by name (they are binary), whether or not the bytes can be read.
    const byPath = scanPath(f.path, detector, skip);
    const unstated = f.size === undefined;
    const read = readBounded(f.abs, opts.maxFileSize ?? MAX_TEXT_BYTES, (scratch ??= newReadScratch()), unstated ? f.dev : undefined);
    if ('skip' in read) {
      // A file the walk did not stat and the read refused by its size or device is one a walk
      // that stats files skips before the scan: no finding by its name either.
      const asWalk = unstated && read.beforeRead === true;
      if (!asWalk) out.findings.push(...byPath);
      else if (read.skip.reason === 'too-large') out.oversized.push(f.path);
      out.skipped.push({ path: f.path, ...read.skip });
      continue;
    }
    out.findings.push(...byPath);
    const buf = read.bytes;
    const sniffed = sniffText(buf);
    if (!sniffed) {
      out.skipped.push({ path: f.path, reason: 'binary', detail: 'a NUL byte in its first 8000 bytes (UTF-16 and UTF-32 text needs a byte-order mark)' });
      continue;
    }
    let decoded: DecodedText | undefined;
    let decodeError: unknown;
    const textOf = (): string => {
      if (!decoded) {
        try {
          decoded = { text: sniffed.decode(), encoding: sniffed.encoding };
        } catch (e) {
          decodeError = e;
          throw e;
        }
      }
      return decoded.text;
    };
    let r: TextScanResult;
    try {
      // Secrets alone: the keyword pass reads the bytes, and only files where a rule's regular
      // expression runs are decoded. Code rules need the text of every file anyway.
      if (sniffed.units !== null && !(code && code.size > 0)) r = scanTextBytes(sniffed.bytes, sniffed.units === 'utf8', textOf, f.path, detector, knownRuleIds, skip);
      // Without secret rules (a code-only scan) the detector's pass over the text would only look
      // for the suppression marker, whose own diagnostics are kept: a plain search finds it faster.
      else if (detector.rules.length === 0 && !textOf().includes(SUPPRESSION_MARKER)) r = { findings: [], diagnostics: [], secrets: [] };
      else r = scanText(textOf(), f.path, detector, knownRuleIds, skip);
    } catch (e) {
      // Past V8's string length or the memory at hand: this file is skipped, the scan goes on.
      if (e !== decodeError || (!(e instanceof RangeError) && (e as NodeJS.ErrnoException).code !== 'ERR_STRING_TOO_LONG')) throw e;
      out.skipped.push({ path: f.path, reason: 'too-large', detail: `${buf.length} bytes could not be decoded as text (${(e as Error).message})` });
      continue;
    }
    out.findings.push(...r.findings);
    out.diagnostics.push(...r.diagnostics);
    if (collectSecrets) out.secrets.push(...r.secrets);
    if (code && code.size > 0) {
      const text = textOf();
      const { findings: { codeFindings, flowStepAt }, summary: { mapSummary } } = loadCodeModules();
      // A rule that fails on one file costs that file's findings of the rule (reported);
      // a grammar that cannot load is an installation problem and fails the scan.
      const problems: { ruleId?: string; message: string }[] = [];
      let hits;
      if (code.crossFile) {
        const r = await code.scanTreeFile(text, f.path, problems, skip, undefined, false, sniffed.units === null ? undefined : { bytes: sniffed.bytes, utf8: sniffed.units === 'utf8' });
        hits = r.hits;
        if (r.summary && (r.summary.defs.length || r.summary.calls.length)) {
          const lines = new LineIndex(text);
          out.summaries.push(mapSummary(r.summary, (s) => flowStepAt(text, lines, s, [], detector, f.path)));
        }
      } else hits = await code.scan(text, f.path, problems, skip);
      out.findings.push(...codeFindings(text, f.path, hits, knownRuleIds, detector));
      for (const p of problems) out.diagnostics.push({ level: 'warning', path: f.path, message: `code rules${p.ruleId ? ` (${p.ruleId})` : ''} could not check this file: ${p.message}` });
    }
    out.filesScanned++;
    out.bytesScanned += buf.length;
  }
  return out;
}
