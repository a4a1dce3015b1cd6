/**
 * A preview of a secret that is safe to show anywhere: at most a short, non-secret-bearing
 * head (the vendor prefix for long tokens), the rest replaced, and the length.
 */
export function maskSecret(secret: string): string {
  const len = secret.length;
  const shown = len >= 32 ? 4 : len >= 16 ? 2 : 0;
  const head = secret.slice(0, shown);
  return `${head}${'*'.repeat(Math.min(12, Math.max(4, len - shown)))} (${len} chars)`;
}
