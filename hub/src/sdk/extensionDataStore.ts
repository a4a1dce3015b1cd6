/**
 * The contract's DocumentStore over the SDK's extension data manager (scope Default/Current,
 * tasks/contract/extension.ts DATA_SCOPE). Errors cross the host frame as plain objects, so
 * they are recognised by status and type key, and mapped to the contract's error classes:
 * stale etag or existing id (HTTP 400 with DocumentExists / InvalidDocumentVersion) -> ConflictError,
 * missing -> null / [], refused -> StoragePermissionError (TokenNotAcceptedError for a token
 * without the host-authorization claim).
 */
import type { IExtensionDataManager } from 'azure-devops-extension-api';
import {
  classifyDataError as classify, ConflictError, StoragePermissionError, TokenNotAcceptedError, type DataErrorKind, type DocumentStore,
} from '../../../tasks/contract/documentStore';
import { DATA_SCOPE } from '../../../tasks/contract/extension';

const OPTIONS = { scopeType: DATA_SCOPE.type, scopeValue: DATA_SCOPE.value };

interface ErrorLike {
  status?: unknown;
  statusCode?: unknown;
  message?: unknown;
  typeKey?: unknown;
  serverError?: { typeKey?: unknown; message?: unknown };
}

export type { DataErrorKind };

/** The contract's classification (conflicts are HTTP 400 with a type key on the real service). */
export function classifyDataError(e: unknown): DataErrorKind {
  const err = (e ?? {}) as ErrorLike;
  const status = Number(err.status ?? err.statusCode);
  const typeKey = err.serverError?.typeKey ?? err.typeKey;
  return classify(Number.isFinite(status) ? status : undefined, typeof typeKey === 'string' ? typeKey : undefined);
}

export function messageOf(e: unknown): string {
  const err = (e ?? {}) as ErrorLike;
  const m = err.serverError?.message ?? err.message;
  return typeof m === 'string' && m ? m : String(e);
}

function mapped(e: unknown, onMissing?: () => never): never {
  switch (classifyDataError(e)) {
    case 'conflict':
      throw new ConflictError(messageOf(e));
    case 'tokenNotAccepted':
      throw new TokenNotAcceptedError(messageOf(e));
    case 'forbidden':
      throw new StoragePermissionError(messageOf(e));
    case 'missing':
      if (onMissing) onMissing();
      break;
    default:
      break;
  }
  throw e instanceof Error ? e : new Error(messageOf(e));
}

export class ExtensionDataStore implements DocumentStore {
  constructor(private readonly manager: IExtensionDataManager) {}

  async get<T extends { id: string }>(collection: string, id: string): Promise<T | null> {
    try {
      const doc = (await this.manager.getDocument(collection, id, OPTIONS)) as T | null | undefined;
      return doc ?? null;
    } catch (e) {
      if (classifyDataError(e) === 'missing') return null;
      return mapped(e);
    }
  }

  async list<T extends { id: string }>(collection: string): Promise<T[]> {
    try {
      return ((await this.manager.getDocuments(collection, OPTIONS)) ?? []) as T[];
    } catch (e) {
      if (classifyDataError(e) === 'missing') return [];
      return mapped(e);
    }
  }

  async create<T extends { id: string }>(collection: string, doc: T): Promise<T> {
    try {
      const { __etag: _ignored, ...body } = doc as T & { __etag?: unknown };
      return (await this.manager.createDocument(collection, body, OPTIONS)) as T;
    } catch (e) {
      return mapped(e);
    }
  }

  async replace<T extends { id: string; __etag?: number }>(collection: string, doc: T): Promise<T> {
    try {
      return (await this.manager.updateDocument(collection, doc, OPTIONS)) as T;
    } catch (e) {
      // Deleted since it was read: the caller's read-merge-write should start over.
      return mapped(e, () => {
        throw new ConflictError(`document ${doc.id} no longer exists`);
      });
    }
  }

  async delete(collection: string, id: string): Promise<void> {
    try {
      await this.manager.deleteDocument(collection, id, OPTIONS);
    } catch (e) {
      if (classifyDataError(e) === 'missing') return;
      mapped(e);
    }
  }
}
