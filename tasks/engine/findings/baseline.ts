import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type * as JsoncParser from 'jsonc-parser';
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
  } catch {
    throw new FileProblemError(file, [{ key: '', message: `is not valid JSON (${whereInvalid(text)}); create it with --write-baseline` }]);
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

/**
 * Where and why `text` is not JSON, without any of its text: JSON.parse's message quotes the
 * file, and a file given as a baseline by mistake may be one of secrets (`--baseline .env`).
 */
function whereInvalid(text: string): string {
  if (text.trim() === '') return 'the file is empty';
  // Loaded here only: a scan without a broken baseline never needs it.
  const { parse, printParseErrorCode } = require('jsonc-parser') as typeof JsoncParser;
  const errors: JsoncParser.ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  const first = errors[0];
  if (!first) return 'it cannot be parsed';
  const line = text.slice(0, first.offset).split('\n').length;
  const what = printParseErrorCode(first.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return `${what} at line ${line}`;
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
