/**
 * Extension data (documents and collections), the storage the hub and the task share.
 *
 * Rules, as the service applies them (ExtensionDataService / ExtensionDataController of Azure
 * DevOps Server 2022, REAL-SERVICE.md):
 * - scopes are Default/Current (shared by every member of the collection: no permission check)
 *   and User/Me (per identity); only the token is checked (host authorization);
 * - POST creates (201) and fails with 400 DocumentExistsException when the id exists (an id is
 *   generated when absent);
 * - PUT upserts: `__etag: -1` overwrites whatever is there, a missing or non-integer `__etag`
 *   counts as 1, any other value must match the stored version;
 * - PATCH updates an existing document (404 when missing) and must carry an integer `__etag`
 *   (400 ArgumentNullException otherwise), -1 overwriting;
 * - a stale `__etag` fails with 400 InvalidDocumentVersionException; every write moves the
 *   version on by one (a new document starts at 1);
 * - properties starting with `__` other than `__etag` are dropped;
 * - documents up to 5,244,928 bytes, collection names up to 100 characters;
 * - reading a missing document or collection is 404.
 */
import { requireExtensionData } from '../auth';
import { errors } from '../errors';
import { LOCATIONS } from '../locations';
import { json, list, type RequestContext, type Route } from '../router';
import type { ExtensionCollectionRecord, ExtensionDocument } from '../state';

const EXTENSION = '_apis/ExtensionManagement/InstalledExtensions/{publisherName}/{extensionName}';
const DOCUMENTS = `${EXTENSION}/Data/Scopes/{scopeType}/{scopeValue}/Collections/{collectionName}/Documents`;

/** A guess (test/emulator/README.md): the service stores ids as binary of a bounded size. */
const MAX_ID_LENGTH = 50;
/** ExtensionDataService.CheckMaximumDocumentSize's default (registry ExtensionDataMaxDocumentSize). */
export const MAX_DOCUMENT_BYTES = 5_244_928;
/** ExtensionDataService.CheckCollectionName / ExtensionDataComponent.CollectionNameMaxSize. */
export const MAX_COLLECTION_NAME = 100;

/** A document as sent: the id resolved, `__etag` whatever the client put there. */
interface DocumentBody {
  id: string;
  __etag?: unknown;
  [key: string]: unknown;
}

interface Scope {
  scopeType: 'Default' | 'User';
  /** Stored value: `Current`, or the identity id for User scope. */
  scopeValue: string;
}

