import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { AdvisorySourceError } from '../engine/deps';

/** Raw text of one advisory file, named for error messages (`npm/all.zip:GHSA-x.json`). */
export interface RecordText {
  name: string;
  text: string;
}

/** Largest single record accepted; OSV records are a few KB, this only stops a corrupt entry. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * Every `*.json` entry of an OSV export zip (`<Ecosystem>/all.zip`), one at a time so that a
 * large ecosystem never sits in memory whole. yauzl reads the central directory and inflates
 * entries lazily.
 */
export async function* zipRecordTexts(zipPath: string): AsyncGenerator<RecordText> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: true, strictFileNames: false });
  } catch (e) {
    throw new AdvisorySourceError(`Cannot open the OSV database ${zipPath}: ${(e as Error).message.replace(/\.+$/, '')}. Download it again (e.g. https://osv-vulnerabilities.storage.googleapis.com/<Ecosystem>/all.zip).`);
  }
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/') || !entry.fileName.toLowerCase().endsWith('.json')) continue;
      if (entry.uncompressedSize > MAX_RECORD_BYTES) continue;
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      for await (const c of stream) chunks.push(c as Buffer);
      yield { name: `${zipPath}:${entry.fileName}`, text: Buffer.concat(chunks).toString('utf8') };
    }
  } catch (e) {
    if (e instanceof AdvisorySourceError) throw e;
    throw new AdvisorySourceError(`Cannot read the OSV database ${zipPath}: ${(e as Error).message.replace(/\.+$/, '')}. The file may be truncated: download it again.`);
  } finally {
    zip.close();
  }
}

/** Every `*.json` file under a directory of OSV records, at any depth, in a stable order. */
export async function* directoryRecordTexts(dir: string): AsyncGenerator<RecordText> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new AdvisorySourceError(`Cannot read the OSV database folder ${dir}: ${(e as Error).message}.`);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* directoryRecordTexts(p);
    else if (e.isFile() && e.name.toLowerCase().endsWith('.json')) yield { name: p, text: await readFile(p, 'utf8') };
  }
}
