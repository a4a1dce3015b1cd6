/** The discovery checkpoint in the browser's storage, per organization and user (nobody else reads it). */
import type { CheckpointStore, DiscoveryCheckpoint } from './data/discovery';

export function browserCheckpointStore(storage: Storage, orgUrl: string, userId: string): CheckpointStore {
  const key = `palisade.inventory.v1.${orgUrl}.${userId}`;
  return {
    load() {
      try {
        const raw = storage.getItem(key);
        const parsed = raw ? (JSON.parse(raw) as DiscoveryCheckpoint) : undefined;
        return parsed?.version === 1 ? parsed : undefined;
      } catch {
        return undefined;
      }
    },
    save(c) {
      try {
        storage.setItem(key, JSON.stringify(c));
      } catch {
        // Storage full or off: discovery still works, it just cannot resume.
      }
    },
    clear() {
      storage.removeItem(key);
    },
  };
}
