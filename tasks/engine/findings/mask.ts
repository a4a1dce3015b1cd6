/**
 * A preview of a secret that is safe to show anywhere: at most a short, non-secret-bearing
 * head (the vendor prefix for long tokens), the rest replaced, and the length.
 */
export function maskSecret(secret: string): string {
  const len = secret.length;
  const shown = len >= 32 ? 4 : len >= 16 ? 2 : 0;
  let head = secret.slice(0, shown);
  // Never end on half of a surrogate pair: a lone surrogate is not valid text in SARIF or logs.
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}${'*'.repeat(Math.min(12, Math.max(4, len - shown)))} (${len} chars)`;
}
