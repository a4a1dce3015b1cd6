import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type AdvisoryQuery, type AdvisoryQueryResult, type AdvisorySource, AdvisorySourceError, checkOsvRecord, type Ecosystem, isEcosystem, matchRecord, normalizePackageName, type OsvRecord } from '../engine/deps';
import { directoryRecordTexts, zipRecordTexts, type RecordText } from './recordFiles';

/**
 * Advisories from an OSV database export on disk, for agents without network access:
 * `<dir>/<Ecosystem>/all.zip` as OSV publishes them (what `palisade osv-download` writes),
 * `<dir>/<Ecosystem>.zip` (a folder of zips), the same under `<dir>/osv-scanner/` or
 * `<dir>/osv-scalibr/` (where osv-scanner keeps its offline copy), loose `*.json` records
 * anywhere under `<dir>`, or `<dir>` itself being one zip (a secure file). Matching uses the engine's own range evaluation.
 *
 * Only records about the packages being asked for are kept in memory: each query for new
 * package names reads the export once more, which a scan (one batch) does once.
 */
export class OsvOfflineSource implements AdvisorySource {
  readonly label: string;
  private readonly records = new Map<string, OsvRecord>();
  /** ecosystem -> normalised name -> ids of records naming it */
  private readonly byName = new Map<Ecosystem, Map<string, Set<string>>>();
  /** ecosystem -> normalised names already looked for */
  private readonly loadedNames = new Map<Ecosystem, Set<string>>();
  private readonly warnings: string[] = [];
  private readonly skipped = new Map<string, number>();
  private readonly isZipFile: boolean;
  /** Ecosystems named by at least one record read so far, to tell "no advisories" from "no data". */
  private readonly seenEcosystems = new Set<Ecosystem>();

  constructor(private readonly dir: string) {
    if (!existsSync(dir)) throw new AdvisorySourceError(`The offline OSV database ${dir} does not exist. Point --osv-offline at a folder holding <Ecosystem>/all.zip files from OSV.`);
    this.isZipFile = statSync(dir).isFile();
    this.label = `the offline OSV database at ${dir}`;
  }

  async queryBatch(queries: readonly AdvisoryQuery[]): Promise<AdvisoryQueryResult[]> {
    const wanted = new Map<Ecosystem, Set<string>>();
    for (const q of queries) {
      const loaded = this.loadedNames.get(q.ecosystem);
      const name = normalizePackageName(q.ecosystem, q.name);
      if (loaded?.has(name)) continue;
      const set = wanted.get(q.ecosystem) ?? new Set<string>();
      set.add(name);
      wanted.set(q.ecosystem, set);
    }
    const missing = new Map<Ecosystem, string>();
    const hasExport = new Set<Ecosystem>();
    const inLooseRecords = new Map<Ecosystem, Set<string>>();
    const fail = (ecosystems: Iterable<Ecosystem>, e: unknown) => {
      // One unreadable export leaves the other ecosystems answerable.
      for (const eco of ecosystems) missing.set(eco, e instanceof Error ? e.message : String(e));
    };
    for (const [ecosystem, names] of wanted) {
      const zips = this.isZipFile ? [] : this.exportZips(ecosystem);
      if (zips.length) hasExport.add(ecosystem);
      try {
        for (const zip of zips) await this.load(() => zipRecordTexts(zip), new Map([[ecosystem, names]]));
      } catch (e) {
        fail([ecosystem], e);
        continue;
      }
      if (this.isZipFile || this.hasLooseRecords()) inLooseRecords.set(ecosystem, names);
    }
    // Loose records (or a single zip) are read in one pass for all ecosystems asked about.
    if (inLooseRecords.size) {
      try {
        await this.load(() => (this.isZipFile ? zipRecordTexts(this.dir) : directoryRecordTexts(this.dir)), inLooseRecords);
      } catch (e) {
        fail(inLooseRecords.keys(), e);
      }
    }
    for (const [ecosystem, names] of wanted) {
      if (missing.has(ecosystem)) continue;
      const addExport = `add ${join(this.dir, ecosystem, 'all.zip')} (from https://osv-vulnerabilities.storage.googleapis.com/${encodeURIComponent(ecosystem)}/all.zip)`;
      if (!hasExport.has(ecosystem) && !this.seenEcosystems.has(ecosystem)) {
        // Without its export, silence about an ecosystem means "no data", not "no advisories".
        missing.set(ecosystem, inLooseRecords.has(ecosystem) ? `its records name no ${ecosystem} package: ${addExport}` : `it has no ${ecosystem} data: ${addExport} or its JSON records`);
        continue;
      }
      const loaded = this.loadedNames.get(ecosystem) ?? new Set<string>();
      for (const n of names) loaded.add(n);
      this.loadedNames.set(ecosystem, loaded);
    }
    return queries.map((q) => {
      const error = missing.get(q.ecosystem);
      if (error) return { vulnIds: [], error };
      const ids = this.byName.get(q.ecosystem)?.get(normalizePackageName(q.ecosystem, q.name)) ?? new Set<string>();
      const vulnIds = [...ids].filter((id) => {
        const r = this.records.get(id) as OsvRecord;
        return !r.withdrawn && matchRecord(r, q).affected === true;
      });
      return { vulnIds: vulnIds.sort() };
    });
  }

