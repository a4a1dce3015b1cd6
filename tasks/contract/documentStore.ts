/**
 * The document operations both sides need, independent of transport: the task implements it
 * over REST (azure-devops-node-api), the hub over the SDK's ExtensionDataManager.
 */
export interface DocumentStore {
  /** null when the document or its collection does not exist. */
  get<T extends { id: string }>(collection: string, id: string): Promise<T | null>;
  /** Every document of a collection; [] when the collection does not exist. */
  list<T extends { id: string }>(collection: string): Promise<T[]>;
  /** Fails with ConflictError if the id exists. */
  create<T extends { id: string }>(collection: string, doc: T): Promise<T>;
  /** Fails with ConflictError if `doc.__etag` is stale; `__etag: -1` overwrites. */
  replace<T extends { id: string; __etag?: number }>(collection: string, doc: T): Promise<T>;
  delete(collection: string, id: string): Promise<void>;
}

export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** The token lacks permission for extension data; callers degrade instead of failing. */
export class StoragePermissionError extends Error {
  override name = 'StoragePermissionError';
}

export const MAX_CONFLICT_RETRIES = 8;

/**
 * Read-merge-write with etag check: `mutate` gets the current document (or null) and returns
 * the new one, or null to leave it alone. On a conflict the document is read again and
 * `mutate` re-applied to the fresh copy, so nobody's change is lost.
 */
export async function updateDocument<T extends { id: string; __etag?: number }>(
  store: DocumentStore,
  collection: string,
  id: string,
  mutate: (current: T | null) => T | null,
  onRetry?: (attempt: number) => void,
): Promise<T | null> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.get<T>(collection, id);
    const next = mutate(current);
    if (next === null) return current;
    try {
      if (current === null) return await store.create(collection, { ...next, id, __etag: undefined });
      return await store.replace(collection, { ...next, id, __etag: current.__etag });
    } catch (e) {
      if (!(e instanceof ConflictError) || attempt >= MAX_CONFLICT_RETRIES) throw e;
      onRetry?.(attempt);
      // Spread retries of racing writers apart.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 50 * attempt)));
    }
  }
}
