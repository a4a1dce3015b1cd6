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

/**
 * The service does not accept this kind of token for extension data at all (401
 * `TokenMissingHostAuthorizationClaimException`: only tokens issued to the extension carry the
 * claim, a pipeline's job token does not). Nothing the pipeline can grant changes that.
 */
export class TokenNotAcceptedError extends StoragePermissionError {
  override name = 'TokenNotAcceptedError';
}

export type DataErrorKind = 'conflict' | 'missing' | 'tokenNotAccepted' | 'forbidden' | 'other';

/**
 * What an extension data error means, from its HTTP status and the service's `typeKey`. The
 * service answers a duplicate id and a stale `__etag` with HTTP 400 (DocumentExistsException,
 * InvalidDocumentVersionException), so conflicts are recognised by type key; a bare 400 is not
 * one (a document over the size limit is a 400 too). 409/412 are accepted as conflicts as well.
 */
export function classifyDataError(status: number | undefined, typeKey: string | undefined): DataErrorKind {
  const key = typeKey ?? '';
  if (/^(DocumentExists|DocumentAlreadyExists|InvalidDocumentVersion)Exception$/i.test(key) || status === 409 || status === 412) return 'conflict';
  if (/^(DocumentDoesNotExist|DocumentCollectionDoesNotExist)Exception$/i.test(key) || status === 404) return 'missing';
  if (/^(TokenMissingHostAuthorizationClaim|ExtensionInvalidAuthorization)Exception$/i.test(key)) return 'tokenNotAccepted';
  if (status === 401 || status === 403) return 'forbidden';
  return 'other';
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
