/** The discovery checkpoint in the browser's storage (hub/inventory/checkpointStore.ts). */
import assert from 'node:assert/strict';
import { browserCheckpointStore } from '../../../hub/inventory/checkpointStore';
import type { DiscoveryCheckpoint } from '../../../hub/inventory/data/discovery';
import { MemoryStorage } from '../../../hub/shared/data/recordCache';

const checkpoint: DiscoveryCheckpoint = { version: 1, projects: [{ id: 'p1', name: 'One' }], canManage: { p1: true }, done: {}, updatedAt: '2025-01-01T00:00:00Z' };

function storage(): Storage & MemoryStorage {
  return Object.assign(new MemoryStorage(), { length: 0, clear() {}, key: () => null }) as unknown as Storage & MemoryStorage;
}

describe('hub inventory: checkpoint store', () => {
  it('saves, loads and clears a checkpoint per organization and user', () => {
    const s = storage();
    const mine = browserCheckpointStore(s, 'https://dev.azure.com/org', 'u1');
    assert.equal(mine.load(), undefined);
    mine.save(checkpoint);
    assert.deepEqual(mine.load(), checkpoint);
    assert.equal(browserCheckpointStore(s, 'https://dev.azure.com/org', 'u2').load(), undefined, 'another user');
    assert.equal(browserCheckpointStore(s, 'https://dev.azure.com/other', 'u1').load(), undefined, 'another organization');
    assert.deepEqual([...s.items.keys()], ['palisade.inventory.v1.https://dev.azure.com/org.u1']);
    mine.clear();
    assert.equal(mine.load(), undefined);
    assert.equal(s.items.size, 0);
  });

  it('ignores a damaged checkpoint or one of another version', () => {
    const s = storage();
    const store = browserCheckpointStore(s, 'o', 'u');
    s.setItem('palisade.inventory.v1.o.u', '{damaged');
    assert.equal(store.load(), undefined);
    s.setItem('palisade.inventory.v1.o.u', JSON.stringify({ ...checkpoint, version: 2 }));
    assert.equal(store.load(), undefined);
  });

  it('keeps working when the storage refuses to save', () => {
    const s = storage();
    s.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const store = browserCheckpointStore(s, 'o', 'u');
    assert.doesNotThrow(() => store.save(checkpoint));
    assert.equal(store.load(), undefined);
  });
});
