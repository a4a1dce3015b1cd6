/** The browser cache of scan-record summaries (hub/shared/data/recordCache.ts): scoped keys, LRU limit, quota and damage. */
import assert from 'node:assert/strict';
import { cacheKey, MemoryStorage, RecordCache } from '../../../../hub/shared/data/recordCache';

describe('hub record cache', () => {
  it('keeps summaries per organization, user and project, and survives a damaged entry', () => {
    const storage = new MemoryStorage();
    const key = cacheKey({ collectionUri: 'https://dev.azure.com/Org/', userId: 'U1', projectId: 'P1' });
    assert.equal(key, 'palisade.records|https://dev.azure.com/org|u1|p1');
    const cache = new RecordCache<{ n: number }>(storage, key);
    cache.put(1, { n: 1 });
    cache.flush();
    assert.deepEqual(new RecordCache<{ n: number }>(storage, key).get(1), { n: 1 });
    assert.equal(new RecordCache<{ n: number }>(storage, cacheKey({ collectionUri: 'https://dev.azure.com/Org/', userId: 'U2', projectId: 'P1' })).get(1), undefined, 'another user sees nothing');
    storage.setItem(key, '{not json');
    assert.equal(new RecordCache<{ n: number }>(storage, key).get(1), undefined);
  });

  it('drops entries of another cache format and malformed entries', () => {
    const storage = new MemoryStorage();
    storage.setItem('k', JSON.stringify({ format: 0, entries: { 1: [1, 'old'] } }));
    assert.equal(new RecordCache<string>(storage, 'k').get(1), undefined);
    storage.setItem('k', JSON.stringify({ format: 1, entries: { 1: [1, 'ok'], 2: 'not a pair', 3: [1] } }));
    const cache = new RecordCache<string>(storage, 'k');
    assert.deepEqual([1, 2, 3].map((i) => cache.get(i)), ['ok', undefined, undefined]);
  });

  it('drops the least recently used entries over its limit and when the browser refuses the size', () => {
    let t = 0;
    const storage = new MemoryStorage();
    const cache = new RecordCache<number>(storage, 'k', 3, () => ++t);
    for (let i = 1; i <= 4; i++) cache.put(i, i);
    cache.get(1);
    cache.flush();
    const again = new RecordCache<number>(storage, 'k', 3);
    assert.deepEqual([1, 2, 3, 4].map((i) => again.get(i)), [1, undefined, 3, 4]);
    const writes: number[] = [];
    const full = { getItem: () => null, setItem: (_k: string, v: string) => { writes.push(v.length); if (v.length > 60) throw new Error('QuotaExceededError'); }, removeItem: () => undefined };
    const small = new RecordCache<string>(full, 'k');
    for (let i = 0; i < 8; i++) small.put(i, 'x'.repeat(10));
    assert.doesNotThrow(() => small.flush());
    assert.ok(writes.length > 1 && writes.every((n, i) => i === 0 || n < writes[i - 1]), `each retry writes less: ${writes.join(', ')}`);
  });

  it('removes its entry when even a small one does not fit, and works without storage at all', () => {
    const removed: string[] = [];
    const refusing = { getItem: () => null, setItem: () => { throw new Error('QuotaExceededError'); }, removeItem: (k: string) => void removed.push(k) };
    const cache = new RecordCache<string>(refusing, 'k');
    cache.put(1, 'a');
    cache.flush();
    assert.deepEqual(removed, ['k']);
    assert.equal(cache.get(1), 'a', 'the page keeps what it read');
    const none = new RecordCache<string>(undefined, 'k');
    none.put(1, 'a');
    none.flush();
    assert.equal(none.get(1), 'a');
  });

  it('writes once, soon, for a burst of puts', async () => {
    let writes = 0;
    const storage = new MemoryStorage();
    const counting = { getItem: (k: string) => storage.getItem(k), setItem: (k: string, v: string) => { writes++; storage.setItem(k, v); }, removeItem: (k: string) => storage.removeItem(k) };
    const cache = new RecordCache<number>(counting, 'k');
    for (let i = 0; i < 50; i++) cache.put(i, i);
    assert.equal(writes, 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(writes, 1);
    assert.equal(new RecordCache<number>(storage, 'k').get(49), 49);
  });
});
