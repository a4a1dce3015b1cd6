import { type AdvisoryQuery, type AdvisoryQueryResult, type AdvisorySource, AdvisorySourceError, checkOsvRecord, type OsvRecord } from '../engine/deps';
import type { HttpJsonClient } from './httpClient';

export const DEFAULT_OSV_URL = 'https://api.osv.dev';

/** OSV accepts at most 1000 queries in one querybatch request. */
const MAX_BATCH = 1000;
/** Guards against a server that keeps handing out page tokens. */
const MAX_PAGES = 50;

/**
 * Advisories from the OSV REST API: POST /v1/querybatch for which advisories affect each
 * package version, GET /v1/vulns/{id} for the full records. Both are cached for the life of
 * the source, so one scan asks once per package version and once per advisory.
 */
export class OsvApiSource implements AdvisorySource {
  readonly label: string;
  private readonly apiRoot: string;
  private readonly queryCache = new Map<string, Promise<AdvisoryQueryResult>>();
  private readonly vulnCache = new Map<string, Promise<OsvRecord>>();

  constructor(
    baseUrl: string,
    private readonly http: HttpJsonClient,
    private readonly batchSize = MAX_BATCH,
  ) {
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new AdvisorySourceError(`The OSV URL "${baseUrl}" is not a valid URL (expected e.g. ${DEFAULT_OSV_URL}).`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new AdvisorySourceError(`The OSV URL must be http(s), not ${url.protocol}`);
    // Accept the API root with or without its /v1 suffix.
    this.apiRoot = url.href.replace(/\/+$/, '').replace(/\/v1$/, '');
    this.label = `the OSV API at ${this.apiRoot}`;
  }

  /**
   * Answers from the cache where it can and asks the rest in batches of at most 1000. When a
   * batch fails, its queries and all later ones are answered with the error (without further
   * requests: the service is evidently unwell), and the earlier answers still stand.
   */
  async queryBatch(queries: readonly AdvisoryQuery[]): Promise<AdvisoryQueryResult[]> {
    const pending: { key: string; query: AdvisoryQuery; resolve: (r: AdvisoryQueryResult) => void }[] = [];
    const answers = queries.map((query) => {
      const key = `${query.ecosystem}\0${query.name}\0${query.version}`;
      let p = this.queryCache.get(key);
      if (!p) {
        p = new Promise<AdvisoryQueryResult>((resolve) => pending.push({ key, query, resolve }));
        this.queryCache.set(key, p);
      }
      return p;
    });
    let failure: string | undefined;
    for (let i = 0; i < pending.length; i += this.batchSize) {
      const chunk = pending.slice(i, i + this.batchSize);
      if (!failure) {
        try {
          const ids = await this.postBatch(chunk.map((c) => c.query));
          chunk.forEach((c, j) => c.resolve({ vulnIds: ids[j] }));
          continue;
        } catch (e) {
          failure = e instanceof Error ? e.message : String(e);
        }
      }
      for (const c of chunk) {
        // Not cached: a later scan in the same process may get through.
        this.queryCache.delete(c.key);
        c.resolve({ vulnIds: [], error: failure });
      }
    }
    return Promise.all(answers);
  }

  /** One querybatch call, following `next_page_token` for queries with many advisories. */
  private async postBatch(queries: readonly AdvisoryQuery[]): Promise<string[][]> {
    const ids: string[][] = queries.map(() => []);
    let todo = queries.map((q, index) => ({ index, body: { package: { ecosystem: q.ecosystem, name: q.name }, version: q.version } as Record<string, unknown> }));
    for (let page = 0; todo.length && page < MAX_PAGES; page++) {
      const url = new URL(`${this.apiRoot}/v1/querybatch`);
      const res = await this.http.request('POST', url, { queries: todo.map((t) => t.body) });
      const results = readBatchResults(res.body, todo.length, url);
      const next: typeof todo = [];
      results.forEach((r, j) => {
        ids[todo[j].index].push(...r.ids);
        if (r.nextPageToken) next.push({ index: todo[j].index, body: { ...todo[j].body, page_token: r.nextPageToken } });
      });
      todo = next;
    }
    return ids.map((list) => [...new Set(list)]);
  }

  getVuln(id: string): Promise<OsvRecord> {
    let p = this.vulnCache.get(id);
    if (!p) {
      p = this.fetchVuln(id);
      p.catch(() => this.vulnCache.delete(id));
      this.vulnCache.set(id, p);
    }
    return p;
  }

  private async fetchVuln(id: string): Promise<OsvRecord> {
    const url = new URL(`${this.apiRoot}/v1/vulns/${encodeURIComponent(id)}`);
    const res = await this.http.request('GET', url, undefined, [404]);
    if (res.status === 404) throw new AdvisorySourceError(`GET ${url.href} answered HTTP 404: the service does not know advisory ${id}`);
    const checked = checkOsvRecord(res.body);
    if ('problem' in checked) {
      throw new AdvisorySourceError(`GET ${url.href} returned a record that is not valid OSV (${checked.problem}). Check that the OSV URL points at an OSV API.`);
    }
    return checked.record;
  }
}

function readBatchResults(body: unknown, expected: number, url: URL): { ids: string[]; nextPageToken?: string }[] {
  const bad = (why: string) =>
    new AdvisorySourceError(`POST ${url.href} returned a malformed querybatch response (${why}). Check that the OSV URL points at an OSV API.`);
  const results = (body as { results?: unknown } | null)?.results;
  if (!Array.isArray(results)) throw bad('no "results" list');
  if (results.length !== expected) throw bad(`${results.length} results for ${expected} queries`);
  return results.map((r, i) => {
    if (typeof r !== 'object' || r === null) throw bad(`result ${i} is not an object`);
    const { vulns, next_page_token: token } = r as { vulns?: unknown; next_page_token?: unknown };
    if (vulns !== undefined && !Array.isArray(vulns)) throw bad(`result ${i} has a "vulns" that is not a list`);
    const ids = ((vulns ?? []) as unknown[]).map((v) => {
      const id = (v as { id?: unknown } | null)?.id;
      if (typeof id !== 'string' || !id) throw bad(`result ${i} lists a vulnerability without an id`);
      return id;
    });
    return { ids, ...(typeof token === 'string' && token ? { nextPageToken: token } : {}) };
  });
}
