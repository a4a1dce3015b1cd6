import type { Diagnostic, Finding, FlowStep } from '../../contract/findings';
import { codeFindings, flowStepAt } from '../code/codeFindings';
import type { CodeRuleSet, CodeScanProblem } from '../code/codeRules';
import { treeNamesOf } from '../code/crossFileNames';
import { TreeNameSet } from '../code/treeNameSet';
import { clampSteps, CrossFileJoin } from '../code/crossFileJoin';
import { mapSummary, type FileSummary } from '../code/crossFileSummary';
import type { SecretDetector } from '../secrets/detector';
import { decodeText } from '../text/decode';
import { MAX_TEXT_BYTES, readBounded } from '../text/fileRead';
import { LineIndex } from '../text/lineIndex';
import { ScanAbortedError } from './scanPool';
import type { WalkedFile } from './walker';

/**
 * Data flow across the files of a scanned tree. The first scan of every file returns its
 * summary (crossFileSummary); here they are joined (crossFileJoin), and each file that receives
 * input from another one is scanned again with that input, on this thread, in rounds: a file
 * whose re-scan passes the input on to a third file makes that one scan again in the next
 * round. Findings that the re-scans add carry the whole path, from the source in one file to
 * the sink in another. Bounded by rounds and re-scans; what is cut is reported.
 */

/** Rounds of re-scans: how many files input may cross after the first (A -> B -> C -> D -> E). */
export const MAX_ROUNDS = 4;
/** Files scanned again at most per scan. */
export const MAX_RESCANS = 2000;
/** Summaries kept of a tree at most (each is a few hundred bytes per recorded call). */
export const MAX_SUMMARY_CALLS = 500_000;

/** The names of a tree's files that other files may import (see CodeRuleSet.crossFile). */
export function treeNames(files: readonly { path: string }[]): TreeNameSet {
  const out: string[] = [];
  for (const f of files) for (const n of treeNamesOf(f.path)) out.push(n);
  return TreeNameSet.of(out);
}

/**
 * Whether files can pass input to one another: at least two files of one language that calls
 * across files. A scan of one file (a pre-commit hook's) then skips the cross-file index, which
 * costs more than the file's own scan.
 */
export function spansFiles(files: readonly { path: string }[]): boolean {
  const seen = new Set<string>();
  for (const f of files) {
    const names = treeNamesOf(f.path);
    if (!names.length) continue;
    const lang = names[0].slice(0, names[0].indexOf(':'));
    if (seen.has(lang)) return true;
    seen.add(lang);
  }
  return false;
}

export interface CrossFileScan {
  findings: Finding[];
  diagnostics: Diagnostic[];
}

export interface CrossFileOptions {
  files: readonly WalkedFile[];
  code: CodeRuleSet;
  detector: SecretDetector;
  knownRuleIds: ReadonlySet<string>;
  /** Findings of the first scan: a re-scan reports only what they lack. */
  existing: readonly Finding[];
  maxFileSize?: number;
  /** Rules not to run again here (custom rules run on worker threads only). */
  skipRules?: ReadonlySet<string>;
  /** Stops the re-scans (the scan's timeout). */
  signal?: AbortSignal;
}

function findingKey(f: { ruleId: string; path: string; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } }): string {
  const r = f.region;
  return `${f.ruleId}|${f.path}|${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn}`;
}

