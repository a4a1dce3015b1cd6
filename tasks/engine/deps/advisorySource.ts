import type { OsvRecord } from './osvRecord';
import type { Ecosystem } from './types';

/**
 * Where advisories come from. The engine never touches the network: the OSV HTTP client and
 * the offline database reader (tasks/osv) implement this, and tests pass fakes.
 */
export interface AdvisorySource {
  /** For logs and diagnostics, e.g. `OSV API at https://api.osv.dev`. */
  readonly label: string;
  /**
   * One result per query, in order: the ids of the advisories that affect that package
   * version. An implementation should batch and cache; it may answer a query with `error`
   * (e.g. no offline data for its ecosystem) and still answer the others. Throwing means
   * no query could be answered.
   */
  queryBatch(queries: readonly AdvisoryQuery[]): Promise<AdvisoryQueryResult[]>;
  /** The full record of one advisory. Throwing means this record could not be had. */
  getVuln(id: string): Promise<OsvRecord>;
  /** Problems the source survived (e.g. malformed records in a database export), each returned once. */
  drainWarnings?(): string[];
}

export interface AdvisoryQuery {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

export interface AdvisoryQueryResult {
  vulnIds: string[];
  /** Why this query got no answer; the engine reports it once per distinct message. */
  error?: string;
}

/**
 * A failure of an advisory source, worded for the person reading the pipeline log: what was
 * asked (URL or file), what came back, and what to do. Sources throw this instead of raw
 * network or parser errors so that the message needs no stack trace.
 */
export class AdvisorySourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdvisorySourceError';
  }
}
