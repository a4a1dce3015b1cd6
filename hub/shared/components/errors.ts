/** One readable sentence for an error from storage, the REST APIs or the contract. */
export function describeError(e: unknown): string {
  if (!e) return 'unknown error';
  const err = e as { name?: string; message?: string; status?: number; serverError?: { message?: string } };
  if (err.name === 'StoragePermissionError') return `you do not have access to the extension's data (${err.message ?? ''}).`;
  if (err.name === 'ContractVersionError') return err.message ?? 'the data was written by a newer Palisade.';
  const message = err.serverError?.message ?? err.message ?? String(e);
  return err.status ? `${message} (HTTP ${err.status})` : message;
}