export const extensionDataRoutes: Route[] = [
  {
    name: 'extensionData.documents.create',
    method: 'POST',
    template: DOCUMENTS,
    location: LOCATIONS.extensionDocuments,
    handler: (ctx) => {
      const { scope, name } = target(ctx, 'write');
      const doc = documentBody(ctx, true);
      const collection = collectionOf(ctx, scope, name, true);
      if (ctx.etagConflict) throw simulatedConflict(collection, doc);
      if (find(collection, doc.id)) throw errors.documentExists(doc.id, name);
      const stored = { ...doc, __etag: 1 };
      collection.documents.push(stored);
      ctx.store.changed();
      return { ...json(stored), status: 201 };
    },
  },
  {
    name: 'extensionData.documents.set',
    method: 'PUT',
    template: DOCUMENTS,
    location: LOCATIONS.extensionDocuments,
    handler: (ctx) => {
      const { scope, name } = target(ctx, 'write');
      const doc = documentBody(ctx, true);
      const collection = collectionOf(ctx, scope, name, true);
      if (ctx.etagConflict) throw simulatedConflict(collection, doc);
      const current = find(collection, doc.id);
      // A missing or non-integer __etag counts as version 1 (GetAndUpdateEtag).
      if (integerEtag(doc.__etag) === undefined) doc.__etag = 1;
      if (!current) {
        const stored = { ...doc, __etag: 1 };
        collection.documents.push(stored);
        ctx.store.changed();
        return json(stored);
      }
      return json(replace(ctx, collection, current, doc));
    },
  },
  {
    name: 'extensionData.documents.update',
    method: 'PATCH',
    template: DOCUMENTS,
    location: LOCATIONS.extensionDocuments,
    handler: (ctx) => {
      const { scope, name } = target(ctx, 'write');
      const doc = documentBody(ctx, false);
      if (integerEtag(doc.__etag) === undefined) throw errors.etagRequired();
      const collection = collectionOf(ctx, scope, name, false);
      if (ctx.etagConflict && collection) throw simulatedConflict(collection, doc);
      const current = collection && find(collection, doc.id);
      if (!collection || !current) throw errors.documentNotFound(doc.id, name);
      return json(replace(ctx, collection, current, doc));
    },
  },
  {
    name: 'extensionData.documents.list',
    method: 'GET',
    template: DOCUMENTS,
    location: LOCATIONS.extensionDocuments,
    handler: (ctx) => {
      const { scope, name } = target(ctx, 'read');
      const collection = collectionOf(ctx, scope, name, false);
      if (!collection) throw errors.collectionNotFound(name);
      return list(collection.documents);
    },
  },
  {
    name: 'extensionData.documents.get',
    method: 'GET',
    template: `${DOCUMENTS}/{documentId}`,
    location: LOCATIONS.extensionDocuments,
    handler: (ctx) => {
      const { scope, name } = target(ctx, 'read');
      const collection = collectionOf(ctx, scope, name, false);
      if (!collection) throw errors.collectionNotFound(name);
      const doc = find(collection, ctx.params.documentId);
      if (!doc) throw errors.documentNotFound(ctx.params.documentId, name);
      return json(doc);
    },
  },
  {
    name: 'extensionData.documents.delete',
    method: 'DELETE',
    template: `${DOCUMENTS}/{documentId}`,
    location: LOCATIONS.extensionDocuments,
    handler: (ctx) => {
      const { scope, name } = target(ctx, 'write');
      const collection = collectionOf(ctx, scope, name, false);
      const doc = collection && find(collection, ctx.params.documentId);
      if (ctx.etagConflict && collection && doc) throw simulatedConflict(collection, doc);
      if (!collection || !doc) throw errors.documentNotFound(ctx.params.documentId, name);
      collection.documents.splice(collection.documents.indexOf(doc), 1);
      ctx.store.changed();
      return { kind: 'empty', status: 204 };
    },
  },
  {
    name: 'extensionData.collections.query',
    method: 'POST',
    template: `${EXTENSION}/ExtensionDataCollectionQuery`,
    location: LOCATIONS.extensionDataCollectionQuery,
    handler: (ctx) => {
      const body = ctx.json<{ collections?: Array<{ collectionName?: string; scopeType?: string; scopeValue?: string }> }>();
      if (!Array.isArray(body.collections)) throw errors.badRequest('The query must list the collections to read.', 'ArgumentNullException');
      const result = body.collections.map((c) => {
        if (!c.collectionName) throw errors.badRequest('Each queried collection needs a collectionName.', 'ArgumentNullException');
        const scopeType = c.scopeType ?? 'Default';
        const scopeValue = c.scopeValue ?? 'Current';
        requireExtensionData(ctx.identity, ctx.profile.checkHostAuthorization);
        const scope = resolveScope(ctx, scopeType, scopeValue);
        const collection = collectionOf(ctx, scope, c.collectionName, false);
        // A collection that does not exist comes back empty rather than failing the whole query.
        return { collectionName: c.collectionName, scopeType, scopeValue, documents: collection?.documents ?? [] };
      });
      return list(result);
    },
  },
];

function target(ctx: RequestContext, access: 'read' | 'write'): { scope: Scope; name: string } {
  requireExtensionData(ctx.identity, ctx.profile.checkHostAuthorization);
  const name = ctx.params.collectionName;
  if (access === 'write' && ctx.method !== 'DELETE' && name.length > MAX_COLLECTION_NAME) {
    throw errors.collectionNameTooLong(name.length, MAX_COLLECTION_NAME);
  }
  return { scope: resolveScope(ctx, ctx.params.scopeType, ctx.params.scopeValue), name: ctx.params.collectionName };
}