  async getVuln(id: string): Promise<OsvRecord> {
    const r = this.records.get(id);
    if (!r) throw new AdvisorySourceError(`advisory ${id} is not in ${this.label}`);
    return r;
  }

  /** Problems met while reading the export (malformed records), once each. */
  drainWarnings(): string[] {
    for (const [file, count] of this.skipped) {
      this.warnings.push(`${file}: skipped ${count} record(s) that are not valid OSV JSON; download the export again if this persists.`);
    }
    this.skipped.clear();
    return this.warnings.splice(0);
  }

  /** The per-ecosystem exports present, in OSV's layout or osv-scanner's. */
  private exportZips(ecosystem: Ecosystem): string[] {
    return [
      join(this.dir, ecosystem, 'all.zip'),
      // A folder of zips named after their ecosystem (`npm.zip`, as a pipeline artifact may hold them).
      join(this.dir, `${ecosystem}.zip`),
      join(this.dir, 'osv-scanner', ecosystem, 'all.zip'),
      join(this.dir, 'osv-scalibr', ecosystem, 'all.zip'),
    ].filter((z) => existsSync(z));
  }

  private looseRecords: boolean | undefined;

  private hasLooseRecords(): boolean {
    if (this.looseRecords === undefined) this.looseRecords = containsJson(this.dir);
    return this.looseRecords;
  }

  /** Reads every record once, keeping those that name a wanted package of a wanted ecosystem. */
  private async load(read: () => AsyncGenerator<RecordText>, wanted: Map<Ecosystem, Set<string>>): Promise<void> {
    for await (const { name: file, text } of read()) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        this.countSkipped(file);
        continue;
      }
      const checked = checkOsvRecord(value);
      if ('problem' in checked) {
        this.countSkipped(file);
        continue;
      }
      const record = checked.record;
      for (const a of record.affected ?? []) {
        const eco = a.package?.ecosystem.split(':')[0];
        if (!eco || !a.package || !isEcosystem(eco)) continue;
        this.seenEcosystems.add(eco);
        const n = normalizePackageName(eco, a.package.name);
        if (!wanted.get(eco)?.has(n)) continue;
        this.records.set(record.id, record);
        const byName = this.byName.get(eco) ?? new Map<string, Set<string>>();
        byName.set(n, (byName.get(n) ?? new Set<string>()).add(record.id));
        this.byName.set(eco, byName);
      }
    }
  }

  private countSkipped(file: string): void {
    const container = file.includes('.zip:') ? file.slice(0, file.indexOf('.zip:') + 4) : this.dir;
    this.skipped.set(container, (this.skipped.get(container) ?? 0) + 1);
  }
}

/** Whether any `*.json` file lies under `dir`; stops at the first one. */
function containsJson(dir: string): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.isFile() && e.name.toLowerCase().endsWith('.json')) return true;
    if (e.isDirectory() && containsJson(join(dir, e.name))) return true;
  }
  return false;
}
