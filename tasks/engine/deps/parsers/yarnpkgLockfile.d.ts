/** Yarn's classic lockfile parser ships no types; this is the part we call. */
declare module '@yarnpkg/lockfile' {
  export function parse(text: string, fileLoc?: string): { type: 'success' | 'merge' | 'conflict'; object: Record<string, Record<string, unknown>> };
}
