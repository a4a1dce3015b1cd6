import { ConflictError, type DocumentStore } from '../../tasks/contract/documentStore';

/** In-memory DocumentStore with the service's etag rules and injectable conflicts. */
export class MemoryStore implements DocumentStore {
  readonly data = new Map<string, Map<string, { id: string; __etag: number }>>();
  /** The next N writes fail with a conflict, as if someone wrote first. */
  conflictsToInject = 0;
  /** Called before each write: lets a test simulate a concurrent writer. */
  beforeWrite?: () => Promise<void> | void;

  private coll(c: string) {
    let m = this.data.get(c);
    if (!m) this.data.set(c, (m = new Map()));
    return m;
  }

  async get<T extends { id: string }>(collection: string, id: string): Promise<T | null> {
    const d = this.data.get(collection)?.get(id);
    return d ? (structuredClone(d) as unknown as T) : null;
  }

  async list<T extends { id: string }>(collection: string): Promise<T[]> {
    return [...(this.data.get(collection)?.values() ?? [])].map((d) => structuredClone(d) as unknown as T);
  }

  private async gate(): Promise<void> {
    await this.beforeWrite?.();
    if (this.conflictsToInject > 0) {
      this.conflictsToInject--;
      throw new ConflictError('injected conflict');
    }
  }

  async create<T extends { id: string }>(collection: string, doc: T): Promise<T> {
    await this.gate();
    const m = this.coll(collection);
    if (m.has(doc.id)) throw new ConflictError(`document ${doc.id} exists`);
    const stored = { ...structuredClone(doc), __etag: 1 };
    m.set(doc.id, stored);
    return structuredClone(stored) as T;
  }

  async replace<T extends { id: string; __etag?: number }>(collection: string, doc: T): Promise<T> {
    await this.gate();
    const m = this.coll(collection);
    const cur = m.get(doc.id);
    if (doc.__etag !== -1 && (!cur || cur.__etag !== doc.__etag)) throw new ConflictError(`stale etag for ${doc.id}`);
    const stored = { ...structuredClone(doc), __etag: (cur?.__etag ?? 0) + 1 };
    m.set(doc.id, stored);
    return structuredClone(stored) as T;
  }

  async delete(collection: string, id: string): Promise<void> {
    this.data.get(collection)?.delete(id);
  }
}
