import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { walk } from '../engine';
import { AdvisorySourceError, type Ecosystem, manifestKind } from '../engine/deps';
import type { HttpJsonClient } from './httpClient';

/** Where OSV publishes one zip of every advisory per ecosystem: `<base>/<Ecosystem>/all.zip`. */
export const OSV_EXPORT_URL = 'https://osv-vulnerabilities.storage.googleapis.com';

/** The ecosystems of the dependency manifests in a tree (the same files a scan reads), sorted. */
export function ecosystemsInTree(root: string, excludes: readonly string[] = []): Ecosystem[] {
  // Size is no reason to leave a lockfile's ecosystem out: the scanner reads large ones too.
  const listed = walk({ root, excludes, maxFileSize: Number.MAX_SAFE_INTEGER });
  const found = new Set<Ecosystem>();
  for (const f of [...listed.files.map((x) => x.path), ...listed.skipped.map((x) => x.path)]) {
    const kind = manifestKind(f);
    if (kind) found.add(kind.ecosystem);
  }
  return [...found].sort();
}

export interface DownloadedExport {
  ecosystem: Ecosystem;
  file: string;
  bytes: number;
}

/**
 * Downloads `<base>/<Ecosystem>/all.zip` for each ecosystem into `<outDir>/<Ecosystem>/all.zip`,
 * the layout `osvOfflineDir` / `--osv-offline` read. Each file is checked to be a readable
 * zip before it replaces an older copy, so a failed run never leaves a truncated export.
 */
export async function downloadExports(
  http: Pick<HttpJsonClient, 'download'>,
  ecosystems: readonly Ecosystem[],
  outDir: string,
  opts: { baseUrl?: string; onStart?: (ecosystem: Ecosystem, url: string) => void } = {},
): Promise<DownloadedExport[]> {
  const base = (opts.baseUrl ?? OSV_EXPORT_URL).replace(/\/+$/, '');
  let baseUrl: URL;
  try {
    baseUrl = new URL(`${base}/`);
  } catch {
    throw new AdvisorySourceError(`"${base}" is not a URL.`);
  }
  if (baseUrl.protocol !== 'https:' && baseUrl.protocol !== 'http:') throw new AdvisorySourceError(`"${base}" is not an http(s) URL.`);
  const out: DownloadedExport[] = [];
  for (const ecosystem of ecosystems) {
    const url = new URL(`${encodeURIComponent(ecosystem)}/all.zip`, baseUrl);
    const dir = join(outDir, ecosystem);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'all.zip');
    opts.onStart?.(ecosystem, url.href);
    const { bytes } = await http.download(url, file, checkZip);
    out.push({ ecosystem, file, bytes });
  }
  return out;
}

/** Opens the zip's central directory: a truncated or non-zip download fails here. */
async function checkZip(file: string): Promise<void> {
  try {
    const zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false });
    zip.close();
  } catch (e) {
    throw new AdvisorySourceError(`the downloaded file is not a readable zip (${(e as Error).message.replace(/\.+$/, '')}); nothing was replaced`);
  }
}