export async function crossFileFindings(summaries: readonly FileSummary<FlowStep>[], opts: CrossFileOptions): Promise<CrossFileScan> {
  const diagnostics: Diagnostic[] = [];
  const findings: Finding[] = [];
  let kept = summaries;
  const calls = summaries.reduce((n, s) => n + s.calls.length, 0);
  if (calls > MAX_SUMMARY_CALLS) {
    // Keep the calls that carry input (they make findings); drop the rest beyond the bound.
    let budget = MAX_SUMMARY_CALLS;
    let dropped = 0;
    kept = summaries.map((s) => {
      const c = s.calls.filter((x) => {
        if (x.tainted.length || budget > 0) {
          budget--;
          return true;
        }
        dropped++;
        return false;
      });
      return { ...s, calls: c };
    });
    diagnostics.push({ level: 'warning', message: `cross-file data flow: ${dropped} of ${calls} calls into other files were not followed (limit ${MAX_SUMMARY_CALLS}); a function of another file returning input to them is not reported` });
  }
  const join = new CrossFileJoin(kept);
  // A finding already made within its file (a sink reached by a parameter, say) gains the path
  // when input from another file is found to reach it; no second finding is made.
  const earlier = new Map(opts.existing.map((f) => [findingKey(f), f]));
  const seen = new Set(earlier.keys());
  const byPath = new Map(opts.files.map((f) => [f.path, f]));
  // Files by tree name, and which were parsed: a call passing input to a file no rule asked
  // for (a module that only relays its input) has that file parsed on demand.
  const parsed = new Set(kept.map((s) => s.path));
  const byName = new Map<string, string[]>();
  for (const f of opts.files) for (const n of treeNamesOf(f.path)) byName.set(n, [...(byName.get(n) ?? []), f.path]);
  const unparsed = (name: string): boolean => (byName.get(name) ?? []).some((p) => !parsed.has(p));
  let rescans = 0;
  const readText = (path: string): string | undefined => {
    const file = byPath.get(path);
    if (!file) return undefined;
    const read = readBounded(file.abs, opts.maxFileSize ?? MAX_TEXT_BYTES);
    if ('skip' in read) return undefined;
    return decodeText(read.bytes)?.text;
  };
  /** Parses the files deferred calls want and joins those calls again. */
  const loadWanted = async (): Promise<Set<string>> => {
    if (join.wanted.size === 0) return new Set();
    const loaded: FileSummary<FlowStep>[] = [];
    for (const name of join.wanted) {
      for (const path of byName.get(name) ?? []) {
        if (parsed.has(path) || rescans >= MAX_RESCANS) continue;
        parsed.add(path);
        rescans++;
        const text = readText(path);
        if (text === undefined) continue;
        const r = await opts.code.scanTreeFile(text, path, [], opts.skipRules, undefined, true);
        const lines = new LineIndex(text);
        if (r.summary) loaded.push(mapSummary(r.summary, (s) => flowStepAt(text, lines, s, [], opts.detector, path)));
      }
    }
    join.addDefs(loaded);
    const grown = join.retry();
    // Their own calls join too (a relay's call onwards carries no input yet: it starts with the re-scan).
    for (const p of join.add(loaded)) grown.add(p);
    return grown;
  };
  let pending = join.add(kept, false, unparsed);
  for (const p of await loadWanted()) pending.add(p);
  let round = 0;
  for (; round < MAX_ROUNDS && pending.size; round++) {
    const next: FileSummary<FlowStep>[] = [];
    for (const path of [...pending].sort()) {
      if (rescans >= MAX_RESCANS) break;
      if (opts.signal?.aborted) {
        const r = opts.signal.reason as unknown;
        throw new ScanAbortedError(r instanceof Error ? r.message : typeof r === 'string' ? r : 'the scan was stopped');
      }
      rescans++;
      const text = readText(path);
      if (text === undefined) continue;
      const problems: CodeScanProblem[] = [];
      const r = await opts.code.scanTreeFile(text, path, problems, opts.skipRules, join.externalOf(path));
      const fresh = r.hits.filter((h) => h.entry && h.knowledgeKey);
      const made = codeFindings(text, path, fresh, opts.knownRuleIds, opts.detector);
      made.forEach((f, i) => {
        const h = fresh[i];
        const prefix = h.entry && h.knowledgeKey ? join.prefixOf(path, h.knowledgeKey, h.entry) : undefined;
        const key = findingKey(f);
        if (!prefix) return;
        const before = earlier.get(key);
        if (seen.has(key) && !(before && !before.flow)) return;
        seen.add(key);
        const own = (f.flow ?? []).map((s) => ({ ...s }));
        const steps: FlowStep[] = clampSteps([...prefix.map((s) => (s.path === path ? stripPath(s) : s)), ...own]);
        if (before) {
          before.flow = steps;
          return;
        }
        f.flow = steps;
        findings.push(f);
      });
      if (r.summary) {
        const lines = new LineIndex(text);
        next.push(mapSummary(r.summary, (s) => flowStepAt(text, lines, s, [], opts.detector, path)));
      }
    }
    pending = join.add(next, true, unparsed);
    for (const p of await loadWanted()) pending.add(p);
  }
  const c = join.counts;
  if (c.ambiguous) diagnostics.push({ level: 'warning', message: `cross-file data flow: ${c.ambiguous} call(s) match functions in several files and were not followed, e.g. ${c.ambiguousExamples.join('; ')}` });
  if (c.unresolved) diagnostics.push({ level: 'warning', message: `cross-file data flow: ${c.unresolved} call(s) pass input to a relative module that is not among the scanned files and were not followed, e.g. ${c.unresolvedExamples.join('; ')}` });
  if (pending.size && (round >= MAX_ROUNDS || rescans >= MAX_RESCANS)) {
    diagnostics.push({ level: 'warning', message: `cross-file data flow: stopped after ${round} round(s) and ${rescans} re-scanned file(s) (limits ${MAX_ROUNDS} and ${MAX_RESCANS}); input passed on to ${pending.size} more file(s) is not reported` });
  }
  return { findings, diagnostics };
}

function stripPath(s: FlowStep): FlowStep {
  const { path: _path, ...rest } = s;
  void _path;
  return rest;
}
