/** A total order over one ecosystem's version strings. */
export interface VersionOrdering {
  readonly name: string;
  /** False when `v` is not a version of this scheme; such versions are never compared. */
  valid(v: string): boolean;
  /** Negative, zero or positive, like a sort comparator. Both arguments must be valid. */
  compare(a: string, b: string): number;
}

export function sign(n: number): number {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}
