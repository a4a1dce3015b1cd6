import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { Finding } from '../../contract/findings';
import { FileProblemError } from '../text/yamlValidation';

/**
 * A baseline is the set of fingerprints a team accepted at one point; findings whose
 * fingerprint is in it are carried as suppressed instead of failing the build.
 */
export interface BaselineFile {
  version: 1;
  tool: 'palisade';
  createdAt: string;
  fingerprints: string[];
}

export function readBaseline(file: string): Set<string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new FileProblemError(file, [{ key: '', message: `cannot read the baseline file (${(e as NodeJS.ErrnoException).code ?? 'error'}); create it with --write-baseline` }]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new FileProblemError(file, [{ key: '', message: `is not valid JSON (${(e as Error).message}); create it with --write-baseline` }]);
  }
  const d = data as Partial<BaselineFile>;
  if (typeof d !== 'object' || d === null || d.version !== 1) {
    throw new FileProblemError(file, [{ key: 'version', message: 'must be 1 (a file written by palisade --write-baseline)' }]);
  }
  if (!Array.isArray(d.fingerprints) || d.fingerprints.some((f) => typeof f !== 'string' || !/^[0-9a-f]{64}$/.test(f))) {
    throw new FileProblemError(file, [{ key: 'fingerprints', message: 'must be a list of 64-character hex fingerprints' }]);
  }
  return new Set(d.fingerprints);
}

/** Writes the fingerprints of all unsuppressed findings, atomically (no half-written file). */
export function writeBaseline(file: string, findings: readonly Finding[]): number {
  const fingerprints = [...new Set(findings.filter((f) => !f.suppression || f.suppression.kind === 'baseline').map((f) => f.fingerprint))].sort();
  const body: BaselineFile = { version: 1, tool: 'palisade', createdAt: new Date().toISOString(), fingerprints };
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n');
    renameSync(tmp, file);
  } catch (e) {
    // A failed write leaves no temporary file beside the baseline.
    rmSync(tmp, { force: true });
    throw e;
  }
  return fingerprints.length;
}
