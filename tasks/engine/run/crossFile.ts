import type { Diagnostic, Finding, FlowStep } from '../../contract/findings';
import { codeFindings, flowStepAt } from '../code/codeFindings';
import type { CodeRuleSet, CodeScanProblem } from '../code/codeRules';
import { treeNamesOf } from '../code/crossFileNames';
import { clampSteps, CrossFileJoin } from '../code/crossFileJoin';
import { mapSummary, type FileSummary } from '../code/crossFileSummary';
import type { SecretDetector } from '../secrets/detector';
import { decodeText } from '../text/decode';
import { MAX_TEXT_BYTES, readBounded } from '../text/fileRead';
import { LineIndex } from '../text/lineIndex';
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
export function treeNames(files: readonly { path: string }[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) for (const n of treeNamesOf(f.path)) out.add(n);
  return out;
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
  const seen = new Set(opts.existing.map(findingKey));
  const byPath = new Map(opts.files.map((f) => [f.path, f]));
  let pending = join.add(kept);
  let rescans = 0;
  let round = 0;
  for (; round < MAX_ROUNDS && pending.size; round++) {
    const next: FileSummary<FlowStep>[] = [];
    for (const path of [...pending].sort()) {
      if (rescans >= MAX_RESCANS) break;
      const file = byPath.get(path);
      if (!file) continue;
      rescans++;
      const read = readBounded(file.abs, opts.maxFileSize ?? MAX_TEXT_BYTES);
      if ('skip' in read) continue;
      const decoded = decodeText(read.bytes);
      if (!decoded) continue;
      const text = decoded.text;
      const problems: CodeScanProblem[] = [];
      const r = await opts.code.scanTreeFile(text, path, problems, opts.skipRules, join.externalOf(path));
      const fresh = r.hits.filter((h) => h.entry && h.knowledgeKey);
      const made = codeFindings(text, path, fresh, opts.knownRuleIds, opts.detector);
      made.forEach((f, i) => {
        const h = fresh[i];
        const prefix = h.entry && h.knowledgeKey ? join.prefixOf(path, h.knowledgeKey, h.entry) : undefined;
        const key = findingKey(f);
        if (!prefix || seen.has(key)) return;
        seen.add(key);
        const own = (f.flow ?? []).map((s) => ({ ...s }));
        const steps: FlowStep[] = clampSteps([...prefix.map((s) => (s.path === path ? stripPath(s) : s)), ...own]);
        f.flow = steps;
        findings.push(f);
      });
      if (r.summary) {
        const lines = new LineIndex(text);
        next.push(mapSummary(r.summary, (s) => flowStepAt(text, lines, s, [], opts.detector, path)));
      }
    }
    pending = join.add(next, true);
  }
  const c = join.counts;
  if (c.ambiguous) diagnostics.push({ level: 'warning', message: `cross-file data flow: ${c.ambiguous} call(s) match functions in several files and were not followed, e.g. ${c.ambiguousExamples.join('; ')}` });
  if (c.unresolved) diagnostics.push({ level: 'warning', message: `cross-file data flow: ${c.unresolved} call(s) name a relative module that is not among the scanned files and were not followed, e.g. ${c.unresolvedExamples.join('; ')}` });
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
