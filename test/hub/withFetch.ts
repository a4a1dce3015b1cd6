/** Runs a test with `globalThis.fetch` replaced (the hub's own REST callers use the global fetch, as in the browser). */
export async function withFetch<T>(fetchFn: typeof fetch, body: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = fetchFn;
  try {
    return await body();
  } finally {
    globalThis.fetch = original;
  }
}
