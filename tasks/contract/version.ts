/**
 * Version of the stored-data contract between task and hub. Bump it only for changes an
 * older reader cannot ignore (renamed or re-typed fields); adding optional fields does not.
 */
export const CONTRACT_VERSION = 1;

/** Readers accept documents up to their own version and explain anything newer. */
export function checkReadable(doc: { schemaVersion?: unknown }, what: string): void {
  const v = doc.schemaVersion;
  if (typeof v !== 'number') throw new ContractVersionError(`${what} has no schemaVersion; it was not written by Palisade`);
  if (v > CONTRACT_VERSION) {
    throw new ContractVersionError(`${what} was written by a newer Palisade (data version ${v}; this one reads up to ${CONTRACT_VERSION}). Update the Palisade extension.`);
  }
}

export class ContractVersionError extends Error {
  override name = 'ContractVersionError';
}
