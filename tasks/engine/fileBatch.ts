import { readFileSync } from 'node:fs';
import type { Diagnostic, Finding, SkippedPath } from '../contract/findings';
import type { CodeRuleSet } from './code/codeRules';
import { codeFindings } from './code/codeFindings';
import { scanText } from './fileScanner';
import type { SecretDetector } from './secretDetector';
import { decodeText } from './textDecode';
import type { WalkedFile } from './walker';

export interface BatchResult {
  findings: Finding[];
  skipped: SkippedPath[];
  diagnostics: Diagnostic[];
  secrets: string[];
  filesScanned: number;
  bytesScanned: number;
}

export function emptyBatch(): BatchResult {
  return { findings: [], skipped: [], diagnostics: [], secrets: [], filesScanned: 0, bytesScanned: 0 };
}

export function mergeBatch(into: BatchResult, b: BatchResult): void {
  into.findings.push(...b.findings);
  into.skipped.push(...b.skipped);
  into.diagnostics.push(...b.diagnostics);
  into.secrets.push(...b.secrets);
  into.filesScanned += b.filesScanned;
  into.bytesScanned += b.bytesScanned;
}

/**
 * Reads, decodes and scans files for secrets and, with `code`, insecure code; shared by the
 * in-process path and the worker threads. Asynchronous because a file's grammar loads on
 * first use in each thread.
 */
export async function scanFileBatchAsync(
  files: readonly WalkedFile[],
  detector: SecretDetector,
  knownRuleIds: ReadonlySet<string>,
  collectSecrets: boolean,
  code?: CodeRuleSet,
): Promise<BatchResult> {
  const out = emptyBatch();
  for (const f of files) {
    let buf: Buffer;
    try {
      buf = readFileSync(f.abs);
    } catch (e) {
      out.skipped.push({ path: f.path, reason: 'unreadable', detail: (e as NodeJS.ErrnoException).code });
      continue;
    }
    const decoded = decodeText(buf);
    if (!decoded) {
      out.skipped.push({ path: f.path, reason: 'binary' });
      continue;
    }
    const r = scanText(decoded.text, f.path, detector, knownRuleIds);
    out.findings.push(...r.findings);
    out.diagnostics.push(...r.diagnostics);
    if (collectSecrets) out.secrets.push(...r.secrets);
    if (code && code.size > 0) {
      // A rule that fails on one file costs that file's findings of the rule (reported);
      // a grammar that cannot load is an installation problem and fails the scan.
      const problems: { ruleId?: string; message: string }[] = [];
      const hits = await code.scan(decoded.text, f.path, problems);
      out.findings.push(...codeFindings(decoded.text, f.path, hits, knownRuleIds, detector));
      for (const p of problems) out.diagnostics.push({ level: 'warning', path: f.path, message: `code rules${p.ruleId ? ` (${p.ruleId})` : ''} could not check this file: ${p.message}` });
    }
    out.filesScanned++;
    out.bytesScanned += buf.length;
  }
  return out;
}