function resolveScope(ctx: RequestContext, scopeType: string, scopeValue: string): Scope {
  const type = scopeType.toLowerCase();
  const value = scopeValue.toLowerCase();
  if (type === 'default' && value === 'current') return { scopeType: 'Default', scopeValue: 'Current' };
  if (type === 'user' && (value === 'me' || value === ctx.identity.id.toLowerCase())) return { scopeType: 'User', scopeValue: ctx.identity.id };
  throw errors.badRequest(
    `The scope ${scopeType}/${scopeValue} is not supported: use Default/Current or User/Me.`, 'InvalidScopeValueException',
  );
}

function extensionKey(ctx: RequestContext): string {
  return `${ctx.params.publisherName}.${ctx.params.extensionName}`.toLowerCase();
}

function collectionOf(ctx: RequestContext, scope: Scope, name: string, create: true): ExtensionCollectionRecord;
function collectionOf(ctx: RequestContext, scope: Scope, name: string, create: false): ExtensionCollectionRecord | undefined;
function collectionOf(ctx: RequestContext, scope: Scope, name: string, create: boolean): ExtensionCollectionRecord | undefined {
  const extension = extensionKey(ctx);
  const existing = ctx.store.data.extensionData.find((c) =>
    c.extension === extension && c.scopeType === scope.scopeType && c.scopeValue === scope.scopeValue
    && c.collectionName.toLowerCase() === name.toLowerCase());
  if (existing || !create) return existing;
  const created: ExtensionCollectionRecord = { extension, ...scope, collectionName: name, documents: [] };
  ctx.store.data.extensionData.push(created);
  return created;
}

function find(collection: ExtensionCollectionRecord, id: string): ExtensionDocument | undefined {
  return collection.documents.find((d) => d.id.toLowerCase() === id.toLowerCase());
}

/** The request body as a document; `generateId` when the service assigns ids to id-less documents. */
function documentBody(ctx: RequestContext, generateId: boolean): DocumentBody {
  if (ctx.body.length > MAX_DOCUMENT_BYTES) throw errors.documentTooLarge(ctx.body.length, MAX_DOCUMENT_BYTES);
  const body = ctx.json<Record<string, unknown>>();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('The document must be a JSON object.');
  // The service drops system-looking properties other than the etag (SanitizeDocument).
  for (const key of Object.keys(body)) if (key.startsWith('__') && key !== '__etag') delete body[key];
  let id = body.id;
  if (id === undefined || id === null || id === '') {
    if (!generateId) throw errors.badRequest('The document id must be specified.', 'ArgumentNullException');
    id = ctx.store.newGuid();
  }
  const text = String(id);
  if (text.length > MAX_ID_LENGTH) {
    throw errors.badRequest(`The document id '${text}' is longer than ${MAX_ID_LENGTH} characters.`, 'InvalidDocumentIdException');
  }
  return { ...body, id: text };
}

/** `__etag` as the service reads it (int.TryParse of its text), or undefined. */
function integerEtag(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return /^[+-]?\d+$/.test(text) && Math.abs(Number(text)) <= 2_147_483_647 ? Number(text) : undefined;
}

function replace(
  ctx: RequestContext, collection: ExtensionCollectionRecord, current: ExtensionDocument, doc: DocumentBody,
): ExtensionDocument {
  const given = integerEtag(doc.__etag) ?? 1;
  if (given !== -1 && given !== current.__etag) throw errors.staleDocument(current.id, given, current.__etag);
  const stored: ExtensionDocument = { ...doc, id: current.id, __etag: current.__etag + 1 };
  collection.documents[collection.documents.indexOf(current)] = stored;
  ctx.store.changed();
  return stored;
}

/**
 * Injected conflict: another writer got there first. An existing document's etag moves on
 * (content unchanged) so a client that re-reads and retries succeeds.
 */
function simulatedConflict(collection: ExtensionCollectionRecord, doc: DocumentBody) {
  const current = find(collection, doc.id);
  if (!current) return errors.documentExists(doc.id, collection.collectionName);
  current.__etag += 1;
  return errors.staleDocument(current.id, integerEtag(doc.__etag) ?? current.__etag - 1, current.__etag);
}
