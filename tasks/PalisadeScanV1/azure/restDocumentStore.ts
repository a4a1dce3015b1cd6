import type { IExtensionManagementApi } from 'azure-devops-node-api/ExtensionManagementApi';
import { classifyDataError, ConflictError, StoragePermissionError, TokenNotAcceptedError, type DocumentStore } from '../../contract/documentStore';
import { DATA_SCOPE, EXTENSION_ID, PUBLISHER_ID } from '../../contract/extension';

/** Extension data documents over REST (the task's side of the storage contract). */
export class RestDocumentStore implements DocumentStore {
  constructor(private readonly api: IExtensionManagementApi) {}

  async get<T extends { id: string }>(collection: string, id: string): Promise<T | null> {
    try {
      return ((await this.api.getDocumentByName(PUBLISHER_ID, EXTENSION_ID, DATA_SCOPE.type, DATA_SCOPE.value, collection, id)) as T | null) ?? null;
    } catch (e) {
      if (kindOf(e) === 'missing') return null;
      throw translate(e, `read ${collection}/${id}`);
    }
  }

  async list<T extends { id: string }>(collection: string): Promise<T[]> {
    try {
      return ((await this.api.getDocumentsByName(PUBLISHER_ID, EXTENSION_ID, DATA_SCOPE.type, DATA_SCOPE.value, collection)) as T[] | null) ?? [];
    } catch (e) {
      if (kindOf(e) === 'missing') return [];
      throw translate(e, `list ${collection}`);
    }
  }

  async create<T extends { id: string }>(collection: string, doc: T): Promise<T> {
    try {
      return (await this.api.createDocumentByName(doc, PUBLISHER_ID, EXTENSION_ID, DATA_SCOPE.type, DATA_SCOPE.value, collection)) as T;
    } catch (e) {
      throw translate(e, `create ${collection}/${doc.id}`);
    }
  }

  async replace<T extends { id: string; __etag?: number }>(collection: string, doc: T): Promise<T> {
    try {
      // `__etag: -1` overwrites whatever is there: PUT, which also creates a missing document
      // (PATCH would answer 404 for it).
      if (doc.__etag === -1) return (await this.api.setDocumentByName(doc, PUBLISHER_ID, EXTENSION_ID, DATA_SCOPE.type, DATA_SCOPE.value, collection)) as T;
      return (await this.api.updateDocumentByName(doc, PUBLISHER_ID, EXTENSION_ID, DATA_SCOPE.type, DATA_SCOPE.value, collection)) as T;
    } catch (e) {
      throw translate(e, `update ${collection}/${doc.id}`);
    }
  }

  async delete(collection: string, id: string): Promise<void> {
    try {
      await this.api.deleteDocumentByName(PUBLISHER_ID, EXTENSION_ID, DATA_SCOPE.type, DATA_SCOPE.value, collection, id);
    } catch (e) {
      if (kindOf(e) === 'missing') return;
      throw translate(e, `delete ${collection}/${id}`);
    }
  }
}

export function statusOf(e: unknown): number | undefined {
  const s = (e as { statusCode?: unknown }).statusCode;
  return typeof s === 'number' ? s : undefined;
}

/** The service's `typeKey`, which typed-rest-client keeps in `result`. */
function typeKeyOf(e: unknown): string | undefined {
  const key = (e as { result?: { typeKey?: unknown } } | undefined)?.result?.typeKey;
  return typeof key === 'string' ? key : undefined;
}

const kindOf = (e: unknown) => classifyDataError(statusOf(e), typeKeyOf(e));

function translate(e: unknown, what: string): Error {
  const status = statusOf(e);
  switch (kindOf(e)) {
    case 'conflict':
      return new ConflictError(`${what}: ${(e as Error).message}`);
    case 'tokenNotAccepted':
      return new TokenNotAcceptedError(`${what}: HTTP ${status} ${typeKeyOf(e)}`);
    case 'forbidden':
      return new StoragePermissionError(`${what}: HTTP ${status}`);
    default:
      return e instanceof Error ? e : new Error(String(e));
  }
}
