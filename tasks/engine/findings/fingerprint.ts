import type * as Crypto from 'node:crypto';
import { requireBuiltin } from './builtins';

/**
 * node:crypto, required on the first finding: loading it (and the stream modules it needs)
 * costs ~10 ms, which `palisade rules` and a scan without findings need not pay. Asked of the
 * CLI launcher when there is one (see builtins.ts): it loads it under V8's default flags.
 */
let createHash: typeof Crypto.createHash | undefined;

/** Identity of a finding: independent of line numbers so that it survives unrelated edits. */
export function fingerprint(ruleId: string, path: string, content: string): string {
  createHash ??= requireBuiltin<typeof Crypto>('node:crypto', () => require('node:crypto') as typeof Crypto).createHash;
  return createHash('sha256').update(ruleId).update('\0').update(path).update('\0').update(content).digest('hex');
}

/** Key under which SARIF `partialFingerprints` carries our fingerprint. */
export const FINGERPRINT_KEY = 'palisade/v1';
