/**
 * What the hub's views share for the life of the page: one limit on REST calls in flight, one
 * reader of scan records (memory, then the browser cache, then the build), and the project's
 * scan index, read once and reused by every tab.
 */
import type { HubServices } from '../../shared/services/hubServices';
import { Limiter } from '../../shared/data/concurrency';
import type { RepoRef } from '../../shared/data/model';
import { readProjectState, type ProjectState } from './projectProperties';
import { cacheKey, RecordCache } from '../../shared/data/recordCache';
import { loadScanIndex, type ScanIndex } from './scanIndex';
import { RecordReader, type ScanSummary } from '../../shared/data/scanRecords';

/** Calls in flight at once: enough to hide latency, few enough not to be throttled. */
export const MAX_CALLS_IN_FLIGHT = 6;

export class HubData {
  readonly limiter = new Limiter(MAX_CALLS_IN_FLIGHT);
  readonly reader: RecordReader;
  private index: Promise<ScanIndex> | undefined;
  private readonly indexListeners = new Set<(index: ScanIndex) => void>();
  private lastIndex: ScanIndex | undefined;

  constructor(
    readonly services: HubServices,
    readonly repos: readonly RepoRef[],
  ) {
    const { collectionUri, user, projectId } = services.context;
    this.reader = new RecordReader(services, this.limiter, new RecordCache<ScanSummary>(services.cacheStorage, cacheKey({ collectionUri, userId: user.id, projectId })));
  }

  /** The project's scan index; `onProgress` sees it fill up while it loads (and once, whole, after). */
  scanIndex(onProgress?: (index: ScanIndex) => void): Promise<ScanIndex> {
    if (onProgress) {
      if (this.lastIndex) onProgress(this.lastIndex);
      this.indexListeners.add(onProgress);
    }
    if (!this.index) {
      this.index = loadScanIndex((q) => this.limiter.run(() => this.services.listScanBuilds(q)), this.repos, (i) => {
        this.lastIndex = i;
        for (const l of this.indexListeners) l(i);
      });
      this.index.then(
        () => this.indexListeners.clear(),
        () => {
          // A failed index is read again next time it is asked for.
          this.index = undefined;
          this.lastIndex = undefined;
          this.indexListeners.clear();
        },
      );
    }
    const p = this.index;
    return onProgress ? p.then((i) => (onProgress(i), i)) : p;
  }

  stopListening(onProgress: (index: ScanIndex) => void): void {
    this.indexListeners.delete(onProgress);
  }

  /** Settings and triage, read fresh (they change; the index and records do not). */
  projectState(): Promise<ProjectState> {
    return readProjectState(this.services);
  }
}
