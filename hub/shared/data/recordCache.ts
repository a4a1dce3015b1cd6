/**
 * The hub's only cache: in the user's own browser (localStorage), one entry per organization,
 * user and project, holding summaries of scan records this user already read from builds, keyed
 * by build id. A build's record never changes once published, so an entry is never stale; a
 * newer scan is a newer build id, which is read from its build. Nothing here decides what the
 * user may see: the hub lists builds with the user's token first and only then looks here.
 */

/** The part of `Storage` the cache uses (tests pass an in-memory one). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Bumped when the shape of a cached summary changes: older entries are then dropped. */
const CACHE_FORMAT = 1;
/** Enough for the overview of a large project and some history, small enough for the quota. */
export const MAX_CACHED_BUILDS = 3000;

interface Stored<T> {
  format: number;
  /** Build id -> [last used (ms), summary]. */
  entries: Record<string, [number, T]>;
}

export function cacheKey(scope: { collectionUri: string; userId: string; projectId: string }): string {
  return `palisade.records|${scope.collectionUri.replace(/\/+$/, '').toLowerCase()}|${scope.userId.toLowerCase()}|${scope.projectId.toLowerCase()}`;
}

export class RecordCache<T> {
  private entries: Map<string, [number, T]> | undefined;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly storage: KeyValueStorage | undefined,
    private readonly key: string,
    private readonly limit = MAX_CACHED_BUILDS,
    private readonly now: () => number = Date.now,
  ) {}

  private load(): Map<string, [number, T]> {
    if (this.entries) return this.entries;
    this.entries = new Map();
    try {
      const raw = this.storage?.getItem(this.key);
      const parsed = raw ? (JSON.parse(raw) as Stored<T>) : undefined;
      if (parsed?.format === CACHE_FORMAT && parsed.entries && typeof parsed.entries === 'object') {
        for (const [id, entry] of Object.entries(parsed.entries)) if (Array.isArray(entry) && entry.length === 2) this.entries.set(id, entry);
      }
    } catch {
      // A damaged or foreign entry is only a cache: start empty.
    }
    return this.entries;
  }

  get(buildId: number): T | undefined {
    const entry = this.load().get(String(buildId));
    if (!entry) return undefined;
    entry[0] = this.now();
    return entry[1];
  }

  put(buildId: number, value: T): void {
    this.load().set(String(buildId), [this.now(), value]);
    this.scheduleFlush();
  }

  /** Writes soon, once for many puts (the overview reads hundreds of records in a burst). */
  private scheduleFlush(): void {
    if (!this.storage || this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush();
    }, 250);
  }

  flush(): void {
    if (!this.storage || !this.entries) return;
    if (this.flushTimer !== undefined) {
      clearTimeout(this.flushTimer);
      this.flushTimer = undefined;
    }
    let kept = [...this.entries.entries()].sort((a, b) => b[1][0] - a[1][0]).slice(0, this.limit);
    // Over the browser's quota: keep the most recently used half and try again, then give up.
    for (let attempt = 0; attempt < 3 && kept.length; attempt++) {
      try {
        this.storage.setItem(this.key, JSON.stringify({ format: CACHE_FORMAT, entries: Object.fromEntries(kept) } satisfies Stored<T>));
        this.entries = new Map(kept);
        return;
      } catch {
        kept = kept.slice(0, Math.floor(kept.length / 2));
      }
    }
    try {
      this.storage.removeItem(this.key);
    } catch {
      // Nothing more to do: the hub works without a cache.
    }
  }
}

/** An in-memory KeyValueStorage (tests, and pages that may not use localStorage). */
export class MemoryStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}
