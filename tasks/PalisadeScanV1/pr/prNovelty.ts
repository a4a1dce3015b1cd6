import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Finding } from '../../contract/findings';
import { scan, type ScanOptions } from '../../engine';
import type { PrChanges } from '../azure/prChanges';
import type { TaskLog } from '../log/taskLog';

/** Base versions fetched at most, so a huge PR cannot turn into thousands of REST calls. */
export const MAX_BASE_FILES = 300;
const PARALLEL_FETCHES = 8;

export interface Novelty {
  /** Fingerprints of findings the PR introduces. */
  newFingerprints: Set<string>;
  /** Paths (relative to the scan root) the PR added, edited or renamed. */
  changedPaths: Set<string>;
  baseFilesScanned: number;
}

/**
 * A finding is new when the PR changed its file and the same fingerprint is absent from that
 * file at the merge base. Base versions are scanned under their new path, so a renamed file's
 * old findings keep matching. A file whose base version could not be fetched (or is past the
 * cap) counts as new throughout: the strict side.
 */
export async function findNewFindings(
  current: readonly Finding[],
  changes: PrChanges,
  scanOptions: Omit<ScanOptions, 'root' | 'paths'>,
  log: TaskLog,
  tempRoot: string,
): Promise<Novelty> {
  const live = changes.files.filter((f) => f.change !== 'delete');
  const changedPaths = new Set(live.map((f) => f.path));
  const withBase = live.filter((f) => f.basePath);
  if (withBase.length > MAX_BASE_FILES) {
    log.warning(`The pull request changes ${withBase.length} existing files; only the first ${MAX_BASE_FILES} are compared with the merge base. Findings in the others count as new.`);
  }
  const dir = mkdtempSync(join(tempRoot, 'palisade-base-'));
  let written = 0;
  try {
    const queue = withBase.slice(0, MAX_BASE_FILES);
    const workers = Array.from({ length: PARALLEL_FETCHES }, async () => {
      for (let f = queue.shift(); f; f = queue.shift()) {
        const buf = await changes.readBase(f.basePath!);
        if (!buf) continue;
        const target = join(dir, f.path);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, buf);
        written++;
      }
    });
    await Promise.all(workers);
    const baseFindings = written
      ? (await scan({ ...scanOptions, root: dir, paths: live.filter((f) => f.basePath).map((f) => f.path), baseline: undefined, collectSecrets: false })).findings
      : [];
    const before = new Set(baseFindings.map((f) => f.fingerprint));
    const newFingerprints = new Set<string>();
    for (const f of current) {
      if (changedPaths.has(f.path) && !before.has(f.fingerprint)) newFingerprints.add(f.fingerprint);
    }
    return { newFingerprints, changedPaths, baseFilesScanned: written };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
